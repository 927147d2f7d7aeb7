"""One therapy in the form: drug (completed from the vocabulary), start, stop, last dose."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static

from trialview.model.vocabulary import DRUGS
from trialview.tui.labels import plain
from trialview.tui.patient import PatientDraft
from trialview.tui.widgets.compact import CompactInput

DRUG_WORDS = sorted({w for d in DRUGS for w in (d.name, *d.synonyms)}, key=str.lower)
_DATES = (("start", "start"), ("stop", "stop"), ("last_dose", "last dose"))


class TherapyRow(Vertical):
    """Edits entry `index` of the draft's therapies."""

    class Edited(Message):
        pass

    class Removed(Message):
        def __init__(self, row: TherapyRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, draft: PatientDraft, index: int) -> None:
        super().__init__(classes="therapy-row")
        self.draft = draft
        self.index = index
        self._loading = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield CompactInput(placeholder="drug", classes="therapy-drug",
                        suggester=SuggestFromList(DRUG_WORDS, case_sensitive=False))
            for key, hint in _DATES:
                yield CompactInput(placeholder=hint, classes=f"therapy-date therapy-{key}",
                            tooltip=f"{hint} (YYYY-MM-DD)")
            yield Button("✕", compact=True, classes="therapy-remove", tooltip="remove this therapy")
        yield Static("", classes="field-error", markup=False)

    def on_mount(self) -> None:
        entry = self.draft.therapies[self.index] if self.index < len(self.draft.therapies) else {}
        self._loading = True
        try:
            self.query_one(".therapy-drug", Input).value = entry.get("drug", "")
            for key, _ in _DATES:
                self.query_one(f".therapy-{key}", Input).value = entry.get(key, "")
        finally:
            self._loading = False

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edit()

    def edit(self) -> None:
        """Read the row into the draft now (the trial screen's fields call it inside the key)."""
        if self._loading or not self.is_mounted:
            return
        row = {"drug": self.query_one(".therapy-drug", Input).value}
        for key, _ in _DATES:
            row[key] = self.query_one(f".therapy-{key}", Input).value
        before = self.draft.version
        error = self.draft.set_therapy(self.index, row)
        self.set_class(bool(error), "-error")
        self.query_one(".field-error", Static).update(plain(error or ""))
        if self.draft.version != before:
            self.post_message(self.Edited())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Removed(self))
