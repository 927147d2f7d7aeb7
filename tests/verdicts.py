"""One criterion's verdict for a plain patient, as the rule tests ask it (one helper, not a copy
per test file).

`verdict(tree, node_id, therapies=..., values=...)`: the status the matcher gives the criterion
for a patient screened on 2026-12-01 (a woman of 40 unless `values` says otherwise) whose therapy
list is her whole history (`history="partial"`: it may miss some).
"""

from __future__ import annotations

from typing import Any

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

AS_OF = "2026-12-01"


def verdict(tree: CriteriaTree, node_id: str, therapies: list[dict[str, Any]] | None = None,
            values: dict[str, Any] | None = None, history: str = "complete") -> str:
    panel = parse_panel({"as_of": AS_OF, "values": {"age": 40, "sex": "female", **(values or {})},
                         "therapies": therapies or [], "therapy_history": history})
    return match_trial("T", "t", tree, panel).statuses[node_id].status


def criterion_id(tree: CriteriaTree, start: str) -> str:
    """The id of the one criterion whose text starts with `start`."""
    (node_id,) = [n.id for n in tree.walk() if n.kind == "criterion" and n.text.startswith(start)]
    return node_id
