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
A requirement of several checks is turned round only where the sentence opens with the patients
it asks of ("Patients must have negative HBsAg and HCV antibody", audit 15): each check negated,
joined "any" (failing one excludes), or "all" where the text offers them as alternatives.
"""

from __future__ import annotations

import re

from trialview.model.criteria.conditions import sentences as sentences_of
from trialview.model.criteria.tree import Check, CriterionNode, Logic, assign, criterion

_REQUIRED_RX = re.compile(
    r"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)\b(?:must|should|(?:is|are)\s+required\s+to)\s+(?:have|be|show|demonstrate|present)\b"
    # (not "... must be excluded": the exclusion said once more, no requirement; nor what must be
    # done at a visit, "(a pregnancy test must be performed at screening)", review 15)
    r"(?!\s+(?:not|no|excluded|ineligible|disqualified|withdrawn|performed|done|obtained|conducted|collected|"
    r"drawn|taken|completed|repeated|available)\b)", re.I)
_DENIED_RX = re.compile(r"\b(?:must|should|may|can)\s*not\b|\bcannot\b|\bnot\s+(?:have|be)\b", re.I)
# a sentence that opens with the patients it asks of, then the requirement's verb
# (the requirement's verb, after whom it asks)
_ASKS = r"(?:must|should|(?:is|are)\s+required\s+to)\s+(?:have|be|show|demonstrate)\b"
_SUBJECT_FIRST = re.compile(r"\s*(?:all\s+)?(?:patients|subjects|participants|individuals)\s+" + _ASKS, re.I)
# an alternative between a requirement's checks ("negative HBsAg or HCV antibody"; not "/", which
# joins "HBsAg/HCV antibody" and units, nor an "or" in brackets no check is read in)
_OR_RX = re.compile(r"\b(?:or|either)\b", re.I)
_BRACKET_RX = re.compile(r"\([^()]*\)")


def may_require(low: str) -> bool:
    """Whether a lowered text may hold a requirement's words (the gate before any regex)."""
    return "must" in low or "should" in low or "required" in low


def as_requirement(node: CriterionNode, text: str) -> None:
    """Negate the one check of an exclusion that states a requirement of whom the trial takes;
    in a criterion of several sentences, the checks of the sentences that state one ("Pregnant
    or breastfeeding; only women of childbearing potential must have a negative pregnancy test":
    the test's check had excluded every woman not pregnant, audit 14 review), a sentence read as
    a part of its own for some patients ("Pregnant women. Women of childbearing potential must
    have a negative pregnancy test", audit 15), and several checks where the patients are asked
    for them all (above)."""
    if not _REQUIRED_RX.search(text):
        return
    sentences = sentences_of(text)
    if len(sentences) == 1 and not node.children:
        if _DENIED_RX.search(text):
            return
        if len(node.checks) == 1:
            _turn(node.checks[0])
        elif (m := _SUBJECT_FIRST.match(text)) is not None and not node.unread and not node.exceptions \
                and all(c.span is not None and c.span[0] >= m.end() for c in node.checks):
            alternatives = _alternatives(node.checks, text)
            if not (alternatives and len(node.checks) > 2):     # ("... and anti-HCV (or HCV RNA)": as read)
                for check in node.checks:
                    _turn(check)
                node.logic = "all" if alternatives else "any"
            else:
                _to_a_person(node, text, m.end())
        elif node.checks:
            _whom_and_what(node, text)
        return
    if len(sentences) == 1 and not _DENIED_RX.search(text) and (m := _REQUIRED_RX.search(text)) is not None:
        # (one sentence whose checks were grouped: "Known hepatitis B or C infection (HBsAg
        # positive patients must have undetectable HBV DNA)": what the requirement asks, read as
        # a reason to exclude, excluded a patient without hepatitis; for a person)
        _to_a_person(node, text, m.start(), [c for c in node.checks if c.span is not None and c.span[0] >= m.end()])
        if any(c.span is not None and c.span[0] >= m.end() for g in node.children if g.kind in ("all", "any")
               for c in g.checks):
            # ("HBsAg positive patients must have undetectable HBV DNA and normal ALT", its
            # asks grouped: the whole criterion for a person)
            node.checks, node.children, node.unread = [], [], [text.strip(" .;")]
            assign(node, "logic", "all")
    for child in node.children:     # (parts of this text, read before the item's own list)
        if child.condition is not None and len(child.checks) == 1 and not child.children \
                and len(sentences_of(child.text)) == 1 and _REQUIRED_RX.search(child.text) \
                and not _DENIED_RX.search(child.text):
            _turn(child.checks[0])
            if child.unread and child.logic == "all":
                # ("must have a negative test ... and must use effective contraception": failing
                # either excludes; the part no check reads stays for a person)
                child.logic = "any"
    if len(sentences) < 2:
        return      # (one sentence of several checks: "Pregnancy (a negative ... test should be available ...)")
    # (several sentences: only a check in the requirement's own sentence is its; "HIV infection.
    # All patients must have an HIV test at screening" excludes HIV, audit 14 review)
    for a, b in sentences:
        if _REQUIRED_RX.search(text, a, b) and not _DENIED_RX.search(text, a, b):
            mine = [c for c in node.checks if c.span is not None and a <= c.span[0] < b]
            if len(mine) == 1:      # (the requirement's own check, as for a criterion of one)
                _turn(mine[0])
            elif mine and node.logic == "any" and _SUBJECT_FIRST.match(text, a) is not None \
                    and not _alternatives(mine, text):
                # "Active hepatitis B or C. Patients must have negative HBsAg and HCV antibody":
                # failing either excludes, as the sentences already join
                for check in mine:
                    _turn(check)


def _turn(check: Check) -> None:
    check.negated = None if check.negated else True


def _alternatives(checks: list[Check], text: str) -> bool:
    """Whether the words between checks offer them as alternatives ("or"), brackets that read no
    check aside ("hemoglobin >= 9 g/dL (with or without transfusion) and platelets ...")."""
    spans = [c.span for c in checks if c.span is not None]
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    between = _BRACKET_RX.sub(lambda m: m.group(0) if any(lo + m.start() <= a < lo + m.end() for a, _ in spans)
                              else " ", text[lo:hi])
    return _OR_RX.search(between) is not None


# the patients the checks before the requirement name, just before its verb ("HBsAg positive
# patients must have ...")
_SUBJECT_RX = re.compile(r"\s*(?:(?:positive|negative|reactive|detectable|-\s*positive)\s+)?"
                         r"(?:patients|subjects|participants|individuals|persons|women|men|carriers)\s+" + _ASKS, re.I)


def _whom_and_what(node: CriterionNode, text: str) -> None:
    """One sentence of several checks with a requirement among them: "HBsAg positive patients
    must have undetectable HBV DNA" excludes whom the checks before the verb name (either of them,
    where "or" joins them) when they fail what the checks after it ask (review 15); any other
    shape, the requirement's checks left for a person: read as reasons to exclude, they would
    exclude whom the trial takes ("Patients aged 65 years or older must have eGFR >= 45")."""
    m = _REQUIRED_RX.search(text)
    if m is None:
        return
    whom = [c for c in node.checks if c.span is not None and c.span[1] <= m.start()]
    what = [c for c in node.checks if c.span is not None and c.span[0] >= m.end()]
    if not what or len(whom) + len(what) != len(node.checks):
        return
    last = max(c.span[1] for c in whom if c.span is not None) if whom else -1
    opens = text.count("(", 0, m.start()) > text.count(")", 0, m.start())
    if not whom or opens or node.unread or node.exceptions or _SUBJECT_RX.match(text, last) is None \
            or (len(what) > 2 and _alternatives(what, text)):
        _to_a_person(node, text, m.start(), what)
        return
    for check in what:
        _turn(check)
    parts: list[tuple[list[Check], Logic]] = [(whom, "any" if len(whom) > 1 and _alternatives(whom, text) else "all"),
                                            (what, "all" if _alternatives(what, text) else "any")]
    node.checks = []
    for checks, logic in parts:
        if len(checks) == 1:
            node.checks.append(checks[0])
            continue
        spans = [c.span for c in checks if c.span is not None]
        group = criterion(f"{node.id}.{len(node.children) + 1}", logic,
                          text[min(a for a, _ in spans):max(b for _, b in spans)], node.section)
        assign(group, "logic", logic)
        group.checks = checks
        node.children.append(group)
    assign(node, "logic", "all")


def _to_a_person(node: CriterionNode, text: str, at: int, what: list[Check] | None = None) -> None:
    """The requirement's checks (from `at` on) taken out, its words kept for a person."""
    what = what if what is not None else [c for c in node.checks if c.span is not None and c.span[0] >= at]
    if not what:
        return
    node.checks = [c for c in node.checks if not any(c is w for w in what)]
    end = max(c.span[1] for c in what if c.span is not None)
    close = text.find(")", end)
    words = text[at:close if close >= 0 and text.count("(", 0, at) > text.count(")", 0, at) else len(text)]
    node.unread.append(words.strip(" .;,)"))
    if node.checks and node.logic == "all":
        assign(node, "logic", "any")    # (the part for a person is one more way to be excluded)
