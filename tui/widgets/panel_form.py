"""The patient panel form: label, screening date, variables grouped as in panel.md, therapies.

Bedside mode shows only the variables a trial's criteria read, in the order they read them, so
a clinician fills in what decides this trial and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from trialview.model.vocabulary import BY_ID, GROUPS, VARIABLES
from trialview.tui.host import app_of
from trialview.tui.labels import plain
from trialview.tui.patient import PatientDraft
from trialview.tui.widgets.field_finder import DRUG_CHOICE, FieldFinder
from trialview.tui.widgets.field_readers import THERAPIES, FieldReaders
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.compact import CompactCheckbox, CompactInput
from trialview.tui.widgets.therapy_row import DATES, TherapyRow
from trialview.tui.widgets.panel_form_parts import (ADD_THERAPY, HISTORY_BOX, AddTherapyButton, answered_in as _answered_in, child,
                                                    cursor_at_end as _cursor_at_end, finder_choices,
                                                    row_of as _row_of)

if TYPE_CHECKING:
    from trialview.model.matching.ask import Suggestion
    from trialview.model.criteria.tree import CriteriaTree
    from trialview.model.matching.result import MatchResult

# What the readers pane shows: the trial's id, its tree, and its match for the current draft.
TrialContext = Callable[[], "tuple[str, CriteriaTree, MatchResult | None] | None"]


AnotherDrug = Literal["another drug"]
ANOTHER_DRUG: AnotherDrug = "another drug"

class PanelForm(VerticalScroll):
    """Edits the app's `PatientDraft`; posts `PanelForm.Edited` after every change.

    With a `context` (a trial), a pane docked under the fields lists that trial's criteria that
    read the focused field, with their effect (`refresh_readers` after each match)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: an Input's own ctrl+f (delete the word to the right) would take it first.
        Binding("ctrl+f", "find_field", "Find field", priority=True,
                tooltip="type part of a field's name to jump to it (a drug, ritux or cd20: a therapy row "
                        "with it filled in)"),
    ]

    class Edited(Message):
        pass

    def __init__(self, draft: PatientDraft, bedside: list[str] | None = None,
                 context: TrialContext | None = None, first: Suggestion | None = None, **kwargs: Any) -> None:
        super().__init__(classes="panel-form", **kwargs)
        self.draft = draft
        self.bedside = bedside          # variable ids in criteria order, or None: every field
        self.context = context
        # The question opened on: the group of its field is built first, shown at
        # once, the other groups a frame later (build_rest). Ninety fields took 0.5-0.75 s to
        # build, and two newcomers took F2 for a dead key and pressed it again.
        self.first = _answered_in(first)
        self._rest: tuple[list[Widget], Widget | None, list[Widget]] | None = None
        self.can_focus = False
        self.focused_var: str | None = None
        self.focused_box: str | None = None     # the box in words, where the row has no label
        self._last_focus: Widget | None = None

    # --- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        finder = FieldFinder(self.field_choices, self._go_to_field, id="field-finder")
        finder.display = False
        yield finder
        if self.context is not None:
            yield FieldReaders(id="field-readers")
        segments = self._segments()
        at = self._segment_of(segments, self.first)
        if at is None:
            yield from (w for segment in segments for w in segment)
            return
        yield from segments[0]          # the label and screening date first, always
        yield from segments[at]
        before = [w for segment in segments[1:at] for w in segment]
        after = [w for segment in segments[at + 1:] for w in segment]
        self._rest = (before, segments[at][0], after)

    def _segment_of(self, segments: list[list[Widget]], first: str | None) -> int | None:
        """The index of the group showing `first` (past the header), or None: build all at once."""
        if first is None or self.bedside is not None:
            return None
        for i, segment in enumerate(segments[1:], start=1):
            for w in segment:
                if (isinstance(w, FieldRow) and w.var.id == first) or (isinstance(w, TherapyRow) and first == THERAPIES):
                    return i
        return None

    async def build_rest(self) -> None:
        """Mount the groups not built with the first (see __init__), in their places."""
        if self._rest is None:
            return
        before, anchor, after = self._rest
        self._rest = None
        with self.app.batch_update():
            if before:
                await self.mount_all(before, before=anchor)
            if after:
                await self.mount_all(after)

    def on_mount(self) -> None:
        self.refresh_readers()

    def _rows(self) -> list[Widget]:
        return [w for segment in self._segments() for w in segment]

    def _segments(self) -> list[list[Widget]]:
        """The form's widgets in order, in parts: the header (label, date), then each group (its
        title and fields), then the therapies; bedside: the header and one part of all fields."""
        rows: list[Widget] = []
        segments: list[list[Widget]] = [rows]
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
                rows = [Static(title, classes="group-title", markup=False)]
                rows += [FieldRow(v, self.draft) for v in VARIABLES if v.group == group]
                segments.append(rows)
            wants_therapies = True
            rows = []
            segments.append(rows)
        else:
            rows += [FieldRow(BY_ID[v], self.draft) for v in self.bedside if v in BY_ID]
            wants_therapies = any(v not in BY_ID for v in self.bedside)
            if not self.bedside:
                rows.append(Static("This trial's criteria read no patient values: every criterion "
                                   "is for a person to judge.", classes="form-mode", markup=False))
        if wants_therapies:
            rows.append(Static(f"Therapies (drug, {', '.join(hint for _, hint in DATES)}; now: taken now)",
                               classes="group-title", markup=False))
            rows.append(CompactCheckbox(     # short: whole at 60 columns, where a newcomer saw half
                "Whole therapy history (not listed = not received)",
                self.draft.therapy_history == "complete", id=HISTORY_BOX))
            count = max(1, sum(1 for t in self.draft.therapies if t))
            rows += [TherapyRow(self.draft, i) for i in range(count)]
            rows.append(AddTherapyButton())
        return [segment for segment in segments if segment]

    async def show_fields(self, bedside: list[str] | None) -> None:
        """Switch between bedside and all fields (a rebuild: happens on a key, not per keystroke)."""
        self.bedside = bedside
        await self.reload()

    async def reload(self) -> None:
        """Show the draft afresh (a panel was loaded, cleared, or edited in another form)."""
        # Empty therapy entries are dropped so row indexes match the draft's list again.
        self.draft.therapies = [t for t in self.draft.therapies if t]
        with self.app.batch_update():
            await self.remove_children([c for c in self.children
                                        if not isinstance(c, (FieldReaders, FieldFinder))])
            await self.mount_all(self._rows())
        self._last_focus = None

    # --- navigation --------------------------------------------------------------------------

    def has_field(self, var_id: str) -> bool:
        """Whether the form shows a field for `var_id` (therapies: a drug line)."""
        if var_id == THERAPIES or var_id not in BY_ID:
            return bool(self.query(".therapy-drug"))
        return bool(self.query(f"#field-{var_id}"))

    def focus_field(self, var_id: str) -> Input | None:
        """Focus the field that decides `var_id` ("therapies": the first drug) and return its
        input, or None when the form does not show it. Focus moves now, not after a refresh
        (`Widget.focus` waits for one): keys queued behind the key that asked go to the field."""
        if var_id == THERAPIES or var_id not in BY_ID:
            found = list(self.query(".therapy-drug").results(Input))
        else:
            found = list(self.query(f"#input-{var_id}").results(Input))
        if not found:
            return None
        self.screen.set_focus(found[0])
        found[0].scroll_visible()
        return found[0]

    async def focus_question(self, ask: Suggestion) -> Input | None:
        """Focus where the answer to `ask` is typed: a variable's field, or for a therapy (a
        drug, a class, the history) an empty therapy row's drug field. None: not a field here
        (a criterion for a person to judge, or a field the form does not show)."""
        where = _answered_in(ask)
        if where == THERAPIES:
            return await self.therapy_entry()
        return None if where is None else self.focus_field(where)

    async def therapy_entry(self) -> Input:
        """The drug field of an empty therapy row, focused (a new row when none is empty)."""
        empty = [d for d in self.query(".therapy-drug").results(Input) if not d.value.strip()]
        if empty:
            field = empty[0]
        else:
            row, mounted = self._new_row()
            await mounted
            field = row.query_one(".therapy-drug", Input)
        self.screen.set_focus(field)
        return field

    def commit(self, field: Input) -> Input | AnotherDrug | None:
        """Enter in `field`: its own jobs first (the unit a value fits, "did you mean g/dL?";
        the drug name a drug field shows completed), then the value into the draft now (the
        key after Enter sees it). Returns where the same question goes on: the lab's ULN a value
        in U/L waits for, a drug's last dose, or the field itself when what it holds does not
        read (its problem shown under it); ANOTHER_DRUG: a drug's dates done, an empty row for
        the next drug; None: answered, or left empty and so passed as not known (not asked
        again, here or by the trial screen's n; an empty drug row: no therapy more known)."""
        row = _row_of(field)
        if isinstance(row, FieldRow):
            # Read first: in a burst the field's own reading of the keys ("7.6": did you mean
            # g/dL?) may not have run yet, and the fix is offered by that reading.
            row.edit()
            row.accept_fix()
            value = row.query_one(".field-input", Input)
            if not value.value.strip():
                self.draft.passed.add(row.var.id)
                return None
            if not row.has_class("-error"):
                return None
            ulns = [u for u in row.query(".field-uln").results(Input) if not u.value.strip()]
            return ulns[0] if field is value and ulns else field
        if isinstance(row, TherapyRow):
            if "therapy-drug" in field.classes:
                stays = row.take_name()
                if not field.value.strip():
                    self.draft.passed.add(THERAPIES)
                    return None
                if stays:
                    return field
                return row.query_one(".therapy-last_dose", Input)
            row.edit()
            if row.has_class("-error"):
                return field
            # A date given (or left empty) ends this drug: the next one goes in a row of its own
            # (newcomers Tabbed through the table to add MMF and prednisone after rituximab).
            return ANOTHER_DRUG if "therapy-date" in field.classes else None
        if field.id == "input-label":
            self.draft.set_label(field.value)
        return None

    def focus_first(self) -> None:
        """Where F2 lands: the field last typed in, else the patient's label (a panel starts with
        who it is; the label is what it is saved under)."""
        last = self._last_focus
        if last is not None and last.is_attached and last.focusable:
            self.screen.set_focus(last)
            return
        self.screen.set_focus(self.query_one("#input-label", Input))

    def field_choices(self) -> list[tuple[str, str, str]]:
        """(id, label, searched words) of every field shown, for the field finder."""
        return finder_choices(list(self.query(FieldRow).results(FieldRow)), bool(self.query(TherapyRow)))

    def action_find_field(self) -> None:
        self.query_one(FieldFinder).open()
        self.scroll_home(animate=False)

    def _go_to_field(self, field_id: str) -> Input | None:
        if field_id == HISTORY_BOX:
            box = self.query_one(f"#{HISTORY_BOX}", Checkbox)
            self.screen.set_focus(box)
            box.scroll_visible()
            return None
        if field_id == ADD_THERAPY:
            return self._drug_row("")
        if field_id.startswith(DRUG_CHOICE):
            return self._drug_row(field_id.removeprefix(DRUG_CHOICE))
        if field_id.startswith("input-"):
            field = self.query_one(f"#{field_id}", Input)
            self.screen.set_focus(field)
            return field
        return self.focus_field(field_id)

    def _drug_row(self, name: str) -> Input | None:
        """The drug typed into an empty therapy row (a new one if none is empty), focused at
        the end of the name: Enter or Tab goes on to its dates. The row the drug is already on,
        if it is listed. No name: an empty row's drug field (the finder's "add therapy")."""
        drugs = list(self.query(".therapy-drug").results(Input))
        same = [d for d in drugs if d.value.strip().lower() == name.lower()]
        empty = [d for d in drugs if not d.value.strip()]
        if same or empty:
            field = (same or empty)[0]
            if not same:
                field.value = name
            self.screen.set_focus(field)
            _cursor_at_end(field)
            field.scroll_visible()
            return field
        row, _mounted = self._new_row()

        def fill() -> None:
            field = row.query_one(".therapy-drug", Input)
            field.value = name
            self.screen.set_focus(field)
            _cursor_at_end(field)
            field.scroll_visible()

        self.call_after_refresh(fill)
        return None

    # --- the focused field and the criteria that read it -------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_focus = event.widget
        # The screen scrolls a focused widget into view only when it is outside the form, and
        # counts the rows under the readers pane docked at the form's foot as in view: Tab went
        # down behind the pane. scroll_to_widget leaves out the docked panes (and does nothing
        # when the field is already seen); after a refresh, once a new row has its place.
        widget = event.widget
        self.call_after_refresh(lambda: widget.is_attached and self.scroll_to_widget(widget, animate=False))
        var_id: str | None = None
        box = "+ add therapy (Enter: a new row)" if isinstance(widget, AddTherapyButton) else None
        row = _row_of(widget)
        if isinstance(row, FieldRow):
            var_id, box = row.var.id, row.box_name(widget)
        elif isinstance(row, TherapyRow):
            var_id, box = THERAPIES, row.box_name(widget)
        if (var_id, box) != (self.focused_var, self.focused_box):
            self.focused_var, self.focused_box = var_id, box
            self.refresh_readers()

    def refresh_readers(self) -> None:
        """Show the context trial's criteria that read the focused field (after a match)."""
        if self.context is None:
            return
        context = self.context()
        readers = child(self, "field-readers", FieldReaders)
        if context is None or readers is None:
            return
        trial_id, tree, result = context
        matcher = app_of(self).ready_list_matcher()
        read_by = matcher.readers(self.focused_var, besides=trial_id) \
            if matcher is not None and self.focused_var else None
        readers.show(self.focused_var, trial_id, tree, result, self.focused_box, read_by)

    # --- edits -------------------------------------------------------------------------------

    @on(FieldRow.Edited)
    @on(TherapyRow.Edited)
    def _row_edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Edited())

    @on(Input.Changed, "#input-label")
    def _label_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip() != self.draft.label:
            self.draft.set_label(event.value)
            app_of(self).label_changed()

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
            for row in self.query(FieldRow):
                row.show_measured()     # (how long before screening each dated value was measured)
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
        button = self.query_one("#add-therapy", AddTherapyButton)
        row, mounted = self._new_row()
        await mounted
        drug = row.query_one(".therapy-drug", Input)
        self.screen.set_focus(drug)     # now, not a turn later: its Focus (select all) goes first
        button.hand_over(drug)

    def _new_row(self) -> tuple[TherapyRow, AwaitMount]:
        """A therapy row for the next entry of the draft's list, mounted above "+ add therapy"
        (awaited where its drug field is focused at once)."""
        row = TherapyRow(self.draft, len(self.query(TherapyRow)))
        return row, self.mount(row, before=self.query_one("#add-therapy"))

    @on(TherapyRow.Removed)
    async def _remove_therapy(self, event: TherapyRow.Removed) -> None:
        event.stop()
        self.draft.remove_therapy(event.row.index)
        await self.reload()
        self.post_message(self.Edited())
