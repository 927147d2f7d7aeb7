"""Screening one patient against the five bundled trials at the bedside, with keys only.

The patient (issue 13): a 34-year-old woman, SLE for 6 years, SLEDAI-2K 10, hemoglobin 7.6 g/dL,
platelets 150, ALT 40 U/L (ULN 40), eGFR 75, anti-dsDNA positive, low C3, HBsAg and HIV
negative, not pregnant, last rituximab 2026-09-01, on mycophenolate mofetil and prednisone
10 mg/day now.

The screener walks each trial as a clinician would: a trial the list already reads ✗ is not
opened; in a trial, `n` to the next open criterion with a field still empty (the app passes over
what only a person can judge, what was typed already, and fields left empty before as not
known); if its fields ask for something known about the patient, type it (a digit opens the
field by itself, else Enter), Enter to the next field (and to take a unit or a drug name the
field offers), Down from a therapy to the next drug, Esc back to the tree once nothing more of
it is known; stop at a trial as soon as it
reads ✗, or when `n` has nowhere else to go. Values typed once serve every trial after. The keys
are decided by what the screen shows, so the walk survives a parser that reads the text a little
differently; every key is counted.

Used by tests/functional/test_bedside_script.py (Pilot), which prints the keys it pressed and
where they went (`pytest -s`); tests/functional/bedside_tmux.sh replays those keys in tmux.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.widgets import Input

from trialview.tui.widgets.therapy_row import completion

# What a clinician would type for each field, the shortest way the screen shows it is taken:
# "6y" (the SLE duration field, in months, says "number, or 6y"), "40" in ALT (U/L shown beside
# it), "7.6" in hemoglobin (g/L shown; the field then offers "did you mean g/dL? Enter to accept").
VALUES: dict[str, str] = {
    "age": "34",
    "sex": "f",
    "sle_duration_months": "6y",
    "sledai_2k": "10",
    "hemoglobin": "7.6",
    "platelets": "150",
    "alt": "40",
    "egfr": "75",
    "anti_dsdna": "+",              # lab shorthand; + and - open the field as digits do
    "c3_low": "y",
    "hbsag": "-",
    "hiv": "-",
    "pregnant": "n",
    "prednisone_dose": "10",
}
ULN = {"alt": "40"}
# Therapies, one row each: drug, then the dates known (the rest left empty).
THERAPIES: list[dict[str, str]] = [
    {"drug": "rituximab", "last_dose": "2026-09-01"},
    {"drug": "MMF"},
    {"drug": "prednisone"},
]

# The five bundled trials, in the order screened, and what a careful screener concludes from
# their text for this patient (read from sample_trials/*.txt, not from the app's output):
EXPECTED: dict[str, str] = {
    # 000: inclusion 7 requires Hb >= 80 g/L; 7.6 g/dL is 76 g/L.
    "NCT06801119": "ineligible",
    # 001: inclusion "Hemoglobin = 85g/L" (a lost >=) excludes 76 g/L; she is also on MMF, an
    # immunosuppressant within 1 week of screening (exclusion).
    "NCT06421701": "ineligible",
    # 002: Hb >= 60, ALT <= 3 x ULN, SLEDAI-2000 > 6 hold; CrCl (no weight or creatinine), BILAG,
    # the treatment history and most exclusions are not known: open, nothing rules her out.
    "NCT06946485": "unknown",
    # 003: excludes rituximab "within 24 weeks before screening": 2026-09-01 is 12 weeks ago.
    "TV-E66FB72FC4": "ineligible",
    # 004: age 18-70 and SLE for 24+ weeks hold; SELENA-SLEDAI, PGA, BILAG and the 2019
    # EULAR/ACR classification are not known, and it lists no exclusions: open.
    "TV-831376FE37": "unknown",
}

KEY_NAMES = {" ": "space", ".": "full_stop", "-": "minus", "/": "slash", "+": "plus"}


def keys_of(text: str) -> list[str]:
    """Pilot key names of the characters of `text`."""
    return [KEY_NAMES.get(c, c) for c in text]


def shortest_drug(name: str) -> str:
    """What to type in a drug field: as few letters as make it show `name` completed (Enter
    takes the completion), when that is shorter than the name itself with its Enter."""
    for end in range(1, len(name)):
        if completion(name[:end]) == name:
            return name[:end] if end + 1 < len(name) else name
    return name


def _row_of(field_input: Input) -> Any:
    line = field_input.parent
    return line.parent if line is not None else None


@dataclass
class Screener:
    """Decides what to type in a field from what it is for, and remembers what was typed."""

    typed: set[str] = field(default_factory=set)    # variable ids; "uln:<id>" for a ULN
    therapy: int = 0                                 # therapies typed so far
    therapy_row: Any = None                          # the row of the last drug typed

    def value_for(self, field_input: Input) -> str | None:
        """What to type in this field, or None (not known, or typed already)."""
        row = _row_of(field_input)
        var = getattr(getattr(row, "var", None), "id", None)
        classes = field_input.classes
        if var is not None:
            if "field-uln" in classes:
                return ULN.get(var) if f"uln:{var}" not in self.typed else None
            return VALUES.get(var) if var not in self.typed else None
        if field_input.value:
            return None
        if "therapy-drug" in classes:
            return shortest_drug(THERAPIES[self.therapy]["drug"]) if self.therapy < len(THERAPIES) else None
        if row is not None and row is self.therapy_row:
            for key in ("last_dose", "start", "stop"):
                if f"therapy-{key}" in classes:
                    return THERAPIES[self.therapy - 1].get(key)
        return None

    def done(self) -> bool:
        """Everything known about the patient was typed."""
        return set(VALUES) <= self.typed and {f"uln:{v}" for v in ULN} <= self.typed \
            and self.therapy == len(THERAPIES)

    def mark(self, field_input: Input) -> None:
        row = _row_of(field_input)
        var = getattr(getattr(row, "var", None), "id", None)
        if var is not None:
            self.typed.add(f"uln:{var}" if "field-uln" in field_input.classes else var)
        elif "therapy-drug" in field_input.classes:
            self.therapy += 1
            self.therapy_row = row
