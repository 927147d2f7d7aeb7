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
    # (not "... must be excluded": the exclusion said once more, no requirement; nor what must be
    # done to the patient, "(a pregnancy test must be performed at screening)", review 15)
    r"(?!\s+(?:not|no|excluded|ineligible|disqualified|withdrawn|performed|done|confirmed|documented|obtained|"
    r"tested|measured|assessed|repeated|collected|conducted|verified|evaluated|checked|drawn|taken|completed|"
    r"reviewed|recorded|available|used|consulted|informed|screened)\b)", re.I)
# an alternative between a requirement's checks ("negative HBsAg or HCV antibody"; not "/", which
# joins "HBsAg/HCV antibody" and units)
_OR_RX = re.compile(r"\b(?:or|either)\b", re.I)
_BRACKET_RX = re.compile(r"\([^()]*\)")
# the patients a check before the requirement names, just before its verb
_SUBJECT_RX = re.compile(r"\s*(?:(?:positive|negative|reactive|detectable)\s+)?(?:patients|subjects|participants|individuals|persons|women|men|those|carriers)\s+"
                         r"(?:must|should|(?:is|are)\s+required)\b", re.I)
_DENIED_RX = re.compile(r"\b(?:must|should|may|can)\s*not\b|\bcannot\b|\bnot\s+(?:have|be)\b", re.I)


def may_require(low: str) -> bool:
    """Whether a lowered text may hold a requirement's words (the gate before any regex)."""
    return "must" in low or "should" in low or "required" in low


def _requirement(text: str, a: int, b: int, brackets: bool = False) -> int | None:
    """Where the words after the requirement's verb start in text[a:b], or None: a plain
    requirement of the patient, not denied, in brackets only where `brackets` (a bracket may
    say how a mention is found: "Pregnant women (patients must have a negative pregnancy test
    within 7 days)")."""
    if _DENIED_RX.search(text, a, b):
        return None
    for m in _REQUIRED_RX.finditer(text, a, b):
        if brackets or text.count("(", a, m.start()) <= text.count(")", a, m.start()):
            return m.end()
    return None


def as_requirement(node: CriterionNode, text: str) -> None:
    """Negate the checks of an exclusion that states a requirement of whom the trial takes: the
    checks after the requirement's verb ("HBsAg positive patients must have undetectable HBV
    DNA": the DNA's, not the HBsAg's, which says whom it asks); a criterion of one check and
    nothing below it, that check. In a criterion of several sentences, the checks of the
    sentences that state one ("Pregnant or breastfeeding; only women of childbearing potential
    must have a negative pregnancy test": the test's check had excluded every woman not
    pregnant, audit 14 review), and a sentence read as a part of its own (a part for some
    patients only: "Pregnant women. Women of childbearing potential must have a negative
    pregnancy test"). A requirement of several checks, all of them ("must have negative HBsAg
    and HCV antibody"), excludes a patient who fails any one: each check is negated and they
    join "any" (De Morgan); "... or ..." excludes only who fails both."""
    if _REQUIRED_RX.search(text) is None:
        return
    sentences = sentences_of(text)
    if len(sentences) == 1 and not node.children:
        if len(node.checks) == 1:
            if _requirement(text, 0, len(text)) is not None:
                _negate(node, node.checks, text)
            return
        after = _requirement(text, 0, len(text), brackets=True)
        if after is not None:
            # (in brackets, a variable read before the verb is that mention's own test: "Severe
            # cardiac disease (patients must have LVEF >= 50%)" turns the LVEF round, not the
            # disease)
            first = [c for c in node.checks if c.span is not None and c.span[0] < after]
            before = {c.variable for c in first}
            mine = [c for c in node.checks if c.span is not None and c.span[0] >= after and c.variable not in before]
            _negate(node, mine, text)
            last = max((c.span[1] for c in first if c.span is not None), default=-1)
            if mine and first and node.logic == "any" and not node.unread \
                    and _SUBJECT_RX.match(text, last) and len(first) + len(mine) == len(node.checks):
                # "HBsAg positive patients must have undetectable HBV DNA": whom it asks, and
                # what they must show: both (an exclusion had joined them "any")
                node.logic = "all"
        return
    for child in node.children:     # (parts of this text, read before the item's own list)
        if child.condition is not None and child.checks and not child.children \
                and len(sentences_of(child.text)) == 1 \
                and (after := _requirement(child.text, 0, len(child.text))) is not None:
            mine = [c for c in child.checks if c.span is not None and c.span[0] >= after]
            if len(mine) == 1 and child.unread and child.logic == "all":
                # ("must have a negative test ... and must use effective contraception": failing
                # either excludes; the part no check reads stays for a person)
                child.logic = "any"
            _negate(child, mine, child.text)
    if len(sentences) < 2:
        return      # (one sentence of several checks: "Pregnancy (a negative ... test should be available ...)")
    # (several sentences: only a check in the requirement's own sentence is its; "HIV infection.
    # All patients must have an HIV test at screening" excludes HIV, audit 14 review)
    for a, b in sentences:
        after = _requirement(text, a, b)
        if after is not None:
            mine = [c for c in node.checks if c.span is not None and after <= c.span[0] < b]
            _negate(node, mine, text)


def _negate(node: CriterionNode, checks: list[Check], text: str) -> None:
    """Turn a requirement's checks round. One check is negated. A node that is the requirement
    alone, its checks and nothing else, is negated whole: each check, and its join turned
    ("must have negative HBsAg and HCV antibody": excluded by either; "... or ...": by both). Some
    of a node's checks that join "any" with the rest are negated each where the requirement wants
    them all (no "or" between them); alternatives there are left as read. The words between the
    checks, not the node's join, say which: an exclusion joins its checks "any" whatever the
    words; an "or" in brackets with no check in them is no alternative of theirs ("hemoglobin
    >= 9 g/dL (with or without transfusion) and platelets ...")."""
    if len(checks) == 1:
        checks[0].negated = None if checks[0].negated else True
        return
    spans = [c.span for c in checks if c.span is not None]
    if len(spans) != len(checks) or not checks:
        return
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    between = _BRACKET_RX.sub(lambda m: m.group(0) if any(m.start() + lo <= a < m.end() + lo for a, _ in spans) else " ",
                              text[lo:hi])
    alternatives = _OR_RX.search(between) is not None
    if alternatives and len(checks) > 2:
        return      # ("a negative HBsAg and anti-HCV (or HCV RNA) test": and and or, left as read)
    if len(checks) == len(node.checks) and not node.children and not node.unread:
        node.logic = "all" if alternatives else "any"
    elif node.logic != "any" or alternatives:
        return
    for check in checks:
        check.negated = None if check.negated else True
