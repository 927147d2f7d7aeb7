"""The patient panel (shared/design/panel.md): what a clinician types at the bedside.

`parse_panel` is the one door in: it turns a panel file's JSON into a `Panel` whose values are
already in canonical units, or raises `PanelError` listing every bad field by name. Error
messages name fields, never a patient's values: they may end up in logs or on a shared screen.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from trialview.model.panel_model import (Canonical, Decision, HandDecision, Panel, Reading, Therapy,
                                         TherapyHistory, cockcroft_gault, derive_bmi,
                                         unknown_drug_warning)
from trialview.model.units import UnitError, to_canonical
from trialview.model.vocabulary import BY_ID, read_word

# The panel's names, importable from here as before the data moved to panel_model.py.
__all__ = [
    "MAX_PANEL_BYTES", "Canonical", "Decision", "HandDecision", "OutOfRange", "Panel", "PanelError",
    "Reading", "Therapy", "TherapyHistory", "canonical_value", "cockcroft_gault", "derive_bmi",
    "load_panel_text", "parse_panel", "unknown_drug_warning",
]


class PanelError(ValueError):
    """Every problem found in a panel, each as (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


def _parse_date(raw: Any, where: str, problems: list[tuple[str, str]]) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        problems.append((where, "not a date (use YYYY-MM-DD)"))
        return None


def _as_number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        try:
            return float(raw.strip().replace(",", "."))
        except ValueError:
            return None
    return None


class OutOfRange(ValueError):
    """A number no patient can have in the unit it was given in (7.6 g/L hemoglobin)."""


def canonical_value(var_id: str, raw: Any, unit: str | None = None,
                    uln: float | None = None) -> Canonical:
    """One variable's value in canonical form; raises ValueError with a message (no value in it)."""
    var = BY_ID.get(var_id)
    if var is None:
        raise ValueError("unknown variable")
    if var.kind == "number":
        number = _as_number(raw)
        if number is None or not math.isfinite(number):
            raise ValueError(f"expected a number ({var.unit})")
        try:
            value = to_canonical(var_id, number, unit, uln)
        except UnitError as exc:
            raise ValueError(str(exc)) from None
        lo, hi = var.low, var.high
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise OutOfRange(f"outside the possible range {lo:g}-{hi:g} {var.unit}")
        if var.integer and not float(value).is_integer():
            raise ValueError(f"expected a whole number ({lo:g}-{hi:g})")
        return value
    if isinstance(raw, bool):
        word: Canonical | None = raw if var.kind == "bool" else (
            ("positive" if raw else "negative") if set(var.choices) >= {"positive", "negative"} else None)
    else:
        word = read_word(var_id, str(raw))
    if word is None:
        if var.kind == "bool":
            raise ValueError("expected yes/no (true/false, positive/negative, present/absent)")
        raise ValueError(f"expected one of {', '.join(var.choices)}")
    return word


Problems = list[tuple[str, str]]


def parse_panel(data: Any, today: dt.date | None = None) -> Panel:
    """Validate a panel file's JSON (already decoded) into a Panel; PanelError lists problems."""
    problems: Problems = []
    if not isinstance(data, dict):
        raise PanelError([("panel", "expected a JSON object")])
    label = data.get("label") or ""
    if not isinstance(label, str):
        problems.append(("label", "expected text"))
        label = ""
    as_of_given = data.get("as_of") not in (None, "")
    as_of = _parse_date(data.get("as_of"), "as_of", problems) or today or dt.date.today()
    values = _parse_values(data.get("values") or {}, as_of, problems)
    therapies = _parse_therapies(data.get("therapies") or [], as_of, problems)
    history: TherapyHistory = "partial"
    raw_history = data.get("therapy_history") or "partial"
    if raw_history == "complete":
        history = "complete"
    elif raw_history != "partial":
        problems.append(("therapy_history", "expected complete or partial"))
    screening = _parse_screening(data.get("screening") or {}, problems)
    if problems:
        raise PanelError(problems)
    return Panel(label=label, as_of=as_of, values=values, therapies=therapies,
                 screening=screening, as_of_given=as_of_given, therapy_history=history)


def _parse_values(raw_values: Any, as_of: dt.date, problems: Problems) -> dict[str, Reading]:
    values: dict[str, Reading] = {}
    if not isinstance(raw_values, dict):
        problems.append(("values", "expected an object of variable ids"))
        return values
    for var_id, entry in raw_values.items():
        where = f"values.{var_id}"
        if var_id not in BY_ID:
            problems.append((where, "unknown variable id"))
            continue
        if entry is None:
            continue
        reading = _parse_reading(where, var_id, entry, as_of, problems)
        if reading is not None:
            values[var_id] = reading
    return values


def _parse_reading(where: str, var_id: str, entry: Any, as_of: dt.date, problems: Problems) -> Reading | None:
    """One value, bare or `{"value", "unit", "uln", "date"}`, or None (a problem noted, or empty)."""
    unit = uln = date = None
    raw = entry
    if isinstance(entry, dict):
        unknown = set(entry) - {"value", "unit", "uln", "date"}
        if unknown:
            problems.append((where, f"unknown key(s) {', '.join(sorted(unknown))}"))
        raw = entry.get("value")
        unit = entry.get("unit")
        if unit is not None and not isinstance(unit, str):
            problems.append((where + ".unit", "expected text"))
            return None
        if entry.get("uln") is not None:
            uln = _as_number(entry.get("uln"))
            if uln is None or uln <= 0:
                problems.append((where + ".uln", "expected a positive number"))
                return None
        date = _parse_date(entry.get("date"), where + ".date", problems)
        if date and date > as_of:
            problems.append((where + ".date", "is after the screening date (as_of)"))
    if raw is None or raw == "":
        return None
    try:
        canonical = canonical_value(var_id, raw, unit, uln)
    except ValueError as exc:
        problems.append((where, str(exc)))
        return None
    return Reading(raw=raw, unit=unit, uln=uln, date=date, canonical=canonical)


def _parse_therapies(raw_therapies: Any, as_of: dt.date, problems: Problems) -> list[Therapy]:
    therapies: list[Therapy] = []
    if not isinstance(raw_therapies, list):
        problems.append(("therapies", "expected a list"))
        return therapies
    for i, entry in enumerate(raw_therapies):
        where = f"therapies[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("drug"), str) or not entry["drug"].strip():
            problems.append((where, "expected an object with a drug name"))
            continue
        therapy = Therapy(drug=entry["drug"].strip())
        for key in ("start", "stop", "last_dose"):
            day = _parse_date(entry.get(key), f"{where}.{key}", problems)
            if day and day > as_of:
                problems.append((f"{where}.{key}", "is after the screening date (as_of)"))
                day = None
            setattr(therapy, key, day)
        if therapy.start and therapy.stop and therapy.stop < therapy.start:
            problems.append((f"{where}.stop", "is before start"))
        current = entry.get("current", False)
        if not isinstance(current, bool):
            problems.append((f"{where}.current", "expected true or false"))
        elif current and therapy.stop:
            problems.append((f"{where}.current", "a current therapy has no stop date"))
        else:
            therapy.current = current
        therapies.append(therapy)
    return therapies


def _parse_screening(raw_screening: Any, problems: Problems) -> dict[str, dict[str, HandDecision]]:
    """Hand decisions: `"inc-8": "met"` (short form, bound to no text) or
    `"inc-8": {"status": "met", "text": "..."}` (long form, bound to the criterion's text)."""
    screening: dict[str, dict[str, HandDecision]] = {}
    if not isinstance(raw_screening, dict):
        problems.append(("screening", "expected an object of trial ids"))
        return screening
    for trial_id, decisions in raw_screening.items():
        if not isinstance(decisions, dict):
            problems.append((f"screening.{trial_id}", "expected an object of criterion ids"))
            continue
        kept: dict[str, HandDecision] = {}
        for crit_id, decision in decisions.items():
            where = f"screening.{trial_id}.{crit_id}"
            status, text = (decision.get("status"), decision.get("text")) if isinstance(decision, dict) \
                else (decision, None)
            if text is not None and not isinstance(text, str):
                problems.append((where + ".text", "expected the criterion's text"))
            elif status in ("met", "not_met"):
                kept[crit_id] = HandDecision(status, text)
            elif status not in (None, "", "undecided"):
                problems.append((where, "expected met or not_met"))
        screening[trial_id] = kept
    return screening


MAX_PANEL_BYTES = 1024 * 1024      # a panel is a few kilobytes; the reader stops past this
_MAX_NUMBER_CHARS = 40              # no lab value or date needs more digits than this


class _Refused(ValueError):
    """A JSON value a panel never holds (a number of thousands of digits, NaN, Infinity)."""


def _number(text: str) -> float | int:
    # Called by json for every number: refuse before int()/float() (a 5,000-digit integer
    # raises deep inside json, a 400-digit one overflows float() later in the matcher).
    if len(text) > _MAX_NUMBER_CHARS:
        raise _Refused("a number with too many digits")
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused("a number too large")
    return value


def _constant(name: str) -> float:
    raise _Refused(f"{name} is not a value")


def load_panel_text(text: str, today: dt.date | None = None) -> Panel:
    """A panel file's text (a UTF-8 byte-order mark is accepted) as a Panel; PanelError names
    what is wrong in one line, whatever the file holds."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise PanelError([("panel", f"not valid JSON (line {exc.lineno}, column {exc.colno})")]) from None
    except _Refused as exc:
        raise PanelError([("panel", f"not a panel: {exc}")]) from None
    except RecursionError:
        raise PanelError([("panel", "not a panel: nested too deeply")]) from None
    except ValueError as exc:        # anything else json's number reading refuses
        raise PanelError([("panel", f"not valid JSON ({exc.__class__.__name__})")]) from None
    return parse_panel(data, today)
