"""An exception belongs to every node whose text holds it, not only to the criterion it was read on.

"History of malignancy of any organ system (other than localized basal cell carcinoma of the
skin), treated or untreated, within the past 5 years" (Chia NCT03256864): the exception was read
on the criterion, and the group under it whose text is "malignancy of any organ system (other than
localized basal cell carcinoma of the skin), treated or untreated" said "met" on a malignancy
alone, as if its own words did not except one. Shown to a person, every node whose text names the
exception is read with it: the matcher holds what the node's checks find against the patient
open (a person tells whether it is the excepted kind).
"""

from __future__ import annotations

from trialview.model.criteria.tree import CriterionNode, assign


def spread_exceptions(node: CriterionNode, exceptions: list[str] | None = None) -> None:
    """Give node's exceptions (or `exceptions`, read on a node above it) to each all/any group
    under it whose text holds one of them."""
    words = node.exceptions if exceptions is None else exceptions
    for child in node.children:
        if child.kind not in ("all", "any"):
            continue
        held = [w for w in words if w in child.text and w not in child.exceptions]
        if held:
            assign(child, "exceptions", [*child.exceptions, *held])
        spread_exceptions(child, words)
