"""Therapies and drug classes: "received rituximab within 6 months", "no prior biologics"."""

from __future__ import annotations

import re
from bisect import bisect_left

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.name_table import Hit
from trialview.model.criteria.narrowed import NARROWER
from trialview.model.criteria.clauses import Taken, TextIndex
from trialview.model.criteria.current_use import (NOW_OR_EVER, chronic_use, may_be_chronic, may_be_current,
                                                   may_be_planned, now_or_ever, planned_use, taken_now)
from trialview.model.criteria.patterns import finditer_at_words, lower_of, lowers_alike
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.routes import local_only, may_name_local
from trialview.model.criteria.since import says_more, time_since
from trialview.model.criteria.tree import Check
from trialview.model.drugs import CLASS_MAYBE, DRUG_BY_ID, DRUG_CLASSES, drugs_in_class

# words of past use before a therapy ("previously treated with rituximab"), in its clause and with
# no "." after them; found anywhere, overlapping (a lookahead), once per text: _Words.ever_before
_EVER_HEAD = re.compile(
    r"(?=((?:prior|previous(?:ly)?|received|receiving|receive|treated\s+with|treatment\s+with|therapy\s+with|history\s+of|"
    r"undergone|exposure\s+to|exposed\s+to|participat\w*|administration)\b))", re.I)
# what each match of _EVER_HEAD opens with, lower-cased
_EVER_STARTS = ("prior", "previous", "receiv", "treat", "therapy", "history", "undergone", "expos", "participat",
                "administration")
_THERAPY_NEGATION = re.compile(r"(?:\bno\b|\bnot\b|\bwithout\b|\bnever\b|\bfree\s+of\b|\bnon-)[\w\s/,-]{0,50}$", re.I)
# the words between a negation and the therapy it denies ("no use of", "have not received",
# "without prior"): only filler, so that "not responded to rituximab" is not read as "no rituximab"
_THERAPY_DENIED = re.compile(
    r"(?:\bno\b|\bnot\b|\bwithout\b|\bnever\b|\bfree\s+of\b)\s*(?:(?:use|usage|prior|previous|previously|recent|recently|"
    r"concomitant|current|concurrent|treatment|treated|therapy|received?|receiving|exposure|exposed|administration|"
    r"administered|taken|taking|take|had|have|has|been|be|being|on|of|with|to|any|the|a|an|undergone|underwent)\s+){0,5}$",
    re.I)
# a denial with no window denies "ever received" only when it says so ("no prior rituximab")
_EVER_WORD_RX = re.compile(r"\b(?:prior|previous|previously|ever|received?|treated|treatment|therapy|exposure|exposed|administered|"
                           r"undergone|underwent)\b", re.I)
# a therapy spoken of as stopped ("or at least suspended previous biologic therapy for more than 12
# weeks", "discontinued methotrexate"): how long ago it stopped is no window of use this reads,
# and "received it" is not what is asked: for a person
_STOPPED_BEFORE = re.compile(r"\b(?:suspend\w*|stop(?:ped|ping)?|discontinu\w*|withdr[ae]wn?|withdrawal\s+(?:of|from)|"
                             r"ceas\w*|interrupt\w*|wash(?:ed)?[- ]?out(?:\s+of|\s+from)?)\s+(?:(?:the|all|any|their|"
                             r"prior|previous|current|of|from)\s+){0,2}$", re.I)
# a therapy named as what the patient reacts to or may not take ("failed to respond to, or who
# have a contraindication to, or are intolerant to other systemic therapies including
# cyclosporin, methotrexate and PUVA", NCT00739882; "hypersensitivity to rituximab"): no use of it
# is asked, and a patient who never took it may meet the criterion
# (nor one the patient refuses or declines: "will refuse blood transfusions", Chia)
# (and a response to it: "primary failure to TNF antagonist therapy" is no exposure to read, since
# a patient who had one without failing it is not excluded by it -- for a person)
_REACTION_BEFORE = re.compile(r"\b(?:contra-?indicat\w*|intoleran\w*|hypersensitiv\w*|allerg\w*|refus\w*|declin\w*"
                              r"|(?:primary|secondary)\s+(?:failure|non-?response)|failure\s+(?:to|of)"
                              r"|inadequate(?:ly)?\s+respon\w*|non-?respon\w*|refractory\s+to)\b[^.;]*$", re.I)
# a therapy named in a concession ("even if receiving G-CSF", "regardless of steroid use"): what
# the requirement holds whatever the patient takes, not an exposure that meets it
_CONCESSION_BEFORE = re.compile(r"(?:\beven\s+(?:if|when|though|while|with|on)|\b(?:regardless|irrespective)\s+of)\b"
                                r"[^.;,()]*$", re.I)
# what a trial tests, not what the patient received ("any other clinical trial, including
# drugs or biologics", Chia: a patient given rituximab two years ago was excluded by it)
_TRIAL_OF_BEFORE = re.compile(r"\b(?:trials?|stud(?:y|ies))\b,?\s+(?:including|of|involving|testing|with)\s+"
                              r"(?:an?\s+|any\s+|other\s+)*(?:[\w-]+\s+(?:or|and|and/or)\s+)?$", re.I)
# an alternative after a denied therapy ("Never undergone biologic therapy or at least ..."):
# the denial's own words end there
_NEXT_ALTERNATIVE = re.compile(r"\s(?:or|and/or)\s", re.I)
# what may stand between a denied therapy and its window (or its clause's end), besides other
# therapies: "no rituximab, belimumab or cyclophosphamide products within 6 months"
_DENIED_WORD = re.compile(
    r"and|or|nor|use|usage|therapy|therapies|treatment|treatments|allowed|permitted|administration|"
    r"administered|received|given|exposure|products?|drugs?|agents?|medications?|is|are|was|were|been|be|of|the|any|"
    r"prior|previous|ever", re.I)
_GAP_TOKEN = re.compile(r"(\w+)|[^\w\s,()/]")
_DOSE_AFTER_RX = re.compile(
    r"\s+dos(?:e|es|age|ing)\s+(?:\w+\s+)?(?:changes?|changed|adjust\w*|increas\w*|escalat\w*|reduc\w*|modif\w*)", re.I)
_WITHOUT_RX = re.compile(r"\bwithout\b", re.I)
# words right after a trial drug that say which ("an investigational agent targeting CD20",
# "any investigational drug for the treatment of lupus")
_QUALIFIED = re.compile(r"\s*(?:targeting|targeted|against|directed|aimed|acting|that|which|for\s+(?!at\s+least)\w)", re.I)
# "within 21 days or 5 half-lives, whichever is shorter" (NCT05382559): the window is the shorter
# of the two, so a dose 16 days ago may lie outside it; the window alone decides nothing -- for a
# person ("whichever is longer" is read: inside the one read, inside the longer)
# (anywhere in the rest of the sentence: "within 30 days of randomization, or within 5 half-lives
# of the investigational drug (whichever is shorter)")
_SHORTER_OTHER = re.compile(r"[^.;]*?\bor\b[^.;]*?\bwhichever\s+(?:is|comes)\s+(?:the\s+)?"
                            r"(?:shorter|shortest|less|lesser|least|sooner|soonest|earlier|earliest|first|smaller|lower)\b",
                            re.I)
# a kind of a class's therapy the panel does not record ("biological cancer therapy", "biologic
# response modifiers", "anti-cancer chemotherapy"): a drug of the class received may not be one
# (adalimumab for arthritis; audit 16: it had excluded a patient from a cancer trial's "biological
# cancer therapy within 4 weeks"), so only "none received" decides (narrowed.NARROWER)
_KIND_AFTER = re.compile(
    r"\s*(?:(?:therapy|therapies|treatments?|agents?|drugs?|products?)\s+)?(?:(?:for|against|of)\s+(?:the\s+"
    r"treatment\s+of\s+)?(?:(?:a|an|any|the)\s+)?)?(?P<kind>(?:anti-?)?cancer|malignan\w*|(?:anti-?)?tumou?rs?|"
    r"(?:anti-?)?neoplas\w*|oncolog\w*|response\s+modifiers?)\b", re.I)
_KIND_BEFORE = re.compile(r"\b(?P<kind>anti-?cancer|anti-?tumou?r|anti-?neoplastic|oncolog\w*|cancer)\s+$", re.I)
# a window written as a time before the screening's own events, right after the therapy ("Use of
# corticosteroids 4 weeks prior to screening", "Steroids use 2 weeks prior to testing"): in an
# exclusion or a denial, received within it (audit 16: such a line had been left to a person with
# prednisone 6 days before). Not "for 4 weeks prior to" (how long it was taken) nor "at least".
_PRIOR_TO_AFTER = re.compile(
    r"\s*(?:(?:use|usage|treatment|therapy|therapies|administration|exposure|intake)\s+)?(?:of\s+)?"
    r"(?P<n>" + L.NUMW + r")\s*[- ]?(?P<unit>days?|weeks?|wks?|months?|years?|yrs?)\s+(?:prior\s+to|before|preceding)\s+"
    r"(?:the\s+)?(?:screening|enrol+ment|randomi[sz]ation|study\s+(?:entry|start|enrol+ment)|baseline|day\s*1\b|"
    r"(?:the\s+)?first\s+(?:dose|administration)|inclusion|registration|testing|(?:signing|signature)\s+(?:of\s+)?"
    r"(?:the\s+)?(?:informed\s+consent|ICF|consent))", re.I)
_DOSE_LATER = re.compile(r"\bdos(?:e|es|age|ing)\b|\bmg\b", re.I)
_DIGIT_RX = re.compile(r"\d")
_PRIOR_RX = re.compile(r"\s*(?:prior|previous)", re.I)
_THERAPY_LIST_GAP = re.compile(r"\s*(?:,|/|\band/or\b|\band\b|\bor\b|\bnor\b)\s*(?:\bor\b\s*)?$", re.I)
# a dose change or an unstable dose cannot be read from a list of therapies: for a person
DOSE_CHANGE_RX = re.compile(
    r"\b(?:unstable|non-?stable|changing|changed|increas\w*|decreas\w*|adjust\w*|escalat\w*|modif\w*|fluctuat\w*)"
    r"\s+(?:\w+\s+){0,2}?doses?\b|\bchanges?\s+(?:in|of|to)\s+(?:the\s+)?(?:\w+\s+)?doses?\b"
    r"|\bdos(?:e|es|age|ing)\s+(?:\w+\s+)?(?:changes?|changed|adjustments?|adjusted|increases?|increased|escalations?|"
    r"escalated|reductions?|reduced|modifications?|modified|instability)\b|\bnot\s+(?:been\s+)?(?:on\s+)?(?:a\s+)?stable\s+doses?", re.I)


def _may_deny(low: str) -> bool:
    """Whether _THERAPY_DENIED / _THERAPY_NEGATION are worth a try: they need "no", "not", "non-",
    "without", "never" or "free of" (these pieces have no letter that matches a non-ASCII one
    when case is ignored, see patterns.FOLDS)."""
    return "no" in low or "thout" in low or "never" in low or "free" in low


def therapies(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]], found: list[Hit],
              text: str = "", index: TextIndex | None = None) -> None:
    """Checks of the therapies found in s: received within a window, ever received, or denied
    (`index`: s's TextIndex, when the caller has one)."""
    text = text or s
    index = index or TextIndex(s)
    done, words = Taken(taken), _Words(s, found, index)
    manual_clauses: set[tuple[int, int]] = set()
    denied_end = -1              # end of the last therapy a negation denied ("no X and Y within 7 days")
    untensed_end = -1            # end of the last therapy read "now or ever" ("Treatment with X, Y or Z")
    low = lower_of(s)
    local = may_name_local(low)         # a drug into the eye, onto the skin (routes.py)
    now, habit = may_be_current(low), may_be_chronic(low)      # "currently", "chronic use" (current_use.py)
    planned = may_be_planned(low)       # "anticipation of need for", "planned" (current_use.py)
    may_since = "since" in low or "from" in low or "after" in low
    kinds = "cancer" in low or "tumo" in low or "neoplas" in low or "oncolog" in low or "modifier" in low \
        or "malignan" in low
    before_events = "prior" in low or "before" in low or "preceding" in low
    since_read: tuple[float, int | None, bool, int] | None = None
    since_end = -1
    for start, end, drug in found:
        span = (start, end)
        # (spans taken in this loop are manual clauses: a name in one is skipped just below)
        if done.overlaps(span):
            continue
        a, b = index.clause(start)
        if (a, b) in manual_clauses or (local and local_only(s, a, b, start, end)):
            continue
        if words.dose_change_before(a, start) \
                or DOSE_CHANGE_RX.match(s, end, min(b, end + 40)) or _DOSE_AFTER_RX.match(s, end, b):
            # "received unstable doses of mycophenolate ... within 12 weeks": not "received within 12 weeks"
            manual_clauses.add((a, b))
            lo = a + len(s[a:b]) - len(s[a:b].lstrip())
            out.append(Raw(None, (lo, b), manual=text[lo:b].strip()))
            taken.append((lo, b))
            continue
        before = s[max(a, start - 60):start]
        negation = _may_deny(before.lower())
        denied = bool(negation and _THERAPY_DENIED.search(before)) or (
            denied_end >= a and denied_end <= start and bool(_THERAPY_LIST_GAP.fullmatch(s, denied_end, start)))
        if denied and (paren := index.last_char("(", a, start)) >= 0 and not index.has_char(")", paren, start):
            # "ANC ≥1×10⁹/L (without colony-stimulating factor therapy within 2 weeks prior to
            # testing)": how the measurement is taken, not a requirement of its own
            continue
        if denied and _WITHOUT_RX.search(before) and index.has_match(_DIGIT_RX, a, start):
            continue    # "ANC ≥ 1.5 x 10^9/L without growth factor use in the 2 weeks before": the same
        if ("even" in before or "egardless" in before or "rrespective" in before) and _CONCESSION_BEFORE.search(before):
            continue    # "ANC < 750 even if receiving G-CSF" (Chia): the count, whatever the therapy; no exposure
        if not denied and negation and _THERAPY_NEGATION.search(before):
            continue            # a negation that does not plainly deny this therapy: leave it
        if not denied and may_since and ("since" in before or "from" in before or "after" in before
                                         or "Since" in before or "From" in before) \
                and (since := time_since(s, a, start)) is not None:
            if says_more(text, end):     # (text: with its exceptions)
                continue    # "..., or 5 half-lives, whichever is longer", "(6 months for patients with
                # lupus nephritis)", "or CD19+ B cells >= 20": more than the time read (review 16)
            since_read = since
        elif not (since_read and since_end >= a and _THERAPY_LIST_GAP.fullmatch(s, since_end, start)):
            since_read = None       # (the list's next names after "since prior X" are read so too)
        if since_read is None and ("since" in before or "Since" in before):
            continue    # a time since it the words do not plainly give: not "received it" (review 16)
        if since_read is not None:
            days, months, not_within, lo = since_read
            if section == "exclusion" and not_within:
                continue    # "At least 4 weeks since prior X" filed among exclusions: a requirement misfiled
            note, reach = _noted(drug, s, a, start, end, b, kinds)
            out.append(Raw(Check(variable=drug, op="within", value=days, unit="days", months=months,
                                 span=(min(lo, reach[0]), reach[1]), note=note,
                                 negated=True if not_within else None), span))
            since_end = end
            continue
        neg = True if denied else None     # None: left out of the JSON (exclude_none)
        win = index.window(end, b, end)
        if win is None and before_events and (section == "exclusion" or denied) \
                and (pm := _PRIOR_TO_AFTER.match(s, end, b)) is not None \
                and _DOSE_LATER.search(s, pm.end(), b) is None:
            # (not "... 2 weeks prior to randomization at a dose > 10 mg/day": a dose it asks, review 16)
            n = L.number(pm["n"])
            win = (L.days(n, pm["unit"]), (pm.start("n"), pm.end()), L.months(n, pm["unit"]))
        if win is None and not denied and (colon := s.rfind(":", a, start)) >= 0:
            # a window in a list's lead-in holds for each item ("Receipt of any of the following
            # within 364 days prior to signing the ICF: abatacept, belimumab, ...")
            win = index.window(a, colon, a)
        if not denied and (_STOPPED_BEFORE.search(s, max(a, start - 40), start)
                           or (words.reaction_words() and _REACTION_BEFORE.search(s, a, start))
                           or (("trial" in before or "stud" in before or "Trial" in before)
                               and _TRIAL_OF_BEFORE.search(s, max(a, start - 60), start))):
            continue
        if habit and chronic_use(s, a, start):
            continue    # "chronic use of corticosteroids": a habit no therapy list shows, for a person
        if planned and not denied and (lo := planned_use(s, a, start)) >= 0:
            # "anticipation of need for ... medication", "anticipated start of corticosteroid
            # treatment within the first 2 years": a need to come, from its words to the clause's
            # end for a person
            out.append(Raw(None, (lo, b), manual=text[lo:b].strip(" ,;.")))
            taken.append((lo, b))
            continue
        if win and "whichever" in s and _SHORTER_OTHER.match(s, win[1][1], b):
            continue
        if drug == "other_clinical_trial" and win and _QUALIFIED.match(s, end, win[1][0]) \
                and not words.only_filler(end, win[1][0]):
            # "an investigational agent targeting CD20 within 6 months", "any investigational drug
            # for the treatment of lupus within 30 days": a kind of trial drug no panel entry says
            continue
        note, reach = _noted(drug, s, a, start, end, b, kinds)
        upto = win[1][0] if win else b
        if denied and win is None and (alt := _NEXT_ALTERNATIVE.search(s, end, b)) and \
                words.only_filler(end, alt.start()) and not words.only_filler(alt.start(), b):
            upto = alt.start()
        if denied and not words.only_filler(end, upto):
            # deny only what the words deny: "no corticosteroid injection in the SI joint within 3
            # months" is not "no corticosteroids within 3 months" -- leave such clauses to a person
            continue
        if win:
            # (words between the name and its window that are not filler stay the text's own:
            # "Use of rituximab or zzz within six months" is no reading of zzz)
            # (a name of the list between them reads its own; list_gaps.py keeps a name in a list
            # of names, "azathioprine, 6-mercaptopurine, methotrexate within 8 weeks", unread)
            apart = win[1][0] > reach[1] and not words.only_filler(reach[1], win[1][0]) \
                and not words.names_in(reach[1], win[1][0])
            out.append(Raw(Check(variable=drug, op="within", value=win[0], unit="days", months=win[2],
                                 span=reach if apart else (reach[0], max(reach[1], win[1][1])),
                                 note=note, negated=neg), span, window=win[1] if apart else None))
        elif (_EVER_WORD_RX.search(before) if denied else
              (words.ever_before(a, start) or _PRIOR_RX.match(s, a, start))):
            if now and taken_now(s, a, start):
                # "Currently receiving ... methotrexate": taken at the screening date, not ever
                out.append(Raw(Check(variable=drug, op="within", value=0, unit="days", span=reach,
                                     note=note, negated=neg), span))
            elif not denied and (now_or_ever(s, a, start) or (
                    untensed_end >= a and _THERAPY_LIST_GAP.fullmatch(s, untensed_end, start) is not None)):
                # "Treatment with glucocorticoids": now or ever, the text does not say (current_use.py)
                counts = class_note(drug)
                # (with a kind named, its words stay for a person: the class's note is kept)
                out.append(Raw(Check(variable=drug, op="==", value=True, span=span,
                                     note=f"{NOW_OR_EVER}; {counts}" if counts else NOW_OR_EVER), span))
                untensed_end = end      # (the list's next names are read so too)
            else:
                out.append(Raw(Check(variable=drug, op="==", value=True, span=reach, note=note,
                                     negated=neg), span))
        else:
            continue
        if denied:
            denied_end = end


def _noted(drug: str, s: str, a: int, start: int, end: int, b: int, kinds: bool) -> tuple[str | None, tuple[int, int]]:
    """The note of a check of `drug` named at s[start:end] (clause s[a:b]) and the span it reads:
    a class's kind no panel value records, where one is named (`kinds`: the text may name one),
    else the drugs the class counts."""
    if kinds and drug in DRUG_CLASSES and (kind := _class_kind(s, a, start, end, b)) is not None:
        return NARROWER + kind[0], kind[1]
    return class_note(drug), (start, end)


def _class_kind(s: str, a: int, start: int, end: int, b: int) -> tuple[str, tuple[int, int]] | None:
    """(the words, their reach from the name) of a kind of the class named at s[start:end] that
    no panel value records ("biological cancer therapy"), in its clause s[a:b]; or None."""
    after = _KIND_AFTER.match(s, end, b)
    if after is not None:
        return s[start:after.end()], (start, after.end())
    before = _KIND_BEFORE.search(s, max(a, start - 30), start)
    if before is not None:
        upto = end
        while upto < b and s[upto].isalpha():
            upto += 1       # (the name's word whole: "biologic therap" + "y")
        return s[before.start():upto], (before.start(), end)
    return None


class _Words:
    """What therapies() asks of the words between two places of s, each found once (clauses.py
    says why): dose changes, words of past use, and the filler of a denial."""

    def __init__(self, s: str, found: list[Hit], index: TextIndex) -> None:
        self.s, self.found, self.index = s, found, index
        self._has_do = "do" in lower_of(s)       # every dose change has "dose" or "dosing" in it
        self._ever_words: tuple[list[int], list[int]] | None = None
        self._not_filler_starts: list[int] | None = None
        self._starts: list[int] | None = None
        self._reaction: bool | None = None

    def reaction_words(self) -> bool:
        """Whether s may hold a word of _REACTION_BEFORE (one lower-casing of s, once)."""
        if self._reaction is None:
            low = self.s.lower()
            self._reaction = "indicat" in low or "intoleran" in low or "sensitiv" in low or "allerg" in low or \
                "refus" in low or "declin" in low or "fail" in low or "respon" in low or "refractory" in low \
                or not lowers_alike(self.s)
        return self._reaction

    def dose_change_before(self, a: int, start: int) -> bool:
        """Whether DOSE_CHANGE_RX matches in s[a:start] (a dose change before the name). Of the
        matches over the whole text, the first that starts in [a, start) decides: within it, or
        reaching past `start` (into the name: "unstable rituximab doses"), when a shorter match
        may still end before the name."""
        if not self._has_do:
            return False
        found, starts = self.index.matches(DOSE_CHANGE_RX)
        i = bisect_left(starts, a)
        if i == len(found) or starts[i] >= start:
            return False
        m = found[i]
        return m.end() <= start or bool(DOSE_CHANGE_RX.search(self.s, m.start(), start))

    def _ever(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the words of past use (_EVER_HEAD) anywhere in s."""
        if self._ever_words is None:
            # tried only where a word of it starts (every match opens with one of _EVER_STARTS):
            # the case-blind lookahead at every position was the cost
            got = [(m.start(1), m.end(1)) for m in finditer_at_words(_EVER_HEAD, self.s, _EVER_STARTS)]
            self._ever_words = [a for a, _ in got], [b for _, b in got]
        return self._ever_words

    def ever_before(self, a: int, start: int) -> bool:
        """Whether _EVER_RX finds a word of past use in s[a:start]: one that starts there and
        has no ";" or "." between it and the name (the last one is the one that can)."""
        starts, ends = self._ever()
        i = bisect_left(starts, start) - 1
        while i >= 0 and ends[i] > start:
            i -= 1
        return i >= 0 and starts[i] >= a and not self.index.has_char(";.", ends[i], start)

    def _not_filler(self) -> list[int]:
        """Starts of what a denial's gap may not hold: a word that is not filler, or a character
        that is neither white space nor one of ",()/", outside the names found."""
        if self._not_filler_starts is not None:
            return self._not_filler_starts
        out = []
        names = iter(self.found)
        name = next(names, None)
        for m in _GAP_TOKEN.finditer(self.s):
            while name is not None and name.end <= m.start():
                name = next(names, None)
            if name is not None and name.start <= m.start() < name.end:
                continue
            if m.group(1) is None or not _DENIED_WORD.fullmatch(m.group(1)):
                out.append(m.start())
        self._not_filler_starts = out
        return out

    def names_in(self, a: int, b: int) -> bool:
        """Whether a name found in s starts in [a, b) (the names are in text order)."""
        if self._starts is None:
            self._starts = [h.start for h in self.found]
        i = bisect_left(self._starts, a)
        return i < len(self._starts) and self._starts[i] < b

    def only_filler(self, a: int, b: int) -> bool:
        """Whether s[a:b], with the names found there taken out, holds only filler words ("and",
        "or", "use", "therapy"), white space and ",()/" (what _DENIED_GAP matches in full)."""
        bad = self._not_filler()
        i = bisect_left(bad, a)
        return i == len(bad) or bad[i] >= b


def class_note(drug: str) -> str | None:
    """For a drug class, the drugs it counts (and the classes it counts at some doses only)."""
    if drug in DRUG_BY_ID:
        return None
    members = [d.name for d in drugs_in_class(drug)]
    maybe = [DRUG_CLASSES[c] for c in CLASS_MAYBE.get(drug, {})]
    open_ = f"; for a person: {', '.join(maybe)}" if maybe else ""
    return ("counts: " + ", ".join(members) + open_) if members else None

