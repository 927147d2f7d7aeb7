"""Whose state a criterion names: a partner's, one to be tested for or at risk of, or one named
beside its own denial is not the patient's (states.states asks `not_the_patients` before it
reads a state as the patient's)."""

from __future__ import annotations

import re

# a result named in the clause ("HIV positive", "detectable HBV DNA")
POSITIVE = re.compile(r"\b(?:positive|reactive|detect(?:ed|able)|confirmed\s+(?:infection|diagnosis))\b", re.I)
# a state of someone else, or one not known yet, is not the patient's: "Has at least one
# HIV-infected sexual partner", "Willing to test for HIV", "Unaware of HIV status", "High risk
# for HIV infection" (Chia) each read "HIV: positive required" and failed every HIV-negative
# patient
_OF_PARTNER_AFTER = re.compile(r"(?:[- ](?:infected|positive|seropositive|affected))?\s+(?:sexual\s+|female\s+|male\s+)?"
                               r"partners?\b", re.I)
_TEST_BEFORE = re.compile(r"\b(?:test(?:s|ed|ing)?|screen(?:s|ed|ing)?)\s+(?:them\s+)?(?:for\s+)(?:the\s+)?$", re.I)
_STATUS_AFTER = re.compile(r"(?:-[12])?\s+(?:sero)?status\b", re.I)
_RISK_BEFORE = re.compile(r"\brisks?\s+(?:for|of)\s+(?:acquiring\s+|contracting\s+|developing\s+|getting\s+)?$", re.I)
# a state named beside its own denial ("chronic non-cancer and cancer pain", "malignant and
# non-malignant brain tumors"): either will do, so neither is asked
_NON_SAME_BEFORE = re.compile(r"\bnon[- ]?(\w{4})\w*\s+(?:and|or|and/or|&)\s+$", re.I)
_NON_SAME_AFTER = re.compile(r"\s+(?:and|or|and/or|&)\s+non[- ]?(\w{4})", re.I)


# a pregnancy or breastfeeding that is not the patient's today (audit 6, Chia): one planned or
# wished for ("Planning pregnancy within 2 years of study", NCT02385448; "wish for pregnancy
# within next three months", NCT03168555), one past ("care in relation to a recently completed
# pregnancy", NCT02152696; "previous pregnancy"), a time of one ("relapse during the last
# trimester of pregnancy", NCT03335436): each read "pregnant: yes" and cleared a woman who is not
# pregnant today, whatever she plans or went through
_WISHED_BEFORE = re.compile(r"\b(?:plan(?:s|ned|ning)?|intend(?:s|ed|ing)?|intentions?|wish(?:es|ed|ing)?|desir(?:e|es|ed|ing)|"
                            r"want(?:s|ed|ing)?|attempt(?:s|ed|ing)?|trying|consider(?:s|ed|ing)?|seek(?:s|ing)?|"
                            r"hop(?:e|es|ing))\s+(?:(?:for|of|on|to|a|an|any|future|further|another)\s+)*$", re.I)
_PAST_BEFORE = re.compile(r"\b(?:(?:recently\s+)?(?:completed|ended|terminated|finished|concluded)|previous|prior|past|former|"
                          r"(?:trimester|weeks?|months?)\s+of)\s+(?:the\s+|a\s+|an\s+|her\s+)?$", re.I)
_PAST_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:within|in|during)\s+the\s+(?:last|past|previous|preceding|prior)\b", re.I)
# "Lives in a nursing home" (Chia NCT01891513 exc-14) read "lactating: yes": a place, not a state
_PLACE_AFTER = re.compile(r"[\s-]+(?:homes?|facilit(?:y|ies)|care|staff|students?|schools?|assistants?|aides?|personnel|"
                          r"institutions?|residences?|units?|services?|professionals?|practice|centers?|centres?)\b", re.I)
_MOTHERHOOD = ("pregnan", "lactat", "breast", "nursing")


def not_the_patients(s: str, a: int, start: int, end: int, b: int, near: str) -> bool:
    """Whether the state s[start:end] (in clause s[a:b]; near: the lower-cased 50 characters
    before it) is a partner's, one to be tested for or at risk of, or named beside its own
    denial (see _OF_PARTNER_AFTER and _NON_SAME_BEFORE); plain substring tests first."""
    ahead = s[end:min(b, end + 40)].lower()
    word = s[start:start + 7].lower()
    if word.startswith(_MOTHERHOOD) and _not_today(s, a, start, end, b, near, word):
        return True
    if "partner" in ahead and _OF_PARTNER_AFTER.match(s, end, b):
        return True
    if ("test" in near or "screen" in near) and _TEST_BEFORE.search(s, max(a, start - 30), start) and \
            not POSITIVE.search(s, a, b):
        return True
    if "status" in ahead and _STATUS_AFTER.match(s, end, b) and not POSITIVE.search(s, a, b) and \
            "negative" not in s[a:b].lower():
        return True
    if "risk" in near and _RISK_BEFORE.search(s, max(a, start - 40), start):
        return True
    word = word[:4]
    if "non" in near and (m := _NON_SAME_BEFORE.search(s, max(a, start - 40), start)) and m.group(1).lower() == word:
        return True
    return "non" in ahead and (m2 := _NON_SAME_AFTER.match(s, end, b)) is not None and m2.group(1).lower() == word


def _not_today(s: str, a: int, start: int, end: int, b: int, near: str, word: str) -> bool:
    """Whether a pregnancy or breastfeeding s[start:end] is not the patient's today: wished for,
    past, a time, or (nursing) a place (see _WISHED_BEFORE, _PLACE_AFTER); plain substring tests
    of the 50 characters before it (near) first."""
    if word.startswith("nursing") and _PLACE_AFTER.match(s, end, b):
        return True
    if ("plan" in near or "inten" in near or "wish" in near or "desir" in near or "want" in near or "attempt" in near
            or "try" in near or "consider" in near or "seek" in near or "hop" in near) and \
            _WISHED_BEFORE.search(s, max(a, start - 40), start):
        return True
    if ("complet" in near or "ended" in near or "terminat" in near or "finish" in near or "conclud" in near
            or "previous" in near or "prior" in near or "past" in near or "former" in near or " of" in near) and \
            _PAST_BEFORE.search(s, max(a, start - 40), start):
        return True
    return word.startswith("pregnan") and _PAST_AFTER.match(s, end, b) is not None


# an age that is not the patient's: a pregnancy's ("gestational age between 20 weeks and 23
# weeks and 6 days", Chia NCT02511574; "Estimated gestational age greater than 20 weeks",
# NCT02620904) or a bone's; read as the patient's age, every adult failed the first and met the
# second. Such a clause is left to a person.
_OTHER_AGE = re.compile(r"\b(?:gestation(?:al)?|bone|skeletal|mental|maternal|paternal|corrected|post-?menstrual|"
                        r"post-?conceptional|fetal|foetal)\s+age\b", re.I)
_OTHER_AGE_REACH = 60       # how far past "gestational age" its numbers may stand ("... between 20 weeks and 23 weeks")


def other_ages(s: str, low: str) -> list[tuple[int, int]]:
    """Spans of s from an age that is not the patient's (_OTHER_AGE) to the end of its clause
    or _OTHER_AGE_REACH characters on (low: s.lower(), for the plain substring gate)."""
    if " age" not in low or not ("gestation" in low or "bone" in low or "skeletal" in low or "mental" in low
                                 or "ternal" in low or "corrected" in low or "menstrual" in low or "concept" in low
                                 or "fetal" in low or "foetal" in low):
        return []
    out = []
    for m in _OTHER_AGE.finditer(s):
        stop = min(len(s), m.end() + _OTHER_AGE_REACH)
        cut = re.search(r"[;.](?:\s|$)", s[m.end():stop])
        out.append((m.start(), m.end() + cut.start() if cut else stop))
    return out


def not_the_patients_age(start: int, spans: list[tuple[int, int]]) -> bool:
    """Whether an age check starting at `start` lies in one of other_ages' spans."""
    return any(a <= start < b for a, b in spans)
