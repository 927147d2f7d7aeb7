"""Kleene logic over a node's parts, and how a node's outcome is recorded (plan.py, conditional.py).

A runner evaluates one node (and its subtree) for a panel; its parts' outcomes are combined by the
node's logic (a missing value is unknown, never normal; "manual" counts as unknown); `finish`
applies a hand decision made on the node's text and records the node's result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, UNKNOWN, Outcome, Status, reason_text
from trialview.model.matching.result import NodeResult
from trialview.model.panel import HandDecision

FOR_A_PERSON = "for a person to judge"
BY_HAND = "decided by hand"

# A runner evaluates one node (and its subtree) for a panel: (context, hand decisions, results
# by node id) -> the node's outcome, its result recorded in the results.
Decisions = Mapping[str, HandDecision]
Results = dict[str, NodeResult]
Runner = Callable[[MatchContext, Decisions, Results], Outcome]


# --- Kleene logic over parts ----------------------------------------------------------------------

def status_all(parts: list[Outcome]) -> Status:
    unknown = manual = False
    for part in parts:
        s = part[0]
        if s is NOT_MET:
            return NOT_MET
        if s is UNKNOWN:
            unknown = True
        elif s is MANUAL:
            manual = True
    return UNKNOWN if unknown else MANUAL if manual else MET


def status_any(parts: list[Outcome]) -> Status:
    unknown = manual = False
    for part in parts:
        s = part[0]
        if s is MET:
            return MET
        if s is UNKNOWN:
            unknown = True
        elif s is MANUAL:
            manual = True
    return UNKNOWN if unknown else MANUAL if manual else NOT_MET


def why_text(args: tuple[list[Outcome], str, Status]) -> str:
    """The reason of a combined node, joined from the parts that explain its status: the failing
    parts of a failed "all", the holding parts of a holding "any", the open parts of an open one."""
    parts, logic, status = args
    # ("any:exclusion": an exclusion's group, whose reasons are facts: "Age <18 years or >75
    # years" not met for a man of 61 is "age 61 years ≥ 18 years; age 61 years ≤ 75 years", both
    # of them, not one or the other)
    logic, _, section = logic.partition(":")
    if status is UNKNOWN or status is MANUAL:
        chosen = [p for p in parts if p[0] is UNKNOWN or p[0] is MANUAL]
    elif (status is MET) == (logic == "any"):
        chosen = [p for p in parts if p[0] is status]
    else:
        chosen = parts
    joiner = " or " if logic == "any" and status is NOT_MET and section != "exclusion" else "; "
    texts = list(dict.fromkeys(t for t in (reason_text(p[1]) for p in chosen) if t))
    if joiner == " or " and len(texts) > 1 and all(t.startswith(DOES_NOT_APPLY) for t in texts):
        # cases none of which applies ("PSA ... if 50-60 years of age; or ... if over age 60", a
        # man of 45): no way to meet it, said so, not "does not apply" as if it held
        return "none of its cases applies: " + "; ".join(t[len(DOES_NOT_APPLY):] for t in texts)
    return joiner.join(texts)


DOES_NOT_APPLY = "does not apply: "     # the reason of a criterion whose condition fails (conditional.py)


def needs_of(parts: list[Outcome]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in parts:
        if part[0] is UNKNOWN or part[0] is MANUAL:
            for n in part[2]:
                seen[n] = None
    return tuple(seen)


def finish(node_id: str, key: int, outcome: Outcome, decisions: Decisions, out: Results) -> Outcome:
    """Apply a hand decision made on this node's text, record the node's result, and hand the
    parent its part. A decision made on other text (the trial changed) is kept on the result,
    not applied."""
    stale = None
    if decisions:
        decided = decisions.get(node_id)
        if decided is not None:
            if decided.key is None or decided.key == key:
                status: Status = MET if decided.status == MET else NOT_MET
                # what the machine found, shown beside the decision when it found something
                machine = outcome if outcome[0] is not MANUAL else None
                hand = NodeResult(status, "", [], True, (_hand_reason, (decided, machine)), decided, machine)
                out[node_id] = hand
                return (status, hand, ())
            stale = decided
    status, why, needs = outcome
    # The result builds its reason from `why` when read; a parent's reason reads the result's.
    result = NodeResult(status, "", list(needs) if needs else [], False, why, stale)
    out[node_id] = result
    return (status, result, needs)


_STATUS_WORDS = {MET: "met", NOT_MET: "not met", UNKNOWN: "unknown", MANUAL: "for a person"}


def _hand_reason(args: tuple[HandDecision, Outcome | None]) -> str:
    decided, machine = args
    text = BY_HAND if decided.text is not None else f"{BY_HAND} (not bound to text)"
    if machine is not None:
        found = reason_text(machine[1])
        text += f"; the machine found: {_STATUS_WORDS[machine[0]]}" + (f" ({found})" if found else "")
    return text
