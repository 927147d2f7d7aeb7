"""The trial list: verdict for the current patient, id, title, status, phase; best first.

Rows are added when the filter changes; a new match result only updates the verdict cells and
re-sorts in place, keeping the cursor on the same trial.
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


class TrialList(DataTable[Text]):
    # Keys arrive in bursts over SSH ("Up Up Enter n 7"): the moves and Enter run as the app reads
    # each key (priority), so Enter opens the row the Ups reached and the keys behind it reach the
    # opened trial, not this list (see TrialScreen).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, "", show=False, priority=True) for key, action in (
        ("enter", "select_cursor"), ("up", "cursor_up"), ("down", "cursor_down"),
        ("pageup", "page_up"), ("pagedown", "page_down"), ("home", "scroll_top"),
        ("end", "scroll_bottom"))]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.results: dict[str, MatchResult] = {}
        self.shown: list[str] = []
        self._trials: list[TrialSummary] = []

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

    def show_trials(self, trials: list[TrialSummary]) -> None:
        """Show these trials (a new filter), keeping the cursor on the same trial if shown."""
        keep = self.current_id()
        self._trials = trials
        title_width = self._title_width()
        self.columns[ColumnKey("title")].width = title_width
        self.clear()
        for trial in trials:
            self.add_row(verdict_cell(self.results.get(trial.trial_id)), Text(plain(trial.trial_id)),
                         Text(plain(trial.title, title_width)), Text(plain(trial.status, 12)),
                         Text(plain(trial.phase, 9)), key=trial.trial_id)
        self.shown = [t.trial_id for t in trials]
        self._sort(keep)

    def show_results(self, results: dict[str, MatchResult]) -> None:
        """New verdicts for the current patient: update cells in place, best first.

        The cursor stays on the trial it was on; on the top row it stays on the top row, so the
        best trial is the one under the cursor (as when the list first fills).
        """
        keep = self.current_id() if self.cursor_row > 0 else None
        previous = self.results
        self.results = results
        for trial_id in self.shown:
            result = results.get(trial_id)
            if result is not None and result is not previous.get(trial_id):
                self.update_cell(trial_id, "verdict", verdict_cell(result))
        self._sort(keep)

    def _sort(self, keep: str | None) -> None:
        def rank(cell: Text) -> tuple[Any, ...]:
            trial_id = cell.plain
            result = self.results.get(trial_id)
            return rank_key(result) if result else (3, 0, trial_id)

        if self.row_count:
            self.sort("id", key=rank)
            if keep in self.shown:
                self.move_cursor(row=self.get_row_index(keep), scroll=True)
            elif keep is None:
                self.move_cursor(row=0, scroll=True)

    def action_select_cursor(self) -> None:
        """Enter opens the trial under the cursor at once, not through a RowSelected message:
        keys typed right behind Enter ("\rn") then reach the opened trial, not this list."""
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
