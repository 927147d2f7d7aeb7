"""The selected criterion's patient fields, right under the criteria tree: the tree is the form.

Each variable a criterion reads gets the form's own `FieldRow` (same parsing, units, ULN and
inline errors as the full panel form); a derived variable is shown through its inputs (crcl:
age, weight, sex, creatinine); a therapy criterion gets the therapy rows (`TherapyRow`), one of
them empty for a new drug. Rows are built the first time a criterion needs them and kept
(hidden when another criterion is selected), so walking the tree mounts nothing twice.

A keystroke in a field edits the draft and re-matches the trial in the same call as the key
(a watcher on the Input's value, not the `Input.Changed` message a few message hops later),
so the criterion's line is repainted in the frame that echoes the key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from trialview.model.criteria.tree import CriterionNode
from trialview.model.matching.compact import DERIVED_FROM
from trialview.model.vocabulary import BY_ID
from trialview.model.drugs import find_drug
from trialview.tui.frames import displayed
from trialview.tui.patient import PatientDraft
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.therapy_row import TherapyRow

THERAPIES = "therapies"
# The line over the fields says what the keys do now: in a field, on the tree with fields to
# type, or on a criterion that has none.
HINT_TYPING = "Enter: next field · Esc: back to the tree"
HINT_READY = "Enter or a digit: type it · n: next to fill · x: next against"
HINT_NONE = "no field here · n: next to fill · x: next against"


def fields_of(node: CriterionNode) -> list[str]:
    """The panel fields that decide `node`, in the order its text reads them: the variables its
    checks (and its sub-clauses' and condition's) read, derived ones through their inputs, and
    "therapies" for any drug or drug class."""
    seen: dict[str, None] = {}
    for part in _parts(node):
        for check in part.checks:
            var = check.variable
            if var not in BY_ID:
                seen.setdefault(THERAPIES, None)
                continue
            for source in DERIVED_FROM.get(var, (var,)):
                seen.setdefault(source, None)
    return list(seen)


def to_fill(node: CriterionNode, draft: PatientDraft, skip_passed: bool = False) -> list[str]:
    """The fields this criterion itself reads that the patient panel has no value for yet: what
    `n` stops for. A sub-criterion (kind "criterion") is its own stop, so a parent's list leaves
    its fields out; therapies count as given once any therapy is listed (the history typed so
    far; a drug not listed stays unknown, never "not received"). With `skip_passed`, not the
    fields the screener already left empty as not known (`draft.passed`)."""
    seen: dict[str, None] = {}
    passed = draft.passed if skip_passed else set()
    for part in _own_parts(node):
        for check in part.checks:
            var = check.variable
            if var not in BY_ID:
                if not any(draft.therapies):
                    seen.setdefault(THERAPIES, None)
                continue
            for source in DERIVED_FROM.get(var, (var,)):
                if draft.raw(source) is None and source not in passed:
                    seen.setdefault(source, None)
    return list(seen)


def _own_parts(node: CriterionNode) -> Iterable[CriterionNode]:
    """The node, its clauses and its condition, but not its sub-criteria."""
    yield node
    condition = getattr(node, "condition", None)
    if isinstance(condition, CriterionNode):
        yield from condition.walk()
    for child in node.children:
        if child.kind != "criterion":
            yield from _own_parts(child)


def _parts(node: CriterionNode) -> Iterable[CriterionNode]:
    yield from node.walk()
    condition = getattr(node, "condition", None)     # the parser's "If …" sub-node, where it exists
    if isinstance(condition, CriterionNode):
        yield from condition.walk()


class CriterionFields(Vertical):
    """The fields of one criterion. `on_edit(var_id)` runs inside the keystroke that changed the
    draft ("therapies" for a therapy row)."""

    def __init__(self, draft: PatientDraft, order: list[str], on_edit: Callable[[str], None],
                 **kwargs: object) -> None:
        super().__init__(**kwargs)       # type: ignore[arg-type]   # Widget's keyword arguments
        self.draft = draft
        self.on_edit = on_edit
        self.can_focus = False
        self.border_title = HINT_NONE
        # Rows appear in the trial's reading order, whatever order criteria were selected in.
        self._rank = {var: i for i, var in enumerate([*order, THERAPIES])}
        self._rows: dict[str, Widget] = {}          # var id -> FieldRow; THERAPIES -> a Vertical
        self.shown: list[str] = []
        self.passed_note = ""       # "passed: BILAG A — not known" (show_passed)
        self._node: CriterionNode | None = None
        self._reported = draft.version      # the draft's version last passed to on_edit

    def compose(self) -> Iterable[Widget]:
        yield Static("", id="fields-none", markup=False)

    # --- which fields --------------------------------------------------------------------------

    async def show(self, node: CriterionNode | None) -> None:
        """Show the fields of `node` (none for a section, or a criterion no field decides)."""
        self._node = node
        wanted = fields_of(node) if node is not None and node.kind != "section" else []
        if wanted and wanted == self.shown and (THERAPIES not in wanted or self._therapies_fit()):
            return
        for var in wanted:
            if var not in self._rows:
                await self._add(var)
        if THERAPIES in wanted and not self._therapies_fit():
            await self._refill_therapies()
        with self.app.batch_update():
            for var, row in self._rows.items():
                row.display = var in wanted
            none = self.query_one("#fields-none", Static)
            none.display = not wanted
            if not wanted:
                none.update("Nothing in the panel decides this: m marks it met / not met by hand."
                            if node is not None and node.kind != "section" else
                            "n: the next criterion with a field to fill (up / down: any criterion).")
        self.shown = wanted
        self.show_passed()

    def empty_shown(self) -> list[str]:
        """The variables shown here that the panel has no value for (not therapies)."""
        return [v for v in self.shown if v != THERAPIES and self.draft.raw(v) is None]

    def show_passed(self) -> None:
        """Over the fields, in place of the keys' hint: those shown that were left empty before
        as not known (n goes past a criterion that asks only for such fields; Enter still
        types them). On the line over the fields: the only border the fields have."""
        names = [BY_ID[v].label for v in self.empty_shown() if v in self.draft.passed]
        self.passed_note = ("passed: " + ", ".join(names) + " — not known · Enter: type it") \
            if names else ""
        self._retitle()

    def _retitle(self) -> None:
        focused = self.screen.focused if self.is_attached else None
        title = HINT_TYPING if focused is not None and focused in self.inputs() else \
            (self.passed_note or HINT_READY) if self.shown else HINT_NONE
        if self.border_title != title:
            self.border_title = title

    def on_descendant_focus(self) -> None:
        self._retitle()

    def on_descendant_blur(self) -> None:
        self._retitle()

    async def _add(self, var: str) -> None:
        row: Widget
        if var == THERAPIES:
            row = Vertical(classes="therapy-fields")
        else:
            row = FieldRow(BY_ID[var], self.draft)
        rank = self._rank.get(var, len(self._rank))
        later = [r for v, r in self._rows.items() if self._rank.get(v, len(self._rank)) > rank]
        before = min(later, key=self.children.index) if later else None
        self._rows[var] = row
        if before is not None:
            await self.mount(row, before=before)
        else:
            await self.mount(row)
        if isinstance(row, FieldRow):
            # The value and the lab's ULN: either one typed re-matches inside its keystroke.
            for field_input in row.query(Input).results(Input):
                self.watch(field_input, "value", self._watcher(row), init=False)

    def _watcher(self, row: FieldRow) -> Callable[[str], None]:
        def typed(_value: str) -> None:
            self._typed(row)
        return typed

    def _therapy_count(self) -> int:
        """Rows wanted: every therapy in the draft and one empty for the next drug."""
        return sum(1 for t in self.draft.therapies if t) + 1

    def _therapies_fit(self) -> bool:
        box = self._rows.get(THERAPIES)
        return box is not None and len(box.children) == self._therapy_count()

    async def _refill_therapies(self) -> None:
        box = self._rows[THERAPIES]
        # Empty entries dropped so row indexes match the draft's list again (as PanelForm does).
        self.draft.therapies = [t for t in self.draft.therapies if t]
        with self.app.batch_update():
            await box.remove_children()
            rows = [TherapyRow(self.draft, i) for i in range(self._therapy_count())]
            await box.mount_all(rows)
        for row in rows:
            self._watch_therapy(row)

    def _watch_therapy(self, row: TherapyRow) -> None:
        def typed(_value: str) -> None:
            row.edit()
            self._report(THERAPIES)
        for field_input in row.query(Input).results(Input):
            self.watch(field_input, "value", typed, init=False)

    # --- typing -------------------------------------------------------------------------------

    def inputs(self) -> list[Input]:
        """The text fields shown, in screen order (value, ULN, therapy drug and dates)."""
        return [i for i in self.query(Input).results(Input) if displayed(i, self)]

    def first_input(self, var: str | None = None) -> Input | None:
        """The value field of `var` (a therapy: the drug of an empty row), else the first one."""
        if var is not None and var in self._rows and var in self.shown:
            row = self._rows[var]
            if var == THERAPIES:
                # The drug the criterion counts, if the patient has one; else a new row's drug.
                drugs = list(row.query(".therapy-drug").results(Input))
                counted = [d for d in drugs if self._counts(d.value)]
                empty = [d for d in drugs if not d.value]
                return next(iter(counted or empty or drugs), None)
            return row.query_one(".field-input", Input)
        found = self.inputs()
        # The first field still empty: what was typed for an earlier criterion is not asked again.
        empty = [i for i in found if not i.value]
        return next(iter(empty or found), None)

    def _counts(self, name: str) -> bool:
        """Whether the shown criterion's checks read this drug (by name or by its class)."""
        drug = find_drug(name) if name else None
        if drug is None or self._node is None:
            return False
        read = {c.variable for part in _parts(self._node) for c in part.checks}
        return drug.id in read or bool(read & set(drug.classes))

    def next_input(self, current: Widget) -> Input | None:
        """The next empty field after `current` (None after the last: back to the tree)."""
        found = self.inputs()
        if current in found:
            after = found[found.index(current) + 1:]
            return next((i for i in after if not i.value), None)
        return None

    def _typed(self, row: FieldRow) -> None:
        row.edit()
        self._report(row.var.id)

    def _report(self, var_id: str) -> None:
        if self.draft.version != self._reported:
            self._reported = self.draft.version
            self.on_edit(var_id)
            if self.draft.passed:
                self.show_passed()      # a field passed before, typed now: no longer "not known"

    @on(FieldRow.Edited)
    def _row_edited(self, event: FieldRow.Edited) -> None:
        # A keystroke was acted on inside the key (see _typed); a unit picked from the list
        # arrives only here.
        event.stop()
        self._report(event.row.var.id)

    @on(TherapyRow.Edited)
    async def _therapy_edited(self, event: TherapyRow.Edited) -> None:
        # The draft was updated inside the keystroke (_watch_therapy); a drug typed: an empty
        # row for the next one is ready.
        event.stop()
        await self.grow_therapies()

    def step_row(self, current: Widget, direction: int) -> Input | None:
        """The field above (-1) or below (1) `current`: the same column of the next therapy row,
        the value of the next variable; None past the first or last."""
        found = self.inputs()
        if current not in found:
            return None
        line = current.parent
        same_row = [i for i in found if i.parent is line]
        column = next((c for c in ("therapy-drug", "therapy-last_dose", "therapy-start", "therapy-stop",
                                   "field-uln", "field-input") if c in current.classes), "")
        index = found.index(current)
        others = found[index + 1:] if direction > 0 else found[:index][::-1]
        for candidate in others:
            if candidate in same_row:
                continue
            if column.startswith("therapy-") and "therapy-drug" in candidate.classes \
                    and not candidate.value:
                return candidate        # the empty row for the next drug: a date needs a drug first
            if column.startswith("therapy-") and column in candidate.classes:
                return candidate
            if not column.startswith("therapy-") and "field-input" in candidate.classes:
                return candidate
        return None

    @on(TherapyRow.Removed)
    async def _therapy_removed(self, event: TherapyRow.Removed) -> None:
        event.stop()
        self.draft.remove_therapy(event.row.index)
        await self._refill_therapies()
        self._report(THERAPIES)

    async def grow_therapies(self) -> None:
        """After a drug was typed: one empty row again for the next, added at the end (the
        rows being typed in stay where they are, focus and all)."""
        box = self._rows.get(THERAPIES)
        if THERAPIES not in self.shown or box is None or self._therapies_fit():
            return
        rows = list(box.query(TherapyRow).results(TherapyRow))
        if all(self._filled(r) for r in rows):
            row = TherapyRow(self.draft, len(rows))
            await box.mount(row)
            self._watch_therapy(row)

    def _filled(self, row: TherapyRow) -> bool:
        return row.index < len(self.draft.therapies) and bool(self.draft.therapies[row.index])

    def reload(self) -> None:
        """The draft changed elsewhere (the full form, a loaded panel): show its values."""
        for row in self._rows.values():
            if isinstance(row, FieldRow) and not row.has_focus_within:
                row.load()
        box = self._rows.get(THERAPIES)
        if box is not None and not box.has_focus_within and not self._therapies_shown():
            self.call_later(self._refill_therapies)

    def _therapies_shown(self) -> bool:
        """Whether the therapy rows already show the draft's therapies as a refill would put
        them: a value typed in the F2 form reloads these fields at every keystroke, and a refill
        mounts every row again, a layout of the whole screen each time (issue 13)."""
        therapies = self.draft.therapies
        box = self._rows.get(THERAPIES)
        if box is None or not self._therapies_fit() or not all(therapies):
            return False        # a refill drops empty entries and renumbers the rows
        rows = [row for row in box.children if isinstance(row, TherapyRow)]
        return [row.index for row in rows] == list(range(len(rows))) and all(
            row.shows(therapies[row.index] if row.index < len(therapies) else {}) for row in rows)
