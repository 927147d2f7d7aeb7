"""A trial's plan compiled in parts that each remember their last outcome (the list matcher's
unit of re-matching, model/matching/list.py).

A part is a top-level criterion a panel value can decide on its own, or a run of the criteria
only a person can judge; called again with the same inputs it hands back what it recorded.
"""

from __future__ import annotations

from typing import Any

from trialview.model.matching.compact import KIND, CompactNode, StoredNode, StoredPlan, read_plan, variables_read
from trialview.model.matching.conditional import cohort_sets
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, Outcome, Status
from trialview.model.matching.plan import Decisions, Plan, Results, Runner
from trialview.model.matching.result import NodeResult
from trialview.model.vocabulary import BY_ID

_SECTION = KIND["section"]
_ID, _KIND, _SECTION_OF, _CHILDREN = (CompactNode._fields.index(f) for f in ("id", "kind", "section", "children"))


class Part:
    """A runner of a few of a trial's top-level criteria that remembers its last outcome.

    Called again with the same inputs (the values its checks read, the therapy history if it
    reads it, the screening date and the trial's hand decisions), it hands back the results it
    recorded then instead of evaluating the criteria again. It records only what match_plan
    reads of the statuses: the top-level criteria's and the hand-decided nodes', each without
    the tree of its parts' results (kept, that tree would be most of the list's memory): the
    reason of a criterion against the patient (a blocker's) is made now, no other is read.
    """

    __slots__ = ("_against", "_decided", "_key", "_outcome", "_run", "_therapies", "_tops", "_variables")

    def __init__(self, run: Runner, tops: tuple[str, ...], variables: tuple[str, ...], therapies: bool,
                 against: Status):
        self._run = run
        self._against = against
        self._tops = tops
        self._variables = variables
        self._therapies = therapies
        self._key: tuple[Any, ...] | None = None
        self._outcome: Outcome | None = None
        self._decided: tuple[tuple[str, NodeResult], ...] = ()   # (node id, result): smaller than a dict

    def __call__(self, ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        """As a runner of the plan (match_plan): its results into `out`."""
        outcome = self.rerun(ctx, decisions)
        out.update(self._decided)
        return outcome

    @property
    def variables(self) -> tuple[str, ...]:
        return self._variables

    @property
    def reads_therapies(self) -> bool:
        return self._therapies

    @property
    def recorded(self) -> tuple[tuple[str, NodeResult], ...]:
        """The results of its top-level criteria (and hand-decided nodes) at its last run."""
        return self._decided

    def rerun(self, ctx: MatchContext, decisions: Decisions) -> Outcome:
        """Its outcome for this patient, evaluated again only if what it reads changed since
        the last run (then `recorded` is a new tuple)."""
        key = self._key_of(ctx, decisions)
        outcome = self._outcome
        if outcome is not None and key == self._key:
            return outcome
        return self._evaluate(ctx, decisions, key)

    def run_again(self, ctx: MatchContext, decisions: Decisions) -> Outcome:
        """`rerun` for a part known to read something that changed (_Kept.concerned found it):
        evaluated again without comparing what it read."""
        return self._evaluate(ctx, decisions, self._key_of(ctx, decisions))

    def _key_of(self, ctx: MatchContext, decisions: Decisions) -> tuple[Any, ...]:
        panel = ctx.panel
        return (ctx.as_of, list(map(ctx.values.get, self._variables)),
                (panel.therapies, panel.therapy_history) if self._therapies else None, decisions)

    def _evaluate(self, ctx: MatchContext, decisions: Decisions, key: tuple[Any, ...]) -> Outcome:
        mine: Results = {}
        outcome = self._run(ctx, decisions, mine)
        against = self._against
        kept = tuple([(t, _bare(mine[t], against)) for t in self._tops])
        if decisions:
            kept += tuple([(n, _bare(mine[n], against)) for n in decisions if n in mine and n not in self._tops])
        # A part is a root of its plan: match_plan reads no runner's outcome, only the results;
        # its status alone is kept (the outcome's result would keep its whole tree).
        outcome = (outcome[0], "", ())
        self._key, self._outcome, self._decided = key, outcome, kept
        return outcome


def _bare(result: NodeResult, against: Status) -> NodeResult:
    """The result without the tree its reason would be made of (the reason made now if it is
    a blocker's: the criterion's status is the one against the patient)."""
    status = result.status
    if status == MANUAL and not result.by_hand and result.decision is None:
        return result       # most: a person's to judge, one shared result, no tree behind it
    reason = result.reason if status == against else ""
    return NodeResult(result.status, reason, result.needs, result.by_hand, None, result.decision)


def split_plan(compact: StoredPlan) -> Plan:
    """A trial's plan compiled in parts that remember their last outcome (see Part).

    Each top-level criterion a panel value can decide is a part of its own, compiled as
    compile_plan compiles it inside its section; each run of the others (only a person can
    judge them) is one part, inside a copy of its section; so the plan's top-level criteria,
    in order, and every result match_plan makes of it, are compile_plan's. (A section's own
    status, which no verdict reads, is then its last part's; a section whose criteria are all
    parts of their own is kept as a part without criteria, for a hand decision made on it.)
    """
    roots = read_plan(compact)
    # a section's cohort groups are judged together (conditional.cohort_sets): one part
    cohorts = cohort_sets(roots)
    parts: list[StoredNode] = []
    for root in roots:
        children = root[_CHILDREN]
        if root[_KIND] != _SECTION or not children:
            parts.append(root)
            continue
        run: list[StoredNode] = []      # consecutive criteria only a person can judge: one part
        wrapped = False
        together: list[StoredNode] = []
        for child in children:
            ids = cohorts.get(child[_ID])
            if ids is not None:
                together.append(child)
                if len(together) == len(ids):
                    if run:
                        parts.append(_section_of(root, run))
                        run = []
                    parts.append(_section_of(root, together))
                    together, wrapped = [], True
                continue
            if variables_read([child]):
                if run:
                    parts.append(_section_of(root, run))
                    run, wrapped = [], True
                parts.append(child)
            else:
                run.append(child)
        if run or not wrapped:
            parts.append(_section_of(root, run))
    plan = Plan(parts, cohorts=cohorts)
    # Plan made one runner per part, in order: wrap each with its memory.
    for index, part in enumerate(parts):
        reads = variables_read([part])
        variables = tuple(v for v in reads if v in BY_ID)
        tops = tuple(c[_ID] for c in part[_CHILDREN]) if part[_KIND] == _SECTION else (part[_ID],)
        against: Status = MET if part[_SECTION_OF] == 1 else NOT_MET     # an exclusion met, an inclusion not
        plan.runners[index] = Part(plan.runners[index], tops, variables, len(variables) != len(reads), against)
    return plan


def _section_of(root: StoredNode, children: list[StoredNode]) -> StoredNode:
    section = list(root)
    section[_CHILDREN] = children
    return section
