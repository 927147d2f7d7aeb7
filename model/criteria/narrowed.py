"""Tuberculosis as the text names it, against the panel's one value (audit 9, faults 2 and 3).

The panel's `tuberculosis` is active or latent, positive or negative. Two ways a text's mention
of it says less than "the patient has tuberculosis":

- a test's name ("Mycobacterium tuberculosis antigen-specific interferon-gamma release assay
  (IGRA)", "tuberculosis skin test") with no result named: a test to be done at screening (Chia
  NCT02687724 inc-13, under "Subjects have following investigations ..."), not a positive one.
  No check is read; the words stay for a person.
- a narrower state ("Active tuberculosis", "latent TB", "acute", "current", "untreated TB"): a
  patient who is positive may have the other kind, so a positive value cannot decide it; a
  negative one can (no tuberculosis is no active tuberculosis). So for a malignancy the patient
  has now ("Current malignancy"): the panel's malignancy_history says yes for a cancer cured
  years ago, so only its "no" decides. The check carries the note
  `NARROWER` + the words; the matcher reads the panel's "positive" as unknown for it
  (model/matching/checks.py).

Asked only of a tuberculosis hit (the caller's gate); each is one anchored regex.
"""

from __future__ import annotations

import re

from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import CriteriaTree
from trialview.model.criteria.whose import POSITIVE

# the note a check carries when the text names a narrower state than the panel's value
NARROWER = "narrower than the panel's value: "
# the note of a state the text asks about at any time, where the panel's value is today's
# ("History of tuberculosis"): its yes decides, its no does not
EVER = "any past one, where the panel's value is today's: "
# the note of a state the text names more broadly than the panel's value ("Active infection",
# where the panel records an uncontrolled infection needing treatment): its yes decides, its no
# does not
BROADER = "broader than the panel's value: "
# a kind of tuberculosis, just before its name (or before "tuberculosis (TB)"), that is not
# "active or latent"
_KIND_BEFORE = re.compile(
    r"\b(active|acute|current|untreated|ongoing|symptomatic|latent)\s+(?:pulmonary\s+)?"
    r"(?:tuberculosis\s*\(\s*)?(?:tuberculosis|tb)\W*$", re.I)
_BOTH_KINDS = re.compile(r"\b(?:active|latent)\s+(?:or|and|and/or|/)\s+(?:active|latent)\b", re.I)
# a test named after it: "(TB) skin test", "antigen-specific interferon-gamma release assay",
# not "infection confirmed by a test"
_TEST_NAMED_AFTER = re.compile(
    r"\W{0,3}(?:(?!infection|disease|exposure|confirmed|diagnos\w*|by\b|with\b|as\b)[\w-]+\s+){0,4}?"
    r"(?:tests?|testing|assays?|IGRA|quanti-?feron\w*|t-?spot\w*)\b", re.I)


# a malignancy named as one the patient has now ("Current malignancy", "active or current
# invasive malignancy"), where the panel's value is a history of one; not "past or current"
_NOW_BEFORE = re.compile(
    r"\b(current(?:ly)?|active|ongoing|untreated|concurrent|concomitant|recent(?:ly)?)\s+(?:(?:or|and|active|current|invasive|other|"
    r"second|solid|known|diagnosis|diagnosed|of|with|any|a|an|history)\s+){0,3}$", re.I)
# ("recent" is narrower than ever too: "Recent history of unstable heart disease", audit 15)
_PAST_TOO = re.compile(r"\b(?:past|prior|previous|former|ever|treated)\b|(?<!recent\s)\bhistory\b", re.I)


def test_named(s: str, a: int, b: int, end: int) -> bool:
    """Whether the tuberculosis named at s[..end] is a test's name with no result in its clause
    s[a:b] ("positive", "reactive", "detected"; a denial the caller reads first)."""
    return bool(_TEST_NAMED_AFTER.match(s, end, b)) and not POSITIVE.search(s, a, b)


def narrower(s: str, a: int, start: int, end: int) -> str | None:
    """The words of a narrower kind of tuberculosis named at s[start:end] ("Active tuberculosis"),
    or None when it is the panel's own (plain, or "active or latent")."""
    phrase = s[max(a, start - 40):end]
    m = _KIND_BEFORE.search(phrase)
    if m is None or _BOTH_KINDS.search(phrase):
        return None
    return phrase[m.start():].strip(" ()")


def asked_now(s: str, a: int, start: int, end: int) -> str | None:
    """The words of a state asked about as the patient's now ("Current malignancy", "current
    ongoing psychiatric disorder") where the panel's value is any past one, or None."""
    lo = max(a, start - 40)
    m = _NOW_BEFORE.search(s, lo, start)
    if m is None or _PAST_TOO.search(s, lo, start):
        return None
    return s[m.start():end]


# a state qualified by its treatment ("Cancer with current treatment", "malignancy currently
# under treatment", "HIV on antiretroviral therapy"): narrower than the panel's yes, which may be a
# cancer cured years ago (audit 14: a cancer of 2005 excluded a patient from "Cancer with current
# treatment"); the panel's no rules it out
_TREATED_AFTER = re.compile(
    r"(?:\s+(?:disease|diagnosis))?\s*,?\s*(?:(?:that|which|who)\s+(?:is|are)\s+)?(?:currently\s+|actively\s+|still\s+)?"
    r"(?:(?:being\s+)?treated\b|(?:under(?:going)?|receiving|requiring|needing|with|on|in\s+need\s+of)\s+"
    r"(?:(?:current|ongoing|active|concurrent|any|systemic|specific|anti-?cancer|oncologic(?:al)?|"
    r"anti-?retroviral|antiviral|anti-?tuberculosis)\s+){0,2}"
    r"(?:treatments?|therap(?:y|ies)|chemotherapy|radiotherapy|radiation|medications?)\b)", re.I)


def treated(s: str, end: int, b: int) -> int | None:
    """The end of the words after a state named at s[:end] that say it is being treated (above),
    within the clause s[:b], or None."""
    near = s[end:end + 90].lower()
    if not ("treat" in near or "therap" in near or "radi" in near or "medicat" in near):
        return None
    m = _TREATED_AFTER.match(s, end, b)
    return m.end() if m else None


# a kind of malignancy named just before it ("haematological malignancy", "breast cancer"): the
# panel's malignancy_history "yes" may be another kind (audit 12: a past breast cancer excluded a
# patient from "Myelodysplastic syndrome or hematological malignancy")
_KIND_OF_MALIGNANCY = re.compile(
    r"\b(h(?:a)?ematolog\w*|h(?:a)?ematopoietic|lymphoid|myeloid|solid|skin|breast|lung|prostat\w*|colon|colorectal|"
    r"rectal|gastric|stomach|ovarian|cervical|endometrial|uterine|bladder|renal|kidney|thyroid|pancreatic|liver|"
    r"hepatic|hepatocellular|brain|esophageal|oesophageal|testicular|bone|head\s+and\s+neck)\s+"
    r"(?:(?:cell|tissue|organ)\s+)?$", re.I)


# "malignant melanoma", "malignant hepatoma": a tumour's name after "malignant" is a kind too
_TUMOUR_AFTER = re.compile(r"\s+(?:[a-z-]+\s+)?[a-z]+oma\b", re.I)


def malignancy_kind(s: str, a: int, start: int, end: int) -> tuple[int, int] | None:
    """The span of a kind of malignancy named at s[start:end] with the words of its kind
    ("breast cancer", "malignant melanoma"), or None."""
    m = _KIND_OF_MALIGNANCY.search(s, max(a, start - 30), start)
    if m is not None:
        return m.start(), end
    if s[start:end].lower().startswith("malignant") and (t := _TUMOUR_AFTER.match(s, end)) is not None:
        return start, t.end()
    return None


# one organ's transplant ("History of lung transplant"): the panel's organ_transplant "yes" may
# be another organ's (a kidney recipient is not excluded by it)
_ORGAN_FIRST = re.compile(r"(?:kidney|renal|liver|heart|lung)\b", re.I)
# a transplant to come, not one received: "on the active heart transplant list", "Need for
# combined organ transplantation", "candidate for", "awaiting"
_TO_COME_BEFORE = re.compile(r"\b(?:need(?:s|ing)?\s+(?:for|of)|awaiting|waiting\s+for|candidates?\s+for|"
                             # ("established plan to undergo allogeneic HSCT", audit 14)
                             r"(?:plans?|plann?ed|planning|scheduled|expected|intend(?:s|ed)?)\s+to\s+(?:undergo|receive|have)|"
                             # ("recipients ... undergoing kidney transplantation": the trial's
                             # own transplant, audit 15; not "have undergone")
                             r"(?<!\bhave\s)(?<!\bhas\s)(?<!\bhad\s)\bundergoing|(?:will|about\s+to|going\s+to)\s+(?:undergo|receive)|"
                             r"(?:listed|eligible|scheduled|planned|planning)\s+for|"
                             # ("Planned organ transplantation during the study", audit 15)
                             r"(?<!\bthe\s)(?:planned|scheduled|anticipated|upcoming|future|pending)|"
                             r"(?:in|on)\s+(?:the|a|an)\s+(?:\w+\s+)?(?:waiting\s+)?list\s+(?:of|for))\s+(?:[\w-]+\s+|or\s+){0,8}$", re.I)
_RECEIVED = re.compile(r"\b(?:undergone|received|had|prior|previous(?:ly)?|history|past|former)\b", re.I)
# ("... for which hematopoietic stem cell transplantation is not indicated": none received either)
_LIST_AFTER = re.compile(r"\s*(?:waiting\s+)?lists?\b|\s+(?:is|are)\s+(?:not\s+)?(?:indicated|planned|scheduled)\b", re.I)
# a transplant given, not received: "Live kidney or liver transplant donors" (review 16)
_DONOR_AFTER = re.compile(r"\s*(?:donors?|donations?)\b", re.I)


def one_organ(s: str, start: int) -> bool:
    """Whether the transplant named at s[start:] is one organ's ("lung transplant")."""
    return _ORGAN_FIRST.match(s, start) is not None


def transplant_to_come(s: str, a: int, start: int, end: int) -> bool:
    """Whether the transplant named at s[start:end] is one to come (a need, a waiting list), or
    one the patient gave (a donor): none the patient received."""
    if _DONOR_AFTER.match(s, end) is not None:
        return True
    m = _TO_COME_BEFORE.search(s, max(a, start - 90), start)
    if m is not None and _RECEIVED.search(s, max(a, start - 90), start):
        # "have undergone or are undergoing ...", "undergoing chemotherapy or with prior organ
        # transplant": one received is named too (review 15)
        return False
    return m is not None or _LIST_AFTER.match(s, end) is not None


def unless_said_plainly(out: list[Raw], first: int) -> None:
    """The narrower notes of out[first:] dropped where the same text also names the state
    plainly ("Active malignancy or history of malignancy"): the mentions are read as one check,
    and the plain one asks what the panel's value says."""
    plain = {(r.check.variable, r.check.value) for r in out[first:]
             if r.check is not None and not (r.check.note or "").startswith(NARROWER)}
    for r in out[first:]:
        c = r.check
        if c is not None and c.note and c.note.startswith(NARROWER) and (c.variable, c.value) in plain:
            r.check = c.model_copy(update={"note": None})


# the words of an exclusion's malignancy in a trial for patients with one
_OTHER_MALIGNANCY = NARROWER + "a malignancy other than the one this trial is for"


def other_malignancies(tree: CriteriaTree) -> None:
    """In a trial whose inclusions require a malignancy ("Subjects with advanced or metastatic
    non-small cell lung cancer", NCT05482568 inc-5), an exclusion of one ("Previous or concurrent
    malignancy", exc-14) means another one than the trial's own: the panel's malignancy_history
    "yes" may be that very cancer, so only its "no" decides (audit 11: every patient the trial is
    for was excluded)."""
    inclusion = [s for s in tree.sections if s.section == "inclusion"]
    if not any(c.variable == "malignancy_history" and c.op == "==" and c.value is True and not c.negated
               for s in inclusion for n in s.walk() for c in n.checks):
        return
    for section in tree.sections:
        if section.section != "exclusion":
            continue
        for node in section.walk():
            for c in node.checks:
                if c.variable == "malignancy_history" and c.op == "==" and c.value is True and not c.note \
                        and not c.negated:
                    c.note = _OTHER_MALIGNANCY


# an infection's kind between "active" and "infection" ("active granulomatous infection", "active
# fungal infection"): the panel's yes may be another kind (audit 15)
_INFECTION_FILLER = frozenset({"and", "or", "and/or", "/", "any", "other", "suspected", "systematic", "active",
                               "clinical", "latent", "recurrent", "intercurrent", "concurrent", "known", "documented",
                               "uncontrolled", "uncontrollable", "severe", "serious", "systemic", "clinically",
                               "significant", "ongoing", "current", "acute", "infection", "infections"})
# the words of severity the lexicon's active_infection starts with
_SEVERITY_FIRST = ("active", "uncontroll", "severe", "serious")
# (three or more of these name most infections: "active bacterial, viral or fungal infection")
_BROAD_KINDS = frozenset({"bacterial", "viral", "fungal", "parasitic", "protozoal"})
# where an item of a list ends after an infection's name
_ITEM_END = re.compile(r"[,;]|\s(?:or|and)\s", re.I)
# words that make an active infection the panel's "uncontrolled infection needing treatment"
_SEVERITY = re.compile(r"uncontroll|not\s+(?:well\s+)?controlled|requir|need|necessitat|(?<!study\s)treat|therap|antibiotic|"
                       r"antivir|antifung|antimicrob|intravenous|\bi\.?v\.?\b|systemic|severe|serious|hospitali|"
                       r"significant|life[\s-]*threat|sepsis|septic", re.I)


def infection_scope(s: str, a: int, start: int, end: int, b: int) -> str | None:
    """The note of an infection named at s[start:end] (clause s[a:b]) that is not the panel's
    "uncontrolled infection needing treatment": a kind of infection (narrower: "Active
    granulomatous infection"), or any active one, with no word of severity or treatment in its
    clause (broader: "Active infection"; a controlled one on treatment is active too); None for
    the panel's own ("Uncontrolled infection", "Active infection requiring systemic treatment")."""
    words = s[start:end]
    low = words.lower()
    if not low.startswith(_SEVERITY_FIRST):
        return None     # ("infection requiring systemic therapy": the panel's own)
    # (the words after the last of severity: "uncontrolled diabetes, ongoing or active infection")
    tail = low.split()
    last = max(k for k, w in enumerate(tail) if w.startswith(_SEVERITY_FIRST))
    kinds = [w for w in re.split(r"[\s,]+", " ".join(tail[last:])) if w and w not in _INFECTION_FILLER]
    if kinds and not (len(kinds) > 2 and all(k in _BROAD_KINDS for k in kinds)):
        # a kind of infection: narrower; and where "active" alone says it, broader too (a
        # controlled one is active): neither answer of the panel decides, so no check
        return "" if tail[last].startswith("active") and not _severe(s, a, start, end, b) else NARROWER + words
    if not tail[last].startswith("active") or _severe(s, a, start, end, b):
        return None
    return BROADER + words


def _severe(s: str, a: int, start: int, end: int, b: int) -> bool:
    """Whether words of severity or treatment stand with the infection named at s[start:end]:
    within it, just before it, or after it up to the clause's next comma or "or" ("Uncontrolled
    hypertension or active infection": the hypertension's word is not the infection's)."""
    stop = _ITEM_END.search(s, end, min(b, end + 80))
    return _SEVERITY.search(s, max(a, start - 15), stop.start() if stop else min(b, end + 80)) is not None


def cardiac_scope(s: str, start: int, end: int) -> str | None:
    """The note of a cardiac disease named at s[start:end] by a word other than the panel's
    "severe": "unstable" / "uncontrolled" is narrower (a severe disease may be stable), "(clinically)
    significant" and "cardiovascular" broader (a moderate one is significant; a vascular one is not
    the heart's); "" where both, which no answer decides; None for "severe" / "serious" cardiac."""
    low = s[start:end].lower()
    # "cardiovascular" is more than the heart (uncontrolled hypertension, a stroke): broader in
    # what it covers, whatever its word of severity (audit 16: "Significant uncontrolled
    # cardiovascular disease" had been cleared by "no severe cardiac disease")
    vascular = "vascular" in low
    if "unstable" in low or "uncontrolled" in low:
        # (narrower in severity and broader in scope: neither answer decides, no check)
        return "" if vascular else NARROWER + s[start:end]      # ("Significant and uncontrolled cardiac disease")
    if vascular or low.startswith(("significant", "clinically")):
        return BROADER + s[start:end]
    return None
