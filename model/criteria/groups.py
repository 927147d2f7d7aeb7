"""Sentences that speak for a group of patients only, found beside the conditions of conditions.py.

- A note or a later sentence that names a group of patients by what they have and then says what
  they must do ("Serum creatinine <= 2.0 mg/dL (Note: Patients with a serum creatinine >= 1.4
  and <= 2.0 mg/dL must demonstrate a 24-hour urinary creatinine clearance >= 50 mL/min)", Chia
  NCT00094861 inc-13): what it asks is asked of that group, not of everyone; read as a
  requirement, a patient with a creatinine of 1.0 failed ">= 1.4".
- An exclusion whose every alternative speaks of women ("Breast-feeding women or fertile women
  not agreeing to use an effective method of contraception", Chia NCT02958072 exc-8): it
  excludes no man, whatever the clauses no check reads say.

Each is returned as a `conditions.Conditional`'s parts (sentence, condition, blank): the parser
reads the condition as a node of its own and the rest as the body it governs.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# "Patients with ... must", "Subjects who ... should", "(Note: patients receiving ... need to";
# not "... must be excluded / are not eligible": what they have is then the criterion itself
_GROUP_MUST_RX = re.compile(
    r"\s*(?:(?:note|nb|n\.b\.)\s*:\s*)?(?P<cond>(?:all\s+|any\s+)?(?:patients|subjects|participants|individuals|those)\s+"
    r"(?:with|who|on|receiving|taking|treated|having)\b[^:;()]{3,160}?)\s+"
    r"(?P<must>must|should|shall|need\s+to|needs\s+to|will\s+need\s+to|(?:are|is)\s+required\s+to|have\s+to)\s+"
    r"(?!(?:not\s+)?(?:be\s+)?(?:excluded|included|enrolled|eligible|ineligible|randomi[sz]ed|allowed|permitted|"
    r"considered|withdrawn|discontinued)\b)(?=\w)", re.I)
_NOTE_RX = re.compile(r"\s*(?:note|nb|n\.b\.)\s*:", re.I)
# an "and" just before the verb joins it to what the subject has ("Subjects who take atypical
# antipsychotic drugs, and should be maintained on ...", Chia NCT03376763): both are required
# (nor "do not need to": "Patients who have undergone an EGD within 6 months ... do not need to
# repeat the procedure", NCT05482516 exc-19, asks nothing)
_AND_BEFORE_VERB = re.compile(r",?\s*\band\s*$|\b(?:do|does|did|will)\s+not\s*$|n't\s*$", re.I)


def may_name_group(low: str) -> bool:
    """Whether _GROUP_MUST_RX may match in low (plain substring tests: its nouns and verbs)."""
    return ("must" in low or "should" in low or "shall" in low or "need" in low or "required" in low
            or "have to" in low) and ("patients" in low or "subjects" in low or "participants" in low
                                      or "individuals" in low or "those" in low)


def group_note(text: str, a: int, b: int, first: bool, low: str) -> tuple[Span, Span, list[Span]] | None:
    """(sentence, condition, blank) of a sentence text[a:b] (low: its lower case) that asks
    something of a group of patients only: a later sentence of a criterion (`first`: it is the
    criterion's first) or one labelled "Note:" that opens "Patients with X must ...", or such a
    note in brackets inside it. The criterion's first sentence, unlabelled, says whom the trial
    takes ("Patients with SLE must have ..."): not a condition."""
    if not may_name_group(low):
        return None
    if not first or _NOTE_RX.match(text, a, b):
        m = _GROUP_MUST_RX.match(text, a, b)
        if m and not _AND_BEFORE_VERB.search(m.group("cond")):
            return (a, b), m.span("cond"), [(a, m.start("must"))]
    if "(" not in low:
        return None
    i = text.find("(", a, b)
    while i >= 0:
        j = text.find(")", i, b)
        if j < 0:
            return None
        if "(" not in text[i + 1:j]:
            m = _GROUP_MUST_RX.match(text, i + 1, j)
            if m and not _AND_BEFORE_VERB.search(m.group("cond")):
                return (i + 1, j), m.span("cond"), [(i + 1, m.start("must"))]
        i = text.find("(", i + 1, b)
    return None


# an exclusion's alternatives: cut at commas, "or", "and/or" and "and"
_ALTERNATIVE_CUT = re.compile(r",|;|\b(?:and/or|or|and)\b", re.I)
_BRACKETED = re.compile(r"\([^()]*\)")
# what says a woman (a word of sex, or a state only a woman has)
_WOMAN_RX = re.compile(r"\b(?:wom[ae]n|females?|pregnan\w*|lactat\w*|breast[- ]?feed\w*|breast[- ]?fed|nursing|"
                       r"child[- ]?bearing|wocbp)\b", re.I)
_FILLER = re.compile(r"\b(?:who|are|is|the|a|an|currently|known|women's|patients?|subjects?|participants?|mothers?)\b"
                     r"|/", re.I)
_WOMEN_WORD = re.compile(r"\b(?:wom[ae]n|females?)\b", re.I)
# what names someone else beside women (a man, a partner) or everyone ("patients", "subjects")
_NOT_ONLY_WOMEN = re.compile(r"\b(?:men|males?|partners?|boys?|fathers?|sperm|everyone|anyone|all)\b", re.I)


def women_only(text: str, a: int, b: int, low: str) -> tuple[Span, Span, list[Span]] | None:
    """(sentence, condition, blank) of an exclusion's sentence text[a:b] (low: its lower case)
    every alternative of which speaks of women ("Pregnant women or women with potential
    childbearing", "Breast-feeding women or fertile women not agreeing to ..."): the condition is
    the first word naming women ("sex: female"); nothing is blanked, the body reads as before."""
    if not ("wom" in low or "female" in low) or not ("," in low or " or " in low or " and " in low or ";" in low):
        return None     # (no word of women, or no second alternative)
    # (what brackets say aside; the cheapest tests first: most sentences fail one)
    plain = _BRACKETED.sub(lambda m: " " * len(m.group(0)), text[a:b]) if "(" in low else text[a:b]
    parts = [p for p in _ALTERNATIVE_CUT.split(plain) if p.strip(" .:-")]
    if len(parts) < 2 or not all(_WOMAN_RX.search(p) for p in parts):
        return None
    words = _WOMEN_WORD.search(plain)
    if words is None or _NOT_ONLY_WOMEN.search(plain):
        return None
    if not any(_FILLER.sub(" ", _WOMAN_RX.sub(" ", p)).strip(" .:-/") for p in parts):
        return None     # "Pregnant or lactating women": the states read decide it for a man already
    return (a, b), (a + words.start(), a + words.end()), []
