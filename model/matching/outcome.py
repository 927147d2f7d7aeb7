"""What a compiled check returns, and the words its reasons are made of.

A compiled check is a function of the match context (model/matching/context.py) returning an
outcome `(status, why, needs)`: `status` one of "met" / "not_met" / "unknown" ("manual" for a
part only a person can judge), `needs` a tuple of variable ids that would decide it, and `why`
the clinician's reason, either a finished string or `(format, value)` so the string is only built
when somebody reads it (matching must stay fast on every keystroke; most reasons are never shown).
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any, Final, Literal
from collections.abc import Callable

if TYPE_CHECKING:
    from trialview.model.matching.context import MatchContext

Status = Literal["met", "not_met", "unknown", "manual"]
# Final: each is typed as its own literal, so an Outcome built from them is a Status.
MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"
MANUAL: Final = "manual"

Outcome = tuple[Status, Any, tuple[str, ...]]
CheckFn = Callable[["MatchContext"], Outcome]

SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
    "==": operator.eq, "!=": operator.ne, "in": lambda a, b: a in b,
}


def fmt_number(x: int | float) -> str:  # int named: an int (not a bool) prints as it is
    """75.0 -> "75", 3.10 -> "3.1", 0.0123 -> "0.0123": no trailing zeros."""
    if x.__class__ is int:
        return str(x)
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        text = f"{x:.3g}"
    return text


def in_running_text(text: str) -> str:
    """text with its first letter lowered, unless its first word (up to a space or a hyphen) is a
    name: "Active tuberculosis" -> "active tuberculosis"; "HIV infection", "HbA1c" stay."""
    first = text.split(" ", 1)[0].split("-", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def reason_text(why: Any) -> str:
    """The reason string of an outcome's `why` (built on demand)."""
    if why.__class__ is str:
        return why
    text: str = why[0](why[1]) if why.__class__ is tuple else why.text()  # (say, value) or a result
    return text


def constant(outcome: Outcome) -> CheckFn:
    return lambda ctx: outcome
