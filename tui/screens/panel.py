"""The patient panel on its own, every field, opened from the trial list (F2)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.host import app_of


class PanelScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to trials"),
        Binding("f2", "back", "Trials", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="panel")
        self.seen_version = -1

    def compose(self) -> ComposeResult:
        yield Static("Patient panel: the trial list re-matches as you type. Esc: back to the list.",
                     id="panel-header", markup=False)
        yield PanelForm(app_of(self).draft, None, id="panel-form")
        yield Footer()

    def on_mount(self) -> None:
        self.seen_version = app_of(self).draft.version
        self.query_one(PanelForm).focus_first()

    def patient_changed(self) -> None:
        self.seen_version = app_of(self).draft.version

    async def on_screen_resume(self) -> None:
        if self.seen_version != app_of(self).draft.version:
            await self.query_one(PanelForm).reload()
            self.seen_version = app_of(self).draft.version

    def action_back(self) -> None:
        self.app.pop_screen()
