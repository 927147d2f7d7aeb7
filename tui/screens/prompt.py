"""A one-line question (a path to import, a panel's name): returns the answer or None."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="prompt")
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question, markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("Enter: OK   Esc: cancel", classes="hint", markup=False)

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class UnsavedScreen(ModalScreen[str]):
    """Unsaved panel changes before something that would drop them (quit, new, load): returns
    "save", "discard" or "cancel". With --no-save there is nothing to save to: discard or cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('save')", "Save", show=False),
        Binding("d", "answer('discard')", "Discard", show=False),
        Binding("escape,c", "answer('cancel')", "Cancel", show=False),
    ]

    def __init__(self, doing: str, can_save: bool = True) -> None:
        super().__init__(classes="prompt")
        self.doing = doing
        self.can_save = can_save

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(f"The patient panel has unsaved changes. {self.doing}", markup=False)
            if self.can_save:
                yield Static("s: save them first   d: discard them   Esc: cancel", classes="hint",
                             markup=False)
            else:
                yield Static("--no-save: they cannot be saved in this session.   "
                             "d: discard them   Esc: cancel", classes="hint", markup=False)

    def action_answer(self, answer: str) -> None:
        if answer == "save" and not self.can_save:
            return
        self.dismiss(answer)
