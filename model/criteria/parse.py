"""Eligibility text -> criteria tree: the parser's entry points.

`parse_section` splits one section into criteria (split.py), reads each criterion's checks
(checks.py) and gives them the and/or shape their words say (joins.py). Ids depend only on the text:
the n-th criterion of the inclusion list is always `inc-n`, its sub-clauses `inc-n.1`, ...
Nothing here raises on odd text: a criterion that cannot be read is kept for a person to judge.
"""

from __future__ import annotations

import re
from typing import Literal

from trialview.model.criteria.by_sex import read_by_sex
from trialview.model.criteria.checks import Raw, extract, list_any, list_any_words
from trialview.model.criteria.joins import attach, dedupe, shape
from trialview.model.criteria.lists import after_denied_leads
from trialview.model.criteria.narrowed import other_malignancies
from trialview.model.collector import paused_gc
from trialview.model.criteria.clauses import LONG_TEXT, masked
from trialview.model.criteria.cohort_limits import widen_for_cohorts
from trialview.model.criteria.conditions import Conditional, find_conditionals, implied_checks
from trialview.model.criteria.coverage import cover
from trialview.model.criteria.excepted import hold_exceptions
from trialview.model.criteria.flat_alternatives import guard_flat_alternatives
from trialview.model.criteria.group_limits import hold_for_groups
from trialview.model.criteria.registry import with_registry
from trialview.model.criteria.relative_groups import two_groups
from trialview.model.criteria.required import as_requirement, may_require
from trialview.model.criteria.study_parts import may_name_part, study_part
from trialview.model.criteria.patterns import lower_of
from trialview.model.criteria.split import Item, split_items
from trialview.model.criteria.spread_exceptions import spread_exceptions
from trialview.model.criteria.unread import join_in_favour, keep_unread, reid, wrap
from trialview.model.criteria.void_sexes import drop_void_sexes, for_women_only
from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode, assign, criterion, for_a_person
from trialview.model.text import split_sections
from trialview.model.trial import Trial

Section = Literal["inclusion", "exclusion"]
_PREFIX = {"inclusion": "inc", "exclusion": "exc"}
_TITLE = {"inclusion": "Inclusion criteria", "exclusion": "Exclusion criteria"}
# "Bone marrow function: ...  Liver function: ..." -- labelled sub-clauses of one criterion
_LABEL_RX = re.compile(r"(?:(?<=^)|(?<=[.;:])\s*|(?<=[.;:]\s))([A-Z][a-z]+(?:\s+[a-z]+){0,2})\s*:(?!\d)")


def parse_section(text: str, section: Section) -> CriterionNode:
    """One section's text -> a `section` node whose children are its criteria, in order."""
    if len(text or "") < LONG_TEXT:
        return _parse_section(text, section)
    with paused_gc():     # a long text makes many nodes and checks (model/collector.py says why)
        return _parse_section(text, section)


def _parse_section(text: str, section: Section) -> CriterionNode:
    prefix = _PREFIX.get(section, "inc")
    if section in _PREFIX:
        # (made as criterion() makes a node: pydantic's validation of it cost more than
        # reading a short section's criteria; another section name is validated, and refused)
        root = criterion(prefix, "section", _TITLE[section], section)
    else:
        root = CriterionNode(id=prefix, kind="section", text=_TITLE.get(section, section), section=section)
    try:
        preamble, items = split_items(text or "")
    except Exception:
        preamble, items = None, [Item(t.strip()) for t in (text or "").splitlines() if t.strip()]
    assign(root, "preamble", preamble)
    if preamble:
        lead = _lead(preamble, f"{prefix}-lead", section)
        if lead is not None:
            root.children.append(lead)
        if section == "inclusion" and list_any(preamble):
            root.logic = "any"      # "at least one of the following": the items are alternatives
    for n, item in enumerate(items, 1):
        root.children.append(_criterion(item, f"{prefix}-{n}", section))
    after_denied_leads(root.children)
    if section == "inclusion":
        guard_flat_alternatives(root.children)     # a lead-in of alternatives, its list flattened
    return root


# a heading that names the group its items are for
_COHORT_HEADING = re.compile(
    r"\s*(?:(?:for|in)\s+(?:the\s+)?)?(?P<who>(?:[\w'()/&-]+\s+){0,6}?(?:participants|patients|subjects|volunteers|"
    r"controls|children|adolescents|adults|cohorts?|groups?|arms?|part\s+\w+)(?:\s+(?:with|who|in|of)\s+[^:]{1,80}|"
    r"\s+[A-Z][\w&\s]{0,20})?)\s*:\s*$", re.I)
_ALL_RX = re.compile(r"\ball\b", re.I)
# a list whose items must all hold ("meets all of the following", not "all the above criteria")
_ALL_OF = re.compile(r"\b(?:all|each|both)\s+(?:of\s+)?(?:the\s+)?following\b", re.I)
def _lead(text: str, node_id: str, section: Section) -> CriterionNode | None:
    """A section's lead-in as a criterion of its own when it says more than "the following
    criteria" ("Only patients with active lupus nephritis who meet all of the following ...")."""
    if not cover(text, [], []).unread():
        return None             # "Patients who met any of the following criteria could not be enrolled"
    node = _criterion(Item(text.rstrip(": ")), node_id, section)
    if section == "exclusion" and (node.checks or node.children):
        # an exclusion's lead-in narrows whom the exclusions concern; read as an exclusion of
        # its own it would exclude them: a person reads it
        node = for_a_person(node_id, node.text, section)
    return node


def parse_criteria(inclusion_text: str, exclusion_text: str) -> CriteriaTree:
    sections = []
    if (inclusion_text or "").strip():
        sections.append(parse_section(inclusion_text, "inclusion"))
    if (exclusion_text or "").strip():
        sections.append(parse_section(exclusion_text, "exclusion"))
    tree = CriteriaTree(sections=sections)
    if len(sections) == 2:
        other_malignancies(tree)    # a cancer trial's excluded malignancy is another one (narrowed.py)
    return tree


def parse_trial(trial: Trial) -> CriteriaTree:
    """A trial's criteria tree: its eligibility text, with the registry's own age and sex limits
    first in the inclusion section (`inc-registry`), and `inc-notext` when there is no text."""
    return with_registry(parse_criteria(trial.inclusion_text, trial.exclusion_text), trial)


def parse_eligibility(text: str) -> CriteriaTree:
    inclusion, exclusion = split_sections(text or "")
    return parse_criteria(inclusion, exclusion)


def _criterion(item: Item, node_id: str, section: Section) -> CriterionNode:
    text = item.text.strip()
    node = criterion(node_id, "criterion", text, section)
    if section == "exclusion" and "who" in text and " and " in text and not item.children \
            and (groups := two_groups(text)) is not None:
        return _two_groups(node, text, groups)      # (relative_groups.py)
    part = study_part(text) if may_name_part(lower_of(text)) else None
    heading = bool(item.children) and _heads_its_items(text) \
        and not all(_NOTE_RX.match(child.text) for child in item.children)
    try:
        _conditioned(node, _blank(text, [part]) if part else text, section, heading=heading)
        if part:        # "(only excluded from imaging study)": for the patient only (study_parts.py)
            label = text[part[0]:part[1]].strip(" :,")
            if item.children and not _blank(text, [part]).strip(" :,;."):
                # "Cohort 2:" over its items: they hold for that part only, as for a group
                # of patients (below): whether the patient is in it is for a person
                node.condition = for_a_person(f"{node_id}.if", label, section)
            else:
                join_in_favour(node, text, section, [label])
    except Exception:  # see parse_section
        node.checks, node.children, node.unread, node.condition = [], [], [], None
    if section == "exclusion" and (node.checks or node.children) and may_require(lower_of(text)):
        as_requirement(node, text)      # "... must have a negative pregnancy test" (required.py)
    if section == "inclusion" and " may " in text and (node.checks or node.children):
        widen_for_cohorts(node, text)      # "Heterozygous subjects may be 18 to 65 years" (cohort_limits.py)
    if ("..." in text or "…" in text) and (cut := _CUT_SHORT.search(text)) and (node.checks or node.children):
        # "Patient over 18 years..." (NCT06171568, the record's whole text): what follows the
        # ellipsis was never written down here, so it was never read
        node.unread.append(cut.group(0).strip())
        if section == "exclusion" and node.logic == "all" and len(node.checks) + len(node.children) == 1:
            node.logic = "any"      # (what is missing may be one more way to be excluded)
    reads = bool(node.checks or node.children or node.unread)
    first = len(node.children)
    for k, child in enumerate(item.children, len(node.children) + 1):
        node.children.append(_criterion(child, f"{node_id}.{k}", section))
    if item.children:
        after_denied_leads(node.children)
        if section == "exclusion" and not reads and not _ALL_OF.search(text):
            # "Presence of any medical history which includes: - ... - Pheochromocytoma": each
            # item of an exclusion's list is one more way to be excluded
            node.logic = "any"
        if node.condition is None and (cohort := _COHORT_HEADING.match(text)) and not _ALL_RX.search(text):
            # "For adolescent participants:", "Patients with Bipolar Disorder (BD):", "Healthy
            # Controls:": the items hold for that group only; whether the patient is in it is for
            # a person, so the items never fail a patient of another group (they stay open)
            node.condition = for_a_person(f"{node_id}.if", cohort.group("who"), section)
    if item.children and list_any(text):
        if reads and node.logic == "all":
            # "Female participant is not pregnant, ..., and at least 1 of the following conditions
            # apply:" (NCT05382559): the items are alternatives of one another, not of what the
            # lead-in requires itself
            _items_as_one_of(node, first, list_any_words(text) or text)
        else:
            node.logic = "any"
    _settle(node)
    return node


def _two_groups(node: CriterionNode, text: str, groups: tuple[int, int, int, int]) -> CriterionNode:
    """An exclusion of two groups of people, the second with its own relative clause
    (relative_groups.py): one way to be excluded each, the second for its group only; the
    sentences after them a criterion of their own beside them."""
    a_end, b_start, b_words, end = groups
    node.logic = "any"
    node.children.append(_criterion(Item(text[:a_end]), f"{node.id}.1", "exclusion"))
    words = text[b_start:end].strip()
    second = criterion(f"{node.id}.2", "criterion", words, "exclusion")
    cond = Conditional((0, len(words)), (0, b_words - b_start), blank=[(0, b_words - b_start)])
    second.condition = _condition(words, cond, f"{second.id}.if", "exclusion")
    _fill(second, _blank(words, cond.blank), "exclusion")
    if not second.checks and not second.children and not second.unread:
        second.unread = cover(_blank(words, cond.blank), [], []).unread()
    _settle(second)
    node.children.append(second)
    rest = text[end:].strip(" ;.")
    if rest:
        node.children.append(_criterion(Item(rest), f"{node.id}.3", "exclusion"))
    _settle(node)
    return node


# a note under a criterion is no item of it ("... or who do not want contraception (i.e., ...)"
# over "Note: Double contraception ... is required ...", NCT05381194 exc-10): the criterion's
# clauses no check reads stay unread
_NOTE_RX = re.compile(r"\s*(?:note|nb|n\.b\.)\b", re.I)


_CUT_SHORT = re.compile(r"\w*\s*(?:\.\.\.+|…)\s*$")


def _heads_its_items(text: str) -> bool:
    """Whether the text of a criterion with items under it is their heading ("Adequate organ
    function, defined as:"), whose words besides its checks are lead-in, not a sentence of its
    own with notes under it ("Pregnancy or breastfeeding, or intention of becoming pregnant
    during study treatment ..." over "Women of childbearing potential must have a negative
    pregnancy test ...", NCT05482516 exc-37), whose clauses no check reads stay unread."""
    return not text.rstrip().endswith(".") or text.rstrip().endswith(":.")


def _items_as_one_of(node: CriterionNode, first: int, words: str) -> None:
    """node's children from `first` on (its list's items) moved into one `any` group."""
    items = node.children[first:]
    group = criterion(f"{node.id}.{first + 1}", "any", words, node.section)
    group.logic = "any"
    for k, child in enumerate(items, 1):
        old = child.id
        child.id = f"{group.id}.{k}"
        reid(child, old, child.id)
    group.children = items
    node.children[first:] = [group]


def _settle(node: CriterionNode) -> None:
    """A criterion with nothing checkable is for a person; one with unread clauses has a part
    for a person (the matcher adds it, joined by the criterion's logic)."""
    # (assigned only when it changes: a pydantic assignment is not free, and most criteria are
    # settled as they were built)
    # (a node with neither checks nor children, most of them, is not checkable: no call asks)
    if not (node.checks or node.children) or not _checkable(node) or \
            (node.unread and not _checkable(node, False)):
        # (a remainder is kept beside checks that read part of the text; beside children that
        # only a condition of theirs reads, the criterion stays for a person, as it was)
        if not node.manual:
            assign(node, "manual", True)
        if node.unread:
            assign(node, "unread", [])
    elif node.manual != bool(node.unread):
        assign(node, "manual", bool(node.unread))


_OR_OPENS = re.compile(r"\W*(?:and\s*/\s*)?or\b", re.I)


def _conditioned(node: CriterionNode, text: str, section: Section, heading: bool = False) -> None:
    """Fill node from text, its conditional sentences read as conditions (conditions.py): the
    whole text's condition on the node, a condition of one sentence among others on a child."""
    if read_by_sex(node, text, section, _fill, _settle):
        return      # "Serum creatinine >1.5 mg/dL in male, >1.4 mg/dL in female" (by_sex.py)
    conds = find_conditionals(text, section)
    if not conds:
        _fill(node, text, section, heading)
        return
    whole = len(conds) == 1 and not _blank(text, [conds[0].sentence]).strip(" .;,")
    if whole:
        c = conds[0]
        node.condition = _condition(text, c, f"{node.id}.if", section)
        _fill(node, _blank(text, c.blank), section, heading)
        if for_women_only(node.condition):
            drop_void_sexes(node, text)     # (a man's alternative under "For female patients:")
        return
    rest = _blank(text, [c.sentence for c in conds])
    _fill(node, rest, section, heading)
    if not node.checks and not node.children and not heading:
        # "Agrees to use double barrier methods ... Females of childbearing potential must ...":
        # the sentences without a condition are read too, even when no check reads them
        node.unread = cover(rest, [], []).unread()
        node.logic = "any" if section == "exclusion" else "all"
    elif section == "exclusion" and node.logic == "all" and \
            len(node.checks) + len(node.children) + len(node.unread) > 0:
        # "Women with abnormally high liver enzymes or liver disease. (ALT or AST > 2 x ULN AND
        # total bilirubin > 1.5 x ULN ...)" (Chia NCT02141061): an exclusion's sentences are
        # each a way to be excluded, the conditional ones too; the rest's own "and" stays in it
        wrap(node, rest.strip(" .;,") or text)
        node.logic = "any"
    # "Have a PSA between 2.5 and 10 if 50-60 years of age; or a PSA between 3.0 and 10 if over
    # age 60" (NCT00056407 inc-3): cases, one of which must apply and hold; none applying, the
    # inclusion is not met (an "any": a case that does not apply is no way to meet it)
    cases = section == "inclusion" and len(conds) > 1 and not (node.checks or node.children or node.unread) \
        and all(_OR_OPENS.match(text, c.sentence[0]) for c in conds[1:])
    for c in conds:
        a, b = c.sentence
        child = criterion("", "criterion", text[a:b].strip(), section)
        sub = Conditional((0, b - a), (c.cond[0] - a, c.cond[1] - a), c.negated, c.relaxes,
                          [(x - a, y - a) for x, y in c.blank])
        relaxes = c.relaxes and bool(node.checks or node.children or node.unread)
        if relaxes:
            # "If used with immunosuppressants, there is no minimum dose": another way to meet it
            wrap(node, text[:a].strip() or text)
            node.logic = "any"
        child.id = f"{node.id}.{len(node.children) + 1}"
        if relaxes:
            # the other way holds when its "if" holds AND what it allows does: both are parts
            # of it (as a condition, an "if" not known to hold would let the body decide)
            cond = _condition(child.text, sub, f"{child.id}.1", section)
            body = criterion(f"{child.id}.2", "criterion",
                             " ".join(_blank(child.text, sub.blank).split()).strip(" ,;."), section)
            _fill(body, body.text, section)
            _settle(body)
            child.children = [cond, body]
        else:
            child.condition = _condition(child.text, sub, f"{child.id}.if", section)
            _fill(child, _blank(child.text, sub.blank), section)
        _settle(child)
        node.children.append(child)
    if cases:
        node.logic = "any"
    hold_for_groups(node)      # a limit for everyone beside one for some patients (group_limits.py)


def _condition(text: str, c: Conditional, node_id: str, section: Section) -> CriterionNode:
    """The node of a condition: its checks read as a fact about the patient (as an inclusion
    reads), with the checks its words imply; "unless" negates them."""
    words = text[c.cond[0]:c.cond[1]].strip()
    node = criterion(node_id, "criterion", words, section)
    _fill(node, words, "inclusion", implied=implied_checks(words))
    if c.negated:
        _negate(node)
    _settle(node)
    return node


def _negate(node: CriterionNode) -> None:
    """node made to hold when what it reads does not ("unless Y": not Y): every check denied,
    every join turned over (not (A and B) is (not A) or (not B)); a clause no check reads stays
    for a person, so a half-read "unless" never decides on its own."""
    for ch in node.checks:
        ch.negated = None if ch.negated else True
    if node.kind in ("all", "any"):
        node.kind = node.logic = "any" if node.kind == "all" else "all"
    elif len(node.checks) + len(node.children) + len(node.unread) > 1:
        node.logic = "any" if node.logic == "all" else "all"
    for child in node.children:
        if child.kind in ("all", "any") or child.checks:
            _negate(child)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    return masked(text, spans)


def _fill(node: CriterionNode, text: str, section: Section, heading: bool = False,
          implied: list[Check] | None = None) -> None:
    """Read text's checks into node; `heading`: the text opens a list of items (what it says
    besides checks is their heading); `implied`: checks the caller read from the words."""
    labels = _labels(text) if ":" in text else []
    # "Adequate organ function:Bone marrow function: ..." -- a label with nothing of its own is lead
    first = 0
    while len(labels) - first >= 2 and not text[labels[first].end(): labels[first + 1].start(1)].strip():
        first += 1
    labels = labels[first:]
    if len(labels) >= 2:
        lead = text[: labels[0].start(1)]
        if lead.strip():
            # "Appropriate bone marrow, coagulation, ... functions." heads its labelled parts
            _read(node, lead, section, heading=True)
        for k, m in enumerate(labels):
            end = labels[k + 1].start(1) if k + 1 < len(labels) else len(text)
            part = text[m.start(1): end].strip()
            child = criterion(f"{node.id}.{len(node.children) + 1}", "criterion", part, section)
            _read(child, part, section)
            _settle(child)
            node.children.append(child)
        if section == "exclusion" and not node.checks and not _ALL_OF.search(lead):
            # "Known serious medical conditions, including: Cardiovascular: ...; Digestive: ...":
            # each labelled part is one more way to be excluded (audit 14: read as all of them)
            node.logic = "any"
        return
    _read(node, text, section, heading, implied or [])


_MARK = re.compile(r"[.;:]")


def _labels(text: str) -> list[re.Match[str]]:
    """_LABEL_RX.finditer(text), the regex tried only where a match can start: at the start of
    the text and just after a ".", ";" or ":" (its lookbehinds ask for one there, or for one and
    a space before the start, where the match one character earlier, its \\s* taking the space,
    comes first); finditer tried it at every character, a third of the regex time of the
    parser's own steps. (No match is empty, and each ends with its ":": the next starts after.)"""
    out: list[re.Match[str]] = []
    end = 0
    for p in (0, *(m.end() for m in _MARK.finditer(text))):
        if p < end:
            continue
        m = _LABEL_RX.match(text, p)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def _read(node: CriterionNode, text: str, section: Section, heading: bool = False,
          implied: list[Check] | None = None) -> None:
    ex = extract(text, section)
    if implied:
        found = {r.check.variable for r in ex.checks if r.check is not None}
        ex.checks = sorted([*ex.checks, *(Raw(c, c.span or (0, 0)) for c in implied if c.variable not in found)],
                           key=lambda r: r.core)
    if ex.exceptions:
        node.exceptions.extend(ex.exceptions)
    if not ex.checks:       # (most criteria: nothing read, nothing to dedupe)
        return
    raws = dedupe(ex.checks)
    if all(r.check is None for r in raws):
        assign(node, "manual", True)      # only clauses for a person: nothing to attach
        return
    attach(node, shape(raws, ex.work, text, section), text)
    if not heading:
        keep_unread(node, text, ex, section)
    if node.exceptions:
        hold_exceptions(node)
        if node.exceptions and node.children:
            spread_exceptions(node)     # (exceptions hold_exceptions gave one value stay with it)



def _checkable(node: CriterionNode, conditions: bool = True) -> bool:
    # (no generator for a node without children, as most are)
    # (a child whose condition reads can be decided "does not apply": "For women of childbearing
    # potential, use of ... For men, ... it is mandatory to practice birth control", NCT00739882)
    return bool(node.checks) or (bool(node.children) and any(
        _checkable(c, conditions) or (conditions and c.condition is not None and _checkable(c.condition))
        for c in node.children))
