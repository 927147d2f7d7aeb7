"""Per-analyte unit conversion to the canonical units of panel.md.

Criteria and lab reports spell units a hundred ways ("×109/L" lost its superscript, "/mm3",
"g/dl", "x upper limit of normal"); `normalise_unit` maps a spelling to one key, and `to_canonical`
converts a value in that unit to the variable's canonical unit.
"""

from __future__ import annotations

import re

from trialview.model.vocabulary import BY_ID


class UnitError(ValueError):
    """A unit that does not apply to a variable, or a xULN value without the lab's ULN."""


_MICRO = "[µμu]"
_UNIT_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)?\s*(?:9|⁹)\s*/\s*l|(?:[x×]\s*)?109\s*/\s*l|g/l(?=.*cells)|giga/l", "10^9/L"),
    (r"(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)?\s*(?:3|³)\s*/\s*(?:" + _MICRO + r"l|mm\s*(?:3|³|\^3))|k/" + _MICRO + r"l|(?:[x×]\s*)?103/" + _MICRO + "l", "10^3/µL"),
    (r"(?:cells?\s*)?/\s*(?:" + _MICRO + r"l|mm\s*(?:3|³|\^3)|cu\.?\s*mm|mcl)", "/µL"),
    (r"(?:[x×*]|times)?\s*(?:the\s+)?(?:uln|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|upper\s+normal\s+limit)", "xULN"),
    (r"i?u\s*/\s*l", "U/L"),
    (r"g\s*/\s*dl", "g/dL"),
    (r"g\s*/\s*l", "g/L"),
    (r"mmol\s*/\s*mol", "mmol/mol"),
    (r"mmol\s*/\s*l", "mmol/L"),
    (_MICRO + r"mol\s*/\s*l|mcmol\s*/\s*l", "µmol/L"),
    (r"mg\s*/\s*dl", "mg/dL"),
    (r"ml\s*/\s*min(?:ute)?\s*/\s*1\.73\s*(?:m\s*(?:2|²|\^2)|square\s+meters?)|ml\s*/\s*min\s*per\s*1\.73\s*m\s*(?:2|²)", "mL/min/1.73m2"),
    (r"ml\s*/\s*min(?:ute)?", "mL/min"),
    (r"mg\s*/\s*mmol", "mg/mmol"),
    (r"mg\s*/\s*mg", "mg/mg"),
    (r"mg\s*/\s*g", "mg/g"),
    (r"g\s*/\s*g", "g/g"),
    (r"g\s*/\s*(?:24\s*h(?:ours?|rs?)?|day|d)", "g/24h"),
    (r"mg\s*/\s*(?:24\s*h(?:ours?|rs?)?)", "mg/24h"),
    (r"mg\s*/\s*(?:day|d)", "mg/day"),
    (r"kg\s*/\s*m\s*(?:2|²|\^2)", "kg/m2"),
    (r"kg|kilograms?", "kg"),
    (r"lbs?|pounds?", "lb"),
    (r"cm|centimet(?:er|re)s?", "cm"),
    (r"in(?:ch(?:es)?)?|\"", "in"),
    (r"m|met(?:er|re)s?", "m"),
    (r"%|percent", "%"),
    (r"mm\s*hg", "mmHg"),
    (r"years?|yrs?|y", "years"),
    (r"months?|mos?", "months"),
    (r"weeks?|wks?", "weeks"),
    (r"days?|d", "days"),
)
# Why the group: "$" after a bare alternation binds to its last branch only, so "m|meters"
# + "$" matched the "m" of "months".
_COMPILED = tuple((re.compile(r"(?:" + p + r")$", re.I), key) for p, key in _UNIT_PATTERNS)


def normalise_unit(raw: str | None) -> str | None:
    """The canonical spelling of a unit, or None when it is not one we know."""
    if raw is None:
        return None
    s = raw.strip().replace("\u2009", " ").rstrip(".")
    if not s:
        return None
    for rx, key in _COMPILED:
        if rx.match(s):
            return key
    return None


_CELLS = {"10^9/L": 1.0, "10^3/µL": 1.0, "/µL": 0.001}
# factor: canonical = value * factor (for the unit keys of normalise_unit)
_FACTORS: dict[str, dict[str, float]] = {
    "age": {"years": 1, "months": 1 / 12, "weeks": 1 / 52.1775, "days": 1 / 365.25},
    "weight": {"kg": 1, "lb": 0.45359237},
    "height": {"cm": 1, "m": 100, "in": 2.54},
    "hemoglobin": {"g/L": 1, "g/dL": 10, "mmol/L": 16.11},
    "wbc": _CELLS, "anc": _CELLS, "alc": _CELLS, "platelets": _CELLS,
    "total_bilirubin": {"mg/dL": 1, "µmol/L": 1 / 17.1},
    "creatinine": {"mg/dL": 1, "µmol/L": 1 / 88.4},
    "upcr": {"g/g": 1, "mg/mg": 1, "mg/g": 0.001, "mg/mmol": 1 / 113.1},
    "urine_protein_24h": {"g/24h": 1, "mg/24h": 0.001},
    "albumin": {"g/dL": 1, "g/L": 0.1},
    "sle_duration_months": {"months": 1, "years": 12, "weeks": 12 / 52.1775, "days": 12 / 365.25},
}


def units_for(var_id: str) -> tuple[str, ...]:
    """Every unit the variable accepts, canonical first."""
    var = BY_ID.get(var_id)
    if var is None or var.unit is None:
        return ()
    return (var.unit, *var.units)


def to_canonical(var_id: str, value: float, unit: str | None, uln: float | None = None) -> float:
    """Convert `value` in `unit` to the canonical unit of `var_id`.

    Raises UnitError for a unit the variable does not take, and for U/L on a xULN variable
    without the lab's upper limit of normal.
    """
    var = BY_ID.get(var_id)
    if var is None:
        raise UnitError(f"unknown variable {var_id!r}")
    key = normalise_unit(unit) if unit else var.unit
    if unit and key is None:
        raise UnitError(f"unknown unit {unit!r}")
    if key == var.unit or var.unit is None:
        return float(value)
    if var.unit == "xULN":
        if key == "U/L":
            if not uln:
                raise UnitError("a value in U/L needs the lab's upper limit of normal (uln)")
            return float(value) / float(uln)
        raise UnitError(f"unit {unit!r} does not apply (use xULN, or U/L with uln)")
    if key == "xULN" and uln:
        # e.g. bilirubin given as 1.5 x ULN with the lab's ULN in the canonical unit
        return float(value) * float(uln)
    factors = _FACTORS.get(var_id, {})
    if key in factors:
        return float(value) * factors[key]
    raise UnitError(f"unit {unit!r} does not apply to {var.label}")
