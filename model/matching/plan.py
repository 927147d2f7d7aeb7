"""A trial's criteria compiled for matching: a closure per node over plain values, no text.

Three-valued (Kleene) logic: a missing value is unknown, never normal. Statuses report the
truth of a node's *condition* as the trial text words it: an exclusion criterion that is "met"
excludes the patient. "manual" is a criterion only a person can judge; inside the logic it
counts as unknown.

Speed: a tree is compiled once into a plan (a closure per check, labels and thresholds formatted
in advance, see model/matching/checks.py) and cached per tree object; matching a panel walks the
plan without creating pydantic models, and a node's reason string is only built when it is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from collections.abc import Callable

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.checks import compile_check
from trialview.model.matching.compact import (KIND, KINDS, LOGICS, SECTIONS, StoredNode,
                                              check_of, compact_tree, variables_read)
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, UNKNOWN, CheckFn, Outcome, Status, reason_text
from trialview.model.matching.result import NodeResult
from trialview.model.vocabulary import BY_ID

FOR_A_PERSON = "for a person to judge"
BY_HAND = "decided by hand"

# A runner evaluates one node (and its subtree) for a panel: (context, hand decisions, results
# by node id) -> the node's outcome, its result recorded in the results.
Decisions = Mapping[str, str]
Results = dict[str, NodeResult]
Runner = Callable[[MatchContext, Decisions, Results], Outcome]


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


def _why_text(args: tuple[list[Outcome], str, Status]) -> str:
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


# --- compiling a node -----------------------------------------------------------------------------

_MANUAL_OUTCOME: Outcome = (MANUAL, FOR_A_PERSON, ())
_MANUAL_RESULT = NodeResult(MANUAL, FOR_A_PERSON)
_KIND_SECTION, _KIND_CRITERION = KIND["section"], KIND["criterion"]
_ALL, _ANY = KIND["all"], KIND["any"]

# Compiled checks depend on nothing but the check and its section, so trials that state the same
# condition ("age >= 18", "pregnant == true") share one compiled function.
_COMPILED: dict[tuple[Any, ...], CheckFn] = {}
_COMPILED_MAX = 50_000


def _compiled(stored: StoredNode, section: str) -> CheckFn:
    variable, op, value, unit, inferred, window_days, negated, note = stored
    key = (section, variable, op, tuple(value) if value.__class__ is list else value, unit, inferred, window_days,
           negated, note)
    try:
        fn = _COMPILED.get(key)
    except TypeError:           # an unhashable value from a damaged store: compile, do not share
        return compile_check(check_of(stored), section)
    if fn is None:
        fn = compile_check(check_of(stored), section)
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[key] = fn
    return fn


def _runner(stored: StoredNode, section: str) -> Runner:
    """A closure evaluating one compact node (and its subtree): the hot path, so the closure
    holds plain values and reads no attributes."""
    # unpacked, not CompactNode(*stored): a named tuple per node costs a fifth of compiling
    node_id, kind, _section, logic, manual, stored_checks, stored_children, _exceptions = stored
    checks = tuple(_compiled(c, section) for c in stored_checks)
    children = tuple(_runner(c, section) for c in stored_children)
    if not checks and not children:
        return _person_runner(node_id)
    # A criterion flagged manual that also has checks or sub-clauses has words only a person
    # can judge besides them ("non-pregnant, willing to use contraception"): one more, manual,
    # part, so the machine alone never calls it met.
    extra = (_MANUAL_OUTCOME,) if kind == _KIND_CRITERION and manual else ()
    if len(checks) == 1 and not children and not extra:
        return _leaf_runner(node_id, checks[0])
    return _group_runner(node_id, kind, LOGICS[logic], section, checks, children, extra)


def _person_runner(node_id: str) -> Runner:
    """Nothing a machine can check: for a person to judge."""
    manual = _MANUAL_OUTCOME
    result = _MANUAL_RESULT
    part: Outcome = (MANUAL, result, ())
    finish = _finish

    def person(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        if decisions and node_id in decisions:
            return finish(node_id, manual, decisions, out)
        out[node_id] = result       # one shared, never-changed result: most criteria are these
        return part

    return person


def _leaf_runner(node_id: str, check: CheckFn) -> Runner:
    """A node that is one check: most nodes are these."""
    finish = _finish

    def leaf(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        if decisions:
            return finish(node_id, check(ctx), decisions, out)
        status, why, needs = check(ctx)     # _finish inlined: most nodes are leaves
        result = NodeResult(status, "", list(needs) if needs else [], False, why)
        out[node_id] = result
        return (status, result, needs)

    return leaf


def _group_runner(node_id: str, kind: int, own_logic: str, section: str, checks: tuple[CheckFn, ...],
                  children: tuple[Runner, ...], extra: tuple[Outcome, ...]) -> Runner:
    """A node's checks and its children are its parts, combined by its logic: a group by its
    kind, a criterion by `logic` ("Presence of HBsAg ... ; HIV positive; syphilis" is an "any"
    over checks and sub-clauses alike, as the parser builds it), and a section of exclusions
    holds when any of them holds."""
    is_section = kind == _KIND_SECTION
    if kind == _ALL or kind == _ANY:
        logic = KINDS[kind]
    elif is_section:
        logic = "any" if section == "exclusion" else "all"
    else:
        logic = own_logic
    combine = _status_any if logic == "any" else _status_all
    finish = _finish

    def group(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
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


def _finish(node_id: str, outcome: Outcome, decisions: Decisions, out: Results) -> Outcome:
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


# --- the plan -------------------------------------------------------------------------------------

class Plan:
    """A trial's criteria compiled for matching: closures over plain values, no text.

    `variables` are the panel variables its checks read (derived ones' inputs included),
    `therapies` whether it reads the therapy history: together they say when a panel change
    can change this trial's result. `texts` (node id -> criterion text) is filled when the plan
    was made from a full tree.
    """

    __slots__ = ("runners", "source", "texts", "therapies", "tops", "variables")

    def __init__(self, compact: Sequence[StoredNode], texts: dict[str, str] | None = None, source: Any = None):
        self.runners: list[Runner] = []
        # what a verdict needs of each top-level criterion: (id, section, exceptions)
        self.tops: list[tuple[str, str, str]] = []
        for stored in compact:
            # unpacked, not CompactNode(*stored): see _runner
            top_id, kind, section_code, _logic, _manual, _checks, children, exceptions = stored
            section = SECTIONS[section_code]
            self.runners.append(_runner(stored, section))
            if kind != _KIND_SECTION:
                self.tops.append((top_id, section, exceptions))
                continue
            for child_id, _kind, _section, _logic, _manual, _checks, _children, child_exceptions in children:
                self.tops.append((child_id, section, child_exceptions))
        variables = variables_read(compact)
        self.variables = tuple(v for v in variables if v in BY_ID)
        self.therapies = len(self.variables) != len(variables)
        self.texts = texts or {}
        self.source = source


def compile_plan(compact: Sequence[StoredNode]) -> Plan:
    """The plan of a compact tree as the store keeps it (model/matching/compact.py)."""
    return Plan(compact)


def plan_for(tree: CriteriaTree) -> Plan:
    """The compiled plan of a tree, kept on the tree itself.

    A tree whose sections list was replaced is compiled again. Trees are parsed once at import
    and not edited in place, so that is enough.
    """
    plan = tree._match_plan     # Any on the tree: model/criteria cannot import this module
    if isinstance(plan, Plan) and plan.source is tree.sections:
        return plan
    plan = Plan(compact_tree(tree), {n.id: n.text for n in tree.walk()}, tree.sections)
    tree._match_plan = plan
    return plan
