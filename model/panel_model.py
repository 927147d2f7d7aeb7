"""The patient panel's data (shared/design/panel.md): each value as entered and in canonical
units, the therapies, the hand decisions, and the values derived from others (BMI, creatinine
clearance). A `Panel` is made by `trialview.model.panel.parse_panel`, which checks every field;
import these names from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from trialview.model.text import text_key
from trialview.model.drugs import close_drug_names, find_drug, is_known_drug

Decision = Literal["met", "not_met"]
Canonical = float | bool | str
TherapyHistory = Literal["complete", "partial"]


@dataclass
class Reading:
    """One value as entered (value, unit, uln, date) and its canonical form."""

    raw: Any
    unit: str | None = None
    uln: float | None = None
    date: dt.date | None = None
    canonical: Canonical | None = None

    def to_json(self) -> Any:
        if self.unit is None and self.uln is None and self.date is None:
            return self.raw
        out: dict[str, Any] = {"value": self.raw}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.uln is not None:
            out["uln"] = self.uln
        if self.date is not None:
            out["date"] = self.date.isoformat()
        return out


@dataclass(frozen=True)
class HandDecision:
    """What a person decided for one criterion (panel.md `screening`), and the criterion's text
    it was decided on (None for the short form `"inc-8": "met"`, which is bound to no text)."""

    status: Decision
    text: str | None = None
    # text_key() of `text`: what the matcher compares with the criterion's (None: short form)
    key: int | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", None if self.text is None else text_key(self.text))

    def to_json(self) -> Any:
        if self.text is None:
            return self.status
        return {"status": self.status, "text": self.text}

    def made_on(self, text: str) -> bool:
        """Whether it was decided on this text (whitespace collapsed); a short form says nothing."""
        return self.key is None or self.key == text_key(text)


@dataclass
class Therapy:
    drug: str
    start: dt.date | None = None
    stop: dt.date | None = None
    last_dose: dt.date | None = None
    current: bool = False           # taking it now, dates unknown (panel.md `"current": true`)

    @property
    def classes(self) -> tuple[str, ...]:
        found = find_drug(self.drug)
        return found.classes if found else ()

    def last_exposure(self, as_of: dt.date) -> dt.date | None:
        """The latest day the patient had this therapy (current therapies: as_of)."""
        if self.current:
            return as_of
        if self.last_dose:
            return self.last_dose
        if self.stop:
            return self.stop
        if self.start:
            return as_of
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"drug": self.drug}
        for key in ("start", "stop", "last_dose"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value.isoformat()
        if self.current:
            out["current"] = True
        return out

    @property
    def taking_now(self) -> bool | None:
        """Current: said so, or started with no stop and no last dose (panel.md). None: a last
        dose and no stop, so perhaps current (panel.md: "current when it has no stop") and perhaps
        a course that ended with that dose ("rituximab, last dose 2025-06-01"): the entry does not
        say which. False: it has a stop, or nothing says it was taken (no dates)."""
        if self.current:
            return True
        if self.stop is not None:
            return False
        if self.last_dose is not None:
            return None
        return self.start is not None


@dataclass
class Panel:
    label: str = ""
    as_of: dt.date = field(default_factory=dt.date.today)
    values: dict[str, Reading] = field(default_factory=dict)
    therapies: list[Therapy] = field(default_factory=list)
    screening: dict[str, dict[str, HandDecision]] = field(default_factory=dict)
    as_of_given: bool = True
    # "complete": nothing in the therapy table was received unless listed; "partial" (the
    # default): an unlisted therapy is unknown, never "not received"
    therapy_history: TherapyHistory = "partial"

    def value(self, var_id: str) -> Canonical | None:
        """The canonical value of a variable, derived where panel.md says so, else None."""
        reading = self.values.get(var_id)
        if reading is not None and reading.canonical is not None:
            return reading.canonical
        if var_id == "bmi":
            return derive_bmi(self.value("weight"), self.value("height"))
        if var_id == "crcl":
            return cockcroft_gault(self.value("age"), self.value("weight"),
                                   self.value("sex"), self.value("creatinine"))
        return None

    def derived(self, var_id: str) -> bool:
        return var_id not in self.values and self.value(var_id) is not None

    def decision(self, trial_id: str, criterion_id: str) -> Decision | None:
        found = self.screening.get(trial_id, {}).get(criterion_id)
        return found.status if found is not None else None

    def unknown_drugs(self) -> list[str]:
        """The drug names of the therapy list the vocabulary does not know, in order."""
        return list(dict.fromkeys(t.drug for t in self.therapies if not is_known_drug(t.drug)))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label}
        if self.as_of_given:
            out["as_of"] = self.as_of.isoformat()
        out["values"] = {k: r.to_json() for k, r in self.values.items()}
        out["therapies"] = [t.to_json() for t in self.therapies]
        if self.therapy_history != "partial":
            out["therapy_history"] = self.therapy_history
        if self.screening:
            out["screening"] = {t: {c: d.to_json() for c, d in ds.items()} for t, ds in self.screening.items() if ds}
        return out


def unknown_drug_warning(name: str) -> str:
    """One line naming a drug the vocabulary does not know, with the closest known names."""
    close = close_drug_names(name)
    if not close:
        return f"{name}: not a known drug; it decides nothing"
    return f"{name}: not a known drug; did you mean {' or '.join(close)}?"


def derive_bmi(weight: Any, height: Any) -> float | None:
    if isinstance(weight, float) and isinstance(height, float) and height > 0:
        return round(weight / (height / 100) ** 2, 1)
    return None


def cockcroft_gault(age: Any, weight: Any, sex: Any, creatinine: Any) -> float | None:
    """Creatinine clearance (mL/min) by Cockcroft-Gault, actual body weight."""
    if not all(isinstance(v, float) for v in (age, weight, creatinine)) or sex not in ("female", "male"):
        return None
    if creatinine <= 0:
        return None
    crcl: float = (140 - age) * weight / (72 * creatinine)
    return round(crcl * (0.85 if sex == "female" else 1.0), 1)
