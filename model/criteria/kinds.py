"""What the words around a name say it names: a treatment rather than a disease, another growth
factor than the haematopoietic one, a quantity rather than a positive test, a measured clearance
rather than an estimate.

checks.extract calls `drop_other_kinds` on the names found in a criterion before reading them,
and `limits` on the checks read from them. Each rule is gated by plain substring tests (most
criteria have none of these words) so that parsing stays fast.
"""

from __future__ import annotations

import re
from itertools import pairwise

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.name_table import Hit
from trialview.model.criteria.raw_checks import Raw

__all__ = ["MEASURED_CLEARANCE", "drop_other_kinds", "limits"]

_UP, _DOWN = frozenset({"<", "<="}), frozenset({">", ">="})     # the ways a limit goes

# --- a disease named as what a treatment treats ---------------------------------------------------
# "HIV protease inhibitors" in a list of drugs (Chia NCT02902120 exc-15), "HCV NS5A inhibitors",
# "HBV antiviral therapy", "HIV medications": a treatment, not the patient's infection (a state
# read there would clear an HIV-negative patient of using a protease inhibitor). checks.py reads a
# plain "therapy" / "drug" straight after the name so already; these are the drug kinds that
# stand there with a word of their own between.
_TREATMENT_AFTER = re.compile(
    r"(?:\s*\([^()]{1,12}\))?[\s-]+(?:(?:protease|integrase|polymerase|reverse[\s-]+transcriptase|entry|fusion|"
    r"maturation|capsid|NS\d\w*(?:/\d\w*)?|direct[\s-]+acting|anti-?viral|anti-?retroviral)\s+)?"
    r"(?:inhibitors?|antivirals?|anti-?retrovirals?|medications?|medicines?|drugs?|therap(?:y|ies)|treatments?|"
    r"regimens?|agents?|prophylaxis|nucleos(?:\(t\)|t)?ide\s+analog(?:ue)?s?)\b", re.I)

# --- growth factors that are not the haematopoietic one -------------------------------------------
# "Previous treatment ... with a fibroblast growth factor" (Chia NCT00094861 exc-10: palifermin),
# "vascular endothelial growth factor inhibitors", "epidermal growth factor receptor": another
# growth factor than the panel's "growth factor (G-CSF)", which cannot answer for it
_OTHER_FACTOR_BEFORE = re.compile(
    r"\b(?:fibroblast|epidermal|(?:vascular\s+)?endothelial|insulin[\s-]*like|platelet[\s-]*derived|keratinocyte|nerve|"
    r"transforming|hepatocyte|connective[\s-]+tissue|placental|bone[\s-]+morphogenetic|neurotrophic|stem[\s-]+cell)"
    r"(?:\s*\([^()]{1,10}\))?[\s-]*(?:cell\s+)?$", re.I)
_OTHER_FACTOR_WORDS = ("fibro", "epiderm", "endothel", "insulin", "platelet", "keratin", "nerve", "transform",
                       "hepato", "connective", "placent", "morpho", "neurotroph", "stem")
_RECEPTOR_AFTER = re.compile(r"\s*(?:\([^()]{1,10}\)\s*)?receptors?\b", re.I)


def drop_other_kinds(s: str, low: str, states: list[Hit], drugs: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """states and drugs without the names their neighbours say are something else (above)."""
    # (each name tested only where it may be so: most criteria have no infection's name, and no
    # "factor"; a loop over the few hits is quicker than the substring tests of every word)
    for h in states:
        if h.id in _INFECTION_STATES and _TREATMENT_AFTER.match(s, h.end):
            states = [x for x in states if not (x.id in _INFECTION_STATES and _TREATMENT_AFTER.match(s, x.end))]
            break
    if drugs and "factor" in low and any(w in low for w in _OTHER_FACTOR_WORDS):
        drugs = [h for h in drugs if not (h.id == "growth_factor" and "growth" in low[h.start:h.end] and (
            _OTHER_FACTOR_BEFORE.search(s, max(0, h.start - 40), h.start) or _RECEPTOR_AFTER.match(s, h.end)))]
    return states, drugs


# --- a serology or viral load with a number: a quantity, not a positive test ----------------------
_INFECTIONS = frozenset({"hbsag", "hbcab", "hbv_dna", "hcv_ab", "hcv_rna", "hiv", "cmv_dna", "ebv_dna",
                         "syphilis", "tuberculosis"})
_SEROLOGY = _INFECTIONS | {"ana", "anti_dsdna", "anti_sm"}
_INFECTION_STATES = frozenset(str(i) for i, (var, _, _) in enumerate(L.STATE_INFO) if var in _INFECTIONS)
# "Hepatitis B virus DNA <100 IU/mL" (Chia NCT02838810 inc-4): a ceiling on the viral load, which
# an undetectable one meets; a detectable one without its number is for a person. (A floor,
# "HBV DNA > 2000 IU/mL", needs a detectable one: read as positive with the number unread, as
# before. A lost comparator, "= 1,000", is for a person.)
_LIMIT_AFTER = re.compile(
    r"\s*(?:\([^()]{1,12}\)\s*)?(?:(?:viral\s+)?(?:levels?|loads?|titers?|titres?|counts?|concentrations?|values?|"
    r"quantit(?:y|ies))\s*)?(?:(?:of|is|was|must\s+be|should\s+be)\s+|:\s*)?"
    r"(?:(?P<ceil><\s*=?|≤|=\s*<|≦|less\s+than(?:\s+or\s+equal\s+to)?|lower\s+than|below|under|up\s+to|at\s+most|"
    r"not\s+(?:to\s+)?exceed(?:ing)?|no\s+(?:more|greater|higher)\s+than)"
    r"|(?P<floor>>\s*=?|≥|=\s*>|≧|(?:more|greater|higher)\s+than(?:\s+or\s+equal\s+to)?|above|over|exceeding|at\s+least)"
    r"|(?P<equal>=))\s*(?P<n>\d[\d,.]*(?:\s*[x×]\s*10\s*\^?\s*\d+)?)"
    # (a number of another quantity is not the viral load's: "HIV <200 CD4 cells/µL", Chia NCT02462590)
    r"(?:\s*(?:IU|copies|cp|log\w*|U|international\s+units|genome)[\w/.µ]*(?:\s*/\s*m[lL])?"
    r"|(?=\s*(?:$|[.,;:)\]]|(?:and|or|at|within|in|for|on|by|prior|before|during|after)\b)))", re.I)
_LIMIT_MARKS = ("<", ">", "=", "≤", "≥", "≦", "≧", "than", "below", "under", "up to", "most", "exceed", "above", "over",
                "least")


# a clearance the text says is measured: "a 24-hour urinary creatinine clearance ≥ 50 mL/min" (Chia
# NCT00094861 inc-13). The panel's Cockcroft-Gault estimate is no such measure: only a clearance
# the panel gives answers it (the matcher reads this note, model/matching/checks.py)
MEASURED_CLEARANCE = "a measured creatinine clearance (the Cockcroft-Gault estimate does not answer it)"
_MEASURED_BEFORE = re.compile(
    r"(?:\b24[\s-]*(?:hours?|hrs?|h)\b[\s-]*(?:urin(?:e|ary)\s+)?(?:collection\s+(?:for\s+)?)?|\burin(?:e|ary)\s+|"
    r"\bmeasured\s+|\btimed\s+)(?:\w+\s+){0,1}$", re.I)
_MEASURED_AFTER = re.compile(r"[^.;]{0,40}?\b(?:24[\s-]*(?:hours?|hrs?|h)\b|urine\s+collection|measured|timed)", re.I)
_MEASURED_TAIL = re.compile(r"(?:[\s-]*(?:by|in|on|from|with|an?|urine|urinary|collections?|creatinine|clearance|"
                           r"24[\s-]*(?:hours?|hrs?|h))\b)*", re.I)
_ESTIMATED = re.compile(r"estimat|calculat|cockcroft|gault|formula|equation|mdrd|ckd[\s-]*epi|\bc-?g\b", re.I)
_CLAUSE_MARKS = re.compile(r"[.;]\s")
# the Cockcroft-Gault formula named just after a limit, as how it is measured
_COCKCROFT_AFTER = re.compile(r"[^.;]{0,25}?\b(?:by|using|with|per|according\s+to|\()?\s*(?:the\s+)?cockcroft", re.I)
# an eGFR's own formulas, and words that make the formula another's use (a subgroup's, a dose's)
# or change what it gives (normalised, ideal weight): the panel's crcl does not answer those
_NOT_CLEARANCE = re.compile(r"mdrd|ckd[\s-]*epi|schwartz|normali[sz]|surface|ideal|lean|adjust|dos(?:e|ing)|"
                            r"may\s+be\s+used|aged|older|younger|\bfor\s+(?:subjects|patients|participants)", re.I)


def _by_cockcroft(s: str, span: tuple[int, int]) -> bool:
    """Whether the eGFR limit at s[span] is one measured by the Cockcroft-Gault formula, named
    right after it: "estimated Glomerular Filtration Rate < 60 mL/min (Cockcroft-Gault
    formula)" (Chia NCT03338855), in mL/min, not per 1.73 m2; not "eGFR < 30 mL/min/1.73 m2 (for
    subjects aged 65 or older, Cockcroft-Gault may be used)" (review 15)."""
    a, b = span
    if "1.73" in s[a:b + 12]:
        return False
    m = _COCKCROFT_AFTER.match(s, b)
    if m is None:
        return False
    end = s.find(")", m.end())
    tail = s[b:end if 0 <= end - m.end() < 60 else min(len(s), m.end() + 40)]
    return _NOT_CLEARANCE.search(tail) is None


def limits(s: str, low: str, out: list[Raw], section: str, text: str) -> None:
    """Read again, in place, the checks of out (read from s, text with what is no condition of
    the criterion masked) whose text says they are a quantity limit (a serology with a number), a
    measured clearance, or one of two limits of a lab for different patients (above, below)."""
    sero = crcl = pair = False
    seen: set[str] = set()          # the variables of the limits read
    for raw in out:                 # (one walk over the few checks: most criteria need none of this)
        c = raw.check
        if c is None:
            continue
        var = c.variable
        if var in _SEROLOGY:
            sero = True
        elif var == "crcl":
            crcl = True
        if c.op in _UP or c.op in _DOWN:
            if var in seen:
                pair = True
            seen.add(var)
    if sero and any(m in low for m in _LIMIT_MARKS):
        for k in range(len(out) - 1, -1, -1):
            c = out[k].check
            if c is not None and c.variable in _SEROLOGY and c.op == "==" and c.span is not None:
                _limit(s, out, k)
    if pair and _CONDITION_WORDS.search(low):
        _two_limits(s, out, section == "inclusion")
    if seen and "ULN" in text and ("(" in text or "[" in text):
        _relaxed_in_brackets(s, text, out)
    if "egfr" in seen and not crcl and ("cockcroft" in low or "gault" in low):
        # "estimated Glomerular Filtration Rate < 60 mL/min (Cockcroft-Gault formula)": the
        # formula estimates a creatinine clearance, the panel's crcl, not its eGFR (audit 15)
        for k, raw in enumerate(out):
            c = raw.check
            if c is not None and c.variable == "egfr" and c.span is not None and _by_cockcroft(s, c.span):
                out[k] = Raw(c.model_copy(update={"variable": "crcl", "unit": "mL/min"}), raw.core, raw.join, raw.manual)
    if crcl and "clearance" in low and ("24" in low or "urin" in low or "measured" in low or "timed" in low):
        for k, raw in enumerate(out):
            c = raw.check
            if c is not None and c.variable == "crcl" and c.span is not None:
                _measured(s, out, k)


def _limit(s: str, out: list[Raw], k: int) -> None:
    raw = out[k]
    c = raw.check
    assert c is not None and c.span is not None
    _, yes, no = next(info for info in L.STATE_INFO if info[0] == c.variable)
    if c.value != yes:
        return      # "HBV DNA negative (< 20 IU/mL)": the result is said
    if "emia" in s[c.span[0]:c.span[1]].lower():
        return      # "HCV viremia = 1,000 IU/ml": the virus found, by its word; its number stays unread
    m = _LIMIT_AFTER.match(s, c.span[1])
    if m is None:
        return
    if m.group("floor"):
        return
    if m.group("equal"):
        del out[k]          # a lost comparator: whether a floor or a ceiling, a person reads it
        return
    at = m.start("ceil")
    out[k] = Raw(c.model_copy(update={"value": no}), raw.core, raw.join, raw.manual)
    # (the person reads the name with its number: "Hepatitis B virus DNA <100 IU/mL")
    out.insert(k + 1, Raw(None, (at, m.end()), join="or", manual=s[c.span[0]:m.end()].strip()))


def _measured(s: str, out: list[Raw], k: int) -> None:
    raw = out[k]
    c = raw.check
    assert c is not None and c.span is not None
    a, b = c.span
    # the clause around the check (looked for from the check out: linear in a long text)
    cut = max(s.rfind(". ", 0, a), s.rfind("; ", 0, a), s.rfind(".\n", 0, a), s.rfind(";\n", 0, a))
    lo = cut + 2 if cut >= 0 else 0
    end = _CLAUSE_MARKS.search(s, b)
    hi = end.start() if end else len(s)
    if _ESTIMATED.search(s, lo, hi):
        return      # "either measured or estimated by Cockcroft-Gault equation" (Chia NCT02519777)
    before = _MEASURED_BEFORE.search(s, max(lo, a - 45), a)
    after = _MEASURED_AFTER.match(s, b, hi) if before is None else None
    if before is None and after is None:
        return
    # (the words that say how it is measured are read with the check)
    if before is not None:
        span = (before.start(), b)
    else:
        assert after is not None
        tail = _MEASURED_TAIL.match(s, after.end())
        span = (a, tail.end() if tail else after.end())
    out[k] = Raw(c.model_copy(update={"note": MEASURED_CLEARANCE, "span": span}), raw.core, raw.join, raw.manual)


# --- two limits of one lab, the second for some patients ----------------------------------------
# "ALT and AST <2.5 × ULN; liver metastases, if any, the ALT and AST<5 × ULN" (Chia NCT02426034
# inc-9), "AST, ALT<2.5X ULN (<5 X ULN if liver metastases are present)": whoever is in the group
# the other limit names, the patient must be within the looser of the two and is certainly in
# if within the stricter; between them, whether the patient is in that group decides, which a
# person reads. Read as both limits for everyone, a patient with liver metastases and ALT 3.75 ×
# ULN was failed. So the stricter check (for the patient) is joined to that question: in an
# inclusion, "or" (meeting it meets the pair); in an exclusion, "and", binding first (the
# broader exclusion holds only with it; joins.py reads the join "with" so).
_CONDITION_WORDS = re.compile(
    r"\b(?:if|in\s+case|presence|absence|patients?|subjects?|participants?|those|cases?|with|when|where|unless|"
    r"metasta\w*|involvement|infiltrat\w*|gilbert\w*|cohorts?|arms?|groups?)\b")
_PAIR_MOST = 200        # characters between the two limits at most


def _ranged(out: list[Raw]) -> set[str]:
    """The variables out reads limits of both ways ("BMI of 30-40 kg/m2"): a range, whose two
    checks join by the range's words, which a question put between them would break."""
    ups = {r.check.variable for r in out if r.check is not None and r.check.op in _UP}
    return ups & {r.check.variable for r in out if r.check is not None and r.check.op in _DOWN}


def _two_limits(s: str, out: list[Raw], inclusion: bool) -> None:
    ranged = _ranged(out)
    # the limits of each lab, unit and way, in text order: each is paired with the next one only
    # (linear in the checks: a long text repeats its limits, tests/unit/test_parse_scaling.py)
    ways: dict[tuple[str, str | None, bool, float | None], list[tuple[int, int]]] = {}
    for i, raw in enumerate(out):
        c = raw.check
        if c is None or c.span is None or (c.op not in _UP and c.op not in _DOWN) or isinstance(c.value, bool) \
                or not isinstance(c.value, (int, float)) or c.variable in ranged:
            continue
        ways.setdefault((c.variable, c.unit, c.op in _UP, c.window_days), []).append((c.span[0], i))
    found: list[tuple[int, str, str]] = []      # (index of the check to join, how, the other limit)
    for (_var, _unit, up, _window), limits_of in ways.items():
        if len(limits_of) < 2:
            continue
        limits_of.sort()
        for (_, i), (_, j) in pairwise(limits_of):
            c, d = out[i].check, out[j].check
            assert c is not None and d is not None and c.span is not None and d.span is not None
            if d.value == c.value:
                continue
            gap = s[c.span[1]:d.span[0]]
            if len(gap) > _PAIR_MOST or (not _CONDITION_WORDS.search(gap.lower()) and
                                         not _CONDITION_WORDS.search(s[d.span[1]:d.span[1] + 60].lower())):
                continue
            # the check whose truth holds for fewer values: "< 2.5" of "< 2.5" and "< 5"
            narrow_first = (c.value < d.value) == up     # type: ignore[operator]  # numbers (ways above)
            narrow, broad = (i, j) if narrow_first else (j, i)
            # (the person reads the words of the other limit: "liver metastases, if any, the
            # ALT and AST<5 × ULN")
            words = s[c.span[1]:d.span[1]].strip(" ;,.")
            found.append((narrow, "or", words) if inclusion else (broad, "with", words))
    for k, how, words in sorted(set(found), reverse=True):
        _ask_which(out, k, how, words)


def _ask_which(out: list[Raw], k: int, how: str, words: str) -> None:
    """Join out[k] to the question of which limit is the patient's, by `how`."""
    # (placed at the end of the check's own name: "ALT and AST <2.5 × ULN" reads two checks
    # whose spans end alike)
    end = out[k].core[1]
    out.insert(k + 1, Raw(None, (end, end), join=how, manual=f"whether this other limit is the patient's: {words}"))


# "AST and ALT <= 2.5 x ULN (<= 5 x ULN if liver metastases are present)": the bracket, read as an
# exception of the criterion (checks.py masks it), offers another limit of the values just
# before it to some patients; two values read, the matcher cannot hold it open for them
# (excepted.py), and a patient with liver metastases and ALT 3.75 x ULN was failed. The checks
# it follows are joined to the question of the group as in _two_limits: the narrower of the two
# limits by "or" (meeting it meets both), the broader by "and" binding first (failing it fails both).
_BRACKET_LIMIT = re.compile(
    r"\s*[(\[]\s*(?:or\s+)?(?P<names>[A-Za-z][\w\s,/-]{0,40}?\s*)?(?P<cmp><\s*=?|≤|=\s*<|>\s*=?|≥|=\s*>)\s*(?P<n>\d+(?:[.,]\d+)?)\s*(?:x|×|times)?\s*"
    r"(?:the\s+)?(?:ULN|upper\s+limits?\s+of\s+normal)\b(?P<rest>[^()\[\]]{0,100})[)\]]", re.I)
_GROUP_AFTER = re.compile(r"\b(?:if|in|for|with|when|where|unless|due|attributable|metasta\w*|gilbert\w*|"
                          r"involvement)\b", re.I)


def _relaxed_in_brackets(s: str, text: str, out: list[Raw]) -> None:
    marks: list[tuple[int, str, str]] = []
    ranged = _ranged(out)
    for k, raw in enumerate(out):
        c = raw.check
        if c is None or c.span is None or c.unit != "xULN" or (c.op not in _UP and c.op not in _DOWN) \
                or isinstance(c.value, bool) or not isinstance(c.value, (int, float)) or c.variable in ranged:
            continue
        m = _BRACKET_LIMIT.match(text, c.span[1])
        if m is None or not _GROUP_AFTER.search(m.group("rest")) or s[m.start("cmp"):m.end()].strip():
            continue        # (what a check reads is not masked in s: _two_limits has it)
        if m.group("names") and c.variable not in _names(m.group("names")):
            continue        # "(total bilirubin ≤ 3 × ULN for Gilbert's)" after ALT: another lab's
        up = m.group("cmp").replace(" ", "").strip("=") in ("<", "≤", "")
        if up != (c.op in _UP):
            continue
        other = float(m.group("n").replace(",", "."))
        if other == c.value:
            continue
        narrow = (c.value < other) == up
        marks.append((k, "or" if narrow else "with", text[m.start("cmp"):m.end() - 1].strip()))
    for k, how, words in reversed(marks):
        _ask_which(out, k, how, words)


def _names(words: str) -> set[str]:
    """The lab variables words name ("AST and ALT")."""
    ci, cs, _, _ = L.NAMES.find(words)
    return {h.id for h in (*ci, *cs)}
