"""What matching a panel against a trial gives: a status per node, a verdict, blockers and open
questions, and the `match --json` object (shared/design/cli.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.outcome import Status, reason_text

Verdict = Literal["eligible", "ineligible", "unknown"]

# One set of icons for every rendering (tree, list, CLI, worksheet): they read without colour.
STATUS_ICON = {"met": "✓", "not_met": "✗", "unknown": "?", "manual": "☐"}
VERDICT_ICON = {"eligible": "✓", "ineligible": "✗", "unknown": "?"}

__all__ = ["STATUS_ICON", "VERDICT_ICON", "Blocker", "MatchResult", "NodeResult", "OpenQuestion", "Status", "Verdict",
           "rank_key"]


class NodeResult:
    """The status of one node and, for a clinician, why.

    `reason` ("hemoglobin 75 g/L < 80 g/L required") is built from the node's parts the first
    time it is read; `needs` lists the variables that would decide an undecided node; `by_hand`
    says the panel's `screening` decided it.
    """

    __slots__ = ("_reason", "_why", "by_hand", "needs", "status")

    def __init__(self, status: Status, reason: str = "", needs: list[str] | None = None,
                 by_hand: bool = False, why: Any = None):
        self.status = status
        self.needs = [] if needs is None else needs
        self.by_hand = by_hand
        self._reason: str | None = None if why is not None else reason
        self._why = why

    @property
    def reason(self) -> str:
        if self._reason is None:
            self._reason = reason_text(self._why)
            self._why = None
        return self._reason

    @reason.setter
    def reason(self, value: str) -> None:
        self._reason, self._why = value, None

    def text(self) -> str:
        return self.reason

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeResult):
            return NotImplemented
        return (self.status, self.reason, self.needs, self.by_hand) == (
            other.status, other.reason, other.needs, other.by_hand)

    # Mutable (the reason is filled in lazily), so unhashable, as __eq__ alone already implied.
    __hash__ = None  # type: ignore[assignment]  # typeshed types object.__hash__ as a method

    def __repr__(self) -> str:
        return (f"NodeResult(status={self.status!r}, reason={self.reason!r}, needs={self.needs!r}, "
                f"by_hand={self.by_hand!r})")


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

    def to_json(self, tree: CriteriaTree | dict[str, Any]) -> dict[str, Any]:
        """The `match --json` object (cli.md); `tree` is the trial's tree, or its stored JSON
        (`{"sections": [...]}` as CriteriaTree.model_dump(mode="json", exclude_none=True) gives)."""
        if isinstance(tree, CriteriaTree):
            tree = tree.dump()      # as the store keeps it: no empty "unread"
        statuses = self.statuses

        def node_json(node: dict[str, Any]) -> dict[str, Any]:
            out = node.copy()
            children = out.pop("children", ())
            out.setdefault("checks", [])
            result = statuses.get(node["id"])
            if result is not None:
                out["status"] = result.status
                if result.reason:
                    out["reason"] = result.reason
                if result.needs:
                    out["needs"] = result.needs
                if result.by_hand:
                    out["by_hand"] = True
            out["children"] = [node_json(c) for c in children]
            return out

        return {
            "trial_id": self.trial_id,
            "title": self.title,
            "verdict": self.verdict,
            "blockers": [b.to_json() for b in self.blockers],
            "open": [o.to_json() for o in self.open],
            "criteria": [node_json(s) for s in tree.get("sections", ())],
        }


def rank_key(result: MatchResult) -> tuple[int, int, str]:
    """Best first: eligible, then unknown with the fewest open questions, then ineligible."""
    order = {"eligible": 0, "unknown": 1, "ineligible": 2}[result.verdict]
    return (order, len(result.open) + len(result.blockers), result.trial_id)
