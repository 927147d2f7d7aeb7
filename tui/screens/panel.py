"""The patient panel on its own, every field, opened from the trial list (F2).

Under the fields, the criteria of the trial highlighted in the list that read the focused field,
with their effect on the patient, updated as the panel changes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult
from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.host import app_of


class PanelScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to trials"),
        Binding("f2", "back", "Trials", show=False),
    ]

    def __init__(self, trial_id: str | None = None, focus_var: str | None = None) -> None:
        super().__init__(id="panel")
        self.focus_var = focus_var          # the field to type in first (ask next's `a`)
        self.seen_version = -1
        self.trial_id = trial_id
        self._tree: CriteriaTree | None = None
        self._title = ""
        self._result: tuple[int, MatchResult] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Patient panel: the trial list re-matches as you type. ctrl+f: find a field. "
                     "Esc: back.", id="panel-header", markup=False)
        context = self._trial_context if self._load_trial() else None
        yield PanelForm(app_of(self).draft, None, context=context, id="panel-form")
        yield Footer(compact=True)     # compact: ^s Save and ^q Quit in 80 columns

    def _load_trial(self) -> bool:
        if self.trial_id is None:
            return False
        store = app_of(self).store
        trial, tree = store.get(self.trial_id), store.tree(self.trial_id)
        if trial is None or tree is None:
            return False
        self._tree, self._title = tree, trial.title
        return True

    def _trial_context(self) -> tuple[str, CriteriaTree, MatchResult | None] | None:
        """The trial the list had highlighted, matched against the draft as it is now."""
        if self.trial_id is None or self._tree is None:
            return None
        draft = app_of(self).draft
        if self._result is None or self._result[0] != draft.version:
            result = match_trial(self.trial_id, self._title, self._tree, draft.panel())
            self._result = (draft.version, result)
        return self.trial_id, self._tree, self._result[1]

    def on_mount(self) -> None:
        self.seen_version = app_of(self).draft.version
        form = self.query_one(PanelForm)
        if self.focus_var is None or form.focus_field(self.focus_var) is None:
            form.focus_first()

    def patient_changed(self) -> None:
        self.seen_version = app_of(self).draft.version
        self.query_one(PanelForm).refresh_readers()

    async def on_screen_resume(self) -> None:
        if self.seen_version != app_of(self).draft.version:
            await self.query_one(PanelForm).reload()
            self.seen_version = app_of(self).draft.version

    def action_back(self) -> None:
        self.app.pop_screen()
