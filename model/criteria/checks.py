"""One criterion's text -> checks, with the and/or structure the words give them.

Reading order: mask what is not a condition of this criterion (exceptions, example lists, "if"
clauses), read the special phrasings (BILAG counts, ACR 1997, disease duration, drug counts),
then numbers after variable names, then words and states, then therapies with time windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.criteria import lexicon as L
from model.criteria.tree import Check
from model.units import UnitError, to_canonical
from model.vocabulary import BY_ID, DRUG_BY_ID, drugs_in_class

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

_CELLS = {"wbc", "anc", "alc", "platelets"}
_NUM_RX = re.compile(r"\s*(" + L.NUM + r")")
_GAP_RX = re.compile(
    r"(?:\s+|[:,]|\([^()]{0,80}\)|\b(?:score|scores|count|counts|level|levels|value|values|concentration|"
    r"rate|of|is|are|was|were|should|must|be|been|points?|total|serum|result|results|measured|range|"
    r"a|an|the|at\s+screening|at\s+baseline|screening|test|tests|ratio|that|which|ranges?|defined\s+as|to\s+be|have|has|"
    r"on\s+room\s+air|(?:while\s+)?breathing\s+(?:room|indoor|ambient)\s+air|at\s+rest|and\s+(?=[<>≥≤=]))\b)", re.I)
_ACRONYM_AFTER = re.compile(r"\s*\((?:[A-Za-z][\w-]{0,10})(?:\s*,\s*[A-Za-z][\w-]{0,10})?\)")
_JOIN_RX = re.compile(r"\s*(?:,|and/or|and|or|/|&)?\s*", re.I)
_RANGE_RX = re.compile(
    r"\s*(?:(?:between|from|ranging\s+from)\s+)?(" + L.NUM + r")\s*(?:-|–|to|and)\s*(" + L.NUM + r")(?![\d.,]*\s*(?:mg/kg))", re.I)
_BETWEEN_AND_RX = re.compile(r"\s*between\s+(" + L.NUM + r")\s*(\S{0,12}?)\s*and\s+(" + L.NUM + r")", re.I)
_ULN_BARE_RX = re.compile(r"\s*(?:[x×]|times)(?=\s*(?:$|[),;.]|and\b|or\b))", re.I)
_CLAUSE_END = re.compile(r"[;.](?:\s|$)")
_EVER_RX = re.compile(
    r"(?:prior|previous(?:ly)?|received|receiving|receive|treated\s+with|treatment\s+with|therapy\s+with|history\s+of|"
    r"undergone|exposure\s+to|exposed\s+to|participat\w*|administration)\b[^;.]*$", re.I)
_THERAPY_NEGATION = re.compile(r"(?:\bno\b|\bnot\b|\bwithout\b|\bnever\b|\bfree\s+of\b|\bnon-)[\w\s/,-]{0,50}$", re.I)
# the words between a negation and the therapy it denies ("no use of", "have not received",
# "without prior"): only filler, so that "not responded to rituximab" is not read as "no rituximab"
_THERAPY_DENIED = re.compile(
    r"(?:\bno\b|\bnot\b|\bwithout\b|\bnever\b|\bfree\s+of\b)\s*(?:(?:use|usage|prior|previous|previously|recent|recently|"
    r"concomitant|current|concurrent|treatment|treated|therapy|received?|receiving|exposure|exposed|administration|"
    r"administered|taken|taking|take|had|have|has|been|be|being|on|of|with|to|any|the|a|an)\s+){0,5}$", re.I)
# a denial with no window denies "ever received" only when it says so ("no prior rituximab")
_EVER_WORD_RX = re.compile(r"\b(?:prior|previous|previously|ever|received?|treated|treatment|therapy|exposure|exposed|administered)\b", re.I)
_DENIED_GAP = re.compile(
    r"(?:\s|[,()/]|\b(?:and|or|nor|use|usage|therapy|therapies|treatment|treatments|allowed|permitted|administration|"
    r"administered|received|given|exposure|products?|drugs?|agents?|medications?|is|are|was|were|been|be|of|the|any|"
    r"prior|previous|ever)\b)*", re.I)
_THERAPY_LIST_GAP = re.compile(r"\s*(?:,|/|\band/or\b|\band\b|\bor\b|\bnor\b)\s*(?:\bor\b\s*)?$", re.I)
# a dose change or an unstable dose cannot be read from a list of therapies: for a person
DOSE_CHANGE_RX = re.compile(
    r"\b(?:unstable|non-?stable|changing|changed|increas\w*|decreas\w*|adjust\w*|escalat\w*|modif\w*|fluctuat\w*)"
    r"\s+(?:\w+\s+){0,2}?doses?\b|\bchanges?\s+(?:in|of|to)\s+(?:the\s+)?(?:\w+\s+)?doses?\b"
    r"|\bdos(?:e|es|age|ing)\s+(?:\w+\s+)?(?:changes?|changed|adjustments?|adjusted|increases?|increased|escalations?|"
    r"escalated|reductions?|reduced|modifications?|modified|instability)\b|\bnot\s+(?:been\s+)?(?:on\s+)?(?:a\s+)?stable\s+doses?", re.I)
_LIST_ANY_RX = re.compile(r"\b(?:any|one|either|at\s+least\s+(?:one|1)|≥\s*1|>=\s*1)\s+of\s+the\s+following", re.I)


@dataclass
class Raw:
    check: Check | None               # None: a clause only a person can judge (`manual` holds its text)
    core: tuple[int, int]
    join: str | None = None          # forced connector to the previous check ("or")
    manual: str | None = None


@dataclass
class Extraction:
    checks: list[Raw] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    work: str = ""


_WORD_START = re.compile(r"(?<!\w)(?!(?:the|and|or|of|in|to|with|for|be|is|are|by|at|on|as|from|that|this|who|which|"
                         r"have|has|been|were|was|will|must|should|can|may|their|they|patients?|subjects?|"
                         r"participants?|study|screening|prior|before|after|during|than|within|weeks?|months?|days?)\b)"
                         r"[A-Za-z0-9]", re.I)


_STARTS: dict[str, list[int]] = {}


def _starts(s: str) -> list[int]:
    """Word starts of s, once per text (each extract reads the same text three times)."""
    got = _STARTS.get(s)
    if got is None:
        if len(_STARTS) > 64:
            _STARTS.clear()
        got = _STARTS[s] = [m.start() for m in _WORD_START.finditer(s)]
    return got


def scan(rx: re.Pattern[str], s: str, starts: list[int]):  # type: ignore[no-untyped-def]
    """rx.finditer(s), trying only word starts: the name tables are long alternations whose
    lookbehind defeats the regex engine's own first-character scan."""
    end = 0
    table = L.BY_CHAR[rx]
    for pos in starts:
        if pos < end:
            continue
        sub = table.get(s[pos])
        if sub is None:
            continue
        m = sub.match(s, pos)
        if m and m.end() > m.start():
            end = m.end()
            yield m


def _mask(s: str, a: int, b: int) -> str:
    return s[:a] + " " * (b - a) + s[b:]


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
        return num, canon, "written as x ULN; read as the INR ratio"
    if var == "total_bilirubin" and unit == "xULN":
        return num, "xULN", "times the lab's upper limit of normal"
    if canon == "%" and unit == "%" and 0 < num < 1:
        num *= 100
    if unit in ("years", "months", "weeks", "days") and var not in ("age", "sle_duration_months"):
        return None
    if unit in ("mg", "g", "10^3/µL") and var not in _CELLS:
        return None
    try:
        value = to_canonical(var, num, unit)
    except (UnitError, ValueError, ZeroDivisionError):
        return None
    return round(value, 10), canon, note


def _resolve(op: str, var: str, section: str, prev: str | None) -> tuple[str | None, bool]:
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
    if m and not L.CMP_RX.match(s, pos + (len(s[pos:]) - len(s[pos:].lstrip()))):
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
        ws = re.match(r"\s*", s[q:])
        q += ws.end() if ws else 0
        cm = L.CMP_RX.match(s, q)
        op = L.cmp_op(cm) if cm else None
        nm = _NUM_RX.match(s, cm.end() if cm else q)
        if not nm:
            break
        num = L.number(nm.group(1))
        unit, end, odd = _unit(s, nm.end())
        if odd:
            break
        post = L.POSTFIX_RX.match(s, end)
        if post and op is None:
            op = ">=" if post.group(1).lower() in L.POSTFIX_UP else "<="
            end = post.end()
            if unit is None:
                unit, end2, _ = _unit(s, end)
                end = end2 if unit else end
        if op is None:
            break
        op2, inferred = _resolve(op, var, section, prev)
        # a dual unit ("> 2.5 mg/dL or 221 µmol/L") restates the same limit: read it, keep one
        dual = re.match(r"\s*(?:or|/|\(|,)\s*(" + L.NUM + r")", s[end:])
        if dual and unit:
            u2, e2, _ = _unit(s, end + dual.end())
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
    return out, p


def _skip_gap(s: str, pos: int, limit: int) -> int:
    steps = 0
    while steps < 10 and pos < limit:
        m = _GAP_RX.match(s, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        steps += 1
    return pos


def _clause(s: str, pos: int) -> tuple[int, int]:
    start = max(s.rfind(";", 0, pos), s.rfind(". ", 0, pos))
    end_m = _CLAUSE_END.search(s, pos)
    return start + 1, (end_m.start() if end_m else len(s))


def _window(s: str, a: int, b: int, after: int) -> tuple[float, tuple[int, int]] | None:
    hits = list(L.WINDOW_RX.finditer(s, a, b))
    pick = next((h for h in hits if h.start() >= after), None) or (hits[0] if len(hits) == 1 else None)
    if pick is None:
        return None
    n = L.number(pick.group(1)) if pick.group(1) else 1.0
    return L.days(n, pick.group(2)), (pick.start(), pick.end())


def _negated(s: str, a: int, start: int, end: int, b: int) -> bool:
    return bool(L.NEGATION_BEFORE_RX.search(s[max(a, start - 40):start]) or L.NEGATIVE_AFTER_RX.match(s[end:b]))


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _specials(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]]) -> None:
    def add(var: str, op: str, value: object, unit: str | None, a: int, b: int, **kw: object) -> None:
        out.append(Raw(Check(variable=var, op=op, value=value, unit=unit, span=(a, b), **kw), (a, b)))  # type: ignore[arg-type]
        taken.append((a, b))

    if "BILAG" in s or "bilag" in s.lower():
        prev_op = None
        for m in _BILAG_RX.finditer(s):
            raw_op = None
            if m.group("cmp"):
                cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
                raw_op = L.cmp_op(cm) if cm else None
            op = raw_op or prev_op or ">="
            var = "bilag_a" if m.group("grade").upper() == "A" else "bilag_b"
            op2, inferred = _resolve(op, var, section, None)
            if op2:
                add(var, op2, L.number(m.group("n")), "domains", m.start("n") if not m.group("cmp") else m.start("cmp"), m.end(), inferred=inferred)
            prev_op = op2
    low = s.lower()
    for m in (_ACR_RX.finditer(s) if "1997" in s else ()):
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        add("sle_acr_1997_count", L.cmp_op(cm) if cm else ">=", L.number(m.group("n")), "criteria", m.start(), m.end())
    for m in (_DURATION_RX.finditer(s) if ("history" in low or "duration" in low or "diagnos" in low) else ()):
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        op = L.cmp_op(cm) if cm else ">="
        op, inferred = _resolve(op, "sle_duration_months", section, None)
        try:
            months = to_canonical("sle_duration_months", L.number(m.group("n")), m.group("u"))
        except UnitError:
            continue
        if op:
            add("sle_duration_months", op, round(months, 4), "months", m.start("cmp"), m.end(), inferred=inferred)
    for m in (_DYSPNEA_RX.finditer(s) if "dyspn" in low else ()):
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        op, inferred = _resolve(L.cmp_op(cm) if cm else "=", "dyspnea_grade", section, None)
        if op:
            add("dyspnea_grade", op, L.number(m.group("n")), "grade", m.start(), m.end(), inferred=inferred)
    for m in (_NYHA_RX.finditer(s) if ("nyha" in low or "new york" in low or "heart failure" in low) else ()):
        lo, hi = _ROMAN.get(m.group("a").upper(), 0), _ROMAN.get((m.group("b") or "").upper(), 0)
        if lo:
            op, val = (">=", lo) if (hi == 4 or m.group("up")) else ("==", lo) if not hi else (">=", lo)
            add("nyha_class", op, val, "class", m.start(), m.end())
    for m in (_DRUG_COUNT_RX.finditer(s) if _COUNT_GATE.search(s) else ()):
        dm = L.DRUG_RX.match(s, m.start("drug"))
        if not dm:
            continue
        cls = L.DRUG_IDS[int(dm.lastgroup[1:])]  # type: ignore[index]
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        op = L.cmp_op(cm) if cm else ">="
        if op in ("=", "?"):
            op = ">="
        note = None
        _, cl_end = _clause(s, dm.end())
        inc = re.search(r"\((?:including|incl\.?|e\.g\.?)\s+([^()]*)\)", s[dm.end():max(cl_end, dm.end())], re.I)
        if inc:
            note = f"the text counts {inc.group(1).strip()} among them"
            extra = [w.strip() for w in re.split(r",|\band\b|\bor\b", inc.group(1)) if w.strip()]
            members = {d.name for d in drugs_in_class(cls)}
            if any(w.lower() not in members for w in extra):
                note += f" ({cls} drugs plus {', '.join(extra)})"
        add(cls, op, int(L.number(m.group("n"))), "drugs", m.start(), dm.end() + (inc.end() if inc else 0), note=note)


_COUNT_GATE = re.compile(r"(?:at\s+least|≥|>=|more\s+than|>|=)\s*(?:\d+|one|two|three|four)\s+(?:or\s+more\s+)?(?:(?:different|kinds?\s+of|types?\s+of|of\s+the\s+following)\s+)?[a-z]", re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CMPG = r"(?P<cmp>(?:" + L.CMP_RX.pattern + r")\s*)?"
_BILAG_RX = re.compile(
    r"(?<![\w.])" + _CMPG + r"(?P<n>\d+|one|two|three|four)\s+(?:(?:organ\s+)?(?:systems?|domains?)\s+with\s+)?(?:BILAG(?:[- ]?2004)?\s+)?(?:Class|Grade)?\s*(?P<grade>[AB])\b(?!-)", re.I)
_ACR_RX = re.compile(
    r"(?P<cmp>at\s+least|≥|>=|more\s+than|>)\s*(?P<n>\d+|four|five)\s+(?:of|out\s+of)\s+(?:the\s+)?(?:11|eleven)\b[^.;]{0,90}?(?:ACR|American\s+College)[^.;]{0,40}?1997|"
    r"(?P<cmp2>)(?=a)b", re.I)
_DURATION_RX = re.compile(
    r"(?:history\s+of\s+(?:SLE|lupus|systemic\s+lupus\s+erythematosus)|(?:SLE|lupus|disease)\s+duration|diagnos\w+\s+(?:with\s+)?(?:SLE|lupus)[^.;]{0,160}?)\s*(?:of\s+|for\s+)?"
    r"(?P<cmp>at\s+least|≥|>=|more\s+than|>|over|no\s+less\s+than|=)\s*(?P<n>" + L.NUM + r"|one|two|three|six)\s*(?P<u>years?|months?|weeks?)", re.I)
_DYSPNEA_RX = re.compile(r"(?P<cmp>(?:" + L.CMP_RX.pattern + r"))\s*(?:CTCAE\s+)?grade\s+(?P<n>[0-5])\s+dyspn(?:o)?ea", re.I)
_NYHA_RX = re.compile(
    r"(?:(?:NYHA|New\s+York\s+Heart\s+Association)\s*(?:\(NYHA\)\s*)?(?:functional\s+)?(?:class|grade)\s*|(?<![\w])class\s+(?=(?:I{1,3}|IV)\s*(?:or|and|-|to|/)\s*(?:I{1,3}|IV)\s+heart\s+failure))"
    r"(?P<a>IV|I{1,3}|[1-4])\b(?:\s*(?:or|and|-|to|/)\s*(?P<b>IV|I{1,3}|[1-4])\b)?(?P<up>\s+or\s+(?:higher|greater|above|worse|more))?", re.I)
_DRUG_COUNT_RX = re.compile(
    r"(?P<cmp>at\s+least|≥|>=|more\s+than|>|=)\s*(?P<n>\d+|one|two|three|four)\s+(?:or\s+more\s+)?(?:(?:different|kinds?\s+of|types?\s+of|of\s+the\s+following)\s+)?(?P<drug>[A-Za-z])", re.I)


# cheap substring gates: each mask regex runs only on text that has one of its words
_EXCEPT_GATE = re.compile(r"except|unless|exclud|if|gilbert|in\s+case|patients\s+with|other\s+than")
_EXAMPLES_GATE = re.compile(r"includ|such|e\.?\s?g|eg|i\.e|example|exclud|like")


def extract(text: str, section: str) -> Extraction:
    s = text.replace("\\", " ")
    ex = Extraction()
    low = s.lower()
    for m in (L.EXCEPT_RX.finditer(s) if _EXCEPT_GATE.search(low) else ()):
        frag = m.group(0).strip().strip("()").strip()
        if frag:
            ex.exceptions.append(frag)
        s = _mask(s, m.start(), m.end())
    for m in (L.IF_CLAUSE_RX.finditer(s) if "if" in low else ()):
        s = _mask(s, m.start(), m.end())
    full = s
    for m in (L.EXAMPLES_RX.finditer(s) if _EXAMPLES_GATE.search(low) else ()):
        if not re.match(r"\(\s*including\s+[A-Za-z-]+\s*\)", m.group(0), re.I):
            s = _mask(s, m.start(), m.end())
    ex.work = s
    out: list[Raw] = []
    taken: list[tuple[int, int]] = []
    _specials(full if "including" in full else s, section, out, taken)
    _numeric(full, section, out, taken)
    _states(s, section, out, taken)
    _therapies(s, section, out, taken, text)
    out.sort(key=lambda r: (r.core[0], r.core[1]))
    ex.checks = out
    return ex


def _numeric(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]]) -> None:
    mentions: list[tuple[int, int, str]] = []
    starts = _starts(s)
    for rx, ids in ((L.NUMERIC_CI_RX, L.NUMERIC_CI_IDS), (L.NUMERIC_CS_RX, L.NUMERIC_CS_IDS)):
        for m in scan(rx, s, starts):
            mentions.append((m.start(), m.end(), ids[int(m.lastgroup[1:])]))  # type: ignore[index]
    mentions.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    clean: list[tuple[int, int, str]] = []
    for m in mentions:
        if clean and m[0] < clean[-1][1]:
            continue
        if _overlaps((m[0], m[1]), taken):
            continue
        paren = _ACRONYM_AFTER.match(s, m[1])   # "body mass index (BMI)": one mention
        clean.append((m[0], paren.end(), m[2]) if paren else m)
    pending: list[tuple[int, int, str]] = []
    for i, (a, b, var) in enumerate(clean):
        nxt = clean[i + 1][0] if i + 1 < len(clean) else len(s)
        pos = _skip_gap(s, b, nxt)
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
        for (ma, mb, mvar) in group:
            prev: str | None = None
            for k, (op, num, unit, inferred, va, vb) in enumerate(items):
                if op == "?":
                    op, inferred = _resolve("=", mvar, section, prev)
                    if op is None:
                        continue
                elif inferred and mvar != var:
                    op, inferred = _resolve("=", mvar, section, prev)
                    if op is None:
                        continue
                conv = convert(mvar, num, unit)
                prev = op
                if conv is None:
                    continue
                value, cunit, note = conv
                core = (ma, mb) if k == 0 else (va, vb)
                span = (ma, vb) if k == 0 else (va, vb)
                out.append(Raw(Check(variable=mvar, op=op, value=value, unit=cunit, inferred=inferred,  # type: ignore[arg-type]
                                     span=span, note=note), core))
                taken.append(span)


def _states(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]]) -> None:
    for m in scan(L.STATE_RX, s, _starts(s)):
        if _overlaps((m.start(), m.end()), taken):
            continue
        var, yes, no = L.STATE_INFO[int(m.lastgroup[1:])]  # type: ignore[index]
        a, b = _clause(s, m.start())
        neg = _negated(s, a, m.start(), m.end(), b)
        win = _window(s, a, b, m.end()) if var not in ("pregnant", "lactating", "ana", "anti_dsdna", "anti_sm") else None
        out.append(Raw(Check(variable=var, op="==", value=no if neg else yes, span=(m.start(), m.end()),
                             window_days=win[0] if win else None), (m.start(), m.end())))
    for m in (L.HYPOCOMPLEMENT_RX.finditer(s) if ("omplement" in s or "OMPLEMENT" in s) else ()):
        a, b = _clause(s, m.start())
        neg = _negated(s, a, m.start(), m.end(), b)
        out.append(Raw(Check(variable="c3_low", op="==", value=not neg, span=(m.start(), m.end())), (m.start(), m.end())))
        out.append(Raw(Check(variable="c4_low", op="==", value=not neg, span=(m.start(), m.end())), (m.start(), m.end()), join="or"))


def _therapies(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]], text: str = "") -> None:
    text = text or s
    manual_clauses: set[tuple[int, int]] = set()
    denied_end = -1              # end of the last therapy a negation denied ("no X and Y within 7 days")
    found = list(scan(L.DRUG_RX, s, _starts(s)))
    for m in found:
        span = (m.start(), m.end())
        if _overlaps(span, taken):
            continue
        drug = L.DRUG_IDS[int(m.lastgroup[1:])]  # type: ignore[index]
        a, b = _clause(s, m.start())
        if (a, b) in manual_clauses:
            continue
        if DOSE_CHANGE_RX.search(s, a, m.start()) or DOSE_CHANGE_RX.match(s, m.end(), min(b, m.end() + 40)) \
                or re.match(r"\s+dos(?:e|es|age|ing)\s+(?:\w+\s+)?(?:changes?|changed|adjust\w*|increas\w*|escalat\w*|reduc\w*|modif\w*)", s[m.end():b], re.I):
            # "received unstable doses of mycophenolate ... within 12 weeks": not "received within 12 weeks"
            manual_clauses.add((a, b))
            lo = a + len(s[a:b]) - len(s[a:b].lstrip())
            out.append(Raw(None, (lo, b), manual=text[lo:b].strip()))
            taken.append((lo, b))
            continue
        before = s[max(a, m.start() - 60):m.start()]
        denied = bool(_THERAPY_DENIED.search(before)) or (
            denied_end >= a and denied_end <= m.start() and bool(_THERAPY_LIST_GAP.fullmatch(s[denied_end:m.start()])))
        if denied and "(" in s[a:m.start()] and ")" not in s[s.rindex("(", a, m.start()):m.start()]:
            # "ANC ≥1×10⁹/L (without colony-stimulating factor therapy within 2 weeks prior to
            # testing)": how the measurement is taken, not a requirement of its own
            continue
        if denied and re.search(r"\bwithout\b", before, re.I) and re.search(r"\d", s[a:m.start()]):
            continue    # "ANC ≥ 1.5 x 10^9/L without growth factor use in the 2 weeks before": the same
        if not denied and _THERAPY_NEGATION.search(before):
            continue            # a negation that does not plainly deny this therapy: leave it
        neg = {"negated": True} if denied else {}
        win = _window(s, m.end(), b, m.end())
        if denied:
            # deny only what the words deny: "no corticosteroid injection in the SI joint within 3
            # months" is not "no corticosteroids within 3 months" -- leave such clauses to a person
            gap = s[m.end():win[1][0] if win else b]
            for other in found:
                if m.end() <= other.start() and other.end() <= m.end() + len(gap):
                    gap = gap.replace(other.group(0), " ", 1)
            if not _DENIED_GAP.fullmatch(gap):
                continue
        if win:
            out.append(Raw(Check(variable=drug, op="within", value=win[0], unit="days", span=(m.start(), win[1][1]),
                                 note=_class_note(drug), **neg), span))
        elif (_EVER_WORD_RX.search(before) if denied else
              (_EVER_RX.search(s[a:m.start()]) or re.match(r"\s*(?:prior|previous)", s[a:m.start()], re.I))):
            out.append(Raw(Check(variable=drug, op="==", value=True, span=span, note=_class_note(drug), **neg), span))
        else:
            continue
        if denied:
            denied_end = m.end()


def _class_note(drug: str) -> str | None:
    if drug in DRUG_BY_ID:
        return None
    members = [d.name for d in drugs_in_class(drug)]
    return ("counts: " + ", ".join(members)) if members else None


def list_any(text: str) -> bool:
    """Whether a lead-in says that one of the items below is enough."""
    return bool(_LIST_ANY_RX.search(text))
