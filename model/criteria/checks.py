"""One criterion's text -> checks, with the and/or structure the words give them.

Reading order: mask what is not a condition of this criterion (exceptions, example lists, "if"
clauses), read the special phrasings (BILAG counts, ACR 1997, disease duration, drug counts:
specials.py), then numbers after variable names (numbers.py), then words and states (here),
then therapies with time windows (therapies.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from operator import attrgetter

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.kinds import drop_other_kinds, limits
from trialview.model.criteria.name_table import Hit
from trialview.model.criteria.numbers import numeric
from trialview.model.criteria.patterns import finditer_at_words, lower_of, lowers_alike
from trialview.model.criteria.clauses import TextIndex, masked
from trialview.model.criteria.exception_tail import exception_spans, may_name as may_list_exceptions
from trialview.model.criteria.performance import may_name as may_perform, performance
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.sex_ages import may_name_sex, sex_with_age
from trialview.model.criteria.sexes import may_alternate, sex_alternatives
from trialview.model.criteria.specials import specials
from trialview.model.criteria.therapies import therapies
from trialview.model.criteria.states import states as read_states
from trialview.model.criteria.whose import not_the_patients_age, other_ages

__all__ = ["Extraction", "Raw", "extract", "list_any", "list_any_words"]

_LIST_ANY_RX = re.compile(r"\b(?:any|one|either|at\s+least\s+(?:one|1)|≥\s*1|>=\s*1)\s+of\s+the\s+following", re.I)
# a lead-in that ends on its alternatives' word ("an adult carer in the household who is either:")
_EITHER_END_RX = re.compile(r"\b(?:either|(?:any|one)\s+of(?:\s+these)?)\s*:$", re.I)
# gates: each mask regex runs only on text that has one of these words
_EXCEPT_GATE = re.compile(r"except|unless|exclud|if|gilbert|in\s+case|patients\s+with|other\s+than")
_IN_CASE, _PATIENTS_WITH, _OTHER_THAN = re.compile(r"in\s+case"), re.compile(r"patients\s+with"), re.compile(r"other\s+than")
_EXAMPLES_GATE = re.compile(r"includ|such|e\.?\s?g|eg|i\.e|example|exclud|like")
_E_G = re.compile(r"e(?:\.\s?|\s)g")          # what _EXAMPLES_GATE finds beyond its plain words
# what every match of L.EXCEPT_RX / L.EXAMPLES_RX starts with: they are tried there only
# (patterns.finditer_at_words), not at every position of the text
_EXCEPT_STARTS = ("(", "except", "unless", "other", "but")
_EXAMPLES_STARTS = ("(", "including", "such", "e.g.", "for example", "for instance", "example")
_KEPT_EXAMPLE = re.compile(r"\(\s*including\s+[A-Za-z-]+\s*\)", re.I)
# what an "including" adds beyond the name it follows, no example of it: "an investigational agent
# (including different formulation and generic agents of investigational drug)" (audit 14: a
# complete history with no trial cleared it): read as the text's own words, unread, one more way
# (unread._keep)
BROADENS = re.compile(r"\b(?:generics?|formulations?|biosimilars?)\b", re.I)
_FUTURE_RX = re.compile(r"\b(?:expected|anticipated|likely|predicted)\s+to\s+(?:develop|have|experience|become|"
                        r"require|need|reach)\b[^;]*?(?=;|\.(?:\s|$)|$)", re.I)
# A sentence about how screening is done, not about the patient: "HCV RNA testing is not required
# in participants with negative HCV antibody testing", "HIV testing is required unless mandated
# by a local health authority". Its values are the procedure's (who is tested), not a condition
# of the criterion: the sentence is left to a person.
_PROCEDURE_RX = re.compile(r"(?:(?<=[.;:])|^)[^.;:]*?\b(?:test(?:s|ing)?|assays?|screening)\s+(?:is|are|will\s+be)\s+"
                           r"(?:not\s+(?:required|needed|necessary|mandatory)|(?:required|mandatory)\s+unless)\b[^;]*?"
                           r"(?=;|\.(?:\s|$)|$)"
                           # "No HIV testing is required unless mandated by a local health authority"
                           r"|(?:(?<=[.;:])|^)\s*no\s+[^.;:]*?\b(?:test(?:s|ing)?|assays?|screening)\s+(?:is|are|will\s+be)\s+"
                           r"(?:required|needed|necessary|mandatory)\b[^;]*?(?=;|\.(?:\s|$)|$)", re.I)


def is_procedure(text: str) -> bool:
    """Whether text (a sentence) says how screening is done, not something of the patient."""
    return ("requir" in text or "need" in text or "necessar" in text or "mandator" in text) and \
        _PROCEDURE_RX.match(text) is not None
_CORE = attrgetter("core")       # a raw check's span, to sort by


@dataclass
class Extraction:
    """What one criterion's text gives: its checks, its "except ..." clauses, and the text the
    checks were read from (`work`: masked clauses blanked out, offsets kept)."""

    checks: list[Raw] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    work: str = ""
    # spans blanked out of `work` that the criterion keeps all the same: "except ..." clauses
    # (in `exceptions`) and example lists of what a check reads ("such as heart, lung")
    kept: list[tuple[int, int]] = field(default_factory=list)
    # of those, the example lists
    examples: list[tuple[int, int]] = field(default_factory=list)


def _may_except(s: str, low: str) -> bool:
    """Whether EXCEPT_RX runs on s (low: s.lower()): where _EXCEPT_GATE finds one of its words,
    and EXCEPT_RX can match at all (it needs a "(", or "except", "unless", "other than" or "but
    excluding" in any case; the pieces tested have no letter that matches a non-ASCII one when
    case is ignored, see patterns.FOLDS). Plain substring tests first: they are quicker. A text
    with one of FOLDS ("unlesſ") is left to the regex."""
    if not lowers_alike(s):
        return True
    if not ("(" in s or "except" in low or "unle" in low or "other" in low or "exclud" in low):
        return False
    return ("except" in low or "unless" in low or "exclud" in low or "if" in low or "gilbert" in low
            # (of _EXCEPT_GATE's words only these three can be left here: each regex with its word)
            or ("case" in low and _IN_CASE.search(low) is not None)
            or ("with" in low and _PATIENTS_WITH.search(low) is not None)
            or ("than" in low and _OTHER_THAN.search(low) is not None))


def _may_give_examples(s: str, low: str) -> bool:
    """Whether EXAMPLES_RX runs on s: where _EXAMPLES_GATE finds one of its words in low, and
    EXAMPLES_RX can match at all (it needs a "(", "including" or "such as"; as _may_except)."""
    if not lowers_alike(s):
        return True
    if not ("(" in s or "nclud" in low or "uch" in low or "e.g." in low or "example" in low or "instance" in low):
        return False
    return ("eg" in low or "includ" in low or "such" in low or "i.e" in low or "example" in low
            or "exclud" in low or "like" in low or bool(_E_G.search(low)))


def extract(text: str, section: str) -> Extraction:
    """The checks of one criterion's text, in text order."""
    s = text.replace("\\", " ")
    exceptions: list[str] = []
    kept: list[tuple[int, int]] = []
    low = lower_of(s)
    # a sentence about how screening is done is no criterion's: its "unless ..." is no exception
    # (found before the exceptions are masked: "No HIV testing is required unless mandated ...")
    procedure: list[tuple[int, int]] = []
    if "required" in low or "needed" in low or "necessary" in low or "mandatory" in low:
        procedure = [m.span() for m in _PROCEDURE_RX.finditer(s)]
    # exceptions listed after the requirement, people an exclusion says are eligible
    # (exception_tail.py): read by no check
    if may_list_exceptions(low) and (tails := exception_spans(s, section)):
        for a, b in tails:
            exceptions.append(" ".join(s[a:b].split()).strip(" ,;:."))
        kept.extend(tails)
        s = masked(s, tails)
    # (each mask only when its regex found something: most criteria have none of them)
    if _may_except(s, low):
        blank: list[tuple[int, int]] = []      # masked all at once: one copy of s, not one per match
        for m in finditer_at_words(L.EXCEPT_RX, s, _EXCEPT_STARTS):
            if procedure and any(a <= m.start() < b for a, b in procedure):
                continue
            frag = m.group(0).strip().strip("()").strip()
            if frag[:1].lower() in "ies" and (lead := L.EXAMPLES_THEN_EXCEPT.match(frag)):
                # "(including, but not limited to, tuberculosis ..., but excluding onychomycosis)":
                # the examples are of what the criterion names; the exception is what follows
                # the word that excludes
                frag = frag[lead.end():]
            if frag:
                exceptions.append(frag)
            blank.append(m.span())
        if blank:
            kept.extend(blank)
            s = masked(s, blank)
    if "not excluded" in low or (section == "exclusion" and ("allowed" in low or "permitted" in low)):
        # a sentence that says whom the criterion does not exclude ("However, patients receiving
        # corticosteroids ... are not excluded", Chia: read as one more way to be excluded) is
        # an exception: it can only speak for the patient
        spans = [m.span() for m in _NOT_EXCLUDED_RX.finditer(s)]
        for x, y in spans:
            exceptions.append(s[x:y].strip())
        if spans:
            kept.extend(spans)
            s = masked(s, spans)
    if "expect" in low or "anticipat" in low or "likely" in low or "predicted" in low:
        # "Expected to develop neutropenia (ANC <500 cells/uL) lasting more than 10 days": a value
        # to come, not today's: what follows, to the clause's end, is left to a person
        ahead = [(m.start(), m.end()) for m in _FUTURE_RX.finditer(s)]
        if ahead:
            s = masked(s, ahead)
    if procedure:
        s = masked(s, procedure)
    if "if" in low and _may_open_if(s):
        ifs = [m.span() for m in L.IF_CLAUSE_RX.finditer(s)]
        if ifs:
            s = masked(s, ifs)
    full = s
    examples: list[tuple[int, int]] = []
    if _may_give_examples(s, low):
        examples = [m.span() for m in finditer_at_words(L.EXAMPLES_RX, s, _EXAMPLES_STARTS)
                    if not _KEPT_EXAMPLE.match(m.group(0)) and not BROADENS.search(m.group(0))]
        if examples:
            kept.extend(examples)
            s = masked(s, examples)
    out: list[Raw] = []
    taken: list[tuple[int, int]] = []
    numeric_ci, numeric_cs, states, drugs = L.NAMES.find(s)
    if states or drugs:     # a treatment named by its disease, another growth factor (kinds.py)
        states, drugs = drop_other_kinds(s, low, states, drugs)
    if full != s:       # numbers are read with the example lists ("such as ANC > 1500") in
        numeric_ci, numeric_cs, full_states, _ = L.NAMES.find(full)
        if examples:
            # a state an example names that the panel records on its own ("Serious infections
            # such as tuberculosis"): the head's check does not read it, so it is not covered
            named = _inside(full_states, examples)
            if named:
                kept = _without(kept, named)
    specials(full if "including" in full else s, section, out, taken)
    if may_perform(low):        # ECOG / Karnofsky performance status, behind its words (performance.py)
        performance(s, out, taken)
    if ("male" in low or "men" in low) and may_alternate(s, low):
        sex_alternatives(s, out, taken)
    if numeric_ci or numeric_cs:
        numeric(full, section, out, taken, [*numeric_ci, *numeric_cs])
    if others := other_ages(full, low):     # "gestational age > 20 weeks": no age of the patient's (whose.py)
        out[:] = [r for r in out if not (r.check and r.check.variable == "age" and not_the_patients_age(r.core[0], others))]
    if out and may_name_sex(s, low, out):
        sex_with_age(s, out, taken)     # "Women aged 18-45": the sex read with the age (sex_ages.py)
    index = None        # shared by the states and the therapies of s (when it has either)
    if states or "omplement" in s or "OMPLEMENT" in s:
        index = TextIndex(s, section == "inclusion")
        read_states(s, out, taken, states, index)
    if drugs:
        therapies(s, section, out, taken, drugs, text, index or TextIndex(s, section == "inclusion"))
    if out:             # a serology's quantity limit, a measured clearance (kinds.py)
        limits(s, low, out, section, text)
    out.sort(key=_CORE)
    # (made once, from what was read: a dataclass's default factories cost more than the rest)
    return Extraction(out, exceptions, s, kept, examples)


def _inside(hits: list[Hit], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the hits (in text order) that start inside one of spans (in text order)."""
    out = []
    k = 0
    for start, end, _ in hits:
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start:
            out.append((start, end))
    return out


def _without(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spans with the holes cut out of them (holes in text order, not overlapping)."""
    out = []
    for a, b in spans:
        i = bisect_left(holes, (a, -1))
        while i < len(holes) and holes[i][0] < b:
            h0, h1 = holes[i]
            if h0 > a:
                out.append((a, h0))
            a = max(a, h1)
            i += 1
        if a < b:
            out.append((a, b))
    return out


_NOT_EXCLUDED_RX = re.compile(r"(?:(?<=[.;]\s)|^)[^.;]*?\b(?:(?:are|is|will)\s+not\s+(?:be\s+)?excluded|(?:are|is)\s+"
                              r"(?:still\s+)?(?:allowed|permitted))\b[^.;]*", re.I)


def _may_open_if(s: str) -> bool:
    """Whether L.IF_CLAUSE_RX may match in s (masked: blanks count as the white space they are):
    an "if" with only white space before it, or white space after ".", ";" or ":". (The
    case-blind regex tried every position of each text with an "if" in a word: "specified".)"""
    if not lowers_alike(s):
        return True
    low = lower_of(s)
    i = low.find("if")
    while i >= 0:
        j = i
        while j > 0 and low[j - 1].isspace():
            j -= 1
        if j == 0 or (j < i and low[j - 1] in ".;:"):
            return True
        i = low.find("if", i + 1)
    return False


def list_any(text: str) -> bool:
    """Whether a lead-in says that one of the items below is enough."""
    return list_any_words(text) is not None


def list_any_words(text: str) -> str | None:
    """The words that say one of the items below is enough ("at least 1 of the following",
    "... who is either:")."""
    if text.endswith(":") and (end := _EITHER_END_RX.search(text)):
        return end.group(0)
    if lowers_alike(text) and "following" not in lower_of(text):
        return None         # (every match holds it: the case-blind scan of every position spared)
    m = _LIST_ANY_RX.search(text)
    return m.group(0) if m else None
