"""Where things are in one criterion's text, found once and looked up in log time.

The readers of a criterion (checks.py, therapies.py, specials.py) ask, for each name they find,
for its clause, the time window in that clause, whether a parenthesis is open before it, and so
on. Asked by rescanning the text, each question costs up to the length of the text, and a line
with many names ("no rituximab no rituximab ...", one clause of a megabyte) costs the square of
it. A `TextIndex` finds each kind of position once, in one pass, when it is first asked for, and
answers each question by bisection: parsing stays linear in the length of the text.

Every answer is the one the plain scan gives (the docstrings say why where it is not obvious).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.markers import marker_result
from trialview.model.criteria.patterns import lower_of



# "... prior to (the) initiation / start of (the) study treatment", "before possible start of trial
# treatment" (Chia NCT03079141): the study's start, as the window's anchor
_ANCHOR_AFTER = re.compile(
    r"\s*(?:prior\s+to|before)\s+(?:the\s+)?(?:"
    r"(?:(?:possible|planned|anticipated|expected|scheduled)\s+)?"
    r"(?:start|initiation|beginning|commencement)\s+of\s+(?:the\s+)?(?:study|trial)\s+"
    r"(?:treatment|drug|medication|therapy|intervention|participation)\b"
    # "within the 30 days prior to study visit 1" (NCT00739778): the first visit, the screening
    r"|(?:first\s+(?:study\s+)?visit|(?:study\s+)?visit\s+(?:1|one))\b"
    # "before first dose", "prior to the first dose of study drug": the start of the study's treatment
    # (not "the first dose of Raptiva", "of investigational vaccine": left as written)
    r"|(?:first|initial)\s+dos(?:e|ing)(?:\s+of\s+(?:the\s+)?(?:study|trial|investigational)"
    r"\s+(?:drug|treatment|medication|therapy|intervention|product|agent)\b|(?!\s+of\b)))", re.I)

# where a denied lead's list ends: what follows is required again ("..., and positive anti-dsDNA")
_LIST_ENDS = re.compile(r",\s*(?:and|with|who|which|but|plus)\b|\s(?:who|which|with)\s", re.I)
# a result said right after a mention: a "negative" further on is another mention's
_OWN_RESULT = re.compile(r"\s*(?:[:=(-]\s*)?(?:positive|reactive|detected|detectable)\b", re.I)
# a lead that denies each item of the list after its colon: "no history of (any of) the
# following:", "none of the following:", "free of the following:", "without any of the following:"
_DENIED_LEAD = re.compile(
    r"(?:\b(?:no|none|without|never|free|absence)\b|\bnot\s+(?:have|had|be)\b)"
    # (only words of the lead between: not "with no flare in the last month and at least one
    # of the following:", review 15)
    r"(?:\s+(?:history|known|prior|previous|evidence|of|any|the|signs?|symptoms?|diagnosis|documented|personal|"
    r"past|current|clinical|clinically|significant|use|used|received|taken|treatment|with|from))*"
    r"\s+following(?:\s+(?:conditions|diseases|disorders|infections|medications|drugs|treatments|therapies))?\s*:", re.I)

class TextIndex:
    """Positions in one text (built lazily, one pass per kind of position; plain attributes, not
    functools.cached_property, which takes a lock on every first read in Python 3.11)."""

    def __init__(self, s: str, lists_denied: bool = False) -> None:
        self.s = s
        # whether a lead's denial reaches the list after its colon (_DENIED_LEAD): in an
        # inclusion; an exclusion's "None of the following: HIV positive, ..." lists whom it
        # excludes (review 15)
        self.lists_denied = lists_denied
        self._chars: dict[str, list[int]] = {}
        self._matches: dict[re.Pattern[str], tuple[list[re.Match[str]], list[int]]] = {}
        self._bounds: tuple[list[int], list[int], list[int]] | None = None
        self._window_matches: tuple[list[re.Match[str]], list[int]] | None = None

    # ---- clauses ---------------------------------------------------------------------------

    def _clause_bounds(self) -> tuple[list[int], list[int], list[int]]:
        """(";" positions, ". " positions, clause ends: ";" or "." before white space or the end)."""
        if self._bounds is None:
            s, n = self.s, len(self.s)
            semis, dots = _positions(s, ";"), _positions(s, ".")
            ends = sorted(k for k in semis + dots if k + 1 == n or s[k + 1].isspace())
            self._bounds = semis, [k for k in dots if s[k + 1:k + 2] == " "], ends
        return self._bounds

    def clause(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause around pos: between ";" / ". " and the next ";" / "."
        (followed by white space or the end), as spans.clause scans it."""
        semis, dots, ends = self._clause_bounds()
        i = bisect_left(semis, pos) - 1             # the last ";" before pos
        j = bisect_right(dots, pos - 2) - 1          # the last ". " that ends by pos
        start = max(semis[i] if i >= 0 else -1, dots[j] if j >= 0 else -1)
        k = bisect_left(ends, pos)
        return start + 1, (ends[k] if k < len(ends) else len(self.s))

    # ---- characters and regex matches ------------------------------------------------------

    def chars(self, chars: str) -> list[int]:
        """Sorted positions of any of chars in the text."""
        got = self._chars.get(chars)
        if got is None:
            got = self._chars[chars] = sorted(i for c in chars for i in _positions(self.s, c))
        return got

    def has_char(self, chars: str, a: int, b: int) -> bool:
        """Whether one of chars is in s[a:b]."""
        pos = self.chars(chars)
        i = bisect_left(pos, a)
        return i < len(pos) and pos[i] < b

    def last_char(self, chars: str, a: int, b: int) -> int:
        """The last position of one of chars in s[a:b], or -1 (as str.rfind)."""
        pos = self.chars(chars)
        i = bisect_left(pos, b) - 1
        return pos[i] if i >= 0 and pos[i] >= a else -1

    def matches(self, rx: re.Pattern[str]) -> tuple[list[re.Match[str]], list[int]]:
        """rx.finditer over the whole text, and the matches' starts (sorted)."""
        got = self._matches.get(rx)
        if got is None:
            found = list(rx.finditer(self.s))
            got = self._matches[rx] = (found, [m.start() for m in found])
        return got

    def has_match(self, rx: re.Pattern[str], a: int, b: int) -> bool:
        """Whether a match of rx (one character long, as "\\d") starts in s[a:b]."""
        _, starts = self.matches(rx)
        i = bisect_left(starts, a)
        return i < len(starts) and starts[i] < b

    # ---- windows and negation ----------------------------------------------------------------

    def _windows(self) -> tuple[list[re.Match[str]], list[int]]:
        """WINDOW_RX over the text, when it has a unit of time for one (L.may_window)."""
        if self._window_matches is None:
            if L.may_window(lower_of(self.s)):
                self._window_matches = self.matches(L.WINDOW_RX)
            else:
                self._window_matches = [], []
        return self._window_matches

    def window(self, a: int, b: int, after: int) -> tuple[float, tuple[int, int], int | None] | None:
        """(days, span, months) of the time window ("within 6 months") in s[a:b] (months: its
        length in calendar months, when the text gave it in months or years), preferring one that
        starts at or after `after`, as spans.window finds it. b is a clause end, which no window
        crosses (a window has no ";" and no ". "); a window that starts before a and reaches past
        it (never seen: it would need a name ending in "within") is read by a scan of s[a:b]."""
        found, starts = self._windows()
        i, j = bisect_left(starts, a), bisect_left(starts, b)
        if i > 0 and found[i - 1].end() > a:
            hits = list(L.WINDOW_RX.finditer(self.s, a, b))
            pick = next((h for h in hits if h.start() >= after), None) or (hits[0] if len(hits) == 1 else None)
        else:
            k = bisect_left(starts, after, i, j)
            pick = found[k] if k < j else found[i] if j - i == 1 else None
        if pick is None:
            return None
        n = L.number(pick.group(1)) if pick.group(1) else 1.0
        # the window's anchor, when it is the start of the study's treatment ("within 14 days prior
        # to initiation of study treatment"): counted from the screening date as every window is
        # (panel.md: as_of), so its words say nothing more
        anchor = _ANCHOR_AFTER.match(self.s, pick.end(), b)
        return L.days(n, pick.group(2)), (pick.start(), anchor.end() if anchor else pick.end()), L.months(n, pick.group(2))

    def negated(self, a: int, start: int, end: int, b: int) -> bool:
        """Whether the mention s[start:end] of clause s[a:b] is denied ("no HBsAg", "HBsAg
        negative"): what spans.negated reads, without copying the rest of the clause."""
        s = self.s
        before = s[max(a, start - 60):start]
        if _may_deny(before.lower()) and (m := L.NEGATION_BEFORE_RX.search(before)) and \
                not (m.group(0)[:5].lower() == "negat" and marker_result(s, max(a, start - 60) + m.start())):
            return True     # (not "HER2 negative breast cancer": the marker's result, markers.py)
        # "Subjects have no history of the following: ... asthma, or constipation" (audit 15: the
        # colon had cut the denial off, and an asthmatic patient met the inclusion)
        if self.lists_denied and self.has_char(":", a, start) and (lead := _DENIED_LEAD.search(s, a, start)) \
                and s.find(";", lead.end()) < 0 and not _LIST_ENDS.search(s, lead.end(), start):
            # (the list only: not past ", and ..." / ", with ...", nor a list cut by ";", whose
            # later items the lead would not reach, review 15)
            return True
        # "Negative for HBsAg and for antibodies to HCV, HIV-1" (Chia): the list's last names too
        wide = s[max(a, start - 90):start]
        if "egative for" in wide and _NEGATIVE_FOR_LIST.search(wide):
            return True
        # NEGATIVE_AFTER_RX ends within 60 characters and its longest word past the mention
        if not _may_be_negative(s[end:min(b, end + 80)].lower()):
            return False
        if _OWN_RESULT.match(s, end):
            return False    # "HBsAg positive patients must have undetectable HBV DNA": its own result said
        m = L.NEGATIVE_AFTER_RX.match(s, end, b)
        if m is None:
            return False
        after = m.group(0)
        if ("includ" in after or "those" in after or "even" in after) and _SUBGROUP.search(after):
            # "HIV infection including those with undetectable viral load": the infection's people
            # whose load is undetectable are still excluded, not its denial
            return False
        # ("breast cancer HER2 negative": the marker's result, markers.py)
        word = after.lower().rfind("negative")
        return word < 0 or not marker_result(s, end + word)


_SUBGROUP = re.compile(r"\b(?:including|those\s+(?:with|who)|even\s+(?:with|if|when))\b", re.I)
_NEGATIVE_FOR_LIST = re.compile(r"\b[Nn]egative\s+for\s+(?:(?!positiv|reactiv|detect|with\b|but\b)[\w\s/,()-]){0,80}$")


def _may_deny(low: str) -> bool:
    """Whether NEGATION_BEFORE_RX can match in low: it needs "no" (no, not, non-, must not be),
    "thout", "never", "ence" (absence of), "free", "negat", "den" (denies) or "detect"
    (undetectable); none of these pieces has a letter that a non-ASCII one matches when case is
    ignored (patterns.FOLDS)."""
    return ("no" in low or "thout" in low or "never" in low or "ence" in low or "free" in low or "negat" in low
            or "den" in low or "detect" in low)


def _may_be_negative(low: str) -> bool:
    """Whether NEGATIVE_AFTER_RX can match in low: it needs "negat" or "detect" (as _may_deny)."""
    return "negat" in low or "detect" in low


def _positions(s: str, ch: str) -> list[int]:
    out = []
    i = s.find(ch)
    while i >= 0:
        out.append(i)
        i = s.find(ch, i + 1)
    return out


LONG_TEXT = 20_000      # a section this long makes enough objects for the collector to cost




class Taken:
    """Spans already read, for "does this span overlap one of them" in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach: list[int] = []         # the furthest end of the spans up to each one
        far = -1
        for _, e in ordered:
            far = max(far, e)
            self._reach.append(far)

    def overlaps(self, span: tuple[int, int]) -> bool:
        """Whether span overlaps one of the spans (as spans.overlaps)."""
        i = bisect_left(self._starts, span[1]) - 1      # the spans that start before span ends
        return i >= 0 and self._reach[i] > span[0]


def sentence_start(s: str, pos: int) -> int:
    """Where the sentence holding `pos` starts (after its "; " or ". ")."""
    return max(s.rfind(". ", 0, pos), s.rfind(";", 0, pos)) + 1


def sentence_end(s: str, pos: int) -> int:
    """Where the sentence holding `pos` ends (at its ";" or ". ", else the text's end)."""
    ends = [i for i in (s.find(";", pos), s.find(". ", pos)) if i >= 0]
    return min(ends) if ends else len(s)


def masked(s: str, spans: list[tuple[int, int]]) -> str:
    """s with each of spans (in order, none overlapping another) blanked out, offsets kept."""
    if not spans:
        return s
    out, at = [], 0
    for a, b in spans:
        out += [s[at:a], " " * (b - a)]
        at = b
    out.append(s[at:])
    return "".join(out)
