"""A lab's limit for everyone beside another limit of it in a sentence for some patients.

"AST and ALT <= 2.5 x ULN; for patients with liver metastases, AST and ALT <= 5 x ULN": parse.py
reads the second sentence as a criterion with its condition (conditions.py), and the first as
checks for everyone, so a patient with liver metastases and ALT 3.75 x ULN was failed by the
first. The first limit is for the patients the condition does not name; whether this patient is
one of them the panel does not say. Each check of the criterion's own that another limit of the
same lab (same unit, same direction) in a conditional sentence of it shadows is joined to that
question, as kinds.py joins two limits read in one sentence: the narrower of the two by "or"
(meeting it meets both), the broader by "and" (failing it fails both).
"""

from __future__ import annotations

from trialview.model.criteria.tree import Check, CriterionNode, assign, criterion, for_a_person

__all__ = ["hold_for_groups"]

_UP, _DOWN = frozenset({"<", "<="}), frozenset({">", ">="})


def _limit(c: Check) -> tuple[str, str | None, bool] | None:
    """(variable, unit, upper) of a numeric limit, else None."""
    if (c.op not in _UP and c.op not in _DOWN) or isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
        return None
    return (c.variable, c.unit, c.op in _UP)


def hold_for_groups(node: CriterionNode) -> None:
    """Join node's own limits that a conditional sentence's limit shadows (see the module)."""
    others: dict[tuple[str, str | None, bool], list[float]] = {}
    for child in node.children:
        if child.condition is not None:
            for c in child.checks:
                key = _limit(c)
                if key is not None:
                    others.setdefault(key, []).append(float(c.value))      # type: ignore[arg-type]  # _limit: a number
    if not others:
        return
    for holder in [node, *(c for c in node.children if c.kind in ("all", "any") and c.condition is None)]:
        _hold(holder, node.text, others)


def _hold(holder: CriterionNode, text: str, others: dict[tuple[str, str | None, bool], list[float]]) -> None:
    """holder's checks (their spans in text) that others shadow, each in a group with the question."""
    ranged = {c.variable for c in holder.checks if c.op in _UP} & {c.variable for c in holder.checks if c.op in _DOWN}
    kept: list[Check] = []
    for c in holder.checks:
        key = _limit(c)
        values = others.get(key) if key is not None and c.variable not in ranged else None
        if not values or all(v == c.value for v in values):
            kept.append(c)
            continue
        assert key is not None
        other = next(v for v in values if v != c.value)
        narrow = (float(c.value) < other) == key[2]       # type: ignore[arg-type]  # _limit: a number
        a, b = c.span or (0, len(text))
        group = criterion(f"{holder.id}.{len(holder.children) + 1}", "any" if narrow else "all",
                          text[a:b].strip() or text, holder.section)
        assign(group, "logic", group.kind)
        assign(group, "checks", [c])
        group.children.append(for_a_person(f"{group.id}.1", "whether the patient is in the group the other "
                                           "limit of the criterion is for", holder.section))
        holder.children.append(group)
    if len(kept) != len(holder.checks):
        assign(holder, "checks", kept)
