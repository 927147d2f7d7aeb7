"""How a criterion's condition is introduced when shown: "only if: X", or "unless: X".

The tree keeps an "unless X" clause as the criterion's condition with X's checks denied
(criteria/parse.py), and the condition's text is X's own words: shown as "only if: X" it said
the opposite of the trial ("only if: effective anti-tuberculosis therapy has been completed",
for "Latent tuberculosis unless effective anti-tuberculosis therapy has been completed").
Whether the words are an "unless" the criterion's own text says, just before them.
"""

from __future__ import annotations

from trialview.model.criteria.tree import CriterionNode


def is_unless(node: CriterionNode) -> bool:
    """Whether node's condition is written "unless <its words>" in node's text."""
    cond = node.condition
    if cond is None or "unless" not in node.text.lower():
        return False
    at = node.text.find(cond.text)
    return at > 0 and node.text[:at].rstrip(" ,;:(").lower().endswith("unless")


def condition_label(node: CriterionNode) -> str:
    """"unless" or "only if": the words that introduce node's condition."""
    return "unless" if is_unless(node) else "only if"
