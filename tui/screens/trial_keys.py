"""The trial screen's keys: moving between the tree and the fields under it, safely in bursts.

Keys arrive in bursts over SSH. Textual hands a key to the widget focused when the app reads
it, and runs a widget's binding only when the key has bubbled back up, after the keys behind it
were already handed out; `Widget.focus()` also waits its turn in the app's queue. So every key
that moves the focus or the cursor on the trial screen is a *priority* binding of the screen
(declared in trial.py, with the screen's other keys), run by the app as it reads the key, and
moves the focus at once (`set_focus`): the key behind it goes where the user meant. A key a
field should take instead raises SkipAction. Those actions live here; what the screen shows
(tree, fields, detail, form) is trial.py's.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual.actions import SkipAction
from textual.css.query import NoMatches
from trialview.tui.frames import SparseFrames
from textual.widgets import Input
from textual.widgets._select import SelectOverlay

from trialview.model.criteria.tree import CriterionNode
from trialview.model.matching.result import MatchResult
from trialview.tui.host import app_of
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.criterion_detail import CriterionDetail
from trialview.tui.widgets.criterion_fields import CriterionFields, to_fill
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.therapy_row import TherapyRow

READY_TIMEOUT_S = 5.0


class TrialKeys(SparseFrames[None]):
    """The key actions of the trial screen; `TrialScreen` provides what they act on."""

    current: CriterionNode | None       # the criterion whose fields are shown
    result: MatchResult | None
    _goto_index: int

    def __init__(self, id: str) -> None:     # `id`: the keyword Textual screens take
        super().__init__(id=id)
        # Set once mounted: a key read by the app while the screen was still being composed
        # (typed right behind the Enter that opened it) waits for it, then acts.
        self._ready = asyncio.Event()
        self._typing: Input | None = None             # the field last focused (see _wait_ready)

    # --- what the screen provides ---------------------------------------------------------------

    def tree_view(self) -> CriteriaTreeView:
        raise NotImplementedError

    def fields(self) -> CriterionFields:
        raise NotImplementedError

    async def _select(self, node: CriterionNode | None) -> None:
        raise NotImplementedError

    def _focus_in_form(self) -> bool:
        raise NotImplementedError

    async def action_toggle_form(self) -> None:
        raise NotImplementedError

    # --- waiting for the keys before this one -----------------------------------------------------

    async def _wait_ready(self) -> None:
        """Before a key acts: this screen is mounted, and the field last typed in has taken
        the keys the app handed it before this one (a value must be in the draft before Enter
        looks for the next empty field, or n for the next open criterion)."""
        if not self._ready.is_set():
            try:
                await asyncio.wait_for(self._ready.wait(), READY_TIMEOUT_S)
            except TimeoutError:
                raise SkipAction() from None
        if isinstance(self.focused, Input):
            self._typing = self.focused
        typing = self._typing
        if typing is not None and typing.is_attached:
            # A callback queued behind the keys already in the field's queue runs after them.
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def reached() -> None:
                if not done.done():
                    done.set_result(None)

            if typing.call_later(reached):
                try:
                    await asyncio.wait_for(done, READY_TIMEOUT_S)
                except TimeoutError:
                    pass

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            self._typing = event.widget

    # --- moving ------------------------------------------------------------------------------

    def _focus_on_tree(self) -> bool:
        return self.focused is None or self.focused is self.tree_view()

    def _in_fields(self) -> bool:
        focused = self.focused
        return focused is not None and focused in self.fields().inputs()

    def _criterion(self) -> CriterionNode | None:
        """The criterion the keys act on: the one whose fields are shown (n sets it at once;
        the tree's cursor lands on it a refresh later)."""
        return self.current or self.tree_view().selected()

    async def _open(self, node: CriterionNode | None, var: str | None = None) -> bool:
        """Show `node`'s fields and focus the first (or `var`'s) now; False if it has none."""
        if node is None or node.kind == "section":
            return False
        if node is not self.current:
            await self._select(node)
        field = self.fields().first_input(var)
        if field is None:
            return False
        self.set_focus(field)
        return True

    async def action_enter(self) -> None:
        await self._wait_ready()
        if self._focus_on_tree():
            if not await self._open(self._criterion()):
                raise SkipAction()      # a section or a criterion for a person: expand / collapse
            return
        if self._in_fields():
            try:
                row: FieldRow | None = self.focused.query_ancestor(FieldRow) if self.focused else None
            except NoMatches:
                row = None          # a therapy row's field
            if row is not None:
                # "7.6 — did you mean g/dL? Enter to accept": taken, and Enter goes on as ever.
                row.accept_fix()
            elif isinstance(self.focused, Input) and "therapy-drug" in self.focused.classes and \
                    self.focused.query_ancestor(TherapyRow).take_name():
                return      # "mycoph": which drug? ("rit" showing "rituximab" is taken and Enter goes on)
            fields = self.fields()
            await fields.grow_therapies()
            following = fields.next_input(self.focused) if self.focused else None
            if following is None:
                self._pass_over()
            self.set_focus(following or self.tree_view())
            return
        raise SkipAction()

    def _pass_over(self) -> None:
        """The criterion's fields are left for the tree (Esc, Enter past the last, n): those
        still empty are not known for this patient, and n will not stop again only for them."""
        fields = self.fields()
        empty = fields.empty_shown()
        if empty:
            app_of(self).draft.passed.update(empty)
            fields.show_passed()

    async def action_value_key(self) -> None:
        await self._wait_ready()
        if not self._focus_on_tree() or not await self._open(self._criterion()):
            raise SkipAction()
        raise SkipAction()      # now the field has the focus: the key lands in it

    async def action_escape(self) -> None:
        await self._wait_ready()
        if isinstance(self.focused, SelectOverlay):
            raise SkipAction()          # a unit list is open: Escape closes it
        if self._in_fields():
            self._pass_over()
            self.set_focus(self.tree_view())
            return
        if self._focus_in_form() and not self.has_class("-form"):
            self.set_focus(self.tree_view())
            return
        if self.has_class("-form"):
            await self.action_toggle_form()
            return
        self.app.pop_screen()

    async def action_focus_step(self, direction: int) -> None:
        await self._wait_ready()
        if isinstance(self.focused, SelectOverlay):
            raise SkipAction()
        if direction > 0:
            self.focus_next()
        else:
            self.focus_previous()

    async def action_tree_key(self, action: str) -> None:
        await self._wait_ready()
        if self._in_fields() and action in ("cursor_up", "cursor_down") and self.focused:
            # Up / Down in the fields: the field above / below (a therapy's same column; below
            # the drug just typed, the empty row for the next).
            await self.fields().grow_therapies()
            target = self.fields().step_row(self.focused, 1 if action == "cursor_down" else -1)
            if target is not None:
                self.set_focus(target)
            return
        if not self._focus_on_tree():
            raise SkipAction()
        tree = self.tree_view()
        getattr(tree, f"action_{action}")()
        # The fields follow the cursor now, not when the tree's NodeHighlighted arrives: a
        # digit typed right behind Down goes to the criterion Down reached.
        if tree.selected() is not self.current:
            self._goto_index = 0
            await self._select(tree.selected())

    def action_scroll_detail(self, pages: int) -> None:
        # The tree keeps the focus (and its cursor): only the text below it moves, a pane's height
        # less one line a press (the last line read stays in sight). One line a press (nc27) took
        # six presses to read a long criterion at 80x24.
        detail = self.query_one("#detail", CriterionDetail)
        detail.scroll_relative(y=pages * max(1, detail.scrollable_content_region.height - 1), animate=False)

    async def action_next_open(self) -> None:
        await self._wait_ready()
        if self._focus_on_tree() and self.current is not None:
            self._pass_over()       # n from a criterion with its fields ready: not known
        await self._step(1)

    async def action_previous_open(self) -> None:
        await self._wait_ready()
        await self._step(-1)

    async def action_next_against(self) -> None:
        await self._wait_ready()
        await self._step(1, against=True)

    async def _step(self, direction: int, against: bool = False) -> None:
        if not self._focus_on_tree():
            raise SkipAction()      # typed in a field: a letter
        tree = self.tree_view()
        draft = app_of(self).draft
        if against:
            target = tree.step(direction, against=True)
        else:
            # n goes past what was passed as not known; N still reaches it (to go back).
            target = tree.step(direction, lambda node: bool(to_fill(node, draft, direction > 0)))
        if target is None:
            self.notify("Nothing here is against the patient." if against else self._nothing_to_fill(),
                        timeout=4)
            return
        node = tree.by_id[target].data
        self._goto_index = 0
        # Its fields ready under the tree; the focus stays on the tree, so a digit types the
        # value and the next n skips a criterion the clinician cannot answer (one key, not two).
        await self._select(node)

    def _nothing_to_fill(self) -> str:
        """What n says when no open criterion has an empty field left."""
        result = self.result
        if result is not None and result.verdict == "ineligible":
            return "Nothing left to type: this trial already rules the patient out (✗). Esc: the list."
        left = len(result.open) if result is not None else 0
        if not left:
            return "Nothing left to type: no criterion is open."
        passed = app_of(self).draft.passed & set(self.criteria_variables())
        known = f" ({len(passed)} here passed as not known: N goes back)" if passed else ""
        return (f"Nothing left to type: the {left} open criteria are for a person or wait on "
                f"values not known{known}. up / down reach them, m decides by hand.")

    def criteria_variables(self) -> list[str]:
        raise NotImplementedError
