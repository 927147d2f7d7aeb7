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
from functools import partial

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.checks import compile_check
from trialview.model.matching.compact import (KIND, KINDS, LOGICS, SECTIONS, ALSO_READS, StoredNode, StoredPlan, read_plan, variables_read,
                                              check_of, compact_tree)
from trialview.model.matching.conditional import (Member, cohort_runners, cohort_sets, conditional_runner,
                                                  excepted_runner, neutral_of)
from trialview.model.matching.context import MatchContext
from trialview.model.matching.kleene import (BY_HAND, FOR_A_PERSON, Decisions, Results, Runner, finish as _finish,
                                             needs_of as _needs, status_all as _status_all,
                                             status_any as _status_any, why_text as _why_text)
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, UNKNOWN, CheckFn, Outcome, Status
from trialview.model.matching.result import NO_TEXT_ID, NodeResult
from trialview.model.vocabulary import BY_ID

# (re-exported: the list's matcher, ask and the CLI import them from here)
__all__ = ["BY_HAND", "FOR_A_PERSON", "Decisions", "Plan", "Results", "Runner", "compile_plan", "plan_for"]

# --- compiling a node -----------------------------------------------------------------------------

_MANUAL_OUTCOME: Outcome = (MANUAL, FOR_A_PERSON, ())
_UNREAD_OUTCOME: Outcome = (MANUAL, "part of its text no check reads: for a person to judge", ())
_MANUAL_RESULT = NodeResult(MANUAL, FOR_A_PERSON)
_KIND_SECTION, _KIND_CRITERION = KIND["section"], KIND["criterion"]
_ALL, _ANY = KIND["all"], KIND["any"]
_CONDITION, _KEY = 9, 10      # CompactNode's fields
# the status a part that does not apply takes in its group: by the group's kind and logic code
# (an "all" / "any" group by its kind, a criterion by its logic), a section by its name
_NEUTRAL = {k: (neutral_of(KINDS[k]),) * 2 if k in (_ALL, _ANY) else (neutral_of("all"), neutral_of("any"))
            for k in range(len(KINDS))}
_NEUTRAL_SECTION = {"inclusion": neutral_of("all"), "exclusion": neutral_of("any")}

# Compiled checks depend on nothing but the check and its section, so trials that state the same
# condition ("age >= 18", "pregnant == true") share one compiled function.
_COMPILED: dict[tuple[Any, ...], CheckFn] = {}
_COMPILED_MAX = 50_000


def _compiled(stored: StoredNode, section: str, reads: dict[str, None]) -> CheckFn:
    variable, op, value, unit, inferred, window_days, negated, note, months = stored
    reads[variable] = None
    for source in ALSO_READS.get(variable, ()):
        reads[source] = None
    key = (section, variable, op, tuple(value) if value.__class__ is list else value, unit, inferred, window_days,
           negated, note, months)
    try:
        fn = _COMPILED.get(key)
    except TypeError:           # an unhashable value from a damaged store: compile, do not share
        return compile_check(check_of(stored), section)
    if fn is None:
        fn = compile_check(check_of(stored), section)
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[key] = fn
    return fn


def _runner(stored: StoredNode, section: str, reads: dict[str, None], neutral: Status = MET) -> Runner:
    """A closure evaluating one compact node (and its subtree): the hot path, so the closure
    holds plain values and reads no attributes. `reads` collects the variables its checks read;
    `neutral` is the status the node takes when its condition does not hold (conditional.py: MET
    in an "all", NOT_MET in an "any")."""
    # unpacked, not CompactNode(*stored): a named tuple per node costs a fifth of compiling
    node_id, kind, _section, logic, manual, stored_checks, stored_children, exceptions, unread, condition, key = \
        stored
    # most nodes have no checks or no children: no generator made for an empty list
    checks = tuple([_compiled(c, section, reads) for c in stored_checks]) if stored_checks else ()
    children: tuple[Runner, ...] = ()
    if stored_children:
        # the status a part that does not apply takes in this node (conditional.py)
        inner = _NEUTRAL_SECTION[section] if kind == _KIND_SECTION else _NEUTRAL[kind][logic]
        children = tuple([_runner(c, section, reads, inner) for c in stored_children])
    body: Runner
    if not checks and not children:
        body = partial(_person, node_id, key)       # _person_runner, inlined: most nodes are these
    else:
        # Words no check reads (`unread`, or a criterion flagged manual beside its checks: "non-
        # pregnant, willing to use contraception") are one more part, only a person can judge,
        # joined by the node's logic: an "all" is then never machine-met, an "any" still is.
        extra: tuple[Outcome, ...] = ()
        if unread and kind != _KIND_SECTION:
            extra = (_UNREAD_OUTCOME,)
        elif manual and kind == _KIND_CRITERION:
            extra = (_MANUAL_OUTCOME,)
        if len(checks) == 1 and not children and not extra:
            body = _leaf_runner(node_id, key, checks[0])
        else:
            body = _group_runner(node_id, key, kind, LOGICS[logic], section, checks, children, extra)
    if exceptions and kind != _KIND_SECTION and len(variables_read([stored])) == 1:
        # Only where what the checks read is one thing ("History of malignancy (except basal cell
        # carcinoma)"): beside several ("ALT <= 2.5 x ULN, total bilirubin < 2.0 mg/dL (Gilbert
        # syndrome subjects < 3.0 mg/dL)") an exception speaks for one of them, and a high ALT
        # still excludes; the blocker then names the exceptions (match.top_item). A group under a
        # criterion whose text holds the criterion's exception carries it too (spread_exceptions).
        body = excepted_runner(node_id, key, section, exceptions, body)
    if condition is None:
        return body
    text, stored_condition = condition
    # a condition is worded as what must hold for the criterion to apply ("female required")
    return conditional_runner(node_id, key, neutral, text, _runner(stored_condition, "inclusion", reads), body)


def _cohort_section(stored: StoredNode, section: str, reads: dict[str, None],
                    cohorts: Mapping[str, tuple[str, ...]]) -> Runner:
    """_runner of a section whose criteria include cohort groups (conditional.cohort_sets)."""
    node_id, kind, _section, logic, _manual, stored_checks, stored_children, _exceptions, _unread, _condition, key = \
        stored
    checks = tuple([_compiled(c, section, reads) for c in stored_checks]) if stored_checks else ()
    children = _section_children(stored_children, section, reads, _NEUTRAL_SECTION[section], cohorts)
    return _group_runner(node_id, key, kind, LOGICS[logic], section, checks, children, ())


def _section_children(stored_children: Sequence[StoredNode], section: str, reads: dict[str, None], neutral: Status,
                      cohorts: Mapping[str, tuple[str, ...]]) -> tuple[Runner, ...]:
    """A section's criteria, its cohort groups (conditional.cohort_runners) judged together."""
    runners: list[Runner] = []
    members: dict[tuple[str, ...], list[tuple[int, Member]]] = {}
    for stored in stored_children:
        ids = cohorts.get(stored[0])
        condition = stored[_CONDITION]
        if ids is None or condition is None:
            runners.append(_runner(stored, section, reads, neutral))
            continue
        text, stored_condition = condition
        applies = _runner(stored_condition, "inclusion", reads)
        body = _runner([*stored[:_CONDITION], None, *stored[_CONDITION + 1:]], section, reads)    # without it
        ordinary = conditional_runner(stored[0], stored[_KEY], neutral, text, applies, body)
        members.setdefault(ids, []).append((len(runners), (stored[0], stored[_KEY], text, applies, body, ordinary)))
        runners.append(ordinary)
    against: Status = MET if section == "exclusion" else NOT_MET
    for ids, found in members.items():
        if len(found) != len(ids):
            continue        # not all of them here: each as it stands
        for (at, _member), joint in zip(found, cohort_runners([m for _at, m in found], against), strict=True):
            runners[at] = joint
    return tuple(runners)


_MANUAL_PART: Outcome = (MANUAL, _MANUAL_RESULT, ())


def _person_runner(node_id: str, key: int) -> Runner:
    """Nothing a machine can check: for a person to judge. Most nodes are these, so the closure
    is a partial over one shared function (no cells: a third of the memory of 10,000 plans)."""
    return partial(_person, node_id, key)


def _person(node_id: str, key: int, ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
    if decisions and node_id in decisions:
        return _finish(node_id, key, _MANUAL_OUTCOME, decisions, out)
    out[node_id] = _MANUAL_RESULT       # one shared, never-changed result
    return _MANUAL_PART


def _leaf_runner(node_id: str, key: int, check: CheckFn) -> Runner:
    """A node that is one check: most checked nodes are these (a partial, as _person_runner)."""
    return partial(_leaf, node_id, key, check)


def _leaf(node_id: str, key: int, check: CheckFn, ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
    if decisions:
        return _finish(node_id, key, check(ctx), decisions, out)
    status, why, needs = check(ctx)     # _finish inlined: the hot path
    result = NodeResult(status, "", list(needs) if needs else [], False, why)
    out[node_id] = result
    return (status, result, needs)


def _group_runner(node_id: str, key: int, kind: int, own_logic: str, section: str, checks: tuple[CheckFn, ...],
                  children: tuple[Runner, ...], extra: tuple[Outcome, ...]) -> Runner:
    """A node's checks and its children are its parts, combined by its logic: a group by its
    kind, a criterion by `logic` ("Presence of HBsAg ... ; HIV positive; syphilis" is an "any"
    over checks and sub-clauses alike, as the parser builds it), and a section of exclusions
    holds when any of them holds.

    A partial over one shared function, as _person_runner: a closure over its nine values took a
    cell each, 600 bytes a group, a quarter of the memory of 10,000 compiled plans."""
    is_section = kind == _KIND_SECTION
    if kind == _ALL or kind == _ANY:
        logic = KINDS[kind]
    elif is_section:
        logic = "any" if section == "exclusion" else "all"
    else:
        logic = own_logic
    combine = _status_any if logic == "any" else _status_all
    # (an exclusion's reasons are facts, "age 61 years ≥ 18 years": kleene.why_text joins them
    # with "or" only where they say what was required)
    why_logic = f"{logic}:exclusion" if section == "exclusion" else logic
    return partial(_group, node_id, key, combine, why_logic, is_section, checks, children, extra)


def _group(node_id: str, key: int, combine: Callable[[list[Outcome]], Status], logic: str, is_section: bool,
           checks: tuple[CheckFn, ...], children: tuple[Runner, ...], extra: tuple[Outcome, ...],
           ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
    parts = [c(ctx) for c in checks]
    for child in children:
        parts.append(child(ctx, decisions, out))
    if extra:
        parts.extend(extra)
    status = combine(parts)
    why = "" if is_section else (_why_text, (parts, logic, status))
    return _finish(node_id, key, (status, why, _needs(parts) if status is UNKNOWN or status is MANUAL else ()),
                   decisions, out)


# --- the plan -------------------------------------------------------------------------------------

class Plan:
    """A trial's criteria compiled for matching: closures over plain values, no text.

    `variables` are the panel variables its checks read (derived ones' inputs included),
    `therapies` whether it reads the therapy history: together they say when a panel change
    can change this trial's result. `texts` (node id -> criterion text) is filled when the plan
    was made from a full tree.
    """

    __slots__ = ("no_text", "runners", "source", "texts", "therapies", "tops", "variables")

    def __init__(self, compact: Sequence[StoredNode], texts: dict[str, str] | None = None, source: Any = None,
                 cohorts: Mapping[str, tuple[str, ...]] | None = None):
        """`cohorts`: the sections' cohort groups (conditional.cohort_sets), found in `compact`
        unless given (list.split_plan gives those of the whole trial for its parts)."""
        if cohorts is None:
            cohorts = cohort_sets(compact)
        self.runners: list[Runner] = []
        reads: dict[str, None] = {}     # every variable the checks read, in reading order
        # what a verdict needs of each top-level criterion: (id, section, exceptions)
        self.tops: list[tuple[str, str, str]] = []
        for stored in compact:
            # unpacked, not CompactNode(*stored): see _runner
            top_id, kind, section_code, _logic, _manual, _checks, children, exceptions, *_rest = stored
            section = SECTIONS[section_code]
            # a criterion that does not apply is in the patient's favour at a section's top
            if cohorts and kind == _KIND_SECTION and any(c[0] in cohorts for c in children):
                self.runners.append(_cohort_section(stored, section, reads, cohorts))
            else:
                self.runners.append(_runner(stored, section, reads, _NEUTRAL_SECTION[section]))
            if kind != _KIND_SECTION:
                self.tops.append((top_id, section, exceptions))
                continue
            for child_id, _kind, _section, _logic, _manual, _checks, _children, child_exceptions, *_more in children:
                self.tops.append((child_id, section, child_exceptions))
        # derived variables' inputs included (compact.DERIVED_FROM), as compact.variables_read
        self.variables = tuple(v for v in reads if v in BY_ID)
        self.therapies = len(self.variables) != len(reads)
        # a record with no eligibility text: nothing read, ranked last (cli.md)
        self.no_text = not self.tops or any(top[0] == NO_TEXT_ID for top in self.tops)
        self.texts = texts or {}
        self.source = source


def compile_plan(compact: StoredPlan) -> Plan:
    """The plan of a compact tree as the store keeps it (model/matching/compact.py)."""
    return Plan(read_plan(compact))


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
