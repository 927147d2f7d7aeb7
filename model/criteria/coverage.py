"""What a criterion's checks cover, and what is left unread.

Coverage is a first-class result of reading a criterion: the character spans its checks read
(with the example lists and exceptions kept beside them), and the spans of filler words that
carry no requirement of their own ("patients", "must have", "history of", "at screening").
Whatever else the text says is `unread`: the clauses no check covers, cut at the clause
boundaries (";", ". ", ",", ":") and at the checks, each trimmed of filler at its ends.

Filler is general: words that never carry a requirement, and words that only restate what a
check of a given variable already reads ("women" beside "pregnant", "SLE" beside the 2019
EULAR/ACR criteria). A word with a meaning of its own is never filler: "willing to adopt
contraceptive measures" is unread however many checks stand beside it. The tables of filler
words are filler.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from bisect import bisect_right

from trialview.model.criteria.edges import balance, commas, trim, unbracket
from trialview.model.criteria.filler import POSSESSIVE, VOCABULARY, Words, bits_of, companions, learn
from trialview.model.criteria.patterns import lower_of, lowers_alike

Span = tuple[int, int]


# what separates clauses: a ";" or a sentence's end (commas stay inside a clause: "nervous
# system diseases, lung diseases, liver diseases" is one unread clause)
_CLAUSE_SEP = re.compile(r";|\.(?=\s|$)|\n")
_WORD = re.compile(r"[^\W_]+", re.U)

class Coverage:
    """Which characters of `text` the checks and the filler words cover."""

    def __init__(self, text: str, by_checks: tuple[Span, ...], tables: tuple[Words, ...], bits: int,
                 open_words: list[Span]) -> None:
        self.text = text
        self.by_checks = by_checks
        self._tables = tables               # the filler tables its variables read with
        self._bits = bits                   # and their bits in VOCABULARY
        self._open_words = open_words       # the words that are not filler and no check covers, in order
        self._loose_words: tuple[Span, ...] | None = None

    def loose_before_phrases(self) -> bool:
        """Whether a word is left that is not filler and that no check covers (the phrases not
        yet looked for)."""
        return bool(self._open_words)

    def with_spans(self, spans: list[Span]) -> Coverage:
        """This coverage with more spans read by the checks (as if cover had been given them
        too: a word not covered by these spans merged with the others is one not covered before
        that is not covered by them all)."""
        if not spans:
            return self
        merged = _merge([*self.by_checks, *spans])
        return Coverage(self.text, tuple(merged), self._tables, self._bits, _uncovered(self._open_words, merged))

    def _phrase_spans(self, words: list[Span] | None = None) -> list[Span]:
        """The spans of the filler phrases and possessives (spans, not words); with `words`
        (spans of words of the text), of those only that may cover one of them: a match that
        covers none of them cannot help cover them (the rest need not be looked for). A text
        with one of patterns.FOLDS is searched for every phrase (its lower case is not what the
        case-blind phrases read)."""
        text = self.text
        low = lower_of(text)
        spans: list[Span] = []
        if words is None or not lowers_alike(text):
            for table in self._tables:
                table.phrase_spans(text, low, spans)
            held = None
        else:
            held = {low[a:b] for a, b in words}
            for table in self._tables:
                table.phrase_spans_holding(text, low, held, spans)
        # ("'s": its match covers the word "s" alone)
        if (held is None or "s" in held) and ("'" in text or "’" in text):
            spans.extend(m.span() for m in POSSESSIVE.finditer(text))
        return spans

    @property
    def by_filler(self) -> tuple[Span, ...]:
        """The filler's spans, merged, in text order."""
        words = [m.span() for m in _WORD.finditer(self.text) if bits_of(m[0]) & self._bits]
        return tuple(_merge([*self._phrase_spans(), *words]))

    def covered(self) -> list[Span]:
        """Every covered span, merged, in text order."""
        return _merge([*self.by_checks, *self.by_filler])

    @property
    def _loose(self) -> tuple[Span, ...]:
        """The words that no span covers: of the words that are not filler (a filler word is
        covered by its own span), those that the checks' and the phrases' spans do not cover.
        Words never touch one another (each is all the letters and digits in a row), so a word
        that the merged spans of everything cover is covered by the merged spans of the checks
        and phrases alone: the filler words need not be merged in; and a word the checks cover
        needs no phrase (the phrases are looked for only when a word is left)."""
        if self._loose_words is None:
            out = self._open_words
            if out:
                out = _uncovered(out, _merge([*self.by_checks, *self._phrase_spans(out)]))
            self._loose_words = tuple(out)
        return self._loose_words

    def loose(self) -> list[Span]:
        """The words nothing covers: each has a meaning of its own that no check reads."""
        return list(self._loose)

    def unread(self) -> list[str]:
        """The clauses no check covers: within each clause (between ";" / ". " and the checks),
        the comma-parts that hold a word with a meaning of its own, trimmed of joining words."""
        loose = self._loose
        if not loose:
            return []
        text = self.text
        # (the engine skips to a ";", "." or newline by itself, as _CLAUSE_SEP opens with a class
        # of characters: quicker than trying it at each found by patterns.finditer_at_words)
        seps = [p for m in _CLAUSE_SEP.finditer(text) for p in m.span()]
        cuts = sorted({0, len(text), *seps, *(p for span in self.by_checks for p in span)})
        out: list[str] = []
        k, n = 0, len(loose)
        while k < n:
            # the clause [a, b) between two cuts that holds the next loose word, and its last one
            first = loose[k]
            i = bisect_right(cuts, first[0])
            a, b = cuts[i - 1], cuts[i]
            while k + 1 < n and loose[k + 1][0] < b:
                k += 1
            last = loose[k]
            k += 1
            # the whole of the comma-parts that hold the unread words, trimmed of joining words
            # (the commas found in order: the last before the first word, the first after the last)
            lo = hi = -1
            if text.find(",", a, first[0]) >= 0:
                lo = max(commas(text, a, first[0]), default=-1)
            if text.find(",", last[1], b) >= 0:
                hi = min(commas(text, last[1], b), default=-1)
            lo = lo + 1 if lo >= 0 else a
            hi = hi if hi >= 0 else b
            piece = trim(unbracket(" ".join(balance(text, lo, hi, a, b).split())))
            if piece and (not out or out[-1] != piece):
                out.append(piece)
        return out


def _uncovered(words: list[Span] | tuple[Span, ...], merged: list[Span] | tuple[Span, ...]) -> list[Span]:
    """The words (in text order) that no span of merged (merged, in text order) covers: one walk
    along the two (a word is covered when the last span starting at or before it reaches its end)."""
    out = []
    i, n = -1, len(merged)
    for w in words:
        a = w[0]
        while i + 1 < n and merged[i + 1][0] <= a:
            i += 1
        if i < 0 or merged[i][1] < w[1]:
            out.append(w)
    return out


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):      # (empty spans skipped here: the order of the rest is the same)
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out



def cover(text: str, checked: Iterable[Span], variables: Iterable[str]) -> Coverage:
    """The coverage of text by the spans its checks read and by its filler words (the spans of
    the filler words are not kept: a filler word covers itself and nothing else, see _loose)."""
    bits, tables = companions(frozenset(variables))
    merged = _merge(checked)
    return Coverage(text, tuple(merged), tables, bits, _open(text, merged, bits))


_WORD_CHAR = re.compile(r"[^\W_]")      # a character of a _WORD
# an ASCII text's bytes with every character that is no ASCII letter or digit made a space: its
# words (the runs of [A-Za-z0-9], what _WORD finds in ASCII) at their offsets, for str.split
_ONLY_WORDS = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")     # (a letter or digit among them: _WORD's words)


def _open(text: str, merged: list[Span], bits: int) -> list[Span]:
    """The words of text (in order) that are not filler (of the tables in bits) and that no span
    of merged (merged, in text order) covers, found in the gaps between the spans only: a word is
    covered when all of it lies in one merged span (merged spans neither touch nor overlap), so a
    word that is not has a character in a gap. Each gap is read from the start of the word it
    opens in (a word that begins inside the span before it), and a word is read to its end
    however far past the gap it goes (into the next span)."""
    if not text.isascii() and any(c.isalnum() for c in _NOT_ASCII.findall(text)):
        return _open_unicode(text, merged, bits)
    # (the words split off a copy of text with spaces for the rest, "≥" and "’" too, each one
    # character as "?" is: str.split and str.find in C, where a regex's match object for each
    # word cost most of the coverage's reading)
    spaced = text.encode("ascii", "replace").translate(_ONLY_WORDS).decode("ascii")
    out: list[Span] = []
    get = VOCABULARY.get
    n = len(text)
    done = 0            # where the last word read ends: a word over a span is in two gaps
    for g0, g1 in _gaps(merged, n):
        if g0 >= g1:
            continue
        if g0 > 0 and spaced[g0] != " " and spaced[g0 - 1] != " ":
            g0 = max(done, spaced.rfind(" ", 0, g0) + 1)       # the start of the word it opens in
        elif g0 < done:
            g0 = done
        end = g1        # past the end of the word the gap closes in
        if g1 < n and spaced[g1 - 1] != " " and spaced[g1] != " ":
            end = spaced.find(" ", g1)
            end = n if end < 0 else end
        at = g0
        for word in spaced[g0:end].split():
            a = spaced.find(word, at)
            at = done = a + len(word)
            got = get(word)
            if got is None:
                got = learn(word)
            if not got & bits:
                out.append((a, done))
    return out


def _open_unicode(text: str, merged: list[Span], bits: int) -> list[Span]:
    """_open of a text with a letter or digit that is not ASCII (its words: _WORD's, Unicode's)."""
    out: list[Span] = []
    get = VOCABULARY.get
    n = len(text)
    done = 0
    for g0, g1 in _gaps(merged, n):
        if g0 > 0 and g0 < g1 and _WORD_CHAR.match(text, g0) and _WORD_CHAR.match(text, g0 - 1):
            g0 = max(done, _word_start(text, g0))
        for m in _WORD.finditer(text, g0):
            a = m.start()
            if a >= g1:
                break
            if a < done:
                continue
            done = m.end()
            word = m[0]
            got = get(word)
            if got is None:
                got = learn(word)
            if not got & bits:
                out.append((a, done))
    return out


def _gaps(merged: list[Span], n: int) -> list[Span]:
    """The stretches of [0, n) between the merged spans (empty ones left out)."""
    out, at = [], 0
    for a, b in merged:
        if a > at:
            out.append((at, min(a, n)))
        at = max(at, b)
    if at < n:
        out.append((at, n))
    return out


def _word_start(text: str, i: int) -> int:
    """The start of the word that holds text[i]."""
    while i > 0 and _WORD_CHAR.match(text, i - 1):
        i -= 1
    return i
