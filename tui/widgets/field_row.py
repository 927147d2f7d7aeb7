"""One patient variable in the form: label, value, unit selector, the lab's ULN, inline problems."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static
from trialview.model.units import units_for
from trialview.model.vocabulary import Variable
from trialview.tui.labels import plain
from trialview.tui.patient import PatientDraft, measured_note, split_date, split_unit, unit_fix
from trialview.tui.widgets.compact import CompactInput, CompactSelect

_BOOL_WORDS = ["yes", "no", "positive", "negative", "present", "absent"]


def _shown(value: object) -> str:
    """A draft value as the field shows it: yes / no for a yes/no field."""
    return "" if value is None else "yes" if value is True else "no" if value is False else str(value)


class FieldRow(Vertical):
    """Edits one variable of the draft. Posts `FieldRow.Edited` when the draft changed."""

    class Edited(Message):
        def __init__(self, row: FieldRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, var: Variable, draft: PatientDraft) -> None:
        super().__init__(id=f"field-{var.id}", classes="field-row")
        self.var = var
        self.draft = draft
        self.units = units_for(var.id)
        self._loading = False
        self._error: str | None = None
        self._fix: str | None = None        # a unit the typed value fits, offered on Enter

    def compose(self) -> ComposeResult:
        var = self.var
        words = list(var.choices) if var.kind == "choice" else _BOOL_WORDS if var.kind == "bool" else []
        # The shortest words each field takes, as its hint: newcomers type what the hint shows
        # ("female", "negative" cost 13 keys where "f" and "-" say the same).
        choices = "+/-" if {"positive", "negative"} <= set(var.choices) \
            else "f/m" if set(var.choices) == {"female", "male"} else "/".join(var.choices)
        # A field of several units says one can follow the number (its list is out of Tab's way).
        # A duration in months also takes years or weeks written after the number ("6y"); the
        # hint's two answers mean the same ("6 or 6y" read as if a bare 6 were years too).
        number = ("72 or 6y" if "years" in self.units[1:] else "number unit") \
            if len(self.units) > 1 else "number"
        hint = {"number": number, "bool": "y/n", "choice": choices}[var.kind]
        with Horizontal(classes="field-line"):
            yield Label(plain(var.label, 23), classes="field-label", markup=False)
            yield CompactInput(placeholder=hint, id=f"input-{var.id}", classes="field-input",
                        suggester=SuggestFromList(words, case_sensitive=False) if words else None)
            if len(self.units) > 1:
                yield CompactSelect([(u, u) for u in self.units], value=self._default_unit(), allow_blank=False,
                                    id=f"unit-{var.id}", classes="field-unit", in_tab_order=False,
                                    tooltip="type the unit after the number (7.6 g/dL); "
                                            "or click to pick one")
            elif var.unit and var.unit not in ("score", "criteria", "domains"):
                yield Label(var.unit, classes="field-unit-label", markup=False)
            if var.needs_uln or "xULN" in self.units[1:] or var.uln_floor is not None:
                yield CompactInput(placeholder="ULN", id=f"uln-{var.id}", classes="field-uln", marked=True,
                            tooltip="the lab's upper limit of normal, to convert U/L or xULN")
        yield Static("", classes="field-error", markup=False)

    def _default_unit(self) -> str:
        """The unit an empty field reads a number in, shown beside it. A lab value judged
        against the lab's ULN (ALT, AST) is read in the unit the lab reports (U/L) with the ULN
        beside it: a bare "40" from a lab sheet is 40 U/L, never 40 x ULN."""
        if self.var.needs_uln:
            lab = [u for u in self.units if u != "xULN"]
            if lab:
                return lab[0]
        return self.units[0]

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Show the draft's value (after a panel was loaded or another form edited it)."""
        entry = self.draft.raw(self.var.id) or {}
        self._loading = True
        try:
            self.query_one(".field-input", Input).value = _shown(entry.get("value"))
            if self.units and len(self.units) > 1:
                # A value kept without a unit is in the variable's own unit (xULN for ALT).
                unit = entry.get("unit") or (self.var.unit if entry else None) \
                    or self.draft.units.get(self.var.id) or self._default_unit()
                self.query_one(".field-unit", Select).value = unit if unit in self.units else self.units[0]
            for uln in self.query(".field-uln").results(Input):
                uln.value = str(entry["uln"]) if entry.get("uln") is not None else ""
        finally:
            self._loading = False
        self._show_error(None)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The label lit with its field (app.tcss): a class, since Textual does not restyle a
        # :focus-within rule on every focus move (the label stayed unlit until a relayout).
        self.add_class("-focused")
        self._mark("field-uln" not in event.widget.classes)    # the ULN box carries its own ▸

    def _mark(self, focused: bool) -> None:
        """A ▸ before the field typed in: seen without colour too (a newcomer reading the screen
        as text could not tell which field had the cursor). In the label's last column, which
        the label's text never uses: nothing moves."""
        label = plain(self.var.label, 23).ljust(23) + ("▸" if focused else "")
        self.query_one(".field-label", Label).update(label, layout=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A yes/no or choice field left: show the value as read ("p" -> "positive"), so the user
        sees what was taken; a value that did not read stays as typed, with its problem. A value
        typed with its date ("10.2 g/dL 2026-07-01", wider than the field) shows the value: the
        unit is in its list, the date under the field."""
        self.remove_class("-focused")
        self._mark(False)
        field = event.widget
        if not isinstance(field, Input) or "field-input" not in field.classes or self.has_class("-error"):
            return
        entry = self.draft.raw(self.var.id)
        text = _shown(entry.get("value")) if entry else ""
        if self.var.kind == "number" and split_date(field.value)[1] is None:
            return      # a number stays as typed; one with its date after it shows the number (the date is said under it)
        if field.value.strip() and text and field.value != text:
            self._loading = True
            try:
                field.value = text
            finally:
                self._loading = False

    def box_name(self, widget: Widget) -> str | None:
        """The lab's ULN box in words (for the form's foot)."""
        if "field-uln" in widget.classes:
            return f"{plain(self.var.label)}: the lab's ULN (upper limit of normal)"
        return None

    def focus_value(self) -> None:
        self.query_one(".field-input", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._edit()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._edit()

    def edit(self) -> None:
        """Read the row into the draft now (the trial screen's fields call it inside the key)."""
        self._edit()

    def _edit(self) -> None:
        if self._loading or not self.is_mounted:
            return
        # "9.5 g/dL 2026-08-01": the day it was measured, typed after the value
        raw, measured = split_date(self.query_one(".field-input", Input).value)
        unit: str | None = None
        selects = list(self.query(".field-unit").results(Select))
        typed_unit: str | None = None
        if self.var.kind == "number":
            # "7.5 g/dL" or "10 mg/day" typed in one go: the number, and the unit it was read in.
            raw, typed_unit = split_unit(self.var.id, raw)
        if selects:
            select = selects[0]
            if typed_unit and typed_unit != select.value:
                # Move the selector so it shows what was read.
                with select.prevent(Select.Changed):
                    select.value = typed_unit
            unit = str(select.value)
        ulns = list(self.query(".field-uln").results(Input))
        uln = ulns[0].value if ulns else None
        before = self.draft.version
        kept = self.draft.raw(self.var.id)
        error = self.draft.set_value(self.var.id, raw, unit, uln, measured)
        self._fix = unit_fix(self.var.id, raw, unit, uln) if error and selects else None
        if self._fix:
            error = f"{raw.strip()} — did you mean {self._fix}? Enter to accept"
        elif error and kept is not None:
            shown = f"{kept['value']}" + (f" {kept['unit']}" if kept.get("unit") else "")
            error += f" (still using {shown})"
        self._show_error(error)
        if self.draft.version != before:
            self.post_message(self.Edited(self))

    @on(Input.Submitted, ".field-input")
    def _accept_fix(self, event: Input.Submitted) -> None:
        """Enter on a value that fits another unit: take that unit (one key, as offered)."""
        if self.accept_fix():
            event.stop()

    def accept_fix(self) -> bool:
        """Take the unit the typed value fits, if one was offered ("did you mean g/dL?").
        The trial screen's Enter calls it too: its binding sees Enter before the Input does."""
        if self._fix is None:
            return False
        select = self.query_one(".field-unit", Select)
        with select.prevent(Select.Changed):
            select.value = self._fix
        self._edit()        # read in this unit now: the key after Enter sees the draft changed
        return True

    def show_measured(self) -> None:
        """Say again how long before screening the value was measured (the date moved)."""
        if not self.has_class("-error"):
            self._show_error(None)

    def _show_error(self, error: str | None) -> None:
        """The field's problem under it; with none, the day its value was measured, when that
        is before the screening date (a value the form shows with no date was a lab of today
        to the reader)."""
        note = None if error else measured_note(self.var.id, self.draft.raw(self.var.id), self.draft.as_of)
        text = plain(error or note or "")
        if text == self._error:
            return          # most keystrokes: no error before, none now; no layout for nothing
        self._error = text
        self.set_class(bool(error), "-error")
        self.set_class(bool(note), "-dated")
        self.query_one(".field-error", Static).update(text)
