"""One patient panel against every trial of the list, again and again as the panel is edited."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from trialview.model.collector import paused_gc
from trialview.model.matching.match import match_plan
from trialview.model.matching.plan import Plan
from trialview.model.matching.result import MatchResult
from trialview.model.panel import Panel




class ListMatcher:
    """One panel against many trials, again and again as the panel is edited.

    A trial is matched again only when something it reads changed: the panel variables its
    checks read (derived ones' inputs included), the therapy history if it reads it, the
    screening date, or the hand decisions made for it. Typing a hemoglobin value re-matches the
    trials with a hemoglobin criterion, not all of them.

    Its results carry the verdict, blockers and open questions, not each node's status.
    """

    CANCEL_CHECK_EVERY = 128     # trials between two looks at whether the pass was cancelled

    def __init__(self, plans: dict[str, tuple[str, Plan]]):
        self.plans = plans
        self._seen: dict[str, tuple[Any, ...]] = {}   # trial id -> what its result was made from
        self.results: dict[str, MatchResult] = {}
        self.last_rematched = 0
        self._lock = threading.Lock()     # a cancelled worker may still be finishing its pass

    def update(self, panel: Panel, cancelled: Callable[[], bool] = lambda: False) -> dict[str, MatchResult] | None:
        """Results for this panel (a new dict; unchanged results are reused), or None if cancelled."""
        # The pass makes thousands of small acyclic objects that reference counting frees: the
        # cyclic collector walking them too cost a third of the pass (tests/perf/bench.py).
        with self._lock, paused_gc():
            return self._update(panel, cancelled)

    def _update(self, panel: Panel, cancelled: Callable[[], bool]) -> dict[str, MatchResult] | None:
        results, seen = dict(self.results), dict(self._seen)
        values, therapies, screening, as_of = panel.values, panel.therapies, panel.screening, panel.as_of
        rematched = 0
        for n, (trial_id, (title, plan)) in enumerate(self.plans.items()):
            if not n % self.CANCEL_CHECK_EVERY and cancelled():
                return None         # nothing kept: the next pass starts from the last finished one
            # A trial that reads therapies reads the history's completeness too: "whole history"
            # turns an unlisted drug from unknown into not received.
            key = (as_of, [values.get(v) for v in plan.variables],
                   (therapies, panel.therapy_history) if plan.therapies else None,
                   screening.get(trial_id))
            if seen.get(trial_id) != key:
                result = match_plan(trial_id, title, plan, panel)
                # The list needs the verdict, blockers and open questions; a node-by-node status
                # of every trial would be most of its memory (a trial opened is matched in full).
                result.statuses = {}
                results[trial_id] = result
                seen[trial_id] = key
                rematched += 1
        self.results, self._seen = results, seen
        self.last_rematched = rematched
        return results
