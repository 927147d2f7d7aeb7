"""The items after a lead-in of alternatives whose list lost its indentation (audit 10, class K).

"For females, is not pregnant or breastfeeding AND one of the following applies:" (NCT05382364
inc-9) is followed in the record by "Is not a woman of childbearing potential (WOCBP)" and "Is a
WOCBP and uses highly effective contraception ...", at the same level as every other criterion:
the record lost the indentation that made them inc-9's alternatives. Read as requirements of their
own, a woman who may bear children fails the first, and one who may not fails the second: a
confident ✗ for everyone. Where such a list ends is lost with its indentation (Chia's files are
flat throughout: "Have one of the following disease histories:" over eleven lines).

So an inclusion item that ends with a lead-in of alternatives ("one of the following", "either:")
and has no items under it puts the items after it, up to the next line ending in ":" or the
section's end, under a condition for a person: "not one of the alternatives inc-9 leads in". A
met item stays met; a failed one is for a person, never a machine's ✗ (matching/conditional.py).
"""

from __future__ import annotations

from trialview.model.criteria.checks import list_any
from trialview.model.criteria.tree import CriterionNode, assign


def guard_flat_alternatives(children: list[CriterionNode]) -> None:
    """Put the inclusion items after a childless lead-in of alternatives under a condition for a person."""
    lead: CriterionNode | None = None
    for node in children:
        text = node.text.rstrip()
        heads = text.endswith(":")
        if lead is not None and not heads and (node.checks or node.children):
            words = f"not one of the alternatives that {lead.id} leads in (\u201c{list_any_tail(lead.text)}\u201d)"
            if node.condition is None:
                assign(node, "condition", CriterionNode(id=f"{node.id}.if", kind="criterion", text=words,
                                                        section=node.section, manual=True))
            else:
                assign(node, "exceptions", [*node.exceptions, f"it is one of the alternatives that {lead.id} leads in"])
        if heads:
            lead = node if not node.children and list_any(text) else None


def list_any_tail(text: str) -> str:
    """The lead-in's last words, up to its colon, for the condition's text."""
    words = text.rstrip().rstrip(":").split()
    return ("… " if len(words) > 6 else "") + " ".join(words[-6:]) + ":"
