"""A criterion limited to one part of the study (audit 14).

"pregnant or lactating (only excluded from imaging study)", "Pregnancy or lactation (imaging
substudy participants only)", "Imaging substudy only: pregnancy or lactation", "For Part B only:
eGFR >= 30", "Cohort 2: hemoglobin >= 10 g/dL": outside that part the criterion does not apply,
and whether the patient will be in it is for a person. The words are taken out before the rest is read, and joined back in the
patient's favour (unread.join_in_favour): an exclusion is never met by the machine, an inclusion
never failed. Read as a clause of the last alternative, the bracket had excluded a pregnant
patient from the whole trial; as a label before a colon, it had vanished.
"""

from __future__ import annotations

import re

# a part of the study: a sub-study, an imaging / MRI / PK ... part, a named cohort, part or arm
_PART = (r"(?:sub-?stud(?:y|ies)|(?:imaging|mri|pet|pk|pharmacokinetic|biopsy|optional|extension)\s+"
         r"(?:sub-?)?(?:stud(?:y|ies)|part|cohort|arm|phase)|(?:cohorts?|parts?|arms?)\s+[a-z0-9]{1,3}\b)")
STUDY_PART_RX = re.compile(
    # "(only excluded from imaging study)", "(only for Part B)"
    r"\(\s*only\b[^()]{0,40}?\b" + _PART + r"[^()]*\)"
    # "(imaging substudy participants only)", "(for the MRI substudy only)"
    r"|\((?:[^()]{0,30}?\b)?" + _PART + r"(?:\s+[\w-]+){0,2}\s+only\s*\)"
    # "Imaging substudy only:", "For Part B only:", "For participants in the imaging substudy
    # only:", "Only for patients in cohort 2:" at the start
    r"|^\s*(?:for\s+)?(?:[\w-]+\s+){0,4}?" + _PART + r"(?:\s+[\w-]+){0,2}\s+only\s*:"
    r"|^\s*only\s+(?:for|in)\s+(?:[\w-]+\s+){0,4}?" + _PART + r"\s*:"
    # a bare label at the start: "Cohort 2:", "Part B:", "For Cohort B,", "In Parts A and B:",
    # "Cohort 1 (dose escalation):" (session 15 review: the label had been dropped)
    r"|^\s*(?:(?:for|in)\s+)?(?:(?:patients|participants|subjects)\s+(?:in|enrolled\s+in)\s+)?(?:the\s+)?"
    r"(?:cohorts?|parts?|arms?)\s+[a-z0-9]{1,3}\b(?:\s*(?:,|and|or|&)\s*[a-z0-9]{1,3}\b)*"
    r"(?:\s*\([^()]{0,60}\))?\s*[:,]", re.I)


def may_name_part(low: str) -> bool:
    """Whether a lowered text may hold STUDY_PART_RX (the gate before it)."""
    if "only" in low and ("stud" in low or "part" in low or "cohort" in low or "arm" in low):
        return True
    head = low[:40]     # (a bare label opens the text)
    return "cohort" in head or "part " in head or "parts " in head or "arm " in head or "arms " in head


def study_part(text: str) -> tuple[int, int] | None:
    """The span of the words limiting text to a part of the study, or None."""
    m = STUDY_PART_RX.search(text)
    return m.span() if m else None
