"""A man's alternative is void in a criterion that applies to women only.

"For female patients: The patients need to be either A) of non-childbearing potential ... B)
childbearing potential with negative serum or urinary pregnancy test" (Chia NCT03355157 inc-9):
checks.py reads a denied childbearing potential as "male, or not of childbearing potential" (a man
is of none), as "Is not a woman of childbearing potential" means. Here the lead-in that says the
sentence is about women was read as the criterion's condition and blanked from the words the
checks read, so the man's alternative stood, with no word of the node's text behind it, and a
woman of childbearing potential was told "sex: female (male required)". Under a condition that
the patient is a woman, a sex check for men that no word for men reads is dropped: where the
condition holds it cannot, and where it does not the criterion does not apply.
"""

from __future__ import annotations

import re

from trialview.model.criteria.tree import CriterionNode, assign

_MEN = re.compile(r"\b(?:males?|men|man|boys?)\b", re.I)


def for_women_only(condition: CriterionNode | None) -> bool:
    """Whether the condition reads that the patient is a woman (and nothing read denies it)."""
    return condition is not None and any(
        c.variable == "sex" and c.op == "==" and c.value == "female" and not c.negated for c in condition.checks)


def drop_void_sexes(node: CriterionNode, text: str) -> None:
    """Drop from node's checks and groups the sex == male checks whose words (in `text`, the
    text their spans index) name no man; a group left with nothing goes too."""
    if node.checks:
        kept = [c for c in node.checks if not _void(c.variable, c.value, c.span, text)]
        if len(kept) != len(node.checks):
            assign(node, "checks", kept)
    if node.children:
        for child in node.children:
            if child.kind in ("all", "any"):
                drop_void_sexes(child, text)
        left = [c for c in node.children if c.kind not in ("all", "any") or c.checks or c.children or c.unread]
        if len(left) != len(node.children):
            node.children = left


def _void(variable: str, value: object, span: tuple[int, int] | None, text: str) -> bool:
    return variable == "sex" and value == "male" and span is not None and not _MEN.search(text, span[0], span[1])
