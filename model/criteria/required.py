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
from trialview.model.criteria.tree import Check, CriterionNode

_REQUIRED_RX = re.compile(
    r"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)\b(?:must|should|(?:is|are)\s+required\s+to)\s+(?:have|be|show|demonstrate|present)\b"
    # (not "... must be excluded": the exclusion said once more, no requirement)
    r"(?!\s+(?:not|no|excluded|ineligible|disqualified|withdrawn)\b)", re.I)
_OR_RX = re.compile(r"\b(?:or|either)\b|/", re.I)
_DENIED_RX = re.compile(r"\b(?:must|should|may|can)\s*not\b|\bcannot\b|\bnot\s+(?:have|be)\b", re.I)


def may_require(low: str) -> bool:
    """Whether a lowered text may hold a requirement's words (the gate before any regex)."""
    return "must" in low or "should" in low or "required" in low


def as_requirement(node: CriterionNode, text: str) -> None:
    """Negate the checks of an exclusion that states a requirement of whom the trial takes;
    in a criterion of several sentences, the checks of the sentences that state one ("Pregnant
    or breastfeeding; only women of childbearing potential must have a negative pregnancy test":
    the test's check had excluded every woman not pregnant, audit 14 review), and a sentence read
    as a part of its own (a part for some patients only: "Pregnant women. Women of childbearing
    potential must have a negative pregnancy test"). A requirement of several checks, all of
    them ("must have negative HBsAg and HCV antibody"), excludes a patient who fails any one:
    each check is negated and they join "any" (De Morgan); where its checks are alternatives
    ("... or ..."), it is left as it was read."""
    if not _REQUIRED_RX.search(text):
        return
    sentences = sentences_of(text)
    if len(sentences) == 1 and not node.children:
        if not _DENIED_RX.search(text):
            _negate(node, node.checks, text)
        return
    for child in node.children:     # (parts of this text, read before the item's own list)
        if child.condition is not None and child.checks and not child.children \
                and len(sentences_of(child.text)) == 1 and _REQUIRED_RX.search(child.text) \
                and not _DENIED_RX.search(child.text):
            _negate(child, child.checks, child.text)
    if len(sentences) < 2:
        return      # (one sentence of several checks: "Pregnancy (a negative ... test should be available ...)")
    # (several sentences: only a check in the requirement's own sentence is its; "HIV infection.
    # All patients must have an HIV test at screening" excludes HIV, audit 14 review)
    for a, b in sentences:
        if _REQUIRED_RX.search(text, a, b) and not _DENIED_RX.search(text, a, b):
            mine = [c for c in node.checks if c.span is not None and a <= c.span[0] < b]
            if len(mine) == 1 or node.logic == "any":
                _negate(node, mine, text[a:b])


def _negate(node: CriterionNode, checks: list[Check], words: str) -> None:
    """Turn a requirement's checks round. One check is negated. A node that is the requirement
    alone, its checks and nothing else, is negated whole: each check, and its join turned
    ("must have negative HBsAg and HCV antibody": excluded by either; "... or ...": by both). Some
    of a node's checks that join "any" with the rest are negated each where the requirement wants
    them all (no "or" in its words); alternatives there are left as read. The words, not the
    node's join, say which: an exclusion joins its checks "any" whatever the words."""
    if len(checks) == 1:
        checks[0].negated = None if checks[0].negated else True
        return
    if not checks:
        return
    if len(checks) == len(node.checks) and not node.children and not node.unread:
        # (an exclusion reads "HBsAg and HCV antibody" as either one: the words decide the join)
        node.logic = "all" if _OR_RX.search(words) else "any"
    elif node.logic != "any" or _OR_RX.search(words):
        return
    for check in checks:
        check.negated = None if check.negated else True
