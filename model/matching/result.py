"""What matching a panel against a trial gives: a status per node, a verdict, blockers and open
questions, and the `match --json` object (shared/design/cli.md)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any, Literal

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.outcome import Outcome, Status, reason_text
from trialview.model.panel import HandDecision

# The open item of a record with no eligibility text (cli.md: unknown, and ranked last).
NO_TEXT_ID = "inc-notext"
NO_TEXT = "This record has no eligibility criteria: a person must read the trial's own documents"

Verdict = Literal["eligible", "ineligible", "unknown"]

# One set of icons for every rendering (tree, list, CLI, worksheet): they read without colour.
STATUS_ICON = {"met": "✓", "not_met": "✗", "unknown": "?", "manual": "☐"}
VERDICT_ICON = {"eligible": "✓", "ineligible": "✗", "unknown": "?"}

__all__ = ["NO_TEXT", "NO_TEXT_ID", "STATUS_ICON", "VERDICT_ICON", "Blocker", "MatchResult", "NodeResult", "OpenQuestion",
           "StaleDecision", "Status", "Verdict", "rank_key"]


class NodeResult:
    """The status of one node and, for a clinician, why.

    `reason` ("hemoglobin 75 g/L < 80 g/L required") is built from the node's parts the first
    time it is read; `needs` lists the variables that would decide an undecided node; `by_hand`
    says the panel's `screening` decided it. `decision` is the panel's hand decision for this
    node: applied when `by_hand`, else made on other text (stale) and not applied; `machine` is
    the outcome the machine found where a hand decision overrode it.
    """

    __slots__ = ("_reason", "_why", "by_hand", "decision", "machine", "needs", "status")

    def __init__(self, status: Status, reason: str = "", needs: list[str] | None = None,
                 by_hand: bool = False, why: Any = None, decision: HandDecision | None = None,
                 machine: Outcome | None = None):
        self.status = status
        self.needs = [] if needs is None else needs
        self.by_hand = by_hand
        self._reason: str | None = None if why is not None else reason
        self._why = why
        self.decision = decision
        self.machine = machine

    def json_fields(self) -> dict[str, Any]:
        """What this result adds to its node's JSON object (`match --json`), in printed order;
        `MatchResult.to_json` and the printed-tree writer (printed_tree.py) both use it."""
        out: dict[str, Any] = {"status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.needs:
            out["needs"] = self.needs
        if self.by_hand:
            out["by_hand"] = True
            if self.decision is not None and self.decision.text is None:
                out["bound_to_text"] = False
            if self.machine is not None:
                out["machine"] = {"status": self.machine[0], "reason": reason_text(self.machine[1])}
        elif self.decision is not None:
            out["stale_decision"] = {"status": self.decision.status, "text": self.decision.text}
        return out

    @property
    def stale(self) -> HandDecision | None:
        """A hand decision made on other text than this criterion's: reported, not applied."""
        return self.decision if self.decision is not None and not self.by_hand else None

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


def _short(text: str) -> str:
    return textwrap.shorten(text, 70, placeholder="…")


@dataclass
class StaleDecision:
    """A hand decision not applied: the criterion's text is no longer the text it was made on
    (`now` is today's text, "" when the trial has no such criterion any more)."""

    node_id: str
    status: str
    text: str
    now: str

    def message(self, trial_id: str) -> str:
        now = "no such criterion now" if not self.now else f"it now reads {_short(self.now)!r}"
        return (f"{trial_id} {self.node_id}: the hand decision ({self.status}) was made on other text "
                f"({_short(self.text)!r}); {now}: not applied")

    def to_json(self) -> dict[str, Any]:
        return {"id": self.node_id, "status": self.status, "text": self.text, "now": self.now}


@dataclass
class MatchResult:
    trial_id: str
    title: str
    verdict: Verdict
    blockers: list[Blocker]
    open: list[OpenQuestion]
    statuses: dict[str, NodeResult]
    stale: list[StaleDecision] = field(default_factory=list)
    no_text: bool = False           # the record has no eligibility text: ranked last

    def to_json(self, tree: CriteriaTree | dict[str, Any], in_place: bool = False) -> dict[str, Any]:
        """The `match --json` object (cli.md); `tree` is the trial's tree, or its stored JSON
        (`{"sections": [...]}` as CriteriaTree.model_dump(mode="json", exclude_none=True) gives).
        `in_place`: the stored JSON is the caller's to spend, its nodes are filled in, not copied
        (`match --json` over thousands of trials)."""
        if isinstance(tree, CriteriaTree):
            tree, in_place = tree.dump(), True      # as the store keeps it: no empty "unread"
        statuses = self.statuses

        def node_json(node: dict[str, Any]) -> dict[str, Any]:
            out = node if in_place else node.copy()
            children = out.pop("children", ())
            if "checks" not in out:
                out["checks"] = []
            result = statuses.get(node["id"])
            if result is not None:
                out.update(result.json_fields())
            if "condition" in out:
                out["condition"] = node_json(out["condition"])
            out["children"] = [node_json(c) for c in children]
            return out

        out: dict[str, Any] = {
            "trial_id": self.trial_id,
            "title": self.title,
            "verdict": self.verdict,
            "blockers": [b.to_json() for b in self.blockers],
            "open": [o.to_json() for o in self.open],
            "criteria": [node_json(s) for s in tree.get("sections", ())],
        }
        if self.stale:
            out["stale_decisions"] = [d.to_json() for d in self.stale]
        if self.no_text:
            out["no_eligibility_text"] = True
        return out


def rank_key(result: MatchResult) -> tuple[int, int, str]:
    """Best first: eligible, then unknown with the fewest open questions, then ineligible, and
    last the records with no eligibility text (nothing was read: cli.md)."""
    order = 3 if result.no_text else {"eligible": 0, "unknown": 1, "ineligible": 2}[result.verdict]
    return (order, len(result.open) + len(result.blockers), result.trial_id)
