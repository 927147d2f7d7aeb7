"""Eligibility text -> criteria tree: the parser's entry points.

`parse_section` splits one section into criteria (split.py), reads each criterion's checks
(checks.py) and gives them the and/or shape their words say. Ids depend only on the text:
the n-th criterion of the inclusion list is always `inc-n`, its sub-clauses `inc-n.1`, ...
Nothing here raises on odd text: a criterion that cannot be read is kept for a person to judge.
"""

from __future__ import annotations

import re
from itertools import pairwise
from collections.abc import Iterator, Sequence
from typing import Literal, TypeAlias

from trialview.model.criteria.checks import Raw, extract, list_any
from trialview.model.criteria.split import Item, split_items
from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from trialview.model.text import split_sections

Section = Literal["inclusion", "exclusion"]
_PREFIX = {"inclusion": "inc", "exclusion": "exc"}
_TITLE = {"inclusion": "Inclusion criteria", "exclusion": "Exclusion criteria"}
# "Bone marrow function: ...  Liver function: ..." -- labelled sub-clauses of one criterion
_LABEL_RX = re.compile(r"(?:(?<=^)|(?<=[.;:])\s*|(?<=[.;:]\s))([A-Z][a-z]+(?:\s+[a-z]+){0,2})\s*:(?!\d)")
_OR_RX = re.compile(r"\bor\b|and\s*/\s*or", re.I)
_AND_RX = re.compile(r"\band\b|(?<!treatment )(?<!treated )(?<!therapy )\bwith\b|[.;]", re.I)
_SEMI_RX = re.compile(r";")
_STOP_RX = re.compile(r"[.;]")
_SENTENCE_RX = re.compile(r";|\.\s+(?=[A-Z])|,\s*(?=(?i:positive|detectable)\b)")
# Infection markers: "A and B" of two different infections in an exclusion are two ways to be
# excluded ("CMV DNA and EBV DNA exceeding the upper limits"); of one infection they confirm each
# other ("hepatitis C antibody and detectable HCV RNA").
_PATHOGEN = {"hbsag": "hbv", "hbcab": "hbv", "hbv_dna": "hbv", "hcv_ab": "hcv", "hcv_rna": "hcv", "hiv": "hiv",
             "cmv_dna": "cmv", "ebv_dna": "ebv", "syphilis": "syphilis", "tuberculosis": "tb"}
_POLARITY_BEFORE = re.compile(r"(?:positive|negative|detectable|undetectable)\s+$", re.I)


def parse_section(text: str, section: Section) -> CriterionNode:
    """One section's text -> a `section` node whose children are its criteria, in order."""
    prefix = _PREFIX.get(section, "inc")
    root = CriterionNode(id=prefix, kind="section", text=_TITLE.get(section, section), section=section)
    try:
        preamble, items = split_items(text or "")
    except Exception:
        preamble, items = None, [Item(t.strip()) for t in (text or "").splitlines() if t.strip()]
    root.preamble = preamble
    for n, item in enumerate(items, 1):
        root.children.append(_criterion(item, f"{prefix}-{n}", section))
    return root


def parse_criteria(inclusion_text: str, exclusion_text: str) -> CriteriaTree:
    sections = []
    if (inclusion_text or "").strip():
        sections.append(parse_section(inclusion_text, "inclusion"))
    if (exclusion_text or "").strip():
        sections.append(parse_section(exclusion_text, "exclusion"))
    return CriteriaTree(sections=sections)


def parse_eligibility(text: str) -> CriteriaTree:
    inclusion, exclusion = split_sections(text or "")
    return parse_criteria(inclusion, exclusion)


def _criterion(item: Item, node_id: str, section: Section) -> CriterionNode:
    text = item.text.strip()
    node = CriterionNode(id=node_id, kind="criterion", text=text, section=section)
    try:
        _fill(node, text, section)
    except Exception:
        node.checks, node.children = [], []
    for k, child in enumerate(item.children, len(node.children) + 1):
        node.children.append(_criterion(child, f"{node_id}.{k}", section))
    if item.children and list_any(text):
        node.logic = "any"
    node.manual = not _checkable(node)
    return node


def _fill(node: CriterionNode, text: str, section: Section) -> None:
    labels = list(_LABEL_RX.finditer(text)) if ":" in text else []
    # "Adequate organ function:Bone marrow function: ..." -- a label with nothing of its own is lead
    while len(labels) >= 2 and not text[labels[0].end(): labels[1].start(1)].strip():
        labels.pop(0)
    if len(labels) >= 2:
        lead = text[: labels[0].start(1)]
        if lead.strip():
            _read(node, lead, section)
        for k, m in enumerate(labels):
            end = labels[k + 1].start(1) if k + 1 < len(labels) else len(text)
            part = text[m.start(1): end].strip()
            child = CriterionNode(id=f"{node.id}.{len(node.children) + 1}", kind="criterion", text=part, section=section)
            _read(child, part, section)
            child.manual = not _checkable(child)
            node.children.append(child)
        return
    _read(node, text, section)


def _read(node: CriterionNode, text: str, section: Section) -> None:
    ex = extract(text, section)
    node.exceptions.extend(ex.exceptions)
    raws = _dedupe(ex.checks)
    if not raws:
        return
    if all(r.check is None for r in raws):
        node.manual = True      # only clauses for a person: nothing to attach
        return
    # Segments: "A; B; C" -- in an exclusion each is a way to be excluded (any), in an inclusion
    # each is one more requirement (all); "any of the following" makes them alternatives anywhere.
    cuts = [m.start() for m in (_SENTENCE_RX if section == "exclusion" else _SEMI_RX).finditer(ex.work)]
    segments: list[list[Raw]] = []
    bounds = [0, *cuts, len(text) + 1]
    for a, b in pairwise(bounds):
        seg = [r for r in raws if a <= r.core[0] < b]
        if seg:
            segments.append(seg)
    seg_any = section == "exclusion" or list_any(ex.work)
    exprs = [_expr(seg, ex.work, section) for seg in segments]
    top: Raw | Expr
    if len(exprs) == 1:
        top = exprs[0]
    else:
        top = ("any" if seg_any else "all", exprs)
    _attach(node, top, text)


# ("all" | "any", [Raw | Expr]): the and/or shape of a criterion's checks before it hangs on nodes.
Expr: TypeAlias = "tuple[Literal['all', 'any'], Sequence[Raw | Expr]]"


def _expr(seg: list[Raw], work: str, section: Section) -> Raw | Expr:
    if len(seg) == 1:
        return seg[0]
    joins: list[str] = []
    for prev, cur in pairwise(seg):
        pspan = prev.check.span if prev.check is not None else None
        tail = pspan[1] if pspan and pspan[1] <= cur.core[0] else prev.core[1]
        between = work[tail: cur.core[0]] if cur.core[0] > tail else ""
        if cur.join:
            joins.append(cur.join)
        elif _STOP_RX.search(between):
            joins.append("and")
        elif _OR_RX.search(between):
            joins.append("or")
        elif _AND_RX.search(between):
            joins.append("and")
        else:
            joins.append(",")
    # a bare comma takes the next explicit conjunction ("A, B or C"); failing that, the section's
    resolved: list[str] = []
    for i, j in enumerate(joins):
        if j == ",":
            later = next((x for x in joins[i + 1:] if x != ","), None)
            j = later or ("or" if section == "exclusion" else "and")
        prev, cur = seg[len(resolved)], seg[len(resolved) + 1]
        if j == "and" and section == "exclusion" and prev.check is not None and cur.check is not None:
            a, b = _PATHOGEN.get(prev.check.variable), _PATHOGEN.get(cur.check.variable)
            if a and b and a != b:
                j = "or"
        if j == "or" and prev.check is not None and cur.check is not None and prev.check.negated and cur.check.negated:
            j = "and"           # "no X or Y within 7 days": neither
        resolved.append(j)
    groups: list[list[Raw]] = [[seg[0]]]
    for j, r in zip(resolved, seg[1:], strict=True):
        if j == "or":
            groups[-1].append(r)
        else:
            groups.append([r])
    parts: list[Raw | Expr] = [g[0] if len(g) == 1 else ("any", g) for g in groups]
    return parts[0] if len(parts) == 1 else ("all", parts)


def _attach(node: CriterionNode, expr: Raw | Expr, full: str) -> None:
    """Hang expr on node; `full` is the text the spans index (node texts below are slices of it)."""
    if isinstance(expr, Raw):
        if expr.check is None:
            node.children.append(_manual_child(node, expr))
        else:
            node.checks.append(expr.check)
        return
    kind, items = expr
    node.logic = kind
    for it in items:
        if isinstance(it, Raw):
            if it.check is None:
                node.children.append(_manual_child(node, it))
            else:
                node.checks.append(it.check)
        else:
            child = CriterionNode(id=f"{node.id}.{len(node.children) + 1}", kind=it[0], text=_group_text(full, it),
                                  section=node.section)
            _attach(child, it, full)
            node.children.append(child)


def _manual_child(node: CriterionNode, raw: Raw) -> CriterionNode:
    return CriterionNode(id=f"{node.id}.{len(node.children) + 1}", kind="criterion", text=raw.manual or "",
                         section=node.section, manual=True)


def _group_text(text: str, expr: Expr) -> str:
    spans = list(_flat(expr))
    if not spans:
        return text
    a, b = min(s[0] for s in spans), max(s[1] for s in spans)
    pol = _POLARITY_BEFORE.search(text, max(0, a - 14), a)
    if pol and pol.end() == a:
        a = pol.start()     # "positive HBsAg or positive HBcAb", not "HBsAg or positive HBcAb"
    return text[a:b].strip() or text


def _flat(expr: Raw | Expr) -> Iterator[tuple[int, int]]:
    if isinstance(expr, Raw):
        span = expr.check.span if expr.check is not None else expr.core
        if span:
            yield span
    else:
        for it in expr[1]:
            yield from _flat(it)


def _dedupe(raws: list[Raw]) -> list[Raw]:
    seen: set[tuple[object, ...]] = set()
    out: list[Raw] = []
    for r in raws:
        c = r.check
        if c is None:
            out.append(r)
            continue
        key = (c.variable, c.op, repr(c.value), c.window_days, c.negated)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def _checkable(node: CriterionNode) -> bool:
    return bool(node.checks) or any(_checkable(c) for c in node.children)
