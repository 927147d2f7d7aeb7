"""Numbers after variable names: "platelets ≥ 100 × 10^9/L", "ALT and AST ≤ 2.5 x ULN".

A mention of a numeric variable is followed, past filler words, by comparator + number + unit
items; each becomes a check in the variable's canonical unit (model.units).
"""

from __future__ import annotations

import re
from typing import cast

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.name_table import Hit
from trialview.model.criteria.inferred_pairs import as_interval
from trialview.model.criteria.clauses import Taken
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import Check, Op
from trialview.model.units import UnitError, to_canonical
from trialview.model.vocabulary import BY_ID

# Which way a lost comparator ("Hb = 85 g/L", a "≥" the source dropped) points, per section.
LOST_DIRECTION: dict[str, tuple[str | None, str | None]] = {}
for _ids, _inc, _exc in (
    (("hemoglobin", "wbc", "anc", "alc", "platelets", "egfr", "crcl", "lvef", "spo2", "albumin",
      "sledai_2k", "selena_sledai", "sledai_2k_clinical", "bilag_a", "bilag_b", "pga",
      "sle_acr_1997_count", "sle_duration_months"), ">=", "<="),
    (("alt", "ast", "total_bilirubin", "creatinine", "inr", "pt", "aptt", "systolic_bp",
      "diastolic_bp", "hba1c", "upcr", "urine_protein_24h", "nyha_class", "dyspnea_grade"), "<=", ">="),
    (("age",), ">=", None),
):
    for _i in _ids:
        LOST_DIRECTION[_i] = (_inc, _exc)

# A lone lost "=" of these is read in the usual direction for the evaluation's sake (Chia's gold
# takes the same convention), but trials ask both ways: a diabetes trial HbA1c >= 7, another <= 10;
# a hypertension trial's blood pressure >= 140, "reduced ejection fraction (= 40%)" <= 40, a lupus
# nephritis trial's proteinuria >= 0.5 g/day (audit 12). The check carries GUESSED and its note; the
# matcher decides only where both directions agree (model/matching/checks.py).
AMBIGUOUS_DIRECTION = frozenset({"hba1c", "systolic_bp", "diastolic_bp", "lvef", "upcr", "urine_protein_24h",
                                 "nyha_class"})
GUESSED = "comparator lost in the text (a lone \"=\"), "
# (only an inclusion's: an exclusion's lost "=" is the side it excludes. Nor one after "normal",
# "adequate" organ function, which asks the healthy side: the usual direction holds there. The
# words are looked for before the name, in its part of the sentence: "HbA1c = 7.5% despite
# adequate diet" is a diabetes trial's lower limit)
_HEALTHY = re.compile(r"\b(?:normal|adequate|sufficient|preserved)\b", re.I)
_HEALTHY_REACH = 120

_CELLS = {"wbc", "anc", "alc", "platelets"}
_NUM_RX = re.compile(r"\s*(" + L.NUM + r")")
# a number written as a word ("more than three times normal", "ten (10) kilograms"): a value
# only with a unit after it, the digits that repeat it in parentheses read with it
_WORD_NUM_RX = re.compile(r"\s*\b(" + "|".join(L.WORD_NUMBERS) + r")\b(?:\s*\(\s*\d+\s*\))?", re.I)
# "1.500/mm3", "100.000/µL": a dot before three digits of a count per microlitre separates
# thousands (a count per µL has no fraction, and none is written to the thousandth)
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
# a quantity of someone else than the patient ("estimated fetal weight", "donor age")
_SOMEONE_ELSE = re.compile(r"\b(?:fetal|foetal|fetus'?s?|maternal|paternal|donor'?s?|partner'?s?)\s+$", re.I)
_GAP_RX = re.compile(
    r"(?:\s+|[:,]|\((?!\s*(?:[<>=≤≥]|\d))[^()]{0,80}\)|\b(?:score|scores|count|counts|level|levels|value|values|concentration|"
    r"rate|of|is|are|was|were|should|must|be|been|points?|total|serum|result|results|measured|range|"
    r"a|an|the|domains?|at\s+screening|at\s+baseline|screening|test|tests|ratio|that|which|ranges?|defined\s+as|to\s+be|have|has|"
    r"(?:with)?in\s+(?:the\s+)?range(?:\s+of)?|on\s+room\s+air|(?:while\s+)?breathing\s+(?:room|indoor|ambient)\s+air|at\s+rest|and\s+(?=[<>≥≤=]))\b)", re.I)
# ("corticosteroids at a dose of more than 10 mg/day": the dose's words, audit 14 review)
_DOSE_GAP = re.compile(r"(?:at\s+(?:a\s+)?)?(?:doses?|dosage)\b", re.I)
_ACRONYM_AFTER = re.compile(r"\s*\((?:[A-Za-z][\w-]{0,10})(?:\s*,\s*[A-Za-z][\w-]{0,10})?\)")
# ("aged =18 to =65 years": "to" before a comparator joins the second limit)
_JOIN_RX = re.compile(r"\s*(?:,|and/or|and|or|/|&|to(?=\s*[<>=≤≥]))?\s*", re.I)
# ("18 ~ 28 kg / m2", NCT05380934: the tilde of a range)
_RANGE_RX = re.compile(
    r"\s*(?:(?:between|from|ranging\s+from)\s+)?(" + L.NUM + r")\s*(?:-|–|~|～|to|and)\s*(" + L.NUM + r")(?![\d.,]*\s*(?:mg/kg))", re.I)
_BETWEEN_AND_RX = re.compile(r"\s*between\s+(" + L.NUM + r")\s*(\S{0,12}?)\s*and\s+(" + L.NUM + r")", re.I)
_SPACES = re.compile(r"\s*")
# "less than (<) 90 mmHg", "less than or equal to (=<) 40 percent": the symbol restates the words
_CMP_RESTATED = re.compile(r"\s*\(\s*(?:[<>=≤≥]{1,2}|[<>]\s*/\s*=)\s*\)")
# "ejection fraction (= 40%)": a value in parentheses after the name
_VALUE_PAREN = re.compile(r"\(\s*(?=[<>=≤≥]|\d)")
_DUAL_RX = re.compile(r"\s*(?:or|/|\(|,)\s*(" + L.NUM + r")")
# a dipstick grade: "2+", "1 +" (a "+" after the number that no digit follows)
_GRADE_PLUS = re.compile(r" ?\+(?![\d.])")
_ULN_BARE_RX = re.compile(r"\s*(?:[x×]|times)(?=\s*(?:$|[),;.]|and\b|or\b))", re.I)


_LOST_EXPONENTS = (103.0, 104.0, 105.0, 106.0)     # "10³".."10⁶" written without the superscript


AGE_NOT_IN_YEARS = "an age written in months, weeks or days"


def convert(var: str, num: float, unit: str | None) -> tuple[float, str, str | None] | None:
    """(value in the canonical unit, unit, note) or None when the unit does not fit the variable."""
    v = BY_ID.get(var)
    if v is None or v.unit is None:
        return None
    canon = v.unit
    note = None
    if unit is None:
        if var in _CELLS:
            unit = "/µL" if num >= (2000 if var == "platelets" else 100) else "10^9/L"
        elif var == "hemoglobin":
            unit = "g/dL" if num < 25 else "g/L"
        elif var == "albumin":
            unit = "g/dL" if num < 10 else "g/L"
        elif var in ("creatinine", "total_bilirubin") and num > 20:
            unit = "µmol/L"
        elif canon == "xULN":
            return None
        else:
            unit = canon
    if canon == "%" and unit in (None, "%") and 0 < num < 1:
        return round(num * 100, 10), canon, "written as a fraction"
    if unit == canon:
        return float(num), canon, None
    if var == "egfr" and unit == "mL/min":
        unit = canon
    if var == "crcl" and unit == "mL/min/1.73m2":
        unit = canon
    if var == "urine_protein_24h" and unit in ("g", "mg"):
        unit = unit + "/24h"
    if var == "inr" and unit == "xULN":
        # a multiple of the lab's ULN, never the INR itself: "INR <= 1.5 x ULN" read as INR <= 1.5
        # failed an INR of 1.6 at a lab whose ULN is 1.2 (limit 1.8); the matcher compares with
        # the ULN given, and without one decides only what holds at any lab (vocabulary.uln_floor)
        return num, "xULN", "times the lab's upper limit of normal"
    if var == "total_bilirubin" and unit == "xULN":
        return num, "xULN", "times the lab's upper limit of normal"
    if canon == "%" and unit == "%" and 0 < num < 1:
        num *= 100
    if unit in ("years", "months", "weeks", "days") and var not in ("age", "sle_duration_months"):
        return None
    if var == "age" and unit in ("months", "weeks", "days"):
        # ("aged 6 to 24 months": a limit finer than whole years, compared as it stands, audit
        # 14 review; matching/ages.py counts whole years only for limits written in years)
        note = AGE_NOT_IN_YEARS
    if var == "prednisone_dose" and unit == "mg":
        unit, note = "mg/day", "a dose in mg, read as a daily dose"     # "prednisone ≤ 10 mg"
    if var in _CELLS and unit == "/µL" and (num in _LOST_EXPONENTS or (var == "platelets" and num < 1000)):
        # "Platelet count < 105/mm3" lost its superscript (10^5): 105 cells a microlitre is no
        # limit a trial sets (under 1,000 platelets, or a count written "10" and a digit)
        return None
    if var in _CELLS and unit == "g/L":
        unit = "10^9/L"         # "G/L": giga per litre, the only reading of g/L for a cell count
    if unit in ("mg", "g", "10^3/µL") and var not in _CELLS and not (var == "weight" and unit == "g"):
        return None
    if unit == "mmol/mol":
        note = f"written as {num:g} mmol/mol (IFCC)"
    try:
        value = to_canonical(var, num, unit)
    except (UnitError, ValueError, ZeroDivisionError):
        return None
    return round(value, 10), canon, note


def resolve(op: str, var: str, section: str, prev: str | None) -> tuple[str | None, bool]:
    """(comparator, inferred): a lost "=" takes its direction from the previous item or LOST_DIRECTION."""
    if op != "=":
        return op, False
    if prev in (">=", ">"):
        return "<=", True
    if prev in ("<=", "<"):
        return ">=", True
    inc, exc = LOST_DIRECTION.get(var, (None, None))
    return (inc if section == "inclusion" else exc), True


def _unit(s: str, pos: int) -> tuple[str | None, int, bool]:
    """(unit, end, odd): odd when something unit-like follows that we cannot read."""
    key, end = L.unit_at(s, pos)
    if key is not None:
        return key, end, False
    m = _ULN_BARE_RX.match(s, pos)
    if m:
        return "xULN", m.end(), False
    return None, pos, bool(L.ODD_UNIT_RX.match(s, pos))


def read_values(s: str, pos: int, section: str, var: str) -> tuple[list[tuple[str, float, str | None, bool, int, int]], int]:
    """Comparator + number + unit items starting at pos: [(op, number, unit, inferred, start, end)]."""
    out: list[tuple[str, float, str | None, bool, int, int]] = []
    m = _BETWEEN_AND_RX.match(s, pos) or _RANGE_RX.match(s, pos)
    if m and not L.CMP_RX.match(s, _SPACES.match(s, pos).end()):  # type: ignore[union-attr]
        a, b = L.number(m.group(1)), L.number(m.group(m.lastindex or 2))
        unit, end, odd = _unit(s, m.end())
        if not odd and a <= b:
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            return [(">=", a, unit, False, start, end), ("<=", b, unit, False, start, end)], end
    p = pos
    prev: str | None = None
    while True:
        q = p
        if out:
            j = _JOIN_RX.match(s, p)
            q = j.end() if j else p
        q = _SPACES.match(s, q).end()  # type: ignore[union-attr]  # \s* always matches
        cm = L.CMP_RX.match(s, q)
        op = L.cmp_op(cm) if cm else None
        at = cm.end() if cm else q
        if cm and (again := _CMP_RESTATED.match(s, at)):
            at = again.end()
        nm = _NUM_RX.match(s, at)
        word = None if nm else _WORD_NUM_RX.match(s, at)
        if word:
            nm = word
        if not nm:
            break
        num = L.number(nm.group(1))
        unit, end, odd = _unit(s, nm.end())
        if odd or (word and unit is None):
            break
        if unit is None and _GRADE_PLUS.match(s, nm.end()):
            break       # "proteinuria < 2+" on a dipstick: a grade, not a quantity of the variable
        if unit == "/µL" and _DOT_THOUSANDS.fullmatch(nm.group(1)):
            num = float(nm.group(1).replace(".", ""))
        post = L.POSTFIX_RX.match(s, end)
        if post and op is None:
            op = ">=" if post.group(1).lower() in L.POSTFIX_UP else "<="
            end = post.end()
            if unit is None:
                unit, end2, _ = _unit(s, end)
                end = end2 if unit else end
        if op is None:
            break
        op2, inferred = resolve(op, var, section, prev)
        # a dual unit ("> 2.5 mg/dL or 221 µmol/L") restates the same limit: read it, keep one
        dual = _DUAL_RX.match(s, end)
        if dual and unit:
            u2, e2, _ = _unit(s, dual.end())
            if u2 and u2 != unit:
                first = convert(var, num, unit)
                second = convert(var, L.number(dual.group(1)), u2)
                if first and second and abs(first[0] - second[0]) <= 0.1 * max(abs(first[0]), 1e-9):
                    end = e2 + (1 if s[e2:e2 + 1] == ")" else 0)
        out.append((op2 or "?", num, unit, inferred, q, end))
        prev = op2
        p = end
        if len(out) >= 4:
            break
    if len(out) >= 2 and any(item[3] for item in out):
        out = as_interval(s, out)      # "HbA1c = 6.5 and = 10.0 %": never an empty range (inferred_pairs.py)
    return out, p


def _skip_gap(s: str, pos: int, limit: int) -> int:
    """pos moved past filler between a variable's name and its values ("count of", "(ANC)")."""
    steps = 0
    while steps < 10 and pos < limit:
        m = _GAP_RX.match(s, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        steps += 1
    return pos


def numeric(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]], found: list[Hit]) -> None:
    """Checks of the numeric variables found in s, each followed by its values."""
    mentions: list[tuple[int, int, str]] = []
    for a, b, var in found:
        if var in L.TWO_LABS:
            # "transaminases > 3 x ULN": ALT and AST, the second named where the first ends, so
            # that both read the values after it and join as the text's list would
            first, second = L.TWO_LABS[var]
            mentions += [(a, b, first), (b, b, second)]
        else:
            mentions.append((a, b, var))
    mentions.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    clean: list[tuple[int, int, str]] = []
    done = Taken(taken)
    for m in mentions:
        if clean and m[0] < clean[-1][1]:
            continue
        if done.overlaps((m[0], m[1])) or _SOMEONE_ELSE.search(s, max(0, m[0] - 20), m[0]):
            continue
        paren = _ACRONYM_AFTER.match(s, m[1])   # "body mass index (BMI)": one mention
        clean.append((m[0], paren.end(), m[2]) if paren else m)
    pending: list[tuple[int, int, str]] = []
    for i, (a, b, var) in enumerate(clean):
        nxt = clean[i + 1][0] if i + 1 < len(clean) else len(s)
        pos = _skip_gap(s, b, nxt)
        if var == "prednisone_dose" and (dose := _DOSE_GAP.match(s, pos)):
            pos = _skip_gap(s, dose.end(), nxt)
        if paren := _VALUE_PAREN.match(s, pos):
            pos = paren.end()
        items, _ = read_values(s, pos, section, var)
        if not items:
            j = _JOIN_RX.match(s, pos)
            if _skip_gap(s, j.end() if j else pos, nxt) >= nxt:
                pending.append((a, b, var))
            else:
                pending = []
            continue
        group = [*pending, (a, b, var)]
        pending = []
        each = _each_must_hold(s, group, items, section)
        for g, (ma, mb, mvar) in enumerate(group):
            prev: str | None = None
            for k, (item_op, num, unit, inferred, va, vb) in enumerate(items):
                op: str | None = item_op
                if op == "?" or (inferred and mvar != var):
                    op, inferred = resolve("=", mvar, section, prev)
                    if op is None:
                        continue
                conv = convert(mvar, num, unit)
                prev = op
                if conv is None:
                    continue
                value, cunit, note = conv
                if inferred and len(items) == 1 and mvar in AMBIGUOUS_DIRECTION and section == "inclusion" \
                        and not _HEALTHY.search(s, max(0, ma - _HEALTHY_REACH), ma):
                    note = f"{GUESSED}read as {op}" + (f"; {note}" if note else "")
                core = (ma, mb) if k == 0 else (va, vb)
                span = (ma, vb) if k == 0 else (va, vb)
                # resolve() and the lexicon give only Op comparators (Check validates it)
                out.append(Raw(Check(variable=mvar, op=cast(Op, op), value=value, unit=cunit,
                                     inferred=inferred, span=span, note=note), core,
                               join="and" if each and g and not k else None))
                taken.append(span)



# Labs a shared threshold can be laid on ("INR or aPTT <= 1.5 x ULN"); eGFR and creatinine
# clearance are two ways to measure one thing, either of which a trial takes.
_LABS = frozenset({"hemoglobin", "wbc", "anc", "alc", "platelets", "alt", "ast", "total_bilirubin", "creatinine",
                   "egfr", "crcl", "albumin", "upcr", "urine_protein_24h", "hba1c", "inr", "pt", "aptt"})
_ONE_MEASURE = frozenset({"egfr", "crcl"})
_EITHER_RX = re.compile(r"\beither\b", re.I)


def _each_must_hold(s: str, group: list[tuple[int, int, str]], items: list[tuple[str, float, str | None, bool, int, int]],
                    section: str) -> bool:
    """Whether labs named together before one threshold must each meet it: an inclusion's
    limit of safe values ("INR or aPTT <= 1.5 x ULN", "AST or ALT <= 2.5 x ULN": the "or" lists
    the labs, it offers no choice; one known-normal value does not make up for the other).
    Not in an exclusion ("AST or ALT > 3 x ULN": either excludes), not a limit the other way
    in an inclusion ("ALT or AST > 2 x ULN" as the disease asked for), not "either", and not
    two measures of one thing ("eGFR or creatinine clearance >= 60 mL/min")."""
    if section != "inclusion" or len(group) < 2:
        return False
    names = {v for _a, _b, v in group}
    if not names <= _LABS or names <= _ONE_MEASURE:
        return False
    for _a, _b, v in group:
        safe = LOST_DIRECTION[v][0]
        if safe is None or any(op[0] != safe[0] for op, *_rest in items):
            return False
    return not _EITHER_RX.search(s, max(0, group[0][0] - 12), group[-1][1])
