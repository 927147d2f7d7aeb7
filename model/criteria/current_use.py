"""A therapy asked about now, or as a habit, not as ever received (audit 9).

"Currently receiving immunosuppressive therapy with ... methotrexate" (Chia NCT03364036) asks
whether the patient takes methotrexate at the screening date: one stopped six months ago does not
count. Such a therapy is read as received within 0 days of as_of (`op` "within", `value` 0), which
the matcher reads as "current" (model/matching/therapy.py). "... or chronic use of corticosteroids"
asks about a habit of use that no therapy list shows (five days of prednisone is none): the drug is
not read, so its words stay unread, for a person.

"Anticipation of need for systemic immunosuppressive medication during study treatment" (NCT05482516
exc-34), "planned treatment with methotrexate", "expected to require rituximab": a need or a plan
to come, which no therapy list shows: the drug is not read (read as ever received, a patient who
never had it was cleared of the exclusion), its words stay unread, for a person.

The rules are asked only of a text that holds their words (the callers' gates: `may_be_current`,
`may_be_chronic`, `may_be_planned` on its lowered text).
"""

from __future__ import annotations

import re

# a word of "now", then the word of use it qualifies ("Currently receiving", "current use of",
# "presently treated with", "at present on")
# ("Concurrent treatment with immunosuppressive agents", "concomitant use of", "ongoing therapy
# with": taken alongside, so at the screening date too: audit 10)
_NOW_RX = re.compile(
    r"\b(?:(?:currently|presently|at\s+present|concurrently|concomitantly)\s+(?:(?:being|on|under)\s+)?"
    r"(?:receiv\w*|taking|treated|undergoing|on|using)"
    r"|(?:current|concurrent|concomitant|ongoing)\s+(?:use|usage|intake|treatment|therapy|therapies|administration)"
    # "Patient is participating in an investigational drug ... trial" (Chia NCT01742117): in one
    # now, not ever in one
    r"|participating\s+in)\b",
    re.I)
# "prior or current", "current or previous", "past or present": ever, not only now
_EVER_TOO_RX = re.compile(
    r"\b(?:prior|previous(?:ly)?|past|former(?:ly)?|ever|history)\s+(?:or|and/or|and|nor)\s+"
    r"(?:current(?:ly)?|present(?:ly)?|concurrent(?:ly)?|concomitant(?:ly)?|ongoing)\b"
    r"|\b(?:current(?:ly)?|present(?:ly)?|concurrent(?:ly)?|concomitant(?:ly)?|ongoing)\s+(?:or|and/or|and|nor)\s+"
    r"(?:prior|previous(?:ly)?|past|former(?:ly)?|ever|"
    r"recent(?:ly)?|planned)\b", re.I)
# a word of past use between "now" and the drug turns the drug's reading back to "ever"
# ("currently in remission after prior rituximab")
_PAST_RX = re.compile(r"\b(?:prior|previous(?:ly)?|past|history|former(?:ly)?|ever|before|ago)\b", re.I)
# a habit of use before the drug, in the words just before it ("chronic use of corticosteroids",
# "chronic systemic steroid therapy", "long-term treatment with")
_CHRONIC_RX = re.compile(
    r"\b(?:chronic(?:ally)?|long[- ]?term|prolonged|habitual|regular)\s+(?:(?:use|usage|intake|administration|treatment|"
    r"therapy|systemic|oral|daily|high[- ]dose|low[- ]dose|doses?|taking|receiving|treated|using|of|with|on|the|a|any)\s+){0,4}$",
    re.I)


# a need or a plan to come, in the words before the drug ("anticipation of need for", "planned",
# "expected to require", "will need", "intends to start", "agrees not ... to participate in")
_PLANNED_RX = re.compile(
    r"\b(?:anticipat\w*|expect(?:s|ed)?\s+to|likely\s+to|plann?(?:ed|ing)|plans?\s+to|intend(?:s|ed)?\s+to|"
    r"intention\s+to|scheduled|to\s+participate|will\s+(?:need|require|receive|undergo|be\s+(?:treated|given|receiving)))\b", re.I)


def may_be_planned(low: str) -> bool:
    """Whether a lowered text may hold a word of a need or plan to come."""
    return "anticipat" in low or "expect" in low or "likely" in low or "plan" in low or "intend" in low \
        or "intention" in low or "schedul" in low or "will " in low or "to participate" in low


def planned_use(s: str, a: int, start: int) -> int:
    """Where the words start that make the drug at `start`, in the clause starting at `a`, one
    needed or planned in the future (a word of it in the 60 characters before the drug, within
    the clause and after its last comma), or -1."""
    # (after the last comma before the drug: "Live vaccine will be given within 12 weeks ..., or
    # live vaccine is expected to be needed": the second mention's "will" is the first clause's)
    m = _PLANNED_RX.search(s, max(a, start - 60, s.rfind(",", a, start) + 1), start)
    return m.start() if m else -1


def may_be_current(low: str) -> bool:
    """Whether a lowered text may hold a word of "now" (the gate before any regex)."""
    return "current" in low or "present" in low or "concomitant" in low or "ongoing" in low \
        or "participating" in low


def may_be_chronic(low: str) -> bool:
    """Whether a lowered text may hold a word of a habit of use."""
    return "chronic" in low or "long" in low or "prolonged" in low or "habitual" in low or "regular" in low


def taken_now(s: str, a: int, start: int) -> bool:
    """Whether the drug at `start`, in the clause starting at `a`, is asked about now: a word of
    "now" with its word of use before it in the clause, and no word of past use between them
    and the drug, and not "prior or current" (ever)."""
    last = None
    for m in _NOW_RX.finditer(s, a, start):
        last = m
    if last is None:
        return False
    if _PAST_RX.search(s, last.end(), start):
        return False
    return not _EVER_TOO_RX.search(s, max(a, last.start() - 30), min(start, last.end() + 30))


# A therapy named with no window and no word of the past or of now ("Treatment with
# glucocorticoids", "Patients receiving corticosteroids", "administration of ...") may mean taken now
# or ever taken: the text does not say which (audit 14: a prednisone course of 2010 excluded a
# patient from "Treatment with glucocorticoids"). The check reads "ever received" with this note,
# which the matcher reads (model/matching/therapy.py): taken now meets it, never taken fails it, one
# taken only in the past is for a person.
NOW_OR_EVER = "now or ever: the text does not say which"
# the words of use with no tense of their own, just before the drug
_UNTENSED_RX = re.compile(
    r"\b(?:receiv(?:ing|es?)|(?:treatment|therapy|therapies)\s+with|treated\s+with|administration\s+of)\s+"
    r"(?:(?:any|an?|the|other|systemic|oral|intravenous|iv)\s+)*$", re.I)
# a word of the past anywhere in the clause before the drug: ever received, as read before
_PAST_USE_RX = re.compile(r"\b(?:prior|previous(?:ly)?|past|history|former(?:ly)?|ever|received|undergone|underwent|"
                          r"exposure|exposed|had|has\s+been|have\s+been|before|ago|already|once)\b", re.I)


def now_or_ever(s: str, a: int, start: int) -> bool:
    """Whether the drug at `start`, in the clause starting at `a`, is named by a word of use with
    no tense ("Treatment with", "receiving") and no word of the past before it (above)."""
    return bool(_UNTENSED_RX.search(s, max(a, start - 50), start)) and not _PAST_USE_RX.search(s, a, start)


def chronic_use(s: str, a: int, start: int) -> bool:
    """Whether the drug at `start` is named as a habit of use ("chronic use of corticosteroids")."""
    return bool(_CHRONIC_RX.search(s, max(a, start - 50), start))
