"""Per-analyte unit conversion to the canonical units of panel.md.

Criteria and lab reports spell units a hundred ways ("×109/L" lost its superscript, "/mm3",
"g/dl", "x upper limit of normal"); `normalise_unit` maps a spelling to one key, and `to_canonical`
converts a value in that unit to the variable's canonical unit.
"""

from __future__ import annotations

import functools
import re

from trialview.model.vocabulary import BY_ID


class UnitError(ValueError):
    """A unit that does not apply to a variable, or a xULN value without the lab's ULN."""


_MU = "[µμu]"
_L = r"l(?:it(?:er|re)s?)?\b"          # L, liter, litre
_PER = r"\s*(?:/|per\b)\s*"
# The one table of unit spellings: (pattern, key, read in running text). The criteria parser
# finds units after numbers in trial text with it (lexicon.UNIT_RX: the first pattern that
# matches there wins, so a longer spelling comes before its prefix); `normalise_unit` reads a
# unit field (the panel's, a lab report's) with all of it. Spellings that are words of their own
# in a sentence ("in", "m", "y", "d", "mo") are read in a unit field only.
UNITS: tuple[tuple[str, str, bool], ...] = (
    (r"(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)?\s*(?:9|⁹|\(\s*9\s*\))\s*(?:cells?\s*)?" + _PER + _L, "10^9/L", True),
    (r"(?:[x×*]\s*)109\s*(?:cells?\s*)?/\s*" + _L + r"|109\s*/\s*" + _L, "10^9/L", True),
    (r"giga" + _PER + _L, "10^9/L", True),
    (r"(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)?\s*(?:3|³)\s*(?:cells?\s*)?/\s*(?:" + _MU + r"l|mm\s*\^?\s*[3³]|mcl)", "10^3/µL", True),
    (r"(?:[x×*]\s*)103\s*/\s*(?:" + _MU + r"l|mm3)|k\s*/\s*" + _MU + r"l\b", "10^3/µL", True),
    (r"103\s*/\s*" + _MU + "l", "10^3/µL", False),
    (r"(?:cells?\s*)?(?:/|per)\s*(?:" + _MU + r"l\b|mm\s*\^?\s*[3³]|cu\.?\s*mm|mcl\b|micro\s*l(?:it(?:er|re))?\b|"
     r"cubic\s+millimet(?:er|re))", "/µL", True),
    (r"(?:[x×*]|times)?\s*(?:the\s+)?(?:institutional\s+)?(?:uln\b|unl\b|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|"
     r"upper\s+normal\s+limits?|normal\s+upper\s+limits?)", "xULN", True),
    # "three times normal": times the upper limit of normal
    (r"(?:[x×*]|times)\s*(?:the\s+)?normal\b(?:\s+(?:values?|limits?|range))?", "xULN", True),
    (r"(?:mg|milligrams?)\s*/\s*d(?:l\b|ecilit(?:er|re)s?\b)|(?:mg|milligrams?)\s+per\s+d(?:l\b|ecilit(?:er|re)s?\b)", "mg/dL", True),
    (r"g(?:ms?|rams?)?" + _PER + r"d(?:l\b|ecilit(?:er|re)s?\b)", "g/dL", True),
    (r"g(?:ms?|rams?)?" + _PER + _L, "g/L", True),
    (r"(?:" + _MU + r"mol|micromol(?:es)?|mcmol)" + _PER + _L, "µmol/L", True),
    (r"mmol\s*/\s*mol\b", "mmol/mol", True),
    (r"(?:mmol|millimol(?:es)?)" + _PER + _L, "mmol/L", True),
    # "Hb < 115 g/L (7.1 mM)": millimolar, written so in case (a lower-case "mm" is millimetres)
    (r"(?-i:mM)\b", "mmol/L", True),
    # cc: cubic centimetres, millilitres ("creatinine clearance > 60 cc/min")
    (r"(?:ml|cc)\s*/\s*min(?:ute)?" + _PER + r"1[.,]73\s*(?:m\s*\^?\s*[2²]|m\s*\*\s*m|square\s+met(?:er|re)s?)",
     "mL/min/1.73m2", True),
    (r"(?:ml|cc)" + _PER + r"min(?:ute)?\b", "mL/min", True),
    (r"i?u\s*/\s*l\b", "U/L", True),
    (r"kg\s*/\s*m\s*\^?\s*[2²]", "kg/m2", True),
    (r"mg\s*/\s*(?:24\s*h(?:ours?|rs?)?\b)", "mg/24h", True),
    (r"g\s*/\s*(?:24\s*h(?:ours?|rs?)?\b|day\b|d\b)", "g/24h", True),
    (r"mg\s*/\s*mmol\b", "mg/mmol", True),
    (r"mg\s*/\s*mg\b", "mg/mg", True),
    (r"mg\s*/\s*g\b", "mg/g", True),
    (r"g\s*/\s*g\b", "g/g", True),
    # "mg/d" is milligrams a day (a dose), never a truncated mg/dL
    # ("> 10 mg/day prednisone equivalent", "10 mg/day of prednisone or equivalent": the dose's
    # own words, not another drug)
    (r"(?:mg\s*/\s*(?:day|d)\b|mg\s+(?:per|a)\s+day\b|mg\s+daily\b)"
     r"(?:\s+(?:of\s+)?prednis(?:one|olone)(?:[\s-]+equivalents?\b|\s+\(?or\s+(?:an?\s+)?equivalent\)?)?)?", "mg/day", True),
    (r"%|per\s*cent\b|percent\b", "%", True),
    (r"mm\s*hg\b|millimet(?:er|re)s?\s+of\s+mercury", "mmHg", True),
    (r"kg\b|kilograms?\b", "kg", True),
    (r"lbs?\b|pounds?\b", "lb", True),
    (r"cm\b|centimet(?:er|re)s?\b", "cm", True),
    (r"in(?:ch(?:es)?)?|\"", "in", False),
    (r"m|met(?:er|re)s?", "m", False),
    (r"(?:years?|yrs?)(?:\s+(?:old|of\s+age))?\b", "years", True),
    (r"y", "years", False),
    (r"months?\b", "months", True),
    (r"mos?", "months", False),
    (r"weeks?\b|wks?\b", "weeks", True),
    (r"days?\b", "days", True),
    (r"d", "days", False),
    # the INR's own unit, as panel.md names it ("inr": {"value": 1.1, "unit": "ratio"})
    (r"ratio", "ratio", False),
    # a bare mass, not the start of a rate ("2 mg/kg" is no dose in mg)
    (r"(?:mg|milligrams?)\b(?!\s*/)", "mg", True),
    (r"(?:g|grams?)\b(?!\s*/)", "g", True),
)
UNIT_KEYS = [key for _, key, _ in UNITS]
# a unit field: the first spelling that reads all of it
_FIELD_RX = re.compile("|".join(f"(?P<u{i}>{p})" for i, (p, _, _) in enumerate(UNITS)), re.I)


@functools.lru_cache(maxsize=512)
def normalise_unit(raw: str | None) -> str | None:
    """The canonical spelling of a unit, or None when it is not one we know."""
    if raw is None:
        return None
    s = raw.strip().replace("\u2009", " ").rstrip(".")
    if not s:
        return None
    m = _FIELD_RX.fullmatch(s)
    return UNIT_KEYS[int(m.lastgroup[1:])] if m and m.lastgroup else None


_CELLS = {"10^9/L": 1.0, "10^3/µL": 1.0, "/µL": 0.001}
# factor: canonical = value * factor (for the unit keys of normalise_unit)
_FACTORS: dict[str, dict[str, float]] = {
    "age": {"years": 1, "months": 1 / 12, "weeks": 1 / 52.1775, "days": 1 / 365.25},
    "weight": {"kg": 1, "lb": 0.45359237, "g": 0.001},
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
# units that are not a multiple of the canonical one: canonical = slope * value + offset.
# HbA1c in IFCC mmol/mol to NGSP/DCCT %: the IFCC-NGSP master equation (48 mmol/mol = 6.5 %).
_AFFINE: dict[str, dict[str, tuple[float, float]]] = {
    "hba1c": {"mmol/mol": (0.09148, 2.152)},
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
    affine = _AFFINE.get(var_id, {})
    if key in affine:
        slope, offset = affine[key]
        return slope * float(value) + offset
    if key == "xULN":
        raise UnitError(f"a value in {unit} needs the lab's upper limit of normal (uln) to read as {var.unit}")
    raise UnitError(f"unit {unit!r} does not apply to {var.label}")
