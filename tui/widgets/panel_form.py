"""The patient panel form: label, screening date, variables grouped as in panel.md, therapies.

Bedside mode shows only the variables a trial's criteria read, in the order they read them, so
a clinician fills in what decides this trial and nothing else.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Static

from trialview.model.vocabulary import BY_ID, GROUPS, VARIABLES
from trialview.tui.labels import plain
from trialview.tui.patient import PatientDraft
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.compact import CompactCheckbox, CompactInput
from trialview.tui.widgets.therapy_row import TherapyRow

THERAPIES = "therapies"


class PanelForm(VerticalScroll):
    """Edits the app's `PatientDraft`; posts `PanelForm.Edited` after every change."""

    class Edited(Message):
        pass

    def __init__(self, draft: PatientDraft, bedside: list[str] | None = None, **kwargs) -> None:
        super().__init__(classes="panel-form", **kwargs)
        self.draft = draft
        self.bedside = bedside          # variable ids in criteria order, or None: every field
        self.can_focus = False

    # --- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self._rows()

    def _rows(self) -> list:
        rows: list = []
        mode = ("Bedside: the fields this trial's criteria use, in their order (F3: all fields)"
                if self.bedside is not None else "All fields (F3 in a trial: only what it uses)")
        rows.append(Static(mode, classes="form-mode", markup=False))
        head = Horizontal(
            Label("Patient label", classes="field-label"),
            CompactInput(self.draft.label, placeholder="pseudonym or bed",
                  id="input-label", classes="field-input-wide"),
            classes="field-line")
        date = Horizontal(
            Label("Screening date", classes="field-label"),
            CompactInput(self.draft.as_of.isoformat(), placeholder="YYYY-MM-DD",
                  id="input-as-of", classes="field-input-wide"),
            classes="field-line")
        rows += [head, date, Static("", id="as-of-error", classes="field-error", markup=False)]
        if self.bedside is None:
            for group, title in GROUPS:
                rows.append(Static(title, classes="group-title", markup=False))
                rows += [FieldRow(v, self.draft) for v in VARIABLES if v.group == group]
            wants_therapies = True
        else:
            rows += [FieldRow(BY_ID[v], self.draft) for v in self.bedside if v in BY_ID]
            wants_therapies = any(v not in BY_ID for v in self.bedside)
            if not self.bedside:
                rows.append(Static("This trial's criteria read no patient values: every criterion "
                                   "is for a person to judge.", classes="form-mode", markup=False))
        if wants_therapies:
            rows.append(Static("Therapies (drug, start, stop, last dose; now: taken now)",
                               classes="group-title", markup=False))
            rows.append(CompactCheckbox(
                "This is the whole therapy history (a therapy not listed was not received)",
                self.draft.therapy_history == "complete", id="therapy-history"))
            count = max(1, sum(1 for t in self.draft.therapies if t))
            rows += [TherapyRow(self.draft, i) for i in range(count)]
            rows.append(Button("+ add therapy", compact=True, id="add-therapy"))
        return rows

    async def show_fields(self, bedside: list[str] | None) -> None:
        """Switch between bedside and all fields (a rebuild: happens on a key, not per keystroke)."""
        self.bedside = bedside
        await self.reload()

    async def reload(self) -> None:
        """Show the draft afresh (a panel was loaded, cleared, or edited in another form)."""
        # Empty therapy entries are dropped so row indexes match the draft's list again.
        self.draft.therapies = [t for t in self.draft.therapies if t]
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(self._rows())

    # --- navigation --------------------------------------------------------------------------

    def has_field(self, var_id: str) -> bool:
        """Whether the form shows a field for `var_id` (therapies: a drug line)."""
        if var_id == THERAPIES or var_id not in BY_ID:
            return bool(self.query(".therapy-drug"))
        return bool(self.query(f"#field-{var_id}"))

    def focus_field(self, var_id: str) -> bool:
        """Focus the field that decides `var_id` ("therapies": the first drug)."""
        if var_id == THERAPIES or var_id not in BY_ID:
            drugs = list(self.query(".therapy-drug").results(Input))
            if drugs:
                drugs[0].focus()
                return True
            return False
        rows = list(self.query(f"#field-{var_id}").results(FieldRow))
        if not rows:
            return False
        rows[0].focus_value()
        rows[0].scroll_visible()
        return True

    def focus_first(self) -> None:
        inputs = [i for i in self.query(Input).results(Input) if i.id not in ("input-label", "input-as-of")]
        (inputs[0] if inputs else self.query_one("#input-label", Input)).focus()

    # --- edits -------------------------------------------------------------------------------

    @on(FieldRow.Edited)
    @on(TherapyRow.Edited)
    def _row_edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Edited())

    @on(Input.Changed, "#input-label")
    def _label_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.draft.set_label(event.value)

    @on(Input.Changed, "#input-as-of")
    def _as_of_changed(self, event: Input.Changed) -> None:
        event.stop()
        before = self.draft.version
        error = self.draft.set_as_of(event.value)
        if error:
            error += f" (still using {self.draft.as_of.isoformat()})"
        self.query_one("#as-of-error", Static).update(plain(error or ""))
        self.query_one("#as-of-error").set_class(bool(error), "-shown")
        if self.draft.version != before:
            self.post_message(self.Edited())

    @on(Checkbox.Changed, "#therapy-history")
    def _history_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        before = self.draft.version
        self.draft.set_therapy_history(event.value)
        if self.draft.version != before:
            self.post_message(self.Edited())

    @on(Button.Pressed, "#add-therapy")
    async def _add_therapy(self, event: Button.Pressed) -> None:
        event.stop()
        rows = list(self.query(TherapyRow).results(TherapyRow))
        row = TherapyRow(self.draft, len(rows))
        await self.mount(row, before=self.query_one("#add-therapy"))
        row.query_one(".therapy-drug", Input).focus()

    @on(TherapyRow.Removed)
    async def _remove_therapy(self, event: TherapyRow.Removed) -> None:
        event.stop()
        self.draft.remove_therapy(event.row.index)
        await self.reload()
        self.post_message(self.Edited())
