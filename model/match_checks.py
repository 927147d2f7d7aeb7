"""One check of a criterion against a patient panel: compiled once per tree, run per panel.

A compiled check is a function of the match context returning an outcome
`(status, why, needs)`: `status` one of "met" / "not_met" / "unknown", `needs` a tuple of
variable ids that would decide it, and `why` the clinician's reason, either a finished string or
`(format, value)` so the string is only built when somebody reads it (matching must stay fast
on every keystroke; most reasons are never shown).

Statuses report the truth of the check as the text words it; what that means for the patient
(an exclusion that holds excludes) is the criterion's business (model/match.py). Checks on
therapies (drugs and drug classes) are in model/match_therapy.py.
"""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any, Final, Literal
from collections.abc import Callable

from trialview.model.criteria.tree import Check
from trialview.model.panel import Panel
from trialview.model.units import UnitError, normalise_unit, to_canonical
from trialview.model.vocabulary import BY_ID, DRUG_BY_ID, DRUG_CLASSES, find_drug

Status = Literal["met", "not_met", "unknown", "manual"]
# Final: each is typed as its own literal, so an Outcome built from them is a Status.
MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"
MANUAL: Final = "manual"

Outcome = tuple[Status, Any, tuple[str, ...]]
CheckFn = Callable[["MatchContext"], Outcome]

SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
_NEGATED = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠", "!=": "="}
# Units that read better left out: "SLEDAI-2K 4 < 6 required", "NYHA class 3".
_SILENT_UNITS = {None, "score", "criteria", "domains", "class", "grade", "ratio"}
_DERIVED_NOTE = {"crcl": " (Cockcroft-Gault)", "bmi": " (from weight and height)"}
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


def reason_text(why: Any) -> str:
    """The reason string of an outcome's `why` (built on demand)."""
    if why.__class__ is str:
        return why
    text: str = why[0](why[1]) if why.__class__ is tuple else why.text()  # (say, value) or a result
    return text


def unit_text(unit: str | None) -> str:
    if unit in _SILENT_UNITS:
        return ""
    if unit == "xULN":
        return " × ULN"
    return f" {unit}"


def label(var_id: str) -> str:
    """The vocabulary's label in running text: "Hemoglobin" -> "hemoglobin", "ALT" stays."""
    var = BY_ID.get(var_id)
    text = var.label if var else var_id.replace("_", " ")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, (list, tuple)):
        return " or ".join(_word(v) for v in value)
    return str(value)


_TRUE_WORDS = {"true", "yes", "positive", "present", "detectable", "detected"}
_FALSE_WORDS = {"false", "no", "negative", "absent", "undetectable", "not detected"}
# detectable / undetectable (HBV DNA, CMV DNA) read as positive / negative.
_WORD_ALIASES = {"detectable": "positive", "detected": "positive", "undetectable": "negative",
                 "not detected": "negative", "true": "positive", "false": "negative"}


def _norm_word(value: Any, kind: str) -> Any:
    """A check's or panel's word in the form the panel stores for this kind of variable."""
    if kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        return word
    if isinstance(value, bool):
        return "positive" if value else "negative"
    word = str(value).strip().lower()
    return _WORD_ALIASES.get(word, word)


_DRUG_MEMO: dict[str, tuple[str | None, str, tuple[str, ...]]] = {}
_UNIT_MEMO: dict[str, str | None] = {}


def _drug_facts(name: str) -> tuple[str | None, str, tuple[str, ...]]:
    """(drug id, display name, classes) of a therapy's drug name; memoised (a pure lookup)."""
    facts = _DRUG_MEMO.get(name)
    if facts is None:
        drug = find_drug(name)
        facts = (drug.id, drug.name, drug.classes) if drug else (None, name, ())
        if len(_DRUG_MEMO) < 4096:
            _DRUG_MEMO[name] = facts
    return facts


def _unit_key(unit: str) -> str | None:
    key = _UNIT_MEMO.get(unit, "?")
    if key == "?":
        key = normalise_unit(unit)
        if len(_UNIT_MEMO) < 4096:
            _UNIT_MEMO[unit] = key
    return key


TherapyFacts = tuple[str | None, str, tuple[str, ...], dt.date | None, bool]


class MatchContext:
    """One panel's facts for one match, read lazily and at most once."""

    __slots__ = ("_therapies", "as_of", "panel", "values")

    def __init__(self, panel: Panel):
        self.panel = panel
        self.values = panel.values
        self.as_of = panel.as_of
        self._therapies: list[TherapyFacts] | None = None

    def therapies(self) -> list[TherapyFacts]:
        """(drug id, display name, classes, last exposure, current) per therapy entry."""
        if self._therapies is None:
            as_of = self.as_of
            self._therapies = [
                (*_drug_facts(t.drug), t.last_exposure(as_of),
                 t.last_dose is None and t.stop is None and t.start is not None)
                for t in self.panel.therapies
            ]
        return self._therapies


def compile_check(check: Check, section: str = "inclusion") -> CheckFn:
    """A check as a function of the match context; `section` words its reasons."""
    plain = _compile_plain(check, section)
    return _negated(plain) if check.negated else plain


def _negated(check_fn: CheckFn) -> CheckFn:
    """"No use of growth factors within 7 days": the condition must NOT hold; unknown stays unknown."""

    def evaluate(ctx: MatchContext) -> Outcome:
        status, why, needs = check_fn(ctx)
        if status == MET:
            return (NOT_MET, f"{reason_text(why)}: the criterion rules this out", needs)
        if status == NOT_MET:
            return (MET, why, needs)
        return (status, why, needs)

    return evaluate


def _compile_plain(check: Check, section: str) -> CheckFn:
    var_id = check.variable
    if var_id in BY_ID:
        if BY_ID[var_id].kind == "number":
            return _compile_number(check, section)
        return _compile_word(check, section)
    if var_id in DRUG_CLASSES or var_id in DRUG_BY_ID or find_drug(var_id) is not None:
        from trialview.model.match_therapy import compile_therapy  # it builds on this module

        return compile_therapy(check)
    bad: Outcome = (UNKNOWN, f"unknown variable {var_id}", (var_id,))
    return lambda ctx: bad


def constant(outcome: Outcome) -> CheckFn:
    return lambda ctx: outcome


def _windowed(check_fn: CheckFn, var_id: str, window: float) -> CheckFn:
    """window_days: a condition true but dated outside the window does not hold; a value without
    a date is taken as current."""

    def evaluate(ctx: MatchContext) -> Outcome:
        outcome = check_fn(ctx)
        if outcome[0] == MET:
            reading = ctx.values.get(var_id)
            if reading is not None and reading.date is not None:
                days = (ctx.as_of - reading.date).days
                if days > window:
                    return (NOT_MET, f"{reason_text(outcome[1])}, but dated {days} days ago: outside "
                                     f"the {fmt_number(window)}-day window", ())
        return outcome

    return evaluate


def _required(section: str, op: str) -> str:
    if section == "exclusion":
        return ""
    return " required" if op in (">=", ">", "==", "in") else " allowed"


def _compile_number(check: Check, section: str) -> CheckFn:
    var_id = check.variable
    var = BY_ID[var_id]
    op = check.op
    name = label(var_id)
    needs = (var_id,)
    unreadable: Outcome = (UNKNOWN, f"{name}: cannot read the condition {check.describe()}", needs)
    threshold = check.value
    if (op not in SYMBOL or isinstance(threshold, bool) or not isinstance(threshold, (int, float))):
        return constant(unreadable)
    threshold = float(threshold)
    canonical = var.unit or ""
    unit = check.unit
    ratio = False
    if unit and unit != canonical and unit.lower() != canonical.lower():
        key = _unit_key(unit)
        if key == "xULN" and canonical != "xULN":
            ratio = True        # "≤ 1.5 × ULN" on a variable measured in mg/dL (bilirubin, INR)
        elif key != canonical and key is not None:
            # The parser states values in canonical units; convert if it did not.
            try:
                threshold = to_canonical(var_id, threshold, unit)
            except UnitError:
                return constant((UNKNOWN, f"{name}: the unit {unit} of the condition does not apply",
                                  needs))
    compare = COMPARE[op]
    inferred = " (comparator inferred)" if check.inferred else ""
    u = unit_text("xULN" if ratio else canonical)
    t_text = f"{fmt_number(threshold)}{u}"
    head = f"{name} "
    tail_true = f" {SYMBOL[op]} {t_text}{inferred}"
    if section == "inclusion" and op in ("<", ">", "==", "!="):
        # "SLEDAI-2K 6, > 6 required": a negated strict comparison ("6 ≤ 6 required") misleads.
        tail_false = f", {SYMBOL[op]} {t_text} required{inferred}"
    else:
        tail_false = f" {_NEGATED[op]} {t_text}{_required(section, op)}{inferred}"
    derived = _DERIVED_NOTE.get(var_id, "")
    tail_true, derived_true = f"{u}{tail_true}", f"{u}{derived}{tail_true}"
    tail_false, derived_false = f"{u}{tail_false}", f"{u}{derived}{tail_false}"
    missing: Outcome = (UNKNOWN, f"{name} missing", needs)
    no_uln = f"{unit_text(canonical)}: the lab's ULN is needed to compare with {t_text}"

    def say_true(v: float) -> str:
        return f"{head}{fmt_number(v)}{tail_true}"

    def say_false(v: float) -> str:
        return f"{head}{fmt_number(v)}{tail_false}"

    def say_derived_true(v: float) -> str:
        return f"{head}{fmt_number(v)}{derived_true}"

    def say_derived_false(v: float) -> str:
        return f"{head}{fmt_number(v)}{derived_false}"

    def say_no_uln(v: float) -> str:
        return f"{head}{fmt_number(v)}{no_uln}"

    def evaluate(ctx: MatchContext) -> Outcome:
        reading = ctx.values.get(var_id)
        value: float | bool | str | None
        if reading is not None and reading.canonical is not None:
            value = reading.canonical
            if ratio:
                if reading.unit and _unit_key(reading.unit) == "xULN":
                    value = float(reading.raw)
                elif reading.uln:
                    value = _entered_number(reading) / reading.uln
                else:
                    return (UNKNOWN, (say_no_uln, value), needs)
        elif derived:
            value = ctx.panel.value(var_id)
            if value is None:
                return missing
            if ratio:
                return (UNKNOWN, (say_no_uln, value), needs)
            if compare(value, threshold):
                return (MET, (say_derived_true, value), ())
            return (NOT_MET, (say_derived_false, value), ())
        else:
            return missing
        if value.__class__ is bool or not isinstance(value, (int, float)):
            return missing
        if compare(value, threshold):
            return (MET, (say_true, value), ())
        return (NOT_MET, (say_false, value), ())

    if check.window_days is not None:
        return _windowed(evaluate, var_id, check.window_days)
    return evaluate


def _entered_number(reading: Any) -> float:
    """The number as the lab reported it (its ULN is in the same unit)."""
    try:
        return float(str(reading.raw).strip().replace(",", "."))
    except ValueError:
        return float(reading.canonical)


def _compile_word(check: Check, section: str) -> CheckFn:
    """bool / choice: the outcome for every possible value is known at compile time."""
    var_id = check.variable
    var = BY_ID[var_id]
    op = check.op
    name = label(var_id)
    needs = (var_id,)
    if op not in ("==", "!=", "in"):
        return constant((UNKNOWN, f"{name}: cannot read the condition {check.describe()}", needs))
    kind = var.kind
    if op == "in":
        listed = check.value if isinstance(check.value, list) else [check.value]
        wanted: Any = [_norm_word(v, kind) for v in listed]
    else:
        wanted = _norm_word(check.value, kind)
    compare = COMPARE[op]
    inferred = " (comparator inferred)" if check.inferred else ""
    expected = _word(wanted)
    required = f"not {expected}" if op == "!=" else expected
    outcomes: dict[Any, Outcome] = {}
    domain: tuple[Any, ...] = (True, False) if kind == "bool" else var.choices
    for candidate in domain:
        value = _norm_word(candidate, kind)
        shown = _word(value)
        if compare(value, wanted):
            outcomes[candidate] = (MET, f"{name}: {shown}{inferred}", ())
        elif section == "inclusion":
            outcomes[candidate] = (NOT_MET, f"{name}: {shown} ({required} required){inferred}", ())
        else:
            outcomes[candidate] = (NOT_MET, f"{name}: {shown}{inferred}", ())
    missing: Outcome = (UNKNOWN, f"{name} missing", needs)

    def evaluate(ctx: MatchContext) -> Outcome:
        reading = ctx.values.get(var_id)
        if reading is None or reading.canonical is None:
            return missing
        outcome = outcomes.get(reading.canonical)
        if outcome is None:
            return (UNKNOWN, f"{name}: {_word(reading.canonical)} cannot be compared with {expected}", needs)
        return outcome

    if check.window_days is not None:
        return _windowed(evaluate, var_id, check.window_days)
    return evaluate
