"""(criteria tree, patient panel) -> a status per node, a verdict, blockers and open questions.

Three-valued (Kleene) logic: a missing value is unknown, never normal.

Statuses report the truth of a node's *condition* as the trial text words it: an exclusion
criterion that is "met" excludes the patient. "manual" is a criterion only a person can judge;
inside the logic it counts as unknown.

Speed: a tree is compiled once into a plan of plain Python objects (a closure per check, labels
and thresholds formatted in advance, see model/match_checks.py) and cached per tree object;
matching a panel walks the plan without creating pydantic models, and a node's reason string is
only built when it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from collections.abc import Callable, Mapping

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.match_checks import (MANUAL, MET, NOT_MET, UNKNOWN, CheckFn, MatchContext, Outcome, Status,
                                          compile_check, fmt_number, reason_text)
from trialview.model.panel import Panel
from trialview.model.plan import (C_UNIT, C_VALUE, KIND, KINDS, LOGICS, N_CHECKS, N_CHILDREN, N_EXCEPTIONS, N_ID,
                        N_KIND, N_LOGIC, N_MANUAL, N_SECTION, SECTIONS, CompactNode, check_of, compact_tree,
                        variables_read)
from trialview.model.vocabulary import BY_ID

Verdict = Literal["eligible", "ineligible", "unknown"]

# One set of icons for every rendering (tree, list, CLI, worksheet): they read without colour.
STATUS_ICON = {"met": "✓", "not_met": "✗", "unknown": "?", "manual": "☐"}
VERDICT_ICON = {"eligible": "✓", "ineligible": "✗", "unknown": "?"}

FOR_A_PERSON = "for a person to judge"
BY_HAND = "decided by hand"

__all__ = ["STATUS_ICON", "VERDICT_ICON", "Blocker", "MatchResult", "NodeResult", "OpenQuestion", "Status", "Verdict",
           "fmt_number", "match_trial", "rank_key"]


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
            tree = tree.model_dump(mode="json", exclude_none=True)
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


# --- Kleene logic over parts ----------------------------------------------------------------------

def _status_all(parts: list[Outcome]) -> Status:
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


def _status_any(parts: list[Outcome]) -> Status:
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


def _why_text(args: tuple[list[Outcome], str, str]) -> str:
    """The reason of a combined node, joined from the parts that explain its status: the failing
    parts of a failed "all", the holding parts of a holding "any", the open parts of an open one."""
    parts, logic, status = args
    if status is UNKNOWN or status is MANUAL:
        chosen = [p for p in parts if p[0] is UNKNOWN or p[0] is MANUAL]
    elif (status is MET) == (logic == "any"):
        chosen = [p for p in parts if p[0] is status]
    else:
        chosen = parts
    joiner = " or " if logic == "any" and status is NOT_MET else "; "
    return joiner.join(dict.fromkeys(t for t in (reason_text(p[1]) for p in chosen) if t))


def _needs(parts: list[Outcome]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in parts:
        if part[0] is UNKNOWN or part[0] is MANUAL:
            for n in part[2]:
                seen[n] = None
    return tuple(seen)


# --- the plan: a tree compiled once ---------------------------------------------------------------

_MANUAL_OUTCOME: Outcome = (MANUAL, FOR_A_PERSON, ())
_MANUAL_RESULT = NodeResult(MANUAL, FOR_A_PERSON)
_KIND_SECTION, _KIND_CRITERION = KIND["section"], KIND["criterion"]

# Compiled checks depend on nothing but the check and its section, so trials that state the same
# condition ("age >= 18", "pregnant == true") share one compiled function.
_COMPILED: dict[tuple[Any, ...], CheckFn] = {}   # (section, the check's fields) -> its function
_COMPILED_MAX = 50_000


def _compiled(check: list[Any], section: str) -> CheckFn:
    value = check[C_VALUE]
    key = (section, *check[:C_VALUE], tuple(value) if value.__class__ is list else value, *check[C_UNIT:])
    try:
        fn = _COMPILED.get(key)
    except TypeError:           # an unhashable value from a damaged store: compile, do not share
        return compile_check(check_of(check), section)
    if fn is None:
        fn = compile_check(check_of(check), section)
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[key] = fn
    return fn


_ALL, _ANY = KIND["all"], KIND["any"]


def _runner(node: CompactNode, section: str) -> Runner:
    """A closure evaluating one compact node (and its subtree): the hot path, so the closure
    holds plain values and reads no attributes."""
    node_id = node[N_ID]
    kind = node[N_KIND]
    checks = tuple(_compiled(c, section) for c in node[N_CHECKS])
    children = tuple(_runner(c, section) for c in node[N_CHILDREN])
    finish = _finish
    # A criterion flagged manual that also has checks or sub-clauses has words only a person
    # can judge besides them ("non-pregnant, willing to use contraception"): one more, manual,
    # part, so the machine alone never calls it met.
    extra = (_MANUAL_OUTCOME,) if kind == _KIND_CRITERION and node[N_MANUAL] and (checks or children) else ()
    if not checks and not children:
        manual = _MANUAL_OUTCOME        # nothing a machine can check: for a person to judge
        result = _MANUAL_RESULT
        part: Outcome = (MANUAL, result, ())

        def person(ctx: MatchContext, decisions: Mapping[str, str], out: dict[str, NodeResult]) -> Outcome:
            if decisions and node_id in decisions:
                return finish(node_id, manual, decisions, out)
            out[node_id] = result       # one shared, never-changed result: most criteria are these
            return part

        return person
    if len(checks) == 1 and not children and not extra:
        check = checks[0]

        def leaf(ctx: MatchContext, decisions: Mapping[str, str], out: dict[str, NodeResult]) -> Outcome:
            if decisions:
                return finish(node_id, check(ctx), decisions, out)
            status, why, needs = check(ctx)     # _finish inlined: most nodes are leaves
            result = NodeResult(status, "", list(needs) if needs else [], False, why)
            out[node_id] = result
            return (status, result, needs)

        return leaf
    # A node's checks and its children are its parts, combined by its logic: a group by its
    # kind, a criterion by `logic` ("Presence of HBsAg ... ; HIV positive; syphilis" is an "any"
    # over checks and sub-clauses alike, as the parser builds it), and a section of exclusions
    # holds when any of them holds.
    is_section = kind == _KIND_SECTION
    if kind == _ALL or kind == _ANY:
        logic = KINDS[kind]
    elif is_section:
        logic = "any" if section == "exclusion" else "all"
    else:
        logic = LOGICS[node[N_LOGIC]]
    combine = _status_any if logic == "any" else _status_all

    def group(ctx: MatchContext, decisions: Mapping[str, str], out: dict[str, NodeResult]) -> Outcome:
        parts = [c(ctx) for c in checks]
        for child in children:
            parts.append(child(ctx, decisions, out))
        if extra:
            parts.extend(extra)
        status = combine(parts)
        why = "" if is_section else (_why_text, (parts, logic, status))
        return finish(node_id, (status, why, _needs(parts) if status is UNKNOWN or status is MANUAL else ()),
                      decisions, out)

    return group


class Plan:
    """A trial's criteria compiled for matching: closures over plain values, no text.

    `variables` are the panel variables its checks read (derived ones' inputs included),
    `therapies` whether it reads the therapy history: together they say when a panel change
    can change this trial's result. `texts` (node id -> criterion text) is filled when the plan
    was made from a full tree.
    """

    __slots__ = ("runners", "source", "texts", "therapies", "tops", "variables")

    def __init__(self, compact: list[CompactNode], texts: dict[str, str] | None = None, source: Any = None):
        self.runners = [_runner(s, SECTIONS[s[N_SECTION]]) for s in compact]
        # what a verdict needs of each top-level criterion: (id, section, exceptions)
        self.tops = [(n[N_ID], SECTIONS[s[N_SECTION]], n[N_EXCEPTIONS])
                     for s in compact for n in (s[N_CHILDREN] if s[N_KIND] == _KIND_SECTION else [s])]
        variables = variables_read(compact)
        self.variables = tuple(v for v in variables if v in BY_ID)
        self.therapies = len(self.variables) != len(variables)
        self.texts = texts or {}
        self.source = source


def compile_plan(compact: list[CompactNode]) -> Plan:
    """The plan of a compact tree as the store keeps it (model/plan.py)."""
    return Plan(compact)


def _plan_for(tree: CriteriaTree) -> Plan:
    """The compiled plan of a tree, kept on the tree itself.

    A tree whose sections list was replaced is compiled again. Trees are parsed once at import
    and not edited in place, so that is enough.
    """
    plan: Plan | None = tree._match_plan     # Any on the tree: model/criteria cannot import this module
    if plan is not None and plan.source is tree.sections:
        return plan
    plan = Plan(compact_tree(tree), {n.id: n.text for n in tree.walk()}, tree.sections)
    tree._match_plan = plan
    return plan


Runner = Callable[[MatchContext, Mapping[str, str], dict[str, "NodeResult"]], Outcome]


def _finish(node_id: str, outcome: Outcome, decisions: Mapping[str, str], out: dict[str, NodeResult]) -> Outcome:
    """Apply a hand decision, record the node's result, and hand the parent its part."""
    if decisions:
        decided = decisions.get(node_id)
        if decided is not None:
            status: Status = MET if decided == MET else NOT_MET
            out[node_id] = NodeResult(status, BY_HAND, [], True)
            return (status, BY_HAND, ())
    status, why, needs = outcome
    # The result builds its reason from `why` when read; a parent's reason reads the result's.
    result = NodeResult(status, "", list(needs) if needs else [], False, why)
    out[node_id] = result
    return (status, result, needs)


def match_trial(trial_id: str, title: str, tree: CriteriaTree, panel: Panel) -> MatchResult:
    """Match one panel against one trial's criteria tree.

    Verdict: ineligible when an inclusion criterion is not met or an exclusion criterion is met
    (after the panel's hand decisions); eligible only when every inclusion criterion is met and
    every exclusion criterion is not met; otherwise unknown (missing data, manual criteria).

    An exclusion that holds although its text names exceptions ("except basal cell carcinoma")
    keeps its truth, so the patient is excluded; the blocker names the exceptions, so a person who
    knows the case is one of them decides the criterion by hand ("not_met" in `screening`).
    Likewise for an inclusion that fails with an exception named.
    """
    return match_plan(trial_id, title, _plan_for(tree), panel)


def match_plan(trial_id: str, title: str, plan: Plan, panel: Panel,
               texts: dict[str, str] | None = None) -> MatchResult:
    """Match one panel against a compiled plan (see match_trial). Blockers and open questions
    carry their criterion's text from `texts` or the plan's own, else ""."""
    ctx = MatchContext(panel)
    decisions = panel.screening.get(trial_id) or {}
    statuses: dict[str, NodeResult] = {}
    for run in plan.runners:
        run(ctx, decisions, statuses)
    texts = texts if texts is not None else plan.texts

    blockers: list[Blocker] = []
    open_questions: list[OpenQuestion] = []
    for node_id, section, exceptions in plan.tops:
        result = statuses[node_id]
        status = result.status
        if status == (NOT_MET if section == "inclusion" else MET):
            reason = result.reason
            if not result.by_hand:
                if section == "exclusion":
                    reason = f"{reason} excludes" if reason else "excludes"
                if exceptions:
                    reason = (f"{reason} (unless an exception applies: {exceptions}; "
                              "if so, decide it by hand)")
            blockers.append(Blocker(section, node_id, texts.get(node_id, ""), reason))
        elif status == UNKNOWN or status == MANUAL:
            open_questions.append(OpenQuestion(section, node_id, texts.get(node_id, ""), list(result.needs)))
    if blockers:
        verdict: Verdict = "ineligible"
    elif open_questions or not plan.tops:
        verdict = "unknown"
    else:
        verdict = "eligible"
    return MatchResult(trial_id, title, verdict, blockers, open_questions, statuses)
