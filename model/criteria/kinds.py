"""What the words around a name say it names: a treatment rather than a disease, another growth
factor than the haematopoietic one, a quantity rather than a positive test, a measured clearance
rather than an estimate.

checks.extract calls `drop_other_kinds` on the names found in a criterion before reading them,
and `limits` on the checks read from them. Each rule is gated by plain substring tests (most
criteria have none of these words) so that parsing stays fast.
"""

from __future__ import annotations

import re

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.name_table import Hit
from trialview.model.criteria.raw_checks import Raw

__all__ = ["MEASURED_CLEARANCE", "drop_other_kinds", "limits"]

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
_TREATMENT_WORDS = ("inhibit", "viral", "medic", "drug", "therap", "treat", "regimen", "agent", "prophyla", "analog")

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
    if states and any(w in low for w in _TREATMENT_WORDS):
        states = [h for h in states if not _treats(s, h)]
    if drugs and "factor" in low and any(w in low for w in _OTHER_FACTOR_WORDS):
        drugs = [h for h in drugs if not (h.id == "growth_factor" and "growth" in low[h.start:h.end] and (
            _OTHER_FACTOR_BEFORE.search(s, max(0, h.start - 40), h.start) or _RECEPTOR_AFTER.match(s, h.end)))]
    return states, drugs


def _treats(s: str, hit: Hit) -> bool:
    var = L.STATE_INFO[int(hit.id)][0]
    return var in _INFECTIONS and _TREATMENT_AFTER.match(s, hit.end) is not None


# --- a serology or viral load with a number: a quantity, not a positive test ----------------------
_INFECTIONS = frozenset({"hbsag", "hbcab", "hbv_dna", "hcv_ab", "hcv_rna", "hiv", "cmv_dna", "ebv_dna",
                         "syphilis", "tuberculosis"})
_SEROLOGY = _INFECTIONS | {"ana", "anti_dsdna", "anti_sm"}
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


def limits(s: str, low: str, out: list[Raw]) -> None:
    """Read again, in place, the checks of out whose text says they are a quantity limit (a
    serology with a number) or a measured clearance (above)."""
    if any(m in low for m in _LIMIT_MARKS):
        for k in range(len(out) - 1, -1, -1):
            c = out[k].check
            if c is not None and c.variable in _SEROLOGY and c.op == "==" and c.span is not None:
                _limit(s, out, k)
    if "clearance" in low and ("24" in low or "urin" in low or "measured" in low or "timed" in low):
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
    lo = max([0, *(m.end() for m in _CLAUSE_MARKS.finditer(s, 0, a))])
    ends = [m.start() for m in _CLAUSE_MARKS.finditer(s, b)]
    hi = ends[0] if ends else len(s)
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
