"""Reading regex patterns as text: their alternatives, their first characters, plain forms.

The name tables (name_table.py) use these to rebuild their patterns into a fast scanner; nothing here
compiles a pattern of the tables themselves.
"""

from __future__ import annotations

import re
from typing import Any
from collections.abc import Iterator

PLAIN_FIRST = re.compile(r"[A-Za-z0-9](?![?*{])")   # a pattern that opens with one plain character
STRIPPABLE = re.compile(r"[A-Za-z0-9](?![?*{+])")   # ... that a scanner can read on its own
# the non-ASCII characters that Python's re, ignoring case, matches to ASCII letters (İ ı: i,
# ſ: s, K: k): a case-sensitive class standing for a letter must hold them too
FOLDS = "\u0130\u0131\u017f\u212a"


def lowers_alike(text: str) -> bool:
    """Whether text has none of FOLDS: then an ASCII word that IGNORECASE finds in text is in
    text.lower() too, and a substring test can rule a regex out."""
    # (an ASCII text, most criteria, has none: str.isascii reads a flag CPython keeps, one call
    # where the four tests are four; else the tests written out: a generator over FOLDS costs more)
    return text.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)


# the text lower_of lowered last, and its lower case: one pair, replaced whole (a reader in another
# thread sees either pair, never a text with another's lower case)
_LAST_LOWERED: list[tuple[str, str]] = [("", "")]


def lower_of(text: str) -> str:
    """text.lower(), made once for the same text object asked for again and again: one criterion's
    text is lowered by its conditions' gate, its checks' gates, its readers' and its coverage's
    (text.replace, masked and the slices the parser makes are new objects: they miss and are
    lowered as before). Only the last text is kept: no cache to outgrow, nothing kept from one
    criterion to the next but its text."""
    last = _LAST_LOWERED[0]
    if text is last[0]:
        return last[1]
    low = text.lower()
    _LAST_LOWERED[0] = (text, low)
    return low


def finditer_at_words(rx: re.Pattern[str], text: str, words: tuple[str, ...],
                      at_start: bool = False) -> Iterator[re.Match[str]]:
    """rx.finditer(text), for a regex each match of which starts with one of words (lower-case
    ASCII, in any case in text), or at the text's start when at_start, and is not empty, or is
    always empty (a lookahead: found at each start, as finditer finds it): rx is tried only
    where one of them starts, not at every character. (Without FOLDS in it, text.lower() keeps
    every character at its offset.)"""
    if not lowers_alike(text):
        yield from rx.finditer(text)
        return
    low = lower_of(text)
    starts: set[int] = {0} if at_start else set()
    for word in words:
        i = low.find(word)
        while i >= 0:
            starts.add(i)
            i = low.find(word, i + 1)
    end = 0
    for i in sorted(starts):
        if i >= end and (m := rx.match(text, i)):
            yield m
            end = m.end()


def found_at_words(rx: re.Pattern[str], text: str, words: tuple[str, ...]) -> bool:
    """bool(rx.search(text)), for a regex as finditer_at_words wants."""
    return next(finditer_at_words(rx, text, words), None) is not None


def _syntax(p: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of each character of a pattern that is neither
    escaped nor inside a [class]: what split_top and _group_end read."""
    depth, cls, esc = 0, False, False
    for i, ch in enumerate(p):
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth


def split_top(p: str) -> list[str]:
    """Top-level alternatives of a pattern ("a|(b|c)" -> ["a", "(b|c)"])."""
    out, start = [], 0
    for i, ch, depth in _syntax(p):
        if ch == "|" and depth == 0:
            out.append(p[start:i])
            start = i + 1
    out.append(p[start:])
    return out


def _group_end(p: str) -> int:
    """Index of the ")" that closes the group opening p."""
    for i, ch, depth in _syntax(p):
        if ch == ")" and depth == 0:
            return i
    raise ValueError(f"unbalanced pattern: {p!r}")


def spread(p: str, word_start: bool = True, depth: int = 0) -> list[str]:
    """p as plain alternatives the engine tries in the same order: a leading "(?:a|b)c" gives
    "ac", "bc"; a leading "(?:a)?c" gives "ac", "c" (greedy: the group first); at a word start a
    leading "\\b" is dropped (it holds there)."""
    if word_start and p.startswith(r"\b"):
        return spread(p[2:], word_start, depth)
    if not p.startswith("(?:") or depth > 8:
        return [p]
    end = _group_end(p)
    inner, rest = p[3:end], p[end + 1:]
    if rest[:1] in ("*", "+", "{") or rest[:2] in ("??", "?+"):
        return [p]
    if rest[:1] == "?":
        rest = rest[1:]
        pieces = [alt + rest for alt in split_top(inner)] + [rest]
    else:
        pieces = [alt + rest for alt in split_top(inner)]
    return [q for piece in pieces for q in spread(piece, word_start, depth + 1)]


def lift_lookbehind(p: str) -> str:
    """A leading lookbehind moved past the plain character that follows it, so that the piece
    starts with that character: "(?<=or\\s)C4" -> "C(?<=or\\sC)4" (the same test, one character on)."""
    if not p.startswith(("(?<=", "(?<!")):
        return p
    end = _group_end(p)
    rest = p[end + 1:]
    if not STRIPPABLE.match(rest) or len(split_top(p[4:end])) > 1:
        return p
    return rest[0] + p[:end] + rest[0] + ")" + rest[1:]


def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """Every character a match of pattern can start with (None: could not tell)."""
    # re's own parser: the only reader of a pattern's structure that agrees with re by
    # construction. It is private, so typeshed has no stubs for it (C and P are Any).
    from re import _constants as C  # type: ignore[attr-defined]  # private module, no stubs
    from re import _parser as P  # type: ignore[attr-defined]  # private module, no stubs

    def seq(items: Any) -> tuple[set[str], bool] | None:  # items: re's parse tree, untyped
        """(first characters, whether the sequence can match the empty string)."""
        out: set[str] = set()
        for op, av in items:
            if op is C.LITERAL:
                return out | {chr(av)}, False
            if op is C.IN:
                for sub_op, sub_av in av:
                    if sub_op is C.LITERAL:
                        out.add(chr(sub_av))
                    elif sub_op is C.RANGE:
                        out.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
                    else:
                        return None
                return out, False
            if op in (C.SUBPATTERN, C.BRANCH, C.MAX_REPEAT, C.MIN_REPEAT):
                subs = [av[-1]] if op is C.SUBPATTERN else av[1] if op is C.BRANCH else [av[2]]
                empty = op is not C.SUBPATTERN and op is not C.BRANCH and av[0] == 0
                for sub in subs:
                    got = seq(sub)
                    if got is None:
                        return None
                    out |= got[0]
                    empty = empty or got[1]
                if not empty:
                    return out, False
                continue
            if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
                continue
            return None
        return out, True

    if PLAIN_FIRST.match(pattern):     # the common case, without the parser
        got: set[str] = {pattern[0]}
    else:
        try:
            res = seq(P.parse(pattern, flags))
        except Exception:
            return None
        if res is None or res[1]:
            return None
        got = res[0]
    if flags & re.I:
        got = {c.lower() for c in got} | {c.upper() for c in got}
    return frozenset(got)


def first_letter(p: str) -> str | None:
    """The letter every match of pattern p starts with, when plain to see."""
    m = PLAIN_FIRST.match(p)
    return m.group(0) if m else None


def char_class(chars: str | list[str]) -> str:
    """A case-sensitive class of exactly these characters."""
    return "(?-i:[" + "".join(re.escape(c) for c in chars) + "])"


def letters(ch: str, icase: int) -> list[str]:
    """The characters that the plain character ch matches (ignoring case when icase)."""
    if not icase:
        return [ch]
    return sorted(c for c in {ch.lower(), ch.upper(), *FOLDS} if re.fullmatch(re.escape(ch), c, re.I))


def letter_class(ch: str, icase: int) -> str:
    """A case-sensitive class of the characters that the plain character ch matches."""
    return char_class(letters(ch, icase))


# the order in which a branch per character tries them: small letters first (most words open with one)
_BY_CASE = {c: k for k, c in enumerate("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def each_first(chars: list[str] | set[str] | frozenset[str], rest: str) -> list[str]:
    """char_class(chars) + rest as alternatives of one character each (case-sensitive), small
    letters first: where a class opens an alternative the regex engine calls its class test for
    every alternative it passes over, where one character does it compares it (the branches of
    the scanner are tried at every word). The characters are distinct, so at most one of the
    alternatives gets past its first: the alternation matches what the class did, where it did."""
    return ["(?-i:" + re.escape(c) + ")" + rest for c in sorted(chars, key=case_order)]


def case_order(c: str) -> tuple[int, str]:
    """Small letters first, then capitals, then the rest (each_first's order)."""
    return _BY_CASE.get(c, len(_BY_CASE)), c


def not_stop(words: tuple[str, ...] | list[str]) -> str:
    """An assertion that none of words (lower-case stop words, or what is left of them, "?" for an
    optional letter) starts here, in any case; a letter is a case-sensitive class of the
    characters it matches, which the regex engine tests quickly."""
    if not words:
        return ""
    alts: list[str] = []
    for w in words:
        rest = "".join(letter_class(ch, re.I) if ch.isalpha() else ch for ch in w[1:])
        # (a word's first letter as one character a branch: see each_first; in a negative
        # lookahead the alternatives' order does not matter either)
        alts.extend(each_first(letters(w[0], re.I), rest) if w[:1].isalpha() else [w[:1] + rest])
    return "(?!(?:" + "|".join(alts) + r")\b)"
