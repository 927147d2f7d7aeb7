"""Therapies and drug classes: "received rituximab within 6 months", "no prior biologics"."""

from __future__ import annotations

import re

from trialview.model.criteria.names import Hit
from trialview.model.criteria.patterns import found_at_words
from trialview.model.criteria.spans import Raw, clause, overlaps, window
from trialview.model.criteria.tree import Check
from trialview.model.vocabulary import DRUG_BY_ID, drugs_in_class

_EVER_RX = re.compile(
    r"(?:prior|previous(?:ly)?|received|receiving|receive|treated\s+with|treatment\s+with|therapy\s+with|history\s+of|"
    r"undergone|exposure\s+to|exposed\s+to|participat\w*|administration)\b[^;.]*$", re.I)
# how the matches of _EVER_RX start (it is tried only there: patterns.found_at_words)
_EVER_WORDS = ("prior", "previous", "receiv", "treated", "treatment", "therapy", "history", "undergone", "exposure",
               "exposed", "participat", "administration")
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
_DOSE_AFTER_RX = re.compile(
    r"\s+dos(?:e|es|age|ing)\s+(?:\w+\s+)?(?:changes?|changed|adjust\w*|increas\w*|escalat\w*|reduc\w*|modif\w*)", re.I)
_WITHOUT_RX = re.compile(r"\bwithout\b", re.I)
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
              text: str = "") -> None:
    """Checks of the therapies found in s: received within a window, ever received, or denied."""
    text = text or s
    manual_clauses: set[tuple[int, int]] = set()
    denied_end = -1              # end of the last therapy a negation denied ("no X and Y within 7 days")
    for start, end, drug in found:
        span = (start, end)
        if overlaps(span, taken):
            continue
        a, b = clause(s, start)
        if (a, b) in manual_clauses:
            continue
        if ("do" in s[a:start].lower() and DOSE_CHANGE_RX.search(s, a, start)) \
                or DOSE_CHANGE_RX.match(s, end, min(b, end + 40)) or _DOSE_AFTER_RX.match(s[end:b]):
            # "received unstable doses of mycophenolate ... within 12 weeks": not "received within 12 weeks"
            manual_clauses.add((a, b))
            lo = a + len(s[a:b]) - len(s[a:b].lstrip())
            out.append(Raw(None, (lo, b), manual=text[lo:b].strip()))
            taken.append((lo, b))
            continue
        before = s[max(a, start - 60):start]
        negation = _may_deny(before.lower())
        denied = bool(negation and _THERAPY_DENIED.search(before)) or (
            denied_end >= a and denied_end <= start and bool(_THERAPY_LIST_GAP.fullmatch(s[denied_end:start])))
        if denied and "(" in s[a:start] and ")" not in s[s.rindex("(", a, start):start]:
            # "ANC ≥1×10⁹/L (without colony-stimulating factor therapy within 2 weeks prior to
            # testing)": how the measurement is taken, not a requirement of its own
            continue
        if denied and _WITHOUT_RX.search(before) and _DIGIT_RX.search(s[a:start]):
            continue    # "ANC ≥ 1.5 x 10^9/L without growth factor use in the 2 weeks before": the same
        if not denied and negation and _THERAPY_NEGATION.search(before):
            continue            # a negation that does not plainly deny this therapy: leave it
        neg = True if denied else None     # None: left out of the JSON (exclude_none)
        win = window(s, end, b, end)
        if denied:
            # deny only what the words deny: "no corticosteroid injection in the SI joint within 3
            # months" is not "no corticosteroids within 3 months" -- leave such clauses to a person
            gap = s[end:win[1][0] if win else b]
            for other in found:
                if end <= other.start and other.end <= end + len(gap):
                    gap = gap.replace(s[other.start:other.end], " ", 1)
            if not _DENIED_GAP.fullmatch(gap):
                continue
        if win:
            out.append(Raw(Check(variable=drug, op="within", value=win[0], unit="days", span=(start, win[1][1]),
                                 note=class_note(drug), negated=neg), span))
        elif (_EVER_WORD_RX.search(before) if denied else
              (found_at_words(_EVER_RX, s[a:start], _EVER_WORDS) or _PRIOR_RX.match(s[a:start]))):
            out.append(Raw(Check(variable=drug, op="==", value=True, span=span, note=class_note(drug), negated=neg),
                           span))
        else:
            continue
        if denied:
            denied_end = end


def class_note(drug: str) -> str | None:
    """For a drug class, the drugs it counts."""
    if drug in DRUG_BY_ID:
        return None
    members = [d.name for d in drugs_in_class(drug)]
    return ("counts: " + ", ".join(members)) if members else None

