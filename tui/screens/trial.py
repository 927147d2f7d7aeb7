"""One trial: its facts, its criteria tree lit for the current patient, the selected criterion
in full, and the patient panel beside it (wide terminals) or a key away (F2, narrow ones)."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static, Tree
from textual.widgets.input import Selection

from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult
from trialview.model.trial import Trial
from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from rich.text import Text

from trialview.tui.labels import VERDICT_STYLE, VERDICT_WORD, first_against, plain, verdict_text
from trialview.tui.render import VERDICT_ICON
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.criterion_detail import CriterionDetail, variable_name
from trialview.tui.widgets.criterion_fields import CriterionFields
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.widgets.panel_form_parts import child
from trialview.tui.host import app_of
from trialview.tui.screens.trial_keys import TrialKeys
from trialview.tui.widgets.compact import KeyFooter

WIDE = 110          # columns from which the form fits beside the tree
_CYCLE = {None: "met", "met": "not_met", "not_met": None}
# an exclusion's first hand decision is most often "the patient does not have it" (nc28 pressed m
# to clear an exclusion and got "met": excluded)
_CYCLE_EXCLUSION = {None: "not_met", "not_met": "met", "met": None}
# Keys a clinician types as a value: on the tree, one of them opens the criterion's first field
# and lands in it.
_VALUE_KEYS = "0,1,2,3,4,5,6,7,8,9,full_stop,minus,plus"
_TREE_KEYS = {"up": "cursor_up", "down": "cursor_down", "pageup": "page_up",
              "pagedown": "page_down", "home": "scroll_home", "end": "scroll_end"}


class TrialScreen(TrialKeys):
    """The tree is the form: the selected criterion's fields sit under the tree. The keys that
    move between them are priority bindings, acted on in trial_keys.py (bursts over SSH)."""

    # The footer must fit 80 columns: it shows n Next, Enter, m, F2 and F1 only. The other
    # keys stay in help (F1, ?) and in the command palette's key list (ctrl+p, "Keys").
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Back", show=False, priority=True,
                tooltip="from a field: back to the tree; from the tree: back to the list"),
        Binding("n", "next_open", "Next", priority=True,
                tooltip="next open criterion with a field still empty, its fields ready under the "
                        "tree; the fields it showed and you left empty (n, escape) are passed as "
                        "not known and not asked again, in this trial or another (those, the ones "
                        "only a person can judge, or all filled: N, up / down)"),
        Binding("N", "previous_open", "Previous to fill", show=False, priority=True,
                tooltip="previous open criterion with a field empty, passed ones too"),
        Binding("x", "next_against", "Against", show=False, priority=True,
                tooltip="next criterion against the patient (what makes the trial ✗)"),
        Binding("enter", "enter", "Type", priority=True,
                tooltip="on a criterion: type its first field (a digit also does); in a field: "
                        "the next field, then back to the tree"),
        Binding(_VALUE_KEYS, "value_key", "", show=False, priority=True),
        Binding("tab", "focus_step(1)", "", show=False, priority=True),
        Binding("shift+tab", "focus_step(-1)", "", show=False, priority=True),
        *[Binding(key, f"tree_key('{action}')", "", show=False, priority=True)
          for key, action in _TREE_KEYS.items()],
        # Listed in help as one row (help.py): ctrl+down / ctrl+up.
        Binding("ctrl+down", "scroll_detail(1)", "", show=False, priority=True),
        Binding("ctrl+up", "scroll_detail(-1)", "", show=False, priority=True),
        Binding("m", "decide", "Decide", tooltip="decide by hand: met / not met / undecided (an exclusion: not met first)"),
        Binding("f2", "toggle_form", "Panel", priority=True,
                tooltip="switch between the criteria and the full patient panel"),
        Binding("f3", "toggle_bedside", "Bedside", show=False,
                tooltip="only the fields this trial uses / all fields (in the full panel)"),
        Binding("g", "goto_field", "Field", show=False,
                tooltip="type the next field that decides it (again: the one after)"),
        Binding("a", "ask", "Ask next", show=False,
                tooltip="enter the value (or decide the criterion) that would settle this trial soonest"),
        Binding("w", "worksheet", "Worksheet", show=False, tooltip="write a Markdown screening worksheet"),
        # The app's own F4 and ctrl+s, bound again here only to keep them out of this footer.
        Binding("f4", "app.panels", "Panels", show=False,
                tooltip="saved panels: load, save, rename, delete, new"),
        Binding("ctrl+s", "app.save_panel", "Save", show=False, tooltip="save the current patient panel"),
    ]
    # The same keys once more without priority: a key typed right behind the Enter that opened
    # this trial was already handed to the list when the app read it; it reaches this screen's
    # bindings only as it bubbles back up, and only ordinary bindings are looked up then.
    BINDINGS += [replace(b, priority=False, show=False)
                 for b in BINDINGS if isinstance(b, Binding) and b.priority]
    # Focus the tree as soon as the screen is composed, not after its on_mount: n and N work at once.
    AUTO_FOCUS = "#criteria"

    def __init__(self, trial: Trial, tree: CriteriaTree) -> None:
        super().__init__(id="trial")
        self.trial = trial
        self.criteria = tree
        self.result = None
        self.bedside = True
        self.seen_version = -1
        self._goto_index = 0
        self.current = None

    def compose(self) -> ComposeResult:
        self._match()
        yield Static("", id="trial-header", markup=False)
        with Horizontal(id="trial-body"):
            with Vertical(id="criteria-pane"):
                yield CriteriaTreeView(self.trial.title, self.criteria, self.result, id="criteria")
                yield CriterionFields(app_of(self).draft, self.criteria.variables(), self._typed,
                                      id="fields")
                yield CriterionDetail(id="detail")
            if self.app.size.width >= WIDE:
                yield self._new_form()
        yield KeyFooter()

    # The patient form is built when it is first shown (F2, or a wide terminal): a form of
    # dozens of fields is most of a trial screen's widgets, and Textual restyles every widget of
    # a screen each time it is shown.

    def _new_form(self) -> PanelForm:
        return PanelForm(app_of(self).draft, self._bedside_fields(), id="trial-form",
                         context=lambda: (self.trial.trial_id, self.criteria, self.result))

    def form(self) -> PanelForm | None:
        """The patient form, if it was built. Looked for among the trial body's children, where
        it is mounted: asked twice a keystroke, a query of the whole screen (every widget matched
        against the selector) cost 0.54 ms of CPU each time, 0.05 ms so (issue 13)."""
        found = self.query_one("#trial-body").query_children("#trial-form")
        return found.first(PanelForm) if found else None

    async def panel_form(self) -> PanelForm:
        """The patient form, built now if it was not yet."""
        form = self.form()
        if form is None:
            form = self._new_form()
            await self.query_one("#trial-body").mount(form)
        return form

    def criteria_variables(self) -> list[str]:
        return self.criteria.variables()

    def fields(self) -> CriterionFields:
        return self.query_one("#fields", CriterionFields)

    def tree_view(self) -> CriteriaTreeView:
        return self.query_one("#criteria", CriteriaTreeView)

    async def on_mount(self) -> None:
        # The tree may have taken a key (n) while the screen was still mounting: show what it
        # selected, not the trial's facts over it.
        self.patient_changed(force=True)
        if self.focused is None:
            self.set_focus(self.tree_view())
        self._layout(self.size.width)
        if self.current is None:
            await self.fields().show(self.tree_view().selected())
        self._ready.set()

    def _bedside_fields(self) -> list[str] | None:
        return self.criteria.variables() if self.bedside else None

    # --- matching: the open trial re-matches synchronously (microseconds) --------------------

    def _match(self) -> MatchResult:
        draft = app_of(self).draft
        self.seen_version = draft.version
        self.result = match_trial(self.trial.trial_id, self.trial.title, self.criteria, draft.panel())
        return self.result

    def patient_changed(self, force: bool = False) -> None:
        if not force and self.seen_version == app_of(self).draft.version:
            return          # already shown: the keystroke that made this change showed it
        self._match()
        assert self.result is not None
        self.tree_view().show_result(self.result)
        self._show_header()
        self._show_selected()
        form = self.form()
        if form is not None:
            form.refresh_readers()

    def _typed(self, var_id: str) -> None:
        """A field under the tree changed the draft, inside its keystroke: this screen repaints
        in the frame that echoes the key, then the app tells the screens below (the list)."""
        app_of(self).patient_changed()
        form = self.form()
        if form is not None:
            # The full form beside the tree shows the same value.
            row = child(form, f"field-{var_id}", FieldRow)
            if row is not None:
                row.load()

    def _show_header(self) -> None:
        header = verdict_text(self.result)
        result = self.result
        if result is not None and result.verdict == "ineligible" and result.blockers:
            # The first reason against, in the words `trialview match` prints (x goes to it).
            header = Text(f"{VERDICT_ICON['ineligible']} {VERDICT_WORD['ineligible']}: ",
                          style=VERDICT_STYLE["ineligible"])
            header.append(first_against(result))
        header.append("  " + plain(self.trial.trial_id), style="bold")
        facts = [self.trial.status, f"phase {self.trial.phase}" if self.trial.phase else None]
        header.append("  " + " · ".join(plain(f) for f in facts if f))
        header.append("  " + plain(self.trial.title))
        header.truncate(max(20, self.size.width * 2), overflow="ellipsis")
        self.query_one("#trial-header", Static).update(header, layout=False)   # one line, always

    def _show_selected(self) -> None:
        tree = self.tree_view()
        detail = self.query_one("#detail", CriterionDetail)
        node = self.current or tree.selected()
        if node is None or node.kind == "section":
            detail.show_trial(self.trial)
            return
        status = self.result.statuses.get(node.id) if self.result else None
        detail.show_criterion(node, tree.section_of.get(node.id), status)

    @on(Tree.NodeHighlighted)
    async def _highlighted(self, event: Tree.NodeHighlighted[CriterionNode]) -> None:
        # This message comes after the keys the app has read since: skip it when it is stale
        # (n has sent the cursor elsewhere, or a key already showed this node), and while a
        # field is being typed (the criterion it decides stays the one shown).
        tree = self.tree_view()
        if tree.pending or event.node is not tree.cursor_node or event.node.data is self.current \
                or self.fields().has_focus_within:
            return
        self._goto_index = 0
        await self._select(event.node.data)

    async def _select(self, node: CriterionNode | None) -> None:
        self.current = node
        self._show_selected()
        await self.fields().show(node)
        # The fields took lines from the tree: keep the criterion's line in sight above them.
        self.call_after_refresh(self._reveal)

    def _reveal(self) -> None:
        tree = self.tree_view()
        target = tree.by_id.get(self.current.id) if self.current is not None else None
        if target is not None and target.line >= 0:
            tree.scroll_to_node(target, animate=False)

    def on_screen_resume(self) -> None:
        # The panel may have been edited or loaded from another screen meanwhile.
        if self.seen_version != app_of(self).draft.version:
            form = self.form()
            if form is not None:
                self.run_worker(form.reload(), exclusive=True, group="form")
            self.fields().reload()
            self.patient_changed()

    @on(PanelForm.Edited)
    def _form_edited(self) -> None:
        # The full form changed a value (the app re-matches): the fields under the tree show it.
        self.fields().reload()

    # --- layout: side by side when wide, one at a time when narrow ----------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        wide = width >= WIDE
        self.set_class(wide, "-wide")
        if wide:
            # The full form sits beside the tree: nothing is hidden behind it any more.
            self.set_class(False, "-form")
            if self.form() is None:
                self.run_worker(self.panel_form(), exclusive=True, group="form")
        elif self.has_class("-form") is False and self._focus_in_form():
            self.set_focus(self.tree_view())     # the form beside the tree was hidden under the focus

    def _focus_in_form(self) -> bool:
        form = self.form()
        return form is not None and form.has_focus_within

    async def action_toggle_form(self) -> None:
        await self._wait_ready()
        form = await self.panel_form()
        if self.has_class("-wide"):
            if form.has_focus_within:
                self.set_focus(self.tree_view())
            else:
                form.focus_first()
            return
        showing = not self.has_class("-form")
        self.set_class(showing, "-form")
        if showing:
            form.focus_first()
        else:
            self.set_focus(self.tree_view())

    async def action_toggle_bedside(self) -> None:
        self.bedside = not self.bedside
        form = self.form()
        if form is not None:
            await form.show_fields(self._bedside_fields())
        self.notify("Bedside: only the fields this trial uses." if self.bedside else "All fields.",
                    timeout=2)

    # --- criterion actions -------------------------------------------------------------------

    async def action_decide(self) -> None:
        await self._wait_ready()
        node = self._criterion()
        if node is None or node.kind == "section":
            self.notify("Select a criterion first.", timeout=2)
            return
        draft = app_of(self).draft
        exclusion = node.section == "exclusion"
        decision = (_CYCLE_EXCLUSION if exclusion else _CYCLE)[draft.decision(self.trial.trial_id, node.id)]
        # bound to the criterion's text (panel.md): a re-imported trial whose text changed keeps
        # the decision from moving to another criterion
        draft.decide(self.trial.trial_id, node.id, decision, node.text)
        app_of(self).patient_changed()
        words = {"met": "met (by hand): excludes" if exclusion else "met (by hand)",
                 "not_met": "not met (by hand): does not exclude" if exclusion else "not met (by hand)",
                 None: "undecided: the machine decides"}
        self.notify(f"{node.id}: {words[decision]}", timeout=2)

    async def action_goto_field(self) -> None:
        await self._wait_ready()
        fields = self.fields()
        if not fields.shown:
            self.notify("Nothing in the panel decides this criterion.", timeout=2)
            return
        var_id = fields.shown[self._goto_index % len(fields.shown)]
        self._goto_index += 1
        if not await self._open(self._criterion(), var_id):
            self.notify(f"No field for {variable_name(var_id)}.", timeout=2)
            return
        field = self.focused
        if isinstance(field, Input):
            # g lands to show a field (a drug the criterion counts): the cursor at the end, not
            # the value selected, so a second g (a letter now) adds to the name instead of
            # replacing it. Queued behind the field's Focus, which selects all of it.
            field.call_later(lambda: setattr(field, "selection", Selection.cursor(len(field.value))))

    async def action_ask(self) -> None:
        """Ask next, for this trial: the answer that could rule it out (or decide it) soonest."""
        from trialview.model.matching.ask import ask_next
        from trialview.model.matching.compact import compact_tree

        trial_id = self.trial.trial_id
        if self.result is None or self.result.verdict != "unknown":
            self.notify("This trial is decided: nothing to ask for it.", timeout=2)
            return
        best = ask_next(app_of(self).draft.panel(), {trial_id: compact_tree(self.criteria)},
                        {trial_id: self.result}, limit=1)
        if not best:
            self.notify("No single answer decides anything more here: see the open criteria (n).", timeout=3)
            return
        ask = best[0]
        if ask.kind == "criterion":
            self.query_one(CriteriaTreeView).select_id(ask.variable)
            self.notify(f"Ask next: {ask.variable}, for a person to judge (m decides it by hand).", timeout=3)
            return
        self.notify(f"Ask next: {ask.label}", timeout=2)
        await self._enter(ask.variable)

    async def _enter(self, var_id: str) -> None:
        """Open the patient form at the field of `var_id`."""
        form = await self.panel_form()
        if self.bedside and not form.has_field(var_id):
            # Bedside mode hides the field that decides it: show all fields rather than a dead end.
            self.bedside = False
            await form.show_fields(None)
            self.notify(f"All fields: {variable_name(var_id)} is not among this trial's bedside "
                        "fields (F3: back to bedside).", timeout=4)
        if not self.has_class("-wide"):
            self.set_class(True, "-form")
        self.call_after_refresh(self._focus_field, form, var_id)

    def _focus_field(self, form: PanelForm, var_id: str) -> None:
        if not form.focus_field(var_id):
            self.notify(f"No field for {variable_name(var_id)} in the form.", timeout=2)

    def action_worksheet(self) -> None:
        app_of(self).write_worksheet(self.trial, self.criteria, self.result)
