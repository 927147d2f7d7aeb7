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
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, UNKNOWN, CheckFn, Outcome, Status, reason_text
from trialview.model.matching.result import NO_TEXT_ID, NodeResult
from trialview.model.panel import HandDecision
from trialview.model.vocabulary import BY_ID

FOR_A_PERSON = "for a person to judge"
BY_HAND = "decided by hand"

# A runner evaluates one node (and its subtree) for a panel: (context, hand decisions, results
# by node id) -> the node's outcome, its result recorded in the results.
Decisions = Mapping[str, HandDecision]
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
_UNREAD_OUTCOME: Outcome = (MANUAL, "part of its text no check reads: for a person to judge", ())
_MANUAL_RESULT = NodeResult(MANUAL, FOR_A_PERSON)
_KIND_SECTION, _KIND_CRITERION = KIND["section"], KIND["criterion"]
_ALL, _ANY = KIND["all"], KIND["any"]

# Compiled checks depend on nothing but the check and its section, so trials that state the same
# condition ("age >= 18", "pregnant == true") share one compiled function.
_COMPILED: dict[tuple[Any, ...], CheckFn] = {}
_COMPILED_MAX = 50_000


def _compiled(stored: StoredNode, section: str, reads: dict[str, None]) -> CheckFn:
    variable, op, value, unit, inferred, window_days, negated, note = stored
    reads[variable] = None
    for source in ALSO_READS.get(variable, ()):
        reads[source] = None
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


def _runner(stored: StoredNode, section: str, reads: dict[str, None]) -> Runner:
    """A closure evaluating one compact node (and its subtree): the hot path, so the closure
    holds plain values and reads no attributes. `reads` collects the variables its checks read."""
    # unpacked, not CompactNode(*stored): a named tuple per node costs a fifth of compiling
    node_id, kind, _section, logic, manual, stored_checks, stored_children, exceptions, unread, condition, key = \
        stored
    # most nodes have no checks or no children: no generator made for an empty list
    checks = tuple([_compiled(c, section, reads) for c in stored_checks]) if stored_checks else ()
    children = tuple([_runner(c, section, reads) for c in stored_children]) if stored_children else ()
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
    if exceptions and kind == _KIND_CRITERION and len(variables_read([stored])) == 1:
        # Only where what the checks read is one thing ("History of malignancy (except basal cell
        # carcinoma)"): beside several ("ALT <= 2.5 x ULN, total bilirubin < 2.0 mg/dL (Gilbert
        # syndrome subjects < 3.0 mg/dL)") an exception speaks for one of them, and a high ALT
        # still excludes; the blocker then names the exceptions (match.top_item).
        body = _excepted_runner(node_id, key, section, exceptions, body)
    if condition is None:
        return body
    text, stored_condition = condition
    # a condition is worded as what must hold for the criterion to apply ("female required")
    return _conditional_runner(node_id, key, section, text, _runner(stored_condition, "inclusion", reads), body)


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
    return partial(_group, node_id, key, combine, logic, is_section, checks, children, extra)


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


def _conditional_runner(node_id: str, key: int, section: str, text: str, condition: Runner, body: Runner) -> Runner:
    """A criterion that applies only when its condition holds (cli.md): the condition not met
    decides it in the patient's favour ("does not apply: ..."); met, the body decides; unknown,
    the body decides only if it is in the patient's favour anyway, else the criterion stays open."""
    favour: Status = MET if section == "inclusion" else NOT_MET
    does_not_apply = f"does not apply: {' '.join(text.split())}"

    def conditional(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        applies = condition(ctx, decisions, out)
        decided = body(ctx, decisions, out)
        # A condition not met says "does not apply" even when the body is in the patient's
        # favour too ("pregnant: no (male)" under "Women of childbearing potential must ..."):
        # the reason a screener gives first.
        if (decided[0] is favour and applies[0] is not NOT_MET) or applies[0] is MET or out[node_id].by_hand:
            return decided
        if applies[0] is NOT_MET:
            outcome: Outcome = (favour, (_not_applying, (does_not_apply, applies)), ())
        else:
            parts = [applies, decided]
            status: Status = UNKNOWN if UNKNOWN in (applies[0], decided[0]) else MANUAL
            outcome = (status, (_why_text, (parts, "all", status)), _needs(parts))
        return _finish(node_id, key, outcome, decisions, out)

    return conditional


def _excepted_runner(node_id: str, key: int, section: str, exceptions: str, body: Runner) -> Runner:
    """A criterion whose text names exceptions ("History of malignancy, except adequately treated
    basal cell carcinoma"): what the checks find against the patient may be one of them, which
    only a person can tell, so it is for a person, never a machine's ✗; in the patient's favour
    (or open) the checks decide."""
    against: Status = MET if section == "exclusion" else NOT_MET

    def excepted(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        decided = body(ctx, decisions, out)
        if decided[0] is not against or out[node_id].by_hand:
            return decided
        return _finish(node_id, key, (MANUAL, (_unless_excepted, (exceptions, decided)), ()), decisions, out)

    return excepted


def _unless_excepted(args: tuple[str, Outcome]) -> str:
    exceptions, found = args
    head = reason_text(found[1])
    return f"{head}, unless an exception applies: {exceptions}" if head else \
        f"unless an exception applies: {exceptions}"


def _not_applying(args: tuple[str, Outcome]) -> str:
    head, applies = args
    found = reason_text(applies[1])
    return f"{head} ({found})" if found else head


def _finish(node_id: str, key: int, outcome: Outcome, decisions: Decisions, out: Results) -> Outcome:
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


# --- the plan -------------------------------------------------------------------------------------

class Plan:
    """A trial's criteria compiled for matching: closures over plain values, no text.

    `variables` are the panel variables its checks read (derived ones' inputs included),
    `therapies` whether it reads the therapy history: together they say when a panel change
    can change this trial's result. `texts` (node id -> criterion text) is filled when the plan
    was made from a full tree.
    """

    __slots__ = ("no_text", "runners", "source", "texts", "therapies", "tops", "variables")

    def __init__(self, compact: Sequence[StoredNode], texts: dict[str, str] | None = None, source: Any = None):
        self.runners: list[Runner] = []
        reads: dict[str, None] = {}     # every variable the checks read, in reading order
        # what a verdict needs of each top-level criterion: (id, section, exceptions)
        self.tops: list[tuple[str, str, str]] = []
        for stored in compact:
            # unpacked, not CompactNode(*stored): see _runner
            top_id, kind, section_code, _logic, _manual, _checks, children, exceptions, *_rest = stored
            section = SECTIONS[section_code]
            self.runners.append(_runner(stored, section, reads))
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
