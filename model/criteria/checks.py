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
from trialview.model.criteria.clauses import Taken, TextIndex, masked
from trialview.model.criteria.exception_tail import exception_spans, may_name as may_list_exceptions
from trialview.model.criteria.performance import may_name as may_perform, performance
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.sex_ages import may_name_sex, sex_with_age
from trialview.model.criteria.sexes import may_alternate, sex_alternatives
from trialview.model.criteria.specials import specials
from trialview.model.criteria.therapies import therapies
from trialview.model.criteria.tree import Check
from trialview.model.criteria.malignant import not_a_neoplasm
from trialview.model.criteria.narrowed import (NARROWER, malignancy_kind, malignancy_now, narrower, test_named,
                                               transplant_kind, transplant_to_come, unless_said_plainly)
from trialview.model.criteria.whose import POSITIVE as _POSITIVE, not_the_patients, not_the_patients_age, other_ages

__all__ = ["Extraction", "Raw", "extract", "list_any", "list_any_words"]

_LIST_ANY_RX = re.compile(r"\b(?:any|one|either|at\s+least\s+(?:one|1)|≥\s*1|>=\s*1)\s+of\s+the\s+following", re.I)
# gates: each mask regex runs only on text that has one of these words
_EXCEPT_GATE = re.compile(r"except|unless|exclud|if|gilbert|in\s+case|patients\s+with|other\s+than")
_IN_CASE, _PATIENTS_WITH, _OTHER_THAN = re.compile(r"in\s+case"), re.compile(r"patients\s+with"), re.compile(r"other\s+than")
_EXAMPLES_GATE = re.compile(r"includ|such|e\.?\s?g|eg|i\.e|example|exclud|like")
_E_G = re.compile(r"e(?:\.\s?|\s)g")          # what _EXAMPLES_GATE finds beyond its plain words
# what every match of L.EXCEPT_RX / L.EXAMPLES_RX starts with: they are tried there only
# (patterns.finditer_at_words), not at every position of the text
_EXCEPT_STARTS = ("(", "except", "unless", "other", "but")
_EXAMPLES_STARTS = ("(", "including", "such")
_KEPT_EXAMPLE = re.compile(r"\(\s*including\s+[A-Za-z-]+\s*\)", re.I)
# a state word that names a therapy or a test rather than the state ("biological cancer therapy",
# "treatment for cancer", "confirmed by pregnancy test"): read only with a result word
# (a vaccine against it is no infection either: "Previous participation in an HIV vaccine trial")
_TREATS_AFTER = re.compile(r"[ -](?:therapy|therapies|treatments?|drugs?|agents?|medications?|regimens?|vaccines?|vaccination)\b",
                           re.I)
_TREATS_BEFORE = re.compile(r"\b(?:(?:treatment|therapy|therapies|drugs?|medications?)\s+(?:for|of)\s+(?:the\s+|an?\s+)?"
                            r"(?:[\w-]+\s+){0,2}|anti-?)$", re.I)
_TEST_AFTER = re.compile(r"\s?(?:\([^()]{1,12}\)\s?)?(?:tests?|testing|screening|assays?)\b", re.I)
# "non-" before a state: it denies an adjective ("non-pregnant"); before a disease's name it
# names another disease, which no variable reads
_NON_BEFORE = re.compile(r"\bnon[- ]?$", re.I)
_NON_DENIES = frozenset({"pregnant", "lactating", "childbearing_potential"})
# a state named as what a finding may mean, not as the patient's ("an abnormality suggestive of a
# current active infection or malignancy", "nodules (marker of infection or metastatic lung cancer)")
_MEANS_BEFORE = re.compile(r"\b(?:markers?|suggestive|indicative|concerning|suspicious|consistent)\s+(?:of|for|with)\s+"
                           r"(?:[\w-]+,?\s+(?:or\s+|and\s+)?){0,5}$", re.I)
_PARTNER_AFTER = re.compile(r"\s*(?:[\w-]+\s+){0,2}?partners?\b", re.I)
_PARTNER_BEFORE = re.compile(r"\bpartners?\b(?:\s*\(s\))?\s+(?:who\s+(?:is|are)\s+|(?:is|are)\s+|[\w-]+\s+){0,3}$", re.I)
# "for the duration of the pregnancy", "throughout the pregnancy": a pregnancy spoken of, not a state
_A_PREGNANCY_BEFORE = re.compile(r"(?:\b(?:duration|course|end|outcome|term)\s+of|\b(?:during|throughout))\s+(?:the|her|their)\s+$",
                                 re.I)
# what a measure is to prevent is no state of the patient ("contraception to prevent pregnancy")
_PREVENT_BEFORE = re.compile(r"\b(?:prevent(?:ing)?|avoid(?:ing)?)\s+(?:a\s+|any\s+)?$", re.I)
# nor what a patient may come to be ("active attempt to become pregnant", "sexual activity that
# could lead to pregnancy", "agrees to avoid becoming pregnant", Chia NCT01954056 / NCT02543255):
# not a state today
_TO_BECOME_BEFORE = re.compile(r"\b(?:becom(?:e|es|ing)|get(?:s|ting)?|lead(?:s|ing)?\s+to|result(?:s|ing)?\s+in)\s+(?:a\s+)?$",
                               re.I)
_TEST_END = re.compile(r"\b(?:tests?|testing)$", re.I)
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
_NO_WINDOW = ("pregnant", "lactating", "ana", "anti_dsdna", "anti_sm")
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


# a state named as the cause of something else ("due to substance use or HIV", "secondary to")
_CAUSE_BEFORE = re.compile(r"\b(?:due|secondary|attributable|attributed|related)\s+to\s+(?:[\w-]+\s+){0,4}?"
                           r"(?:(?:or|and|and/or)\s+)?$|\bcaused\s+by\s+(?:[\w-]+\s+){0,4}?(?:(?:or|and)\s+)?$", re.I)
# a denied clause of its own between a state and a window after it
_DENIED_BETWEEN = re.compile(r"\b(?:no|not|without|never|free\s+(?:of|from))\b", re.I)
# the pregnancy a complication belongs to ("eclampsia ... in this pregnancy", audit 12: every
# pregnant patient of an obstetric trial was excluded)
_THIS_PREGNANCY = re.compile(r"\b(?:in|during|of)\s+(?:this|the\s+current|the\s+present|her\s+current|the\s+index)\s+$",
                             re.I)


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
    if not ("(" in s or "nclud" in low or "uch" in low):
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
                    if not _KEPT_EXAMPLE.match(m.group(0))]
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
        index = TextIndex(s)
        _states(s, out, taken, states, index)
    if drugs:
        therapies(s, section, out, taken, drugs, text, index or TextIndex(s))
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


def _states(s: str, out: list[Raw], taken: list[tuple[int, int]], found: list[Hit], index: TextIndex) -> None:
    """Checks of the words and states found in s ("HBsAg positive", "pregnant", "no malignancy")."""
    done = Taken(taken)
    alike = lowers_alike(s)
    said: dict[str, Check] = {}         # the last check read of each variable
    first, narrowed = len(out), False   # (a narrower state read: narrowed.py)
    for start, end, state in found:
        if done.overlaps((start, end)):
            continue
        var, yes, no = L.STATE_INFO[int(state)]
        a, b = index.clause(start)
        # the 50 characters before the state, lower-cased: what the regexes looking back need
        near = s[max(a, start - 50):start].lower() if alike else _EVERY_WORD
        if _TREATS_AFTER.match(s, end) or (_may_treat(near) and _TREATS_BEFORE.search(s, max(a, start - 30), start)):
            continue        # "cancer therapy", "treatment for cancer": a therapy, not the state itself
        if (_may_mean(near) and _MEANS_BEFORE.search(s, max(a, start - 50), start)) or \
                (("prevent" in near or "avoid" in near) and _PREVENT_BEFORE.search(s, max(a, start - 20), start)) or \
                (("becom" in near or "get" in near or "lead" in near or "result" in near)
                 and _TO_BECOME_BEFORE.search(s, max(a, start - 20), start)):
            continue
        if var in _NON_DENIES and (_PARTNER_AFTER.match(s, end) or _PARTNER_BEFORE.search(s, max(a, start - 40), start)
                                   or _A_PREGNANCY_BEFORE.search(s, max(a, start - 30), start)):
            # "a pregnant female partner", "partners who are pregnant": the partner's, not the patient's
            continue        # "nodules (marker of infection or metastatic lung cancer)": what a finding may mean
        if var == "childbearing_potential":
            _not_childbearing(s, start, end, out)
            continue
        if not_the_patients(s, a, start, end, b, near):
            continue
        if var == "malignancy_history" and _may_deny(s[max(a, start - 80):start].lower()) and \
                _NO_CURRENT_BEFORE.search(s, max(a, start - 80), start):
            continue        # "No evidence of residual cancer on CT scan": see _NO_CURRENT_BEFORE
        if var not in _NON_DENIES and _NON_BEFORE.search(s, max(a, start - 4), start):
            continue        # "non-small cell lung cancer", "to non-central nervous system disease": another thing
        before = said.get(var)
        if before is not None and before.span is not None and a <= before.span[1] <= start and \
                s.count("(", before.span[1], start) > s.count(")", before.span[1], start):
            # in brackets after a mention of the same state, how it is found: "Pregnancy (a
            # negative serum or urine pregnancy test should be available ...) or lactation" (Chia
            # NCT02596555) excludes a pregnancy, not a woman who is not pregnant; read as that
            # mention's own words
            out.append(Raw(before.model_copy(update={"span": (start, end)}), (start, end)))
            continue
        neg = index.negated(a, start, end, b)
        if not neg and before is not None and before.span is not None and before.value == no and yes != no and \
                a <= before.span[1] <= start and not _POSITIVE.search(s, before.span[1], b):
            # named again with no result of its own after a denied mention, how that one is
            # found: "HIV negative by 4th generation test (Ag/Ab test) or combination of EIA and
            # HIV RNA" (Chia) read "or HIV positive", and an HIV-positive patient met it
            out.append(Raw(before.model_copy(update={"span": (start, end)}), (start, end)))
            continue
        if not neg and (_TEST_AFTER.match(s, end) or _TEST_END.search(s, start, end)) and not _POSITIVE.search(s, a, b):
            continue        # "confirmed by pregnancy test", "HIV testing is required": no result named
        if ("due" in near or "second" in near or "attribut" in near or "related" in near or "caused" in near) \
                and _CAUSE_BEFORE.search(s, max(a, start - 50), start):
            continue        # "whether the decline is due to substance use or HIV": a cause weighed, not a state read
        if var == "pregnant" and _THIS_PREGNANCY.search(s, max(a, start - 30), start):
            continue        # "complication ... in this pregnancy": when, not whether she is pregnant
        if var == "malignancy_history" and s[start:start + 6].lower() == "malign" and not_a_neoplasm(s, start, end):
            continue        # "malignant retinopathy", "neuroleptic malignant syndrome" (malignant.py)
        note = None
        if var == "tuberculosis":       # a test's name, a narrower kind of it (narrowed.py)
            if not neg and test_named(s, a, b, end):
                continue
            kind = narrower(s, a, start, end)
            note = NARROWER + kind if kind else None
        elif var == "malignancy_history" and not neg and (kind := malignancy_now(s, a, start, end)):
            note = NARROWER + kind      # "Current malignancy": not any past one (narrowed.py)
        elif var == "malignancy_history" and not neg and (kind := malignancy_kind(s, a, start, end)):
            note = NARROWER + kind      # "breast cancer": not any kind; the check reads the kind's words
            start = end - len(kind)
        elif var in ("organ_transplant", "hsct"):
            if transplant_to_come(s, a, start, end):
                continue        # "on the heart transplant list": none received (narrowed.py)
            if not neg and (kind := transplant_kind(s, a, start, end)):
                note = NARROWER + kind      # "lung transplant": not any organ's
        narrowed = narrowed or note is not None
        win = index.window(a, b, end) if var not in _NO_WINDOW else None
        if win is not None and end <= win[1][0] and any(
                s.count("(", end, m.start()) <= s.count(")", end, m.start())    # (not "(but not ...)")
                for m in _DENIED_BETWEEN.finditer(s, end, win[1][0])):
            # "Cancer, with no active treatment in the last year": the window is the denied
            # treatment's, not the cancer's (audit 12: a cancer of 2020 failed it)
            win = None
        said[var] = Check(variable=var, op="==", value=no if neg else yes, span=(start, end),
                          window_days=win[0] if win else None, note=note)
        out.append(Raw(said[var], (start, end)))
    if narrowed:
        unless_said_plainly(out, first)
    for m in (L.HYPOCOMPLEMENT_RX.finditer(s) if ("omplement" in s or "OMPLEMENT" in s) else ()):
        a, b = index.clause(m.start())
        neg = index.negated(a, m.start(), m.end(), b)
        out.append(Raw(Check(variable="c3_low", op="==", value=not neg, span=(m.start(), m.end())), (m.start(), m.end())))
        out.append(Raw(Check(variable="c4_low", op="==", value=not neg, span=(m.start(), m.end())), (m.start(), m.end()), join="or"))


_NOT_EXCLUDED_RX = re.compile(r"(?:(?<=[.;]\s)|^)[^.;]*?\b(?:(?:are|is|will)\s+not\s+(?:be\s+)?excluded|(?:are|is)\s+"
                              r"(?:still\s+)?(?:allowed|permitted))\b[^.;]*", re.I)


# A denied cancer that is current, not past ("No evidence of residual cancer on CT scan", "no
# active malignancy", NCT00055614): a patient with a history of malignancy may well meet it, so
# "malignancy: no" would be no requirement the text makes; it is left to a person. (Said, not
# denied, "active malignancy" still reads the history: without one there is no active one.)
_CURRENT = (r"(?:residual|active|current|recurren\w*|persistent|progressive|untreated|metastatic|measurable|detectable|"
            r"remaining)")
_NO_CURRENT_BEFORE = re.compile(
    r"(?:\bno|\bnot|\bwithout|\bfree\s+of|\babsence\s+of)\s+(?:any\s+)?(?:(?:evidence|signs?)\s+of\s+(?:any\s+)?"
    r"(?:" + _CURRENT + r"\s+)*|(?:" + _CURRENT + r"\s+)+)(?:[\w/-]+\s+){0,2}$", re.I)


def _may_deny(near: str) -> bool:
    return "no" in near or "without" in near or "free" in near or "absence" in near


# "Not a woman of childbearing potential", "who are not of child-bearing potential", "non-WOCBP"
_NOT_CHILDBEARING_BEFORE = re.compile(r"(?:\bnot\s+(?:be\s+)?(?:an?\s+|of\s+)?|\bnon[- ]?)$", re.I)
# a woman named before the denial: "Women not of ...", "Female subjects must be of non-..."
_WOMAN_BEFORE = re.compile(r"\b(?:wom[ae]n|females?)\b[\w\s]{0,30}?(?:\bnot\s+(?:be\s+)?(?:of\s+)?|\bnon[- ]?)$", re.I)


def _not_childbearing(s: str, start: int, end: int, out: list[Raw]) -> None:
    """A denied childbearing potential. Denied as a kind of person ("Not a woman of childbearing
    potential (WOCBP)" among "at least 1 of: ...; WOCBP who agrees to ...", NCT05382559), a man
    is not one either: "male, or not of childbearing potential". Said of a woman ("Women of
    non-childbearing potential", "Female subjects must be of non-childbearing potential"), it
    reads childbearing potential only (a man's stays open: the panel does not say it). A mention
    that is not denied is left as it was: where it says whom a sentence is for, conditions.py
    reads it, and anywhere else ("..., or women of childbearing potential not using
    contraception") it is rarely a requirement of its own and stays for a person."""
    inside = "non" in s[start:end].lower()
    if not (inside or _NOT_CHILDBEARING_BEFORE.search(s, max(0, start - 12), start)):
        return
    span = (start, end)
    # (a man may be of reproductive potential: "Is not of reproductive potential, or is of
    # reproductive potential and agrees to avoid becoming pregnant or impregnating a partner"
    # asks it of him too)
    if not inside and not _WOMAN_BEFORE.search(s, max(0, start - 50), start) and "reprod" not in s[start:end].lower():
        out.append(Raw(Check(variable="sex", op="==", value="male", span=span), span))
    out.append(Raw(Check(variable="childbearing_potential", op="==", value=False, span=span), span,
                   join="or" if out and out[-1].core == span else None))


# Quick tests before the regexes that look back from a state (on the lower case of the 50
# characters before it): a word each match holds (tests/unit/test_criteria_speedups.py checks
# them against the regexes). A text with patterns.FOLDS gets _EVERY_WORD: the regexes decide.
_EVERY_WORD = ("treat therap drug medication anti mark sugg indicat concern suspic consist prevent avoid becom get lead result "
               "test screen risk non due second attribut related caused")


def _may_treat(near: str) -> bool:
    return "treat" in near or "therap" in near or "drug" in near or "medication" in near or "anti" in near


def _may_mean(near: str) -> bool:
    return ("mark" in near or "sugg" in near or "indicat" in near or "concern" in near or "suspic" in near
            or "consist" in near)


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
    """The words that say one of the items below is enough ("at least 1 of the following")."""
    if lowers_alike(text) and "following" not in lower_of(text):
        return None         # (every match holds it: the case-blind scan of every position spared)
    m = _LIST_ANY_RX.search(text)
    return m.group(0) if m else None
