"""A requirement written among the exclusions is met by whom the trial takes (audit 10).

"Women of childbearing potential must have a negative serum or urine pregnancy test result within
28 days prior to initiation of study treatment" (NCT05482516 exc-37.1, under "Pregnancy or
breastfeeding ..."): the sentence says what a woman must show to be taken, so it excludes her when
she does *not* show it. Read as an exclusion as it stands, its check (`pregnant == False`)
excluded every woman who is not pregnant. Such a criterion's one check is `negated` (the matcher
inverts its truth; unknown stays unknown).

Only a plain requirement of the patient ("must have", "must be", "should have", "is required to
have") with one check and nothing below it: a relative clause names whom the trial excludes
("patients who must be treated with corticosteroids"), and "must not" is an exclusion's own sense.
"""

from __future__ import annotations

import re

from trialview.model.criteria.conditions import sentences as sentences_of
from trialview.model.criteria.tree import CriterionNode

_REQUIRED_RX = re.compile(
    r"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)\b(?:must|should|(?:is|are)\s+required\s+to)\s+(?:have|be|show|demonstrate|present)\b"
    # (not "... must be excluded": the exclusion said once more, no requirement)
    r"(?!\s+(?:not|no|excluded|ineligible|disqualified|withdrawn)\b)", re.I)
_DENIED_RX = re.compile(r"\b(?:must|should|may|can)\s*not\b|\bcannot\b|\bnot\s+(?:have|be)\b", re.I)


def may_require(low: str) -> bool:
    """Whether a lowered text may hold a requirement's words (the gate before any regex)."""
    return "must" in low or "should" in low or "required" in low


def as_requirement(node: CriterionNode, text: str) -> None:
    """Negate the one check of an exclusion that states a requirement of whom the trial takes;
    in a criterion of several sentences, the checks of the sentences that state one ("Pregnant
    or breastfeeding; only women of childbearing potential must have a negative pregnancy test":
    the test's check had excluded every woman not pregnant, audit 14 review)."""
    if not _REQUIRED_RX.search(text):
        return
    sentences = sentences_of(text)
    if len(node.checks) == 1 and not node.children and len(sentences) == 1:
        if _DENIED_RX.search(text):
            return
        check = node.checks[0]
        check.negated = None if check.negated else True
        return
    if len(sentences) < 2:
        return      # (one sentence of several checks: "Pregnancy (a negative ... test should be available ...)")
    # (several sentences: only a check in the requirement's own sentence is its; "HIV infection.
    # All patients must have an HIV test at screening" excludes HIV, audit 14 review)
    for a, b in sentences:
        if _REQUIRED_RX.search(text, a, b) and not _DENIED_RX.search(text, a, b):
            mine = [c for c in node.checks if c.span is not None and a <= c.span[0] < b]
            if len(mine) == 1:      # (the requirement's own check, as for a criterion of one)
                mine[0].negated = None if mine[0].negated else True
