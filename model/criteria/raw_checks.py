"""The raw check record (`Raw`: a check read from a criterion, before its and/or shape) and
the clause helpers every reader of a criterion shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.tree import Check

_CLAUSE_END = re.compile(r"[;.](?:\s|$)")


@dataclass
class Raw:
    """A check read from a criterion's text, before the and/or shape is given to it."""

    check: Check | None               # None: a clause only a person can judge (`manual` holds its text)
    core: tuple[int, int]
    join: str | None = None          # forced connector to the previous check ("or")
    manual: str | None = None


def mask(s: str, a: int, b: int) -> str:
    """s with s[a:b] blanked out (offsets kept)."""
    return s[:a] + " " * (b - a) + s[b:]


def clause(s: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause of s around pos: between ";" / ". " and the next ";" / "."."""
    start = max(s.rfind(";", 0, pos), s.rfind(". ", 0, pos))
    end_m = _CLAUSE_END.search(s, pos)
    return start + 1, (end_m.start() if end_m else len(s))


def _has_unit(low: str) -> bool:
    """Whether a window is worth looking for: WINDOW_RX needs a unit of time (these words have
    no letter that matches a non-ASCII one when case is ignored but "k", which lowers alike)."""
    return "day" in low or "wk" in low or "week" in low or "month" in low or "year" in low or "yr" in low


def window(s: str, a: int, b: int, after: int) -> tuple[float, tuple[int, int]] | None:
    """(days, span) of the time window ("within 6 months") in s[a:b], preferring one after `after`."""
    if not _has_unit(s[a:b].lower()):
        return None
    hits = list(L.WINDOW_RX.finditer(s, a, b))
    pick = next((h for h in hits if h.start() >= after), None) or (hits[0] if len(hits) == 1 else None)
    if pick is None:
        return None
    n = L.number(pick.group(1)) if pick.group(1) else 1.0
    return L.days(n, pick.group(2)), (pick.start(), pick.end())


def negated(s: str, a: int, start: int, end: int, b: int) -> bool:
    """Whether the mention s[start:end] of clause s[a:b] is denied ("no HBsAg", "HBsAg negative")."""
    return bool(L.NEGATION_BEFORE_RX.search(s[max(a, start - 40):start]) or L.NEGATIVE_AFTER_RX.match(s[end:b]))


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether span overlaps one of the taken spans."""
    return any(span[0] < e and s < span[1] for s, e in taken)
