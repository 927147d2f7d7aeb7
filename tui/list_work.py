"""The app's share of the list's work: the list's matcher and the ask-next ranker over the
store's compact plans, built once, used from the list's worker thread and from the loop."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, TypeVar

from trialview.model.collector import paused_gc
from trialview.model.matching.ask import AskRanker, Suggestion
from trialview.model.matching.chart_walk import chart_next
from trialview.model.matching.compact import answered_by_sex
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.parts import split_plan
from trialview.model.matching.result import MatchResult
from trialview.model.panel import Panel

if TYPE_CHECKING:   # types only: the store's modules load when the app opens one, not before
    from trialview.store import Store
    from trialview.tui.patient import PatientDraft

_T = TypeVar("_T")


class ListWork:
    """Mixed into the app (tui/app.py), which owns the store and the draft."""

    store: Store
    draft: PatientDraft

    def __init__(self) -> None:
        super().__init__()      # (the app's next base: App)
        self._matcher: ListMatcher | None = None
        self._matcher_lock = threading.Lock()
        self._ask: AskRanker | None = None
        self._ask_lock = threading.Lock()

    def forget_list_matcher(self) -> None:
        """The store's trials changed: the next list_matcher() compiles them again."""
        self._matcher = None

    def list_matcher(self) -> ListMatcher:
        """The matcher of the trial list: every trial's compact plan (from the store's index,
        not the full trees), compiled once. Called from the list's worker thread."""
        with self._matcher_lock:
            if self._matcher is None:
                # Thousands of small objects that live as long as the app: pause the cyclic
                # collector while they are built, then move them out of its way (gc.freeze),
                # so later collections do not walk them again on every keystroke.
                with paused_gc():
                    stored = self.store.plans()
                    # In parts that remember their outcome: an edit re-evaluates only the
                    # criteria that read the edited value (model/matching/list.py).
                    plans = {tid: (summary.title, split_plan(compact)) for tid, (summary, compact) in stored.items()}
                gc.freeze()
                # Ask next reads the same compact plans (each criterion compiled alone when asked);
                # made first: a matcher seen by ready_list_matcher has its ranker.
                self._ask = AskRanker({tid: compact for tid, (_summary, compact) in stored.items()})
                self._matcher = ListMatcher(plans)
            return self._matcher

    def ready_list_matcher(self) -> ListMatcher | None:
        """The list's matcher if it is compiled already (else None: list_matcher compiles it)."""
        return self._matcher

    def ask_next(self, panel: Panel, results: dict[str, MatchResult], cancelled: Callable[[], bool],
                 passed: Collection[str] = ()) -> tuple[bool, Suggestion | None, Suggestion | None]:
        """(done, the best thing to find out next, the best a field answers) for the list's new
        results, leaving out the fields `passed` as not known; called from the list's worker
        right after them. Re-evaluates only the trials the list re-matched."""
        with self._ask_lock:
            ranker = self._ask
            if ranker is None:
                return True, None, None
            with paused_gc():
                if not ranker.update(panel, results, cancelled):
                    return False, None, None
                return True, *_bests(ranker, passed)

    def rank_again(self, passed: Collection[str]) -> tuple[Suggestion | None, Suggestion | None] | None:
        """(best, best a field answers) from the ranking last weighed, with other passes: for a
        field passed, when the values are the ones last weighed (nothing to re-weigh, only to
        rank again: well under a millisecond). None while a worker holds the ranker."""
        return self._with_idle_ranker(lambda ranker: _bests(ranker, passed))

    def field_questions(self, passed: Collection[str]) -> list[Suggestion] | None:
        """Every question a field answers, as the form's Enter walks them, from the ranking last
        weighed (None while a worker holds the ranker)."""
        return self._with_idle_ranker(
            lambda ranker: ranker.ranked(passed=passed, person_judged=False, charted_first=True))

    def chart_next(self, passed: Collection[str]) -> tuple[Suggestion, bool | None] | None:
        """The form walk's next question while it enters the chart (model/matching/chart_walk.py),
        with whether it could decide a trial now (None: not known, the ranker being busy); None
        once none is left, or before the list's matcher is compiled."""
        matcher, draft = self._matcher, self.draft
        if matcher is None:
            return None
        # a man is not asked whether he is pregnant or breastfeeding: a check on either reads
        # "no (male)" for him (matching/checks.py), so no trial waits on the answer
        moot = answered_by_sex(draft.panel().values)
        return chart_next(lambda var: draft.raw(var) is None and var not in moot, matcher.readers, passed,
                          self.field_questions(passed))

    def _with_idle_ranker(self, read: Callable[[AskRanker], _T]) -> _T | None:
        """`read(ranker)` on the loop, never waiting: None while a worker holds the ranker (or
        before there is one)."""
        if not self._ask_lock.acquire(blocking=False):
            return None
        try:
            return None if self._ask is None else read(self._ask)
        finally:
            self._ask_lock.release()


def _bests(ranker: AskRanker, passed: Collection[str]) -> tuple[Suggestion | None, Suggestion | None]:
    """(what to ask next, the same among what a field answers: the form's Enter, which walks what
    a chart routinely holds first)."""
    return ranker.best(passed), ranker.best(passed, person_judged=False, charted_first=True)
