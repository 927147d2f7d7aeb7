"""Name tables compiled to regexes: many named phrase patterns, found at word starts, the
first listed winning.

A table reads like one alternation of its phrases (longest pattern first) tried at each word
start that is not a stop word ("the", "patients", ...), keeping the matches that do not overlap.
A table compiles nothing at import: scanner.py reads all the tables in one pass over a text,
from the pieces a table gives it (its patterns spread into plain alternatives, patterns.spread).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

from trialview.model.criteria.patterns import (STRIPPABLE, char_class, each_first, first_chars, first_letter,
                                     letters, lift_lookbehind, split_top, spread)

_WORD_CHAR = re.compile(r"[A-Za-z0-9]", re.I)       # a word start's first character

Piece = tuple[int, str, bool]       # (pattern index, pattern or what follows its first character, stripped)


class Hit(NamedTuple):
    """A name found in a text: its span and the id it names."""

    start: int
    end: int
    id: str


class NameTable:
    """Named patterns [(pattern, id)], tried after `before` (a lookbehind); `regex` matches the
    table at a position, a scanner.NameScanner finds its names in a text. Top-level alternatives
    of a pattern count as patterns of their own."""

    def __init__(self, pairs: list[tuple[str, str]], prefix: str, flags: int, before: str = r"(?<!\w)") -> None:
        alts = sorted(((alt, v) for p, v in pairs for alt in split_top(p)), key=lambda a: -len(a[0]))
        self.prefix, self.flags, self.before = prefix, flags, before
        self.patterns = [p for p, _ in alts]
        self.ids = [v for _, v in alts]     # group f"{prefix}{i}" of `regex` names ids[i]
        # patterns by first letter, in a table's order of trial: those with no plain first letter
        # first, then the letters in order of their longest pattern
        buckets: dict[str | None, list[int]] = {None: []}
        for i, p in enumerate(self.patterns):
            first = first_letter(p)
            buckets.setdefault(first.lower() if first and flags & re.I else first, []).append(i)
        self.buckets = buckets

    @property
    def order(self) -> list[int]:
        """Pattern indexes in the order a match is tried."""
        return [i for group in self.buckets.values() for i in group]

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The whole table as one regex (a match at a given position names ids[int(lastgroup[1:])])."""
        parts = []
        for letter, group in self.buckets.items():
            if not group:
                continue
            body = "|".join(f"(?P<{self.prefix}{i}>{self.patterns[i]})" for i in group)
            if letter is None:
                parts.append(f"(?:{body})")
            elif self.flags & re.I and letter.isalpha():
                parts.append(f"(?=[{letter.lower()}{letter.upper()}])(?:{body})")
            else:
                parts.append(f"(?={letter})(?:{body})")
        return re.compile(self.before + "(?:" + "|".join(parts) + r")(?!\w)", self.flags)

    def by_char(self) -> dict[str, list[int]]:
        """Word-start character -> the patterns tried at a word starting with it, in order."""
        icase = self.flags & re.I
        firsts = {i: first_chars(self.patterns[i], icase) for i in self.order}
        always = [i for i in self.order if firsts[i] is None]
        keys = sorted({c for got in firsts.values() if got for c in got if _WORD_CHAR.fullmatch(c)})
        return {c: [i for i in self.order if c in (firsts[i] or ())] + always for c in keys}

    def pieces(self) -> dict[str, tuple[Piece, ...]]:
        """Word-start character -> its patterns spread into plain pieces, in order; a piece that
        opens with that character is stripped of it (the scanner has read it)."""
        out = {}
        for c, tried in self.by_char().items():
            got: list[Piece] = []
            for i in tried:
                for piece in map(lift_lookbehind, spread(self.patterns[i])):
                    if not STRIPPABLE.match(piece):
                        got.append((i, piece, False))
                    elif re.fullmatch(re.escape(piece[0]), c, self.flags & re.I):
                        got.append((i, piece[1:], True))
            out[c] = tuple(got)
        return out

    def alternation(self, pieces: tuple[Piece, ...], cls: str, named: Callable[[str, int], str],
                    past_first: bool = False) -> str:
        """The pieces of the word-start characters `cls` as an alternation read from the word
        start, or from past its first character (past_first: every piece must be stripped)."""
        icase = self.flags & re.I
        if past_first:
            return _after_first([(i, p) for i, p, _ in pieces], icase, named)
        parts, run = [], []
        for i, piece, stripped in pieces:
            if stripped:
                run.append((i, piece))
                continue
            if run:
                parts.append(cls + _after_first(run, icase, named))
                run = []
            parts.append(named(piece, i))
        if run:
            parts.append(cls + _after_first(run, icase, named))
        return "(?:" + "|".join(parts) + ")"


    def tried_at(self, pieces: tuple[Piece, ...], firsts: list[str], second: str) -> list[tuple[int, str]]:
        """Of the pieces of the word-start characters `firsts`, those that can match where
        `second` follows, as (pattern index, pattern read from the word start), in order."""
        icase = self.flags & re.I
        out = []
        for i, piece, stripped in pieces:
            if not stripped:
                out.append((i, piece))
                continue
            for sub in spread(piece, word_start=False):
                if not STRIPPABLE.match(sub) or re.fullmatch(re.escape(sub[0]), second, icase):
                    out.append((i, char_class(firsts) + sub))
        return out


def _after_first(run: list[tuple[int, str]], icase: int, named: Callable[[str, int], str]) -> str:
    """Pieces past their first character [(index, rest)], as one alternation that branches on
    the next character. Two pieces that go on with different letters never both match, so within
    a run of such pieces each letter's pieces share a branch; a piece that goes on with something
    else ("\\s+", a group) keeps its place between the runs."""
    parts: list[str] = []
    by_letter: dict[str, list[str]] = {}

    def flush() -> None:
        # (a branch per character the letter matches, not its class: see patterns.each_first)
        for key, alts in by_letter.items():
            parts.extend(each_first(letters(key, icase), "(?:" + "|".join(alts) + ")"))
        by_letter.clear()

    for i, rest in run:
        for sub in spread(rest, word_start=False):
            if STRIPPABLE.match(sub):
                by_letter.setdefault(sub[0].lower() if icase else sub[0], []).append(named(sub[1:], i))
            else:
                flush()
                parts.append(named(sub, i))
    flush()
    return "(?:" + "|".join(parts) + ")"
