"""Whose state a criterion names: a partner's, one to be tested for or at risk of, or one named
beside its own denial is not the patient's (checks._states asks `not_the_patients` before it
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


def not_the_patients(s: str, a: int, start: int, end: int, b: int, near: str) -> bool:
    """Whether the state s[start:end] (in clause s[a:b]; near: the lower-cased 50 characters
    before it) is a partner's, one to be tested for or at risk of, or named beside its own
    denial (see _OF_PARTNER_AFTER and _NON_SAME_BEFORE); plain substring tests first."""
    ahead = s[end:min(b, end + 40)].lower()
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
    word = s[start:start + 4].lower()
    if "non" in near and (m := _NON_SAME_BEFORE.search(s, max(a, start - 40), start)) and m.group(1).lower() == word:
        return True
    return "non" in ahead and (m2 := _NON_SAME_AFTER.match(s, end, b)) is not None and m2.group(1).lower() == word
