"""(criteria tree, patient panel) -> a status per node, a verdict, blockers and open questions.

Three-valued (Kleene) logic: a missing value is unknown, never normal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from model.criteria.tree import CriteriaTree, CriterionNode
from model.panel import Panel

Status = Literal["met", "not_met", "unknown", "manual"]
Verdict = Literal["eligible", "ineligible", "unknown"]


@dataclass
class NodeResult:
    """The status of one node and, for a clinician, why."""

    status: Status
    reason: str = ""                      # "hemoglobin 75 g/L < 80 g/L required"
    needs: list[str] = field(default_factory=list)   # variables that would decide it
    by_hand: bool = False                 # decided in the panel's `screening`


@dataclass
class Blocker:
    section: str
    node_id: str
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"section": self.section, "id": self.node_id, "text": self.text, "reason": self.reason}


@dataclass
class OpenQuestion:
    section: str
    node_id: str
    text: str
    needs: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"section": self.section, "id": self.node_id, "text": self.text, "needs": self.needs}


@dataclass
class MatchResult:
    trial_id: str
    title: str
    verdict: Verdict
    blockers: list[Blocker]
    open: list[OpenQuestion]
    statuses: dict[str, NodeResult]

    def to_json(self, tree: CriteriaTree) -> dict[str, Any]:
        def node_json(node: CriterionNode) -> dict[str, Any]:
            out = node.model_dump(mode="json", exclude_none=True, exclude={"children"})
            result = self.statuses.get(node.id)
            if result is not None:
                out["status"] = result.status
                if result.reason:
                    out["reason"] = result.reason
                if result.needs:
                    out["needs"] = result.needs
                if result.by_hand:
                    out["by_hand"] = True
            out["children"] = [node_json(c) for c in node.children]
            return out

        return {
            "trial_id": self.trial_id,
            "title": self.title,
            "verdict": self.verdict,
            "blockers": [b.to_json() for b in self.blockers],
            "open": [o.to_json() for o in self.open],
            "criteria": [node_json(s) for s in tree.sections],
        }


def match_trial(trial_id: str, title: str, tree: CriteriaTree, panel: Panel) -> MatchResult:
    raise NotImplementedError  # the criteria-engine issue fills this in


def rank_key(result: MatchResult) -> tuple[int, int, str]:
    """Best first: eligible, then unknown with the fewest open questions, then ineligible."""
    order = {"eligible": 0, "unknown": 1, "ineligible": 2}[result.verdict]
    return (order, len(result.open) + len(result.blockers), result.trial_id)
