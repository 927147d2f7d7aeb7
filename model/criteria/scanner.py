"""One pass over a text for the names of several tables (name_table.py).

Trying ~100 phrases at every word of a text, for four tables, is slow, and so is compiling big
regexes; nothing is compiled at import. On first use a `NameScanner` builds one regex that reads
all its tables at once, the regex engine dispatching on each word's first character:

    [^0-9A-Za-z_]\\b(?:(?-i:[o])NOT_STOP(?:(?=(?P<t1>(?i:TABLE 0 past "o")))(?!\\w))|)
                       (?:(?=(?P<t2>...TABLE 1...)...)|) ... ONE_OF(t1, t2, ...)
                    |(?-i:[a])...|(?-i:[O])...)

The leading class (the character before the word, which `\\b` makes a non-word character; the
text gets a space in front) lets the engine skip through words in C. Each branch opens with one
character (its own case: "o" and "O" have a branch each, the most frequent word starts first),
which the engine compares before it enters the branch; past it, each table's
patterns for that character sit in a lookahead whose group records where the table's match
ends: the tables stay independent, each keeping its own matches apart (`find`). Before them,
a lookahead of the characters that can come second and third in a name of that letter
(`_second`) turns most words away at once. A hyphen before a word, which blocks the names of
some tables, is checked for the few words that match.

Patterns are spread into plain alternatives first ("(?:a|b)c" -> "ac", "bc"; patterns.spread),
which keeps the order the engine tries them in, and go on branching on their second character
(name_table.NameTable.alternation): at each word start the scanner finds exactly what the table's
plain alternation finds there. Which pattern matched (its id) is read, for the few words that
match, by a small regex of the table's patterns for that first character.
"""

from __future__ import annotations

import re
from functools import cached_property

from trialview.model.criteria.name_table import Hit, NameTable, Piece
from trialview.model.criteria.patterns import (STRIPPABLE, case_order, char_class, each_first, first_chars, letters,
                                              not_stop, spread)

# a name is never read at these words (they start phrases that are not names)
STOPWORDS: tuple[str, ...] = (
    "the", "and", "or", "of", "in", "to", "with", "for", "be", "is", "are", "by", "at", "on", "as", "from",
    "that", "this", "who", "which", "have", "has", "been", "were", "was", "will", "must", "should", "can",
    "may", "their", "they", "patients?", "subjects?", "participants?", "study", "screening", "prior",
    "before", "after", "during", "than", "within", "weeks?", "months?", "days?")
# word-start characters, the most frequent first (counted over the Chia criteria: "o" of "or",
# "of", "other" opens most words, then "a", "t", ...; capitals and digits after the small letters)
_WORD_STARTS = "oatspcidmwbfrhelungvykjqxzPACSHIMDTNBEURLGVOWFKJYQXZ1235640789"
_RANK = {c: k for k, c in enumerate(_WORD_STARTS)}
_NO_DASH = r"(?<![\w-])"        # a table's `before` that a hyphen also blocks
Variant = tuple[int, tuple[Piece, ...], list[str]]     # (table, pieces, the word-start characters with them)


def _plain(p: str, i: int) -> str:
    """A piece as it stands in the scanner (which does not need to know which one matched; a
    piece has no "|" of its own)."""
    return p


def _part(name: str, table: NameTable, alts: list[str]) -> str:
    """A table's patterns in a lookahead that records, in group `name`, where its match ends."""
    flag = "(?i:" if table.flags & re.I else "(?-i:"
    return f"(?:(?=(?P<{name}>{flag}(?:{'|'.join(alts)})))(?!\\w))|)"


def _folded(chars: frozenset[str], icase: int) -> set[str] | None:
    """The characters that chars match (ignoring case when icase: their folds too), or None
    when one is not ASCII (patterns.letters knows the folds onto ASCII letters only)."""
    if not all(ch.isascii() for ch in chars):
        return None
    return {x for ch in chars for x in letters(ch, icase)}


def _any_of(names: list[str]) -> str:
    """A condition that holds when one of the groups took part in the match."""
    cond = "(?!)"
    for name in reversed(names):
        cond = f"(?({name})|{cond})"
    return cond


class NameScanner:
    """Finds the names of several tables in one pass over a text (see the module docstring)."""

    def __init__(self, tables: list[NameTable]) -> None:
        if any(t.before not in (_NO_DASH, r"(?<!\w)") for t in tables):
            raise ValueError("a scanner reads names after a non-word character (and, for some, no hyphen)")
        self.tables = tables
        self._no_dash = [t.before == _NO_DASH for t in tables]    # a hyphen before blocks their names
        self._id_regexes: dict[tuple[int, str], tuple[re.Pattern[str], list[int]]] = {}

    @cached_property
    def _pieces(self) -> list[dict[str, tuple[Piece, ...]]]:
        """Per table: word-start character -> its pieces."""
        return [table.pieces() for table in self.tables]

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str], dict[str, list[tuple[int, str, int]]], list[Variant]]:
        """(scanner, word-start character -> [(table, group of its match's end, variant)],
        variants: a table's pieces for some word-start characters, and those characters)."""
        branches: list[str] = []
        at: dict[str, list[tuple[int, str, int]]] = {}
        variants: list[Variant] = []
        for chars in self._starts():
            stops = tuple(w for w in STOPWORDS if re.fullmatch(w[0], chars[0], re.I))
            branches.append(self._branch(chars, stops, at, variants))
        # any character but an ASCII word character before the word: with \b, one that is no word
        # character (a plain class is quicker to skip through than \W)
        return re.compile(r"[^0-9A-Za-z_]\b(?:" + ("|".join(branches) or "(?!)") + ")"), at, variants

    def _starts(self) -> list[list[str]]:
        """The word-start characters of the branches, a branch each, most frequent first. The
        engine tries a word against the branches in order, and passes over one that opens with a
        plain character by a comparison (one that opens with a class, "[Aa]", costs a call of
        its class test): one branch per character, in the order of _WORD_STARTS, spares most of
        them. The branches open with different characters, so their order changes no match."""
        chars = {c for table in self._pieces for c in table}
        return [[c] for c in sorted(chars, key=lambda c: (_RANK.get(c, len(_RANK)), c))]

    def _branch(self, chars: list[str], stops: tuple[str, ...], at: dict[str, list[tuple[int, str, int]]],
                variants: list[Variant]) -> str:
        """The branch of a letter (both cases): a lookahead per table, from past the first
        character when every piece of every table does without it, else from the word start;
        `at` and `variants` learn which groups and pieces to read for each character."""
        read = all(stripped for table in self._pieces for c in chars for _, _, stripped in table.get(c, ()))
        cls = char_class(chars)
        head = (cls + self._second(chars) + not_stop(tuple(w[1:] for w in stops)) if read
                else "(?=" + cls + ")" + not_stop(stops))
        parts, names = [], []
        for t, table in enumerate(self.tables):
            alike: dict[tuple[Piece, ...], list[str]] = {}      # pieces -> the characters that have them
            for c in chars:
                if c in self._pieces[t]:
                    alike.setdefault(self._pieces[t][c], []).append(c)
            if not alike:
                continue
            names.append(f"t{len(variants)}")
            alts = []
            for pieces, some in alike.items():
                guard = "" if some == chars else f"(?<={char_class(some)})" if read else f"(?={char_class(some)})"
                alts.append(guard + table.alternation(pieces, char_class(some), _plain, past_first=read))
                variants.append((t, pieces, some))
                for c in some:
                    at.setdefault(c, []).append((t, names[-1], len(variants) - 1))
            parts.append(_part(names[-1], table, alts))
        return head + "".join(parts) + _any_of(names)

    def _second(self, chars: list[str]) -> str:
        """A lookahead of the two characters that can follow a word's first character (one of
        chars) in a name of any table: the second, and the third where every piece of a second
        character tells it (patterns.first_chars on what follows; any third where a name may end
        there or a piece does not tell). Most words fail it at once ("or", "study", "history"),
        before any table's lookahead is tried. Only ever a necessary condition: where it fails,
        no table's part could match. No lookahead (an empty string) where a piece does not tell
        its second character, or has one that is not ASCII (`letters` knows ASCII's folds)."""
        follow: dict[str, set[str] | None] = {}     # second character -> third characters (None: any)
        for t, table in enumerate(self.tables):
            icase = table.flags & re.I
            for c in chars:
                for _, piece, _ in self._pieces[t].get(c, ()):
                    for sub in spread(piece, word_start=False):
                        if STRIPPABLE.match(sub):
                            seconds = _folded(frozenset(sub[0]), icase)
                            got = first_chars(sub[1:], table.flags) if sub[1:] else None
                            thirds = _folded(got, icase) if got is not None else None
                        else:
                            got = first_chars(sub, table.flags)
                            seconds, thirds = (_folded(got, icase) if got is not None else None), None
                        if seconds is None:
                            return ""
                        for x in seconds:
                            was = follow.get(x, set())
                            follow[x] = None if was is None or thirds is None else was | thirds
        if not follow:
            return ""
        # one alternative per second character (patterns.each_first: a comparison each for the
        # engine to pass over, where a class of them cost a call of its test), small letters first
        alts = [alt for x in sorted(follow, key=case_order)
                for alt in each_first([x], char_class(sorted(follow[x] or ())) if follow[x] else "")]
        return "(?=" + "|".join(alts) + ")"

    def _id(self, variant: int, s2: str, pos: int) -> str:
        """The id of the name at pos of s2 that the scanner found in a variant's pieces: a small
        regex of the pieces that can match there, given the word's first two characters, each
        in a group of its own (compiled once for each variant and second character)."""
        t, pieces, chars = self._compiled[2][variant]
        table = self.tables[t]
        second = s2[pos + 1:pos + 2]
        got = self._id_regexes.get((variant, second))
        if got is None:
            tried = table.tried_at(pieces, chars, second)
            body = "|".join(f"(?P<g{k}>{p})" for k, (_, p) in enumerate(tried))
            got = self._id_regexes[(variant, second)] = (re.compile(f"(?:{body})(?!\\w)", table.flags),
                                                         [i for i, _ in tried])
        rx, index = got
        m = rx.match(s2, pos)
        return table.ids[index[int(m.lastgroup[1:])]]  # type: ignore[union-attr,index]  # the scan matched here already; named groups only

    @cached_property
    def _dispatch(self) -> dict[str, tuple[tuple[int, int, int], ...]]:
        """Word-start character -> (table, number of the group of its match's end, variant): the
        groups of `_compiled`'s `at` by number, which a match looks up quicker than by name."""
        rx, at, _ = self._compiled
        return {c: tuple((t, rx.groupindex[name], variant) for t, name, variant in got) for c, got in at.items()}

    def find(self, s: str) -> list[list[Hit]]:
        """Per table, the names in s, left to right, none overlapping."""
        rx = self._compiled[0]
        s2 = " " + s    # a match starts at the character before the word: in s, the word's start
        found: list[list[Hit]] = [[] for _ in self.tables]
        # (search, then search again from the match's end, finds what finditer finds: a match is
        # never empty. Most texts have no name: one search, without finditer's iterator to make)
        m = rx.search(s2)
        if m is None:
            return found
        at = self._dispatch
        ends = [0] * len(self.tables)
        while m is not None:
            start = m.start()
            after_dash = s2[start] == "-"
            for t, group, variant in at[s2[start + 1]]:
                end = m.end(group) - 1
                if end > start and start >= ends[t] and not (after_dash and self._no_dash[t]):
                    found[t].append(Hit(start, end, self._id(variant, s2, start + 1)))
                    ends[t] = end
            m = rx.search(s2, m.end())
        return found
