"""The trial list with search and filters; verdicts for the current patient, best first."""

from __future__ import annotations

import asyncio

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import get_current_worker
from rich.text import Text

from trialview.model.collector import collect_young, pause_gc, resume_gc
from trialview.model.matching.ask import Suggestion
from trialview.model.matching.result import MatchResult
from trialview.model.panel import Panel
from trialview.store.store import TrialSummary
from trialview.tui.covered import Covered
from trialview.tui.screens.list_worker import stepped
from trialview.tui.labels import why_line
from trialview.tui.widgets.trial_list import TrialList
from trialview.tui.host import app_of
from trialview.tui.widgets.compact import KeyFooter

ANY = Select.NULL
# Under the list while the panel is empty: two lines at 60 columns.
START_HINT = ("No patient yet: F2 asks for the chart's values these trials read, one at a time "
              "(Enter after each, Esc: done).")
AskKey = tuple[int, frozenset[str]]     # the draft's version and the fields passed as not known


class MainScreen(Covered[None]):
    # Covered: under an open trial or form it no longer repaints them at every keystroke.
    # The list, not the search field, has the keys from the start: "/lupus" typed as the app
    # opens searches for "lupus" (the first focusable widget, the search, would take "/" too).
    AUTO_FOCUS = "#trials"
    # Keys arrive in bursts (over SSH, or typed while the app starts): "/lupus" in one read.
    # Textual hands every key to the focused widget's queue as it reads it, and checks a
    # screen's ordinary bindings only when the key comes back up from there, after the keys
    # behind it were handed to the list already. So the keys that move the focus between the
    # search and the list are priority bindings, acted on as the app reads them, and move it at
    # once; check_action lets them through as text where they are text (see check_action).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", tooltip="filter by title, NCT number, condition, drug, sponsor",
                priority=True),
        # priority, as `a`: "F2 34" in one burst waits for the form and its first question
        Binding("f2", "panel", "Patient", tooltip="the patient form, walking the chart's values the trials read",
                priority=True),
        Binding("i", "import", "Import"),
        # priority too: "a34" in one burst must wait for the form and its field (see action_ask)
        Binding("a", "ask", "Ask next", tooltip="enter the value that would settle the most trials",
                priority=True),
        Binding("escape", "clear_search", "Clear search", show=False, priority=True),
        # ctrl+j: Enter typed before the app has the terminal (a burst sent as it starts) comes
        # through the terminal's line discipline as a newline
        Binding("enter,ctrl+j", "search_done", "", show=False, priority=True),
        # The app's ctrl+s bound again only to keep it out of this footer: 80 columns hold the
        # list's keys, ^q Quit, F1 and F4 (which saves too), not Save as well.
        Binding("ctrl+s", "app.save_panel", "Save", show=False, tooltip="save the current patient panel"),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.summaries: list[TrialSummary] = []
        self._pending: dict[str, MatchResult] | None = None
        self.ask: Suggestion | None = None          # what to find out next, once computed
        self.field_ask: Suggestion | None = None    # the same among what a field answers (the form's Enter)
        self._ask_key: AskKey = (-1, frozenset())   # the draft (version, passes) self.ask is for
        self._matching: AskKey = (-1, frozenset())  # the last one a re-match was started for
        self._ask_waiters: list[asyncio.Future[None]] = []
        self._ask_stale = False

    def compose(self) -> ComposeResult:
        yield Static("", id="main-header", markup=False)
        with Horizontal(id="filters"):
            yield Input(placeholder="/ search: title, NCT, condition, drug, sponsor", id="search",
                        compact=True)
            yield Select([], prompt="any status", id="status-filter", compact=True)
            yield Select([], prompt="any phase", id="phase-filter", compact=True)
        yield Static("Ask next: …", id="ask-next", markup=False)
        yield TrialList(id="trials")
        # why the highlighted trial reads as it does: its first reason against, or what is open
        yield Static("", id="why", markup=False)
        yield KeyFooter(compact=True)     # compact: the keys and ^q Quit in 80 columns

    def on_mount(self) -> None:
        self.reload_trials()
        self.set_focus(self.query_one(TrialList))

    # --- trials and filters ------------------------------------------------------------------

    def reload_trials(self) -> None:
        """Read the store's summaries again (after an import) and re-match them."""
        self.summaries = app_of(self).store.list()
        for select_id, field in (("#status-filter", "status"), ("#phase-filter", "phase")):
            select = self.query_one(select_id, Select)
            values = sorted({getattr(s, field) for s in self.summaries if getattr(s, field)})
            select.set_options([(v, v) for v in values])
        self.apply_filter()
        # The rows first, on screen at once; their verdicts a moment later, from the worker
        # (reading and compiling every trial's checks would hold up the first paint).
        self.app.call_after_refresh(self.patient_changed)

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def apply_filter(self) -> None:
        words = self.query_one("#search", Input).value.lower().split()
        status = self.query_one("#status-filter", Select).value
        phase = self.query_one("#phase-filter", Select).value
        shown = [s for s in self.summaries
                 if all(w in s.search_blob for w in words)
                 and (status == ANY or s.status == status) and (phase == ANY or s.phase == phase)]
        self.query_one(TrialList).show_trials(shown)
        self._update_header()

    def _update_header(self) -> None:
        table = self.query_one(TrialList)
        draft = app_of(self).draft
        who = draft.label or "unnamed patient"
        filled = len(draft.values) + len([t for t in draft.therapies if t])
        fits = sum(1 for r in table.results.values() if r.verdict == "eligible")
        self.query_one("#main-header", Static).update(
            f"{len(table.shown)} of {len(self.summaries)} trials · patient: {who} "
            f"({filled} value{'' if filled == 1 else 's'}, screening {draft.as_of.isoformat()}) · {fits} fit", layout=False)  # one line

    @on(DataTable.RowHighlighted, "#trials")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_why()

    def _update_why(self) -> None:
        table = self.query_one(TrialList)
        trial_id = table.current_id()
        draft = app_of(self).draft
        if not (draft.values or any(draft.therapies) or draft.passed):
            # No patient yet: how to start, where the reasons will be (newcomers read the help
            # screen, some five keys and half a minute, to find that F2 starts the screening).
            line: str | Text = Text(START_HINT, style="italic")
        else:
            line = why_line(trial_id, table.results.get(trial_id)) if trial_id else ""
        self.query_one("#why", Static).update(line)     # one line or two: a layout pass on a move only

    @on(DataTable.RowSelected, "#trials")
    def _open(self, event: DataTable.RowSelected) -> None:
        app_of(self).open_trial(str(event.row_key.value))

    # --- matching in a worker: typing never waits on the list -----------------------------------

    def label_changed(self) -> None:
        self._update_header()

    def patient_changed(self) -> None:
        if self.app.screen is self:
            self._rematch_now()
        else:
            # Under the trial being edited: that screen paints the key first (a pass started
            # now would hold up that paint by a step at every turn of the loop until then).
            self.app.call_after_refresh(self.rematch_if_new)

    def _draft_key(self) -> AskKey:
        draft = app_of(self).draft
        return draft.version, frozenset(draft.passed)

    def rematch_if_new(self) -> None:
        if self._matching != self._draft_key():     # the form's Enter may have started it already
            self._rematch_now()

    def _rematch_now(self) -> None:
        self._matching = key = self._draft_key()
        self._rematch(app_of(self).draft.panel(), key)

    @work(exclusive=True, group="list-match")
    async def _rematch(self, panel: Panel, key: AskKey) -> None:
        app = app_of(self)
        # The plans are compiled once, in a thread (seconds at 10,000 trials); then every pass
        # runs on the loop in steps. A newer edit cancels this worker between two steps.
        matcher = app.ready_list_matcher()
        if matcher is None:
            matcher = await asyncio.to_thread(app.list_matcher)
        # The pass pauses the cyclic collector (model/collector.py). Resumed as the pass ended,
        # it ran at once, between the last trial and the verdicts handed over: 2 ms a keystroke,
        # 6 ms one in eight (tests/perf/tui_timeline.py). Now the pause is held until the app is
        # idle after the verdicts, and the youngest generation is collected there: the pass's new
        # dict of 2,000 results, walked with every object it holds, made the collector's next
        # run cost 1-2 ms wherever it fell, often in the frame of the next key. (Collecting the
        # two young generations, gc.collect(1), made a full collection, 275 ms, come every ten
        # keys or so: each one counts towards it.) The worker holds the pause: a newer edit or
        # the app closing cancels it, and the pause ends with it.
        pause_gc()
        try:
            results = await stepped(matcher.steps(panel))
            self._show_results(results, key[0])
            if self.app.screen is not self and not getattr(self.app.screen, "ASKS_NEXT", False):
                # Under a trial being typed in: the line is not seen, and weighing it would share
                # the interpreter with its repaint. Weighed when shown again. (The patient form
                # walks the questions ask next asks: its Enter waits for this, so it is weighed.)
                self._ask_stale = True
            else:
                self._weigh(panel, results, key)
            await self._idle()
            collect_young()
        finally:
            resume_gc()

    async def _idle(self) -> None:
        """Return once the app has painted what is pending and run what was queued before this
        call (at most GC_HELD_MAX_S later)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def reached() -> None:
            if not done.done():
                done.set_result(None)

        if self.app.call_after_refresh(reached):
            try:
                await asyncio.wait_for(done, GC_HELD_MAX_S)
            except TimeoutError:
                pass

    @work(thread=True, exclusive=True, group="list-ask")
    def _weigh(self, panel: Panel, results: dict[str, MatchResult], key: AskKey) -> None:
        """What to ask next, from the list's new results (only the re-matched trials again)."""
        worker = get_current_worker()
        done, best, field = app_of(self).ask_next(panel, results, lambda: worker.is_cancelled, key[1])
        if done and not worker.is_cancelled:
            self.app.call_from_thread(self._show_ask, best, field, key)

    def _show_results(self, results: dict[str, MatchResult], version: int) -> None:
        if version != app_of(self).draft.version:
            return      # a newer edit is being matched already
        if self.app.screen is not self:
            # Under a trial being edited: the list is not seen, and updating it would make
            # Textual repaint the screen on top on every keystroke. Shown when it comes back.
            self._pending = results
            return
        self._pending = None
        self.query_one(TrialList).show_results(results)
        self._update_header()
        self._update_why()

    def _show_ask(self, best: Suggestion | None, field: Suggestion | None, key: AskKey) -> None:
        if key != self._draft_key():
            return
        self.ask, self.field_ask, self._ask_key = best, field, key
        waiters, self._ask_waiters = self._ask_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        if self.app.screen is self:     # else when the list is back (see _show_results)
            self._update_ask_line()

    async def field_ask_now(self, timeout: float) -> tuple[bool, Suggestion | None]:
        """(fresh, the question a field answers that decides the most trials) for the draft as
        it stands now, passes included: waits for the list's worker up to `timeout` seconds
        (False, None when it has not answered by then). Awaited inside a key's action, the app
        reads no key meanwhile: the keys typed behind it go where it moves the focus."""
        key = self._draft_key()
        if self._ask_key != key and self._ask_key[0] == key[0]:
            # Only the passes differ from what was weighed (Enter in an empty field): rank again
            # here, with no worker (its thread hop and the re-match cost more than the ranking).
            again = app_of(self).rank_again(key[1])
            if again is not None:
                self._show_ask(*again, key)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._ask_key != self._draft_key():
            if self._matching != self._draft_key():
                self._rematch_now()     # not through patient_changed: the app is busy with this key
            waiter: asyncio.Future[None] = loop.create_future()
            self._ask_waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, max(0.0, deadline - loop.time()))
            except TimeoutError:
                return False, None
        return True, self.field_ask

    def undecided_count(self) -> int:
        """How many trials read "?" for the draft as last matched (on screen or waiting to be)."""
        results = self._pending if self._pending is not None else self.query_one(TrialList).results
        return sum(1 for r in results.values() if r.verdict == "unknown")

    def _update_ask_line(self) -> None:
        best = self.ask
        text = f"Ask next: {best.line()}" if best else "Ask next: nothing a single answer would decide"
        if self._ask_key != self._draft_key():
            text = "Ask next: …"
        self.query_one("#ask-next", Static).update(text, layout=False)     # one line

    def on_screen_resume(self) -> None:
        if self._pending is not None:
            self._show_results(self._pending, app_of(self).draft.version)
        self._update_ask_line()
        if self._ask_stale or self._ask_key != self._draft_key():
            # nothing to re-match: the ask line is weighed (a field passed changes no version)
            self._ask_stale = False
            self._rematch_now()

    # --- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The priority keys act only where they mean a move: "/" typed in the search is a
        slash, Enter and Esc belong to the search only while it has the focus (Esc on the list
        clears it too), and to nothing while a drop-down is open."""
        focused = self.focused
        in_search = focused is not None and focused.id == "search"
        if action in ("search", "ask"):
            return not in_search
        if action == "search_done":
            return in_search
        if action == "clear_search":
            return in_search or isinstance(focused, TrialList)
        return True

    # The focus moves at once (Screen.set_focus), not through widget.focus(), which queues the
    # move behind the keys already read: they would go to the widget being left.

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    async def action_search_done(self) -> None:
        search = self.query_one("#search", Input)
        await typed_in(search)
        self.apply_filter()
        self.set_focus(self.query_one(TrialList))

    async def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            await typed_in(search)
        search.value = ""
        self.apply_filter()
        self.set_focus(self.query_one(TrialList))

    async def action_panel(self) -> None:
        # The form opens on the chart walk's first question (app.chart_next), weighed first
        # so that it says whether it decides a trial; else on what decides the most, as `a` does.
        _fresh, first = await self.field_ask_now(TYPED_TIMEOUT_S)
        app = app_of(self)
        step = app.chart_next(app.draft.passed)
        await app.open_panel(self.query_one(TrialList).current_id(), step[0] if step else first,
                             walk=step is not None)

    def action_import(self) -> None:
        app_of(self).action_import()

    async def action_ask(self) -> None:
        if self.ask is None or self._ask_key != self._draft_key():
            self.notify("Nothing to ask yet." if self.ask is None else "Still weighing the last edit.", timeout=2)
            return
        await app_of(self).enter_answer(self.ask)

    def on_resize(self) -> None:
        # The title column takes the width left by the others.
        self.query_one(TrialList).fit_width()


TYPED_TIMEOUT_S = 1.0
# The longest the list's worker keeps the collector paused after a pass (MainScreen._idle).
GC_HELD_MAX_S = 0.5


async def typed_in(field: Input) -> None:
    """Wait until the keys already handed to `field` have landed in it: Enter or Esc typed
    right behind a search acts on the whole search, and the keys after them on the list as
    that search left it. (The app reads no further key meanwhile: this runs inside its key.)"""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def reached() -> None:
        if not done.done():
            done.set_result(None)

    if field.call_later(reached):       # a callback queued behind the keys runs after them
        try:
            await asyncio.wait_for(done, TYPED_TIMEOUT_S)
        except TimeoutError:
            pass
