"""The states a criterion names (pregnancy, HIV, a malignancy, a transplant ...): read as checks of
the panel's yes / no and positive / negative variables, with what a mention around them says --
denied, a test's name with no result, another person's, a treatment for it, a kind narrower than
the panel's value, a cause weighed, a time window (checks.py calls `states`).
"""

from __future__ import annotations

import re

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.clauses import Taken, TextIndex
from trialview.model.criteria.malignant import not_a_neoplasm
from trialview.model.criteria.name_table import Hit
from trialview.model.criteria.narrowed import (BROADER, EVER, NARROWER, asked_now, cardiac_scope, infection_scope, malignancy_kind,
                                               narrower, one_organ, test_named, transplant_to_come, treated,
                                               unless_said_plainly)
from trialview.model.criteria.patterns import lowers_alike
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import Check
from trialview.model.criteria.whose import POSITIVE as _POSITIVE
from trialview.model.criteria.whose import not_the_patients

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


_NO_WINDOW = ("pregnant", "lactating", "ana", "anti_dsdna", "anti_sm")


# "X or other Y": the other is of X's kind
_OR_OTHER = re.compile(r"\s*,?\s*(?:or|and|and\s*/\s*or)\s+(?:any\s+)?other\s+", re.I)
# states the panel records as they are now, and words that ask about any past one
_NOW_ONLY = frozenset({"tuberculosis", "active_infection"})
_EVER_BEFORE = re.compile(r"\b(?:history|previous(?:ly)?|prior|past|former|ever|has\s+had|had\s+(?:an?\s+)?|"
                          r"treated\s+for|treatment\s+(?:for|of))\b[\w\s,/-]{0,30}$", re.I)
# a malignancy's past said after its name ("malignancy in the past", "cancer, treated or not, at any time")
_EVER_AFTER = re.compile(r"[\w\s,()-]{0,40}?\b(?:history|previous(?:ly)?|prior|past|ever|at\s+any\s+time|"
                         r"(?:has|have)\s+been|diagnosed|treated)\b", re.I)
# a count of a state ("no more than one prior malignancy")
_COUNT_BEFORE = re.compile(r"\b(?:no|not)\s+(?:more|less|fewer)\s+than\s+(?:[\w-]+\s+){0,3}$", re.I)


# a state named as the cause of something else ("due to substance use or HIV", "secondary to")
_CAUSE_BEFORE = re.compile(r"\b(?:due|secondary|attributable|attributed|related)\s+to\s+(?:[\w-]+\s+){0,4}?"
                           r"(?:(?:or|and|and/or)\s+)?$|\bcaused\s+by\s+(?:[\w-]+\s+){0,4}?(?:(?:or|and)\s+)?$", re.I)


# states a treatment can qualify (narrowed.treated): histories that last, and infections; not an
# event (a transplant), not active_infection (whose own words read "requiring treatment")
_TREATABLE = frozenset({"malignancy_history", "tuberculosis", "hiv", "hbsag", "hcv_ab", "hcv_rna", "hbv_dna",
                        "cns_disease", "other_autoimmune_disease", "immunodeficiency", "ttp_tma_history",
                        "psychiatric_disorder", "severe_cardiac_disease", "asthma"})
# (the infections among them are the panel's today: "active HIV" is HIV)
_NOT_HISTORY = frozenset({"tuberculosis", "hiv", "hbsag", "hcv_ab", "hcv_rna", "hbv_dna"})
# a denied clause of its own between a state and a window after it ("with no active treatment",
# "have no acute rejection episodes"; not "whether or not treated", "with or without treatment",
# "not including basal cell carcinoma", which speak of the state itself)
_DENIED_BETWEEN = re.compile(r"\b(?:with|has|have|had|having|and|but)\s+(?:no|never)\b" + L.NOT_A_QUANTITY, re.I)


# a state suspected ("known or suspected", "history of/suspected", "suspicion of")
_SUSPECTED_BEFORE = re.compile(
    r"(?:\b(?:known|confirmed|documented)(?:\s+history\s+of)?\s*(?:or|and/or|/)\s*)?\bsuspect(?:ed|ion\s+of)\b"
    r"(?:\s*(?:or|and/or|/)\s*(?:known|confirmed|documented)\b)?(?:\s+(?:of|a|an|any|active|current|history\s+of)\b)*\s*$",
    re.I)
# a condition named after a pregnancy ("Pregnancy related conditions", audit 15: a woman not
# pregnant, perhaps post partum, was cleared of them)
_RELATED_AFTER = re.compile(r"[\s-]*(?:related|associated|induced)\b", re.I)
# the pregnancy a complication belongs to ("eclampsia ... in this pregnancy", audit 12: every
# pregnant patient of an obstetric trial was excluded)
_THIS_PREGNANCY = re.compile(r"\b(?:in|during|of)\s+(?:this|the\s+current|the\s+present|her\s+current|the\s+index)\s+$",
                             re.I)


def states(s: str, out: list[Raw], taken: list[tuple[int, int]], found: list[Hit], index: TextIndex) -> None:
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
        cause = ("due" in near or "second" in near or "attribut" in near or "related" in near or "caused" in near) \
            and _CAUSE_BEFORE.search(s, max(a, start - 50), start) is not None
        if ("more" in near or "less" in near or "fewer" in near) and _COUNT_BEFORE.search(s, max(a, start - 40), start):
            continue        # "No more than one prior malignancy": a count, for a person
        if var == "pregnant" and _RELATED_AFTER.match(s, end):
            continue        # "Pregnancy related conditions", "pregnancy-induced hypertension": not pregnancy now
        if var == "pregnant" and _THIS_PREGNANCY.search(s, max(a, start - 30), start):
            continue        # "complication ... in this pregnancy": when, not whether she is pregnant
        if var == "malignancy_history" and s[max(0, start - 4):start].lower() in ("pre-", "pre "):
            continue        # "pre-malignant moles": no malignancy
        if var == "malignancy_history" and s[start:start + 6].lower() == "malign" and not_a_neoplasm(s, start, end):
            continue        # "malignant retinopathy", "neuroleptic malignant syndrome" (malignant.py)
        note = None
        if var == "tuberculosis":       # a test's name, a narrower kind of it (narrowed.py)
            if not neg and test_named(s, a, b, end):
                continue
            kind = narrower(s, a, start, end)
            note = NARROWER + kind if kind else None
        elif var == "malignancy_history" and not neg and (kind := asked_now(s, a, start, end)):
            note = NARROWER + kind      # "Current malignancy": not any past one (narrowed.py)
        elif var == "malignancy_history" and not neg and before is not None and before.note \
                and before.note.startswith(NARROWER) and before.span is not None \
                and _OR_OTHER.fullmatch(s, before.span[1], start):
            # "current skin cancer or other malignant disease": "current" is the other's too
            # (audit 13: a breast cancer cured years ago was excluded by it)
            note = before.note
        elif var == "malignancy_history" and (kind_span := malignancy_kind(s, a, start, end)) is not None:
            # "breast cancer", "malignant melanoma": not any kind (denied too: "no prior breast
            # cancer" is not failed by a past melanoma); the check reads the kind's words
            start, end = kind_span
            note = NARROWER + s[start:end]
        elif var in _TREATABLE and var not in _NOT_HISTORY and not neg and (kind := asked_now(s, a, start, end)):
            # "current ongoing psychiatric disorder", "active asthma": the panel's value is any
            # history of it (audit 14: a disorder of 2010 excluded the patient)
            note = NARROWER + kind
        elif var == "severe_cardiac_disease" and (kind := cardiac_scope(s, start, end)) is not None:
            if kind == "":
                continue    # "Uncontrolled cardiovascular disease": neither answer decides (narrowed.py)
            note = kind     # "unstable heart disease", "clinically significant cardiac disease" (audit 15)
        elif var == "severe_allergy" and s[start:start + 8].lower() == "anaphyla":
            note = NARROWER + s[start:end]      # a reaction, not any severe allergy (audit 15)
        elif var == "active_infection" and not _EVER_BEFORE.search(s, max(a, start - 40), start):
            # "Active granulomatous infection" (a kind), "Active infection" (any, controlled too):
            # not the panel's uncontrolled infection needing treatment (audit 15)
            note = infection_scope(s, a, start, end, b)
            if note == "":
                continue    # "Active bacterial infection": a kind, and any of it (neither answer decides)
        elif var in ("organ_transplant", "hsct"):
            if transplant_to_come(s, a, start, end):
                continue        # "on the heart transplant list": none received (narrowed.py)
            if one_organ(s, start):
                note = NARROWER + s[start:end]      # "lung transplant": not any organ's
        if note is None and var in _TREATABLE and var not in _NOT_HISTORY and "suspect" in near \
                and (sus := _SUSPECTED_BEFORE.search(s, max(a, start - 50), start)) is not None:
            # "Known or suspected malignancy": a cancer suspected, not diagnosed, is in no
            # panel's history; its no leaves one open (audit 15)
            start = sus.start()     # (the words are read: "Known or suspected" is the note's)
            note = BROADER + s[start:end]
        if note is None and var in _TREATABLE and (upto := treated(s, end, b)) is not None:
            note = NARROWER + s[start:upto]     # "Cancer with current treatment" (narrowed.py)
        if cause and note is None:
            # "whether the decline is due to substance use or HIV", "lymphoma related to HIV": a
            # cause weighed; the panel's "no" rules it out, its "yes" does not say it is the cause
            note = NARROWER + s[start:end] + " as a cause"
        narrowed = narrowed or note is not None
        win = index.window(a, b, end) if var not in _NO_WINDOW else None
        if win is not None and end <= win[1][0] and any(
                s.count("(", end, m.start()) <= s.count(")", end, m.start())    # (not "(but not ...)")
                for m in _DENIED_BETWEEN.finditer(s, end, win[1][0])):
            # "Cancer, with no active treatment in the last year": the window is the denied
            # treatment's, not the cancer's (audit 12: a cancer of 2020 failed it)
            win = None
        if note is None and win is None and not neg and var in _NOW_ONLY and _EVER_BEFORE.search(s, max(a, start - 40), start):
            # "History of tuberculosis", "prior treatment for latent TB": the panel's value is
            # today's; its "negative" says nothing of a past one (audit 13: a TB treated in 2015
            # was cleared by a negative test now)
            note = EVER + s[start:end]
        elif note is None and win is None and var == "malignancy_history" \
                and not _EVER_BEFORE.search(s, max(a, start - 40), start) and not _EVER_AFTER.match(s, end):
            # "Malignancy", "Cancer or other significant co-morbidities ...": a cancer now, where
            # the panel's value is any past one (audit 15: a cancer of 2000 excluded the patient)
            note = NARROWER + s[start:end] + " now"
        said[var] = Check(variable=var, op="==", value=no if neg else yes, span=(start, end),
                          window_days=win[0] if win else None, months=win[2] if win else None, note=note)
        out.append(Raw(said[var], (start, end)))
    if narrowed:
        unless_said_plainly(out, first)
    for m in (L.HYPOCOMPLEMENT_RX.finditer(s) if ("omplement" in s or "OMPLEMENT" in s) else ()):
        a, b = index.clause(m.start())
        neg = index.negated(a, m.start(), m.end(), b)
        out.append(Raw(Check(variable="c3_low", op="==", value=not neg, span=(m.start(), m.end())), (m.start(), m.end())))
        out.append(Raw(Check(variable="c4_low", op="==", value=not neg, span=(m.start(), m.end())), (m.start(), m.end()), join="or"))


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
               "test screen risk non due second attribut related caused more less fewer")


def _may_treat(near: str) -> bool:
    return "treat" in near or "therap" in near or "drug" in near or "medication" in near or "anti" in near


def _may_mean(near: str) -> bool:
    return ("mark" in near or "sugg" in near or "indicat" in near or "concern" in near or "suspic" in near
            or "consist" in near)
