"""The trial list: verdict for the current patient, id, title, status, phase; best first.

The first screenful of rows is added at once and painted; the rest follow in steps after it
(as Toolong shows a file: what is on screen first), so a store of thousands of trials
opens as fast as a small one. A new match result only updates the verdict cells and re-sorts in
place, keeping the cursor on the same trial.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from trialview.model.matching.result import MatchResult, rank_key
from trialview.store.store import TrialSummary
from trialview.tui.labels import plain, verdict_cell
from trialview.tui.host import app_of

_FIXED = 5 + 14 + 12 + 9 + 4 * 2 + 2   # verdict, id, status, phase, cell padding, scrollbar
CHUNK = 500                             # rows added per step after the first screenful
STEP_S = 0.01                           # between steps: the event loop paints and takes keys


class TrialList(DataTable[Text]):
    # Keys arrive in bursts over SSH ("Up Up Enter n 7"): the moves and Enter run as the app reads
    # each key (priority), so Enter opens the row the Ups reached and the keys behind it reach the
    # opened trial, not this list (see TrialScreen). ctrl+j is Enter typed before the app had the
    # terminal (the line discipline turned it into a newline).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, "", show=False, priority=True) for key, action in (
        ("enter,ctrl+j", "select_cursor"), ("up", "cursor_up"), ("down", "cursor_down"),
        ("pageup", "page_up"), ("pagedown", "page_down"), ("home", "scroll_top"),
        ("end", "scroll_bottom"))]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.results: dict[str, MatchResult] = {}
        self.shown: list[str] = []
        self._trials: list[TrialSummary] = []
        self._waiting: list[TrialSummary] = []     # rows still to add, in order
        self._title_cut = 16

    def on_mount(self) -> None:
        self.add_column("Fit", key="verdict", width=5)
        self.add_column("Trial", key="id", width=14)
        self.add_column("Title", key="title", width=30)
        self.add_column("Status", key="status", width=12)
        self.add_column("Phase", key="phase", width=9)

    def _title_width(self) -> int:
        # Before its first layout the table has no size: it spans the screen's width.
        return max(16, (self.size.width or self.app.size.width) - _FIXED)

    def fit_width(self) -> None:
        """After a resize: rebuild the rows only if the title column's width changed."""
        if self._title_width() != self.columns[ColumnKey("title")].width:
            self.show_trials(self._trials)

    def _rank(self, trial_id: str) -> tuple[Any, ...]:
        result = self.results.get(trial_id)
        return rank_key(result) if result else (3, 0, trial_id)

    def show_trials(self, trials: list[TrialSummary]) -> None:
        """Show these trials (a new filter), keeping the cursor on the same trial if shown."""
        keep = self.current_id()
        self._trials = trials
        self._title_cut = self._title_width()
        self.columns[ColumnKey("title")].width = self._title_cut
        self.clear()
        ordered = sorted(trials, key=lambda t: self._rank(t.trial_id))
        self.shown = [t.trial_id for t in ordered]
        # One screenful (the table's height, or the terminal's before the first layout) now.
        first = (self.size.height or self.app.size.height) + 1
        self._waiting = []
        self._add(ordered[:first])
        self._waiting = ordered[first:]
        self._place_cursor(keep)
        if self._waiting:
            # After the screen has been painted with the first rows. A timer, not another
            # call_after_refresh: callbacks queued while those run would run in the same pass,
            # with no paint between them.
            self.call_after_refresh(self.set_timer, STEP_S, self._add_more)

    def _add(self, trials: list[TrialSummary]) -> None:
        cut = self._title_cut
        for trial in trials:
            self.add_row(verdict_cell(self.results.get(trial.trial_id)), Text(plain(trial.trial_id)),
                         Text(plain(trial.title, cut)), Text(plain(trial.status, 12)),
                         Text(plain(trial.phase, 9)), key=trial.trial_id)

    def _add_more(self) -> None:
        if not self._waiting:
            return
        keep = self.current_id()
        chunk, self._waiting = self._waiting[:CHUNK], self._waiting[CHUNK:]
        self._add(chunk)
        self._place_cursor(keep)
        if self._waiting:
            self.set_timer(STEP_S, self._add_more)

    def filling(self) -> bool:
        """Whether rows are still being added after the first screenful."""
        return bool(self._waiting)

    def show_results(self, results: dict[str, MatchResult]) -> None:
        """New verdicts for the current patient: update cells in place, best first.

        The cursor stays on the trial it was on; on the top row it stays on the top row, so the
        best trial is the one under the cursor (as when the list first fills).
        """
        keep = self.current_id() if self.cursor_row > 0 else None
        if self._waiting:
            # Sorting needs every row: the rest are added now (verdicts come after the paint).
            waiting, self._waiting = self._waiting, []
            self._add(waiting)
        previous = self.results
        self.results = results
        for trial_id in self.shown:
            result = results.get(trial_id)
            if result is not None and result is not previous.get(trial_id):
                self.update_cell(trial_id, "verdict", verdict_cell(result))
        self._sort(keep)

    def _sort(self, keep: str | None) -> None:
        def rank(cell: Text) -> tuple[Any, ...]:
            return self._rank(cell.plain)

        if self.row_count:
            self.sort("id", key=rank)
            self.shown = [str(row.key.value) for row in self.ordered_rows]
            self._place_cursor(keep)

    def _place_cursor(self, keep: str | None) -> None:
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), scroll=True)
        elif keep is None and self.row_count:
            self.move_cursor(row=0, scroll=True)

    def action_select_cursor(self) -> None:
        """Enter opens the trial under the cursor at once, not through a RowSelected message:
        keys typed right behind Enter ("\\rn") then reach the opened trial, not this list."""
        trial_id = self.current_id()
        if trial_id is not None:
            app_of(self).open_trial(trial_id)

    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value
