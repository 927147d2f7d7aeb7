"""The current patient while the form is being filled in: panel JSON built field by field.

The form validates each field on its own with `canonical_value`, so one bad field never blocks
the others: a field that does not validate keeps its last valid value in the draft and shows
its problem inline. `panel()` turns the draft into a `model.panel.Panel` with `parse_panel`,
the same door every panel file goes through.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from trialview.model.matching.checks import too_old_for_today
from trialview.model.panel import OutOfRange, Panel, PanelError, canonical_value, parse_panel
from trialview.model.units import normalise_unit, units_for
from trialview.model.vocabulary import BY_ID
from trialview.model.drugs import CRITERIA_DRUGS, find_drug

_NUMBER_AND_UNIT = re.compile(r"^\s*([-+]?\d+(?:[.,]\d*)?|[-+]?[.,]\d+)\s*(\S.*)?$")
# the day a value was measured, typed after it: "9.5 g/dL 2026-08-01", "positive on 2025-01-10"
_MEASURED_ON = re.compile(r"^(.*?)\s*(?:\b(?:on|measured)\s+|@\s*|\s)(\d{4}-\d{1,2}-\d{1,2})\s*$", re.I)


def split_date(text: str) -> tuple[str, str | None]:
    """"9.5 g/dL 2026-08-01" -> ("9.5 g/dL", "2026-08-01"): the value, and the day it was
    measured when one is typed after it; else (text, None)."""
    m = _MEASURED_ON.match(text)
    if not m or not m.group(1).strip():
        return text, None
    return m.group(1), m.group(2)


def measured_note(var_id: str, entry: dict[str, Any] | None, as_of: dt.date) -> str | None:
    """What the form says under a value measured before the screening date, or None."""
    if not entry or not entry.get("date"):
        return None
    day = dt.date.fromisoformat(entry["date"])
    days = (as_of - day).days
    if days <= 0:
        return None
    when = f"measured {day.isoformat()}, {days} day{'s' if days != 1 else ''} before screening"
    if too_old_for_today(var_id, entry.get("value"), day, as_of):
        return f"{when}: too old to decide a criterion with no window of its own"
    return when


def split_unit(var_id: str, text: str) -> tuple[str, str | None]:
    """"7.5 g/dL" -> ("7.5", "g/dL") when the unit is one the variable takes; else (text, None)."""
    m = _NUMBER_AND_UNIT.match(text)
    if not m or not m.group(2):
        return text.strip(), None
    wanted = normalise_unit(m.group(2))
    for unit in units_for(var_id):
        if unit == m.group(2).strip() or (wanted and normalise_unit(unit) == wanted):
            return m.group(1), unit
    return text.strip(), None


def unit_fix(var_id: str, number: str, unit: str | None, uln: str | None = None) -> str | None:
    """Another unit in which `number` is a possible value of `var_id`, when it is not one in
    `unit`: 7.6 hemoglobin in g/L is impossible, in g/dL it is 76 g/L ("did you mean g/dL?").
    Of several, the first in the vocabulary's order (the commoner unit; a person accepts it or
    not). None when the value fits `unit` or no other unit."""
    try:
        value = float(number.replace(",", "."))
        uln_value = float(uln.replace(",", ".")) if uln else None
    except ValueError:
        return None
    var = BY_ID[var_id]

    def fits(candidate: str | None) -> bool:
        try:
            canonical_value(var_id, value, candidate if candidate != var.unit else None, uln_value)
        except ValueError:
            return False
        return True

    try:
        canonical_value(var_id, value, unit if unit != var.unit else None, uln_value)
        return None
    except OutOfRange:
        pass            # impossible in this unit: another may be what was meant
    except ValueError:
        return None     # not a range problem: "40 U/L" waits for the lab's ULN, no unit to offer
    others = [u for u in units_for(var_id) if u != (unit or var.unit) and fits(u)]
    return others[0] if others else None


# Every name a therapy row can be completed to: the drugs, synonyms and procedures the trials'
# criteria name (drugs.CRITERIA_DRUGS). The common drugs the vocabulary also knows (metformin,
# atorvastatin: known, so a list naming them answers "no tacrolimus") are taken when typed whole, but
# not completed: "r" still completes to the one drug a screener for these trials means.
DRUG_WORDS = sorted({w for d in CRITERIA_DRUGS for w in (d.name, *d.synonyms)}, key=str.lower)


def close_drug_names(name: str) -> list[str]:
    """Known names close to an unknown one ("ritixumab" -> rituximab). A stand-in for the
    vocabulary's own `close_drug_names` until it exists there (then this delegates to it)."""
    typed = name.strip().lower()
    begun = [w for w in DRUG_WORDS if w.lower().startswith(typed)] if typed else []
    if begun:       # "pred": the names it begins (its completion was left to the screener)
        return begun[:3]
    lowered = {w.lower(): w for w in DRUG_WORDS}
    return [lowered[w] for w in difflib.get_close_matches(typed, lowered, n=3, cutoff=0.7)]


def drug_warning(name: str) -> str | None:
    """An inline flag for a drug name the vocabulary does not know: it is kept, decides nothing."""
    if not name.strip() or find_drug(name) is not None:
        return None
    close = close_drug_names(name)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"not a known drug: it decides nothing{hint}"


def _as_entry(var_id: str, value: Any) -> dict[str, Any]:
    """A loaded panel's value as the form keeps it: a bare value wrapped, the variable's own unit
    left out (the form writes none for it; "10^9/L" spelt out had made a value read again
    differ from itself, which dropped its date and called the panel unsaved)."""
    entry = dict(value) if isinstance(value, dict) else {"value": value}
    var = BY_ID.get(var_id)
    if var is not None and "unit" in entry and entry["unit"] == var.unit:
        del entry["unit"]
    return entry


class PatientDraft:
    """Label, screening date, values, therapies and hand decisions of the current patient."""

    def __init__(self, today: dt.date | None = None):
        self.today = today or dt.date.today()
        self.label = ""
        self.as_of = self.today
        self.values: dict[str, dict[str, Any]] = {}      # var id -> {"value", "unit"?, "uln"?}
        self.therapies: list[dict[str, Any]] = []
        # criterion id -> {"status", "text"} (panel.md's long form: bound to the criterion's text)
        # or a bare status (a short form read from an older panel)
        self.screening: dict[str, dict[str, Any]] = {}
        # The unit each field was last shown in when edited (typed after the number or picked):
        # kept when its value is cleared, so every form showing it reads the next number in it
        # (a cleared field fell back to g/L where g/dL had been chosen). Not saved.
        self.units: dict[str, str] = {}
        self.therapy_history = "partial"        # panel.md: "complete" or "partial"
        self.version = 0
        # Fields the screener was shown, ready to type, and left empty (n, Esc): not known for
        # this patient. `n` does not stop again only for them (trial_keys.py); not saved, and
        # forgotten with the panel (load, new).
        self.passed: set[str] = set()
        self._panel: Panel | None = None
        self._saved = self.to_json()

    # --- edits (each returns an error message for the field, or None) ---------------------

    def set_value(self, var_id: str, raw: str, unit: str | None = None,
                  uln: str | None = None, measured: str | None = None) -> str | None:
        """Store a typed value (with the unit it is in, the lab's ULN, and `measured`: the day
        it was measured, YYYY-MM-DD, when typed after it) if it validates; else its problem."""
        raw = raw.strip()
        if unit:
            self.units[var_id] = unit
        if not raw:
            self._changed(self.values.pop(var_id, None) is not None)
            return None
        day: dt.date | None = None
        if measured:
            try:
                day = dt.date.fromisoformat("-".join(part.zfill(2) for part in measured.split("-")))
            except ValueError:
                return f"{measured} is not a date (use YYYY-MM-DD)"
            if day > self.as_of:
                return f"measured {day.isoformat()}, after the screening date ({self.as_of.isoformat()})"
        var = BY_ID[var_id]
        uln_value: float | None = None
        if uln:
            try:
                uln_value = float(uln.replace(",", "."))
            except ValueError:
                return "the upper limit of normal must be a number"
            if uln_value <= 0:
                return "the upper limit of normal must be positive"
        value: Any = raw
        if var.kind == "number":
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                m = _NUMBER_AND_UNIT.match(raw)
                if m and m.group(2):
                    takes = ", ".join(u for u in units_for(var_id)) or "no unit"
                    return f"{m.group(2).strip()} is not a unit of this field (it takes {takes})"
                return f"expected a number ({var.unit})" if var.unit else "expected a number"
        try:
            canonical = canonical_value(var_id, value, unit if unit != var.unit else None, uln_value)
        except ValueError as exc:
            return str(exc)
        if var.kind != "number":
            # The word as read ("p" -> "positive", "n" -> no): the panel holds what it means, and
            # the field shows it once left (FieldRow), so the user sees it was taken.
            value = canonical
        entry: dict[str, Any] = {"value": int(value) if isinstance(value, float) and value.is_integer() else value}
        if unit and unit != var.unit:
            entry["unit"] = unit
        if uln_value is not None:
            entry["uln"] = uln_value
        old = self.values.get(var_id)
        if day is not None:
            entry["date"] = day.isoformat()
        elif old is not None and "date" in old and {k: v for k, v in old.items() if k != "date"} == entry:
            # the same value read again with no date typed (the form re-reads a field it shows,
            # which shows no date): it keeps the date it was measured on (a loaded panel's dates
            # were dropped on save, and a lab of last year read as of today; review 15)
            entry["date"] = old["date"]
        self._changed(old != entry)
        self.values[var_id] = entry
        self.passed.discard(var_id)     # known now: asked again wherever it is cleared later
        return None

    def set_as_of(self, raw: str) -> str | None:
        raw = raw.strip()
        try:
            day = dt.date.fromisoformat(raw) if raw else self.today
        except ValueError:
            return "not a date (use YYYY-MM-DD)"
        try:
            self._build(as_of=day)
        except PanelError as exc:
            return "; ".join(f"{f}: {m}" for f, m in exc.problems)
        self._changed(day != self.as_of)
        self.as_of = day
        return None

    def set_label(self, label: str) -> None:
        # The label does not change any match: no new version, only a fresh panel to save.
        self.label = label.strip()
        self._panel = None

    def set_therapy(self, index: int, row: dict[str, str], current: bool = False) -> str | None:
        """Store therapy row `index` (drug, start, stop, last_dose; `current`: taken now) if it
        validates."""
        entry: dict[str, Any] = {k: v.strip() for k, v in row.items() if v and v.strip()}
        while len(self.therapies) <= index:
            self.therapies.append({})
        if not entry.get("drug"):
            self._changed(bool(self.therapies[index]))
            self.therapies[index] = {}
            return None if not entry and not current else "name the drug"
        if current:
            entry["current"] = True
        try:
            parse_panel({"as_of": self.as_of.isoformat(), "therapies": [entry]})
        except PanelError as exc:
            return "; ".join(f"{f.split('.', 1)[-1]}: {m}" for f, m in exc.problems)
        self._changed(self.therapies[index] != entry)
        self.therapies[index] = entry
        return None

    def set_therapy_history(self, complete: bool) -> None:
        """Whether the therapies listed are the patient's whole therapy history (panel.md)."""
        history = "complete" if complete else "partial"
        self._changed(history != self.therapy_history)
        self.therapy_history = history

    def remove_therapy(self, index: int) -> None:
        if index < len(self.therapies):
            del self.therapies[index]
            self._changed(True)

    def decide(self, trial_id: str, node_id: str, decision: str | None, text: str | None = None) -> None:
        """Record a hand decision (met / not_met) on the criterion's text, or clear it (None)."""
        decisions = self.screening.setdefault(trial_id, {})
        if decision is None:
            decisions.pop(node_id, None)
        else:
            decisions[node_id] = decision if text is None else {"status": decision, "text": text}
        self._changed(True)

    def decision(self, trial_id: str, node_id: str) -> str | None:
        found = self.screening.get(trial_id, {}).get(node_id)
        return found.get("status") if isinstance(found, dict) else found

    # --- whole panels ----------------------------------------------------------------------

    def load(self, panel: Panel, label: str | None = None) -> None:
        data = panel.to_json()
        self.label = label if label is not None else panel.label
        self.as_of = panel.as_of if panel.as_of_given else self.today
        self.values = {k: _as_entry(k, v) for k, v in data["values"].items()}
        self.therapies = list(data["therapies"])
        self.screening = {t: dict(d) for t, d in data.get("screening", {}).items()}
        self.therapy_history = panel.therapy_history
        self.passed = set()
        self.units = {}
        self._changed(True)
        self.mark_saved()

    def clear(self) -> None:
        self.load(Panel(as_of=self.today), label="")

    # --- saved or not ----------------------------------------------------------------------

    def mark_saved(self) -> None:
        """What the draft holds now is on disk (saved, loaded, or a new empty panel)."""
        self._saved = self.to_json()

    def unsaved(self) -> bool:
        """Whether anything typed since the last save, load or new panel would be lost."""
        return self.to_json() != self._saved

    def panel(self) -> Panel:
        if self._panel is None:
            self._panel = self._build()
        return self._panel

    def to_json(self) -> dict[str, Any]:
        out = {"label": self.label, "as_of": self.as_of.isoformat(), "values": dict(self.values),
               "therapies": [t for t in self.therapies if t],
               "screening": {t: dict(d) for t, d in self.screening.items() if d}}
        if self.therapy_history != "partial":
            out["therapy_history"] = self.therapy_history
        return out

    def raw(self, var_id: str) -> dict[str, Any] | None:
        return self.values.get(var_id)

    def _build(self, as_of: dt.date | None = None) -> Panel:
        data = self.to_json()
        if as_of is not None:
            data["as_of"] = as_of.isoformat()
        return parse_panel(data, today=self.today)

    def _changed(self, really: bool) -> None:
        if really:
            self.version += 1
            self._panel = None
