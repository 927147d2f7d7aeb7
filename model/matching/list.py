"""One patient panel against every trial of the list, again and again as the panel is edited.

Two levels keep an edit cheap (issue 13: the list's verdicts within 30 ms of a committed value
at 2,000 trials). Across trials, only the trials that read what changed are looked at (an index
from each panel variable to the trials reading it). Within a trial, only the criteria that read
it run again: `split_plan` (model/matching/parts.py) compiles a trial as parts (each top-level criterion a panel value can
decide on its own, and each run of the criteria only a person can judge), and each part
remembers its last outcome with what it was computed from, so a trial with seventy criteria
re-evaluates the one that reads hemoglobin and re-assembles its verdict from the rest.
"""

from __future__ import annotations

import copy
import threading
import time
from itertools import compress
from operator import is_not
from collections.abc import Callable, Generator, Sequence
from typing import Any

from trialview.model.collector import paused_gc
from trialview.model.matching.context import MatchContext
from trialview.model.matching.match import TopItem, match_plan, result_from, top_item
from trialview.model.matching.parts import Part
from trialview.model.matching.plan import Plan, Results
from trialview.model.matching.result import Blocker, MatchResult, OpenQuestion
from trialview.model.panel import Panel


class ListMatcher:
    """One panel against many trials, again and again as the panel is edited.

    A trial is matched again only when something it reads changed: the panel variables its
    checks read (derived ones' inputs included), the therapy history if it reads it, the
    screening date, or the hand decisions made for it. Typing a hemoglobin value re-matches the
    trials with a hemoglobin criterion, not all of them; with plans made by `split_plan`, only
    their hemoglobin criteria are evaluated again.

    Its results carry the verdict, blockers and open questions, not each node's status.
    """

    # A step of a pass (`steps`) ends after SLICE_S seconds, or STEP trials: a trial that reads
    # the edited value takes some 30-100 µs, so a frame or a key waits at most ~2 ms for its turn
    # (a frame is 16 ms). Steps of 8 trials gave the loop 18 turns in a pass over the 144 trials
    # that read hemoglobin, and the pass cost 1 ms more CPU than in 4 (tests/perf/tui_timeline.py:
    # each turn runs other code, and the pass finds its trials' objects out of the CPU's caches).
    STEP = 64
    SLICE_S = 0.002

    def __init__(self, plans: dict[str, tuple[str, Plan]]):
        self.plans = plans
        self._seen: dict[str, tuple[Any, ...]] = {}   # trial id -> what its result was made from
        self.results: dict[str, MatchResult] = {}
        self.last_rematched = 0
        self._lock = threading.Lock()     # a cancelled worker may still be finishing its pass
        self._last: Panel | None = None   # the panel of the last finished pass
        # variable -> the trials whose plans read it; the trials that read therapies
        self._readers: dict[str, list[str]] = {}
        self._therapy_readers: list[str] = []
        # A split plan's trial (split_plan): its parts, and the statuses of its top-level
        # criteria with the blocker or open question each made, as of its last match.
        self._parts: dict[str, list[Part]] = {}
        self._kept: dict[str, _Kept] = {}
        for trial_id, (_title, plan) in plans.items():
            parts = [r for r in plan.runners if isinstance(r, Part)]
            if parts and len(parts) == len(plan.runners):
                self._parts[trial_id] = parts
            for variable in plan.variables:
                self._readers.setdefault(variable, []).append(trial_id)
            if plan.therapies:
                self._therapy_readers.append(trial_id)

    def readers(self, variable: str, besides: str | None = None) -> int:
        """How many trials' plans read `variable` (whatever their verdict); "therapies": the
        therapy history. `besides`: a trial not counted (the one the form shows: its plan may
        read the variable through another's check, pregnancy through childbearing potential)."""
        found = self._therapy_readers if variable == "therapies" else self._readers.get(variable, ())
        return len(found) - (besides in found)

    def update(self, panel: Panel, cancelled: Callable[[], bool] = lambda: False) -> dict[str, MatchResult] | None:
        """Results for this panel (a new dict; unchanged results are reused), or None if cancelled."""
        with self._lock:
            steps = self.steps(panel)
            while True:
                try:
                    next(steps)
                except StopIteration as done:
                    results: dict[str, MatchResult] = done.value
                    return results
                if cancelled():
                    steps.close()       # nothing kept: the next pass starts from the last finished one
                    return None

    def steps(self, panel: Panel) -> Generator[None, None, dict[str, MatchResult]]:
        """`update` a few trials at a time: it yields after every step (STEP trials or SLICE_S
        seconds, whichever comes first) and returns the results.

        A caller may drop it at a yield (nothing is kept: the next pass starts from the last
        finished one); it drives one at a time (the TUI's list worker, on the app's own loop,
        between whose steps the app paints: tui/screens/main.py)."""
        # The pass makes thousands of small acyclic objects that reference counting frees: the
        # cyclic collector walking them too cost a third of the pass (tests/perf/bench.py). Paused
        # until the pass ends or is dropped (not step by step: the objects of a step, counted while
        # paused, would make the collector run at the start of the next one).
        with paused_gc():
            panel = self._same_objects(panel)
            # A new dict of results (the list compares it with the last one); what each trial was
            # matched from is updated in place at the end (a copy of 2,000 keys, young, made the
            # collector's next pass after it walk 2,000 old objects more: tui/screens/main.py).
            results, seen, made = dict(self.results), self._seen, {}
            values, therapies, screening, as_of = panel.values, panel.therapies, panel.screening, panel.as_of
            get = values.get
            plans, split = self.plans, self._parts
            # One panel's facts for the whole pass: they are the same for every trial (a context
            # reads the panel lazily and keeps what it read, the therapies' drug facts).
            ctx = MatchContext(panel)
            rematched = 0
            step, clock = self.STEP, time.perf_counter
            # no turn before the first trial: the caller has just had one (a worker starting)
            since, due = 0, clock() + self.SLICE_S
            for trial_id in self._candidates(panel):
                if since >= step or clock() >= due:
                    yield
                    since, due = 0, clock() + self.SLICE_S
                since += 1
                title, plan = plans[trial_id]
                # A trial that reads therapies reads the history's completeness too: "whole
                # history" turns an unlisted drug from unknown into not received.
                # map over the bound get: the listed values without a Python frame per variable
                key = (as_of, list(map(get, plan.variables)),
                       (therapies, panel.therapy_history) if plan.therapies else None,
                       screening.get(trial_id))
                if seen.get(trial_id) != key:
                    parts = split.get(trial_id)
                    if parts is not None:
                        result = self._match_parts(trial_id, title, plan, parts, ctx, key)
                    else:
                        result = match_plan(trial_id, title, plan, panel)
                    # The list needs the verdict, blockers and open questions; a node-by-node
                    # status of every trial would be most of its memory (an open trial is
                    # matched in full).
                    result.statuses = {}
                    results[trial_id] = result
                    made[trial_id] = key
                    rematched += 1
            seen.update(made)
            self.results, self._last = results, panel
            self.last_rematched = rematched
            return results

    def _candidates(self, panel: Panel) -> Sequence[str]:
        """The trials the change since the last finished pass can concern (all at first)."""
        last = self._last
        if last is None or last.as_of != panel.as_of:
            return list(self.plans)
        old, new = last.values, panel.values
        found: set[str] = set()
        for variable in old.keys() | new.keys():
            if old.get(variable) != new.get(variable):
                found.update(self._readers.get(variable, ()))
        if (last.therapies, last.therapy_history) != (panel.therapies, panel.therapy_history):
            found.update(self._therapy_readers)
        if last.screening != panel.screening:
            found.update(t for t in last.screening.keys() | panel.screening.keys()
                         if last.screening.get(t) != panel.screening.get(t) and t in self.plans)
        return sorted(found)

    def _same_objects(self, panel: Panel) -> Panel:
        """The panel with each reading, the therapy list and each trial's hand decisions that
        equal the last pass's replaced by the last pass's objects (a shallow copy; the caller's
        panel is not changed). The parts of a split plan then see what did not change as the
        very objects they saw (equality tested by identity first: no field-by-field compare)."""
        last = self._last
        if last is None:
            return panel
        same = copy.copy(panel)
        old = last.values
        values = {}
        for variable, reading in panel.values.items():
            kept = old.get(variable)
            values[variable] = kept if kept is not None and kept == reading else reading
        same.values = values
        if last.therapies == panel.therapies:
            same.therapies = last.therapies
        if panel.screening:
            same.screening = {t: (last.screening[t] if last.screening.get(t) == d else d)
                              for t, d in panel.screening.items()}
        return same

    def _match_parts(self, trial_id: str, title: str, plan: Plan, parts: list[Part], ctx: MatchContext,
                     key: tuple[Any, ...]) -> MatchResult:
        """match_plan, with only the parts that read what changed since this trial's last match
        (`key`: what the trial reads, as steps makes it) evaluated again, and only their
        criteria's blockers and open questions made again."""
        decisions = key[3] or {}       # the trial's hand decisions (steps put them in its key)
        texts = plan.texts
        kept = self._kept.get(trial_id)
        if kept is None:
            statuses: Results = {}
            for part in parts:
                part.rerun(ctx, decisions)
                statuses.update(part.recorded)
            kept = self._kept[trial_id] = _Kept(key, statuses, plan, parts)
        else:
            statuses, index, tops = kept.statuses, kept.index, plan.tops
            blocker_at, open_at = kept.blocker_at, kept.open_at
            blockers_changed = open_changed = False
            for part in kept.concerned(key, parts):
                part.run_again(ctx, decisions)
                for node_id, result in part.recorded:
                    statuses[node_id] = result
                    at = index.get(node_id)
                    if at is not None:      # a top-level criterion: its part of the verdict again
                        _id, section, exceptions = tops[at]
                        item = top_item(node_id, section, exceptions, result, texts)
                        blocker = item if isinstance(item, Blocker) else None
                        question = item if isinstance(item, OpenQuestion) else None
                        blockers_changed |= blocker is not None or blocker_at[at] is not None
                        open_changed |= question is not None or open_at[at] is not None
                        blocker_at[at], open_at[at] = blocker, question
            # Made again only if one of theirs changed: most of a trial's criteria are open
            # questions, and a hemoglobin edit often only moves a blocker. (filter(None, ...):
            # the items of a list in plan order, with None where a criterion made none.)
            if blockers_changed:
                kept.blockers = list(filter(None, blocker_at))
            if open_changed:
                kept.open = list(filter(None, open_at))
            kept.key = key
        # The lists are shared with the last result (no one changes a result's lists), but for
        # a plan without criteria: result_from adds its "no eligibility text" question.
        return result_from(trial_id, title, plan, statuses, decisions, kept.blockers,
                           kept.open if plan.tops else list(kept.open), texts)


class _Kept:
    """A split trial as of its last match: what it read then (the trial's key in steps), the
    statuses of its top-level criteria, the blocker and the open question each made (in the
    plan's order; None where a criterion made none) and those lists of blockers and open
    questions, and which of its parts read each variable and the therapies."""

    __slots__ = ("blocker_at", "blockers", "index", "key", "open", "open_at", "readers", "statuses", "therapy_parts",
                 "variables")

    def __init__(self, key: tuple[Any, ...], statuses: Results, plan: Plan, parts: list[Part]):
        self.key = key
        self.statuses = statuses
        self.variables = plan.variables
        self.index = {top[0]: at for at, top in enumerate(plan.tops)}
        items: list[TopItem] = [top_item(node_id, section, exceptions, statuses[node_id], plan.texts)
                                for node_id, section, exceptions in plan.tops]
        self.blocker_at: list[Blocker | None] = [item if isinstance(item, Blocker) else None for item in items]
        self.open_at: list[OpenQuestion | None] = [item if isinstance(item, OpenQuestion) else None
                                                   for item in items]
        self.blockers = list(filter(None, self.blocker_at))
        self.open = list(filter(None, self.open_at))
        self.readers: dict[str, list[Part]] = {}
        self.therapy_parts = [p for p in parts if p.reads_therapies]
        for part in parts:
            for variable in part.variables:
                self.readers.setdefault(variable, []).append(part)

    def concerned(self, key: tuple[Any, ...], parts: list[Part]) -> list[Part]:
        """The parts whose inputs may differ between the kept key and this one."""
        as_of, values, therapies, decisions = key
        old_as_of, old_values, old_therapies, old_decisions = self.key
        if as_of != old_as_of or decisions != old_decisions:
            return parts
        # the values are in the plan's variable order in both keys; a value the edit did not
        # touch is the very same object (ListMatcher._same_objects): only the others are looked at
        both = zip(self.variables, old_values, values, strict=True)
        changed = [variable for variable, old, new in compress(both, map(is_not, old_values, values)) if old != new]
        therapies_changed = therapies != old_therapies
        if len(changed) == 1 and not therapies_changed:
            return self.readers.get(changed[0], [])     # one value typed: its readers, as they are
        found: dict[int, Part] = {}
        for variable in changed:
            found.update((id(p), p) for p in self.readers.get(variable, ()))
        if therapies_changed:
            found.update((id(p), p) for p in self.therapy_parts)
        return list(found.values())
