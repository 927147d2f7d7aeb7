"""One trial: its facts, its criteria tree lit for the current patient, the selected criterion
in full, and the patient panel beside it (wide terminals) or a key away (F2, narrow ones)."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult
from trialview.model.trial import Trial
from trialview.model.criteria.tree import CriteriaTree
from trialview.tui.labels import plain, verdict_text
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.criterion_detail import CriterionDetail, variable_name
from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.host import app_of

WIDE = 110          # columns from which the form fits beside the tree
_CYCLE = {None: "met", "met": "not_met", "not_met": None}


class TrialScreen(Screen[None]):
    # The footer must fit 80 columns: it shows n Next (the tree's), m, F2 and F1 only. The other
    # keys stay in help (F1, ?) and in the command palette's key list (ctrl+p, "Keys").
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        Binding("m", "decide", "Decide", tooltip="cycle met / not met / undecided by hand"),
        Binding("f2", "toggle_form", "Panel", tooltip="switch between the criteria and the patient panel"),
        Binding("f3", "toggle_bedside", "Bedside", show=False,
                tooltip="only the fields this trial uses / all fields"),
        Binding("g", "goto_field", "Field", show=False, tooltip="jump to the panel field that decides it"),
        Binding("a", "ask", "Ask next", show=False,
                tooltip="enter the value (or decide the criterion) that would settle this trial soonest"),
        Binding("w", "worksheet", "Worksheet", show=False, tooltip="write a Markdown screening worksheet"),
        # The app's own F4 and ctrl+s, bound again here only to keep them out of this footer.
        Binding("f4", "app.panels", "Panels", show=False,
                tooltip="saved panels: load, save, rename, delete, new"),
        Binding("ctrl+s", "app.save_panel", "Save", show=False, tooltip="save the current patient panel"),
    ]
    # Focus the tree as soon as the screen is composed, not after its on_mount: n and N work at once.
    AUTO_FOCUS = "#criteria"

    def __init__(self, trial: Trial, tree: CriteriaTree) -> None:
        super().__init__(id="trial")
        self.trial = trial
        self.criteria = tree
        self.result: MatchResult | None = None
        self.bedside = True
        self.seen_version = -1
        self._goto_index = 0

    def compose(self) -> ComposeResult:
        self._match()
        yield Static("", id="trial-header", markup=False)
        with Horizontal(id="trial-body"):
            with Vertical(id="criteria-pane"):
                yield CriteriaTreeView(self.trial.title, self.criteria, self.result, id="criteria")
                yield CriterionDetail(id="detail")
            if self.app.size.width >= WIDE:
                yield self._new_form()
        yield Footer()

    # The patient form is built when it is first shown (F2, g, or a wide terminal): a form of
    # dozens of fields is most of a trial screen's widgets, and Textual restyles every widget of
    # a screen each time it is shown.

    def _new_form(self) -> PanelForm:
        return PanelForm(app_of(self).draft, self._bedside_fields(), id="trial-form",
                         context=lambda: (self.trial.trial_id, self.criteria, self.result))

    def form(self) -> PanelForm | None:
        """The patient form, if it was built."""
        found = self.query("#trial-form")
        return found.first(PanelForm) if found else None

    async def panel_form(self) -> PanelForm:
        """The patient form, built now if it was not yet."""
        form = self.form()
        if form is None:
            form = self._new_form()
            await self.query_one("#trial-body").mount(form)
        return form

    def on_mount(self) -> None:
        # The tree may have taken a key (n) while the patient form was still mounting: show what
        # it selected, not the trial's facts over it.
        self.patient_changed()
        if self.focused is None:
            self.set_focus(self.query_one(CriteriaTreeView))
        self._layout(self.size.width)

    def _bedside_fields(self) -> list[str] | None:
        return self.criteria.variables() if self.bedside else None

    # --- matching: the open trial re-matches synchronously (microseconds) --------------------

    def _match(self) -> MatchResult:
        draft = app_of(self).draft
        self.seen_version = draft.version
        self.result = match_trial(self.trial.trial_id, self.trial.title, self.criteria, draft.panel())
        return self.result

    def patient_changed(self) -> None:
        result = self._match()
        tree = self.query_one(CriteriaTreeView)
        tree.show_result(result)
        self._show_header()
        self._show_selected()
        form = self.form()
        if form is not None:
            form.refresh_readers()

    def _show_header(self) -> None:
        header = verdict_text(self.result)
        header.append("  " + plain(self.trial.trial_id), style="bold")
        facts = [self.trial.status, f"phase {self.trial.phase}" if self.trial.phase else None]
        header.append("  " + " · ".join(plain(f) for f in facts if f))
        header.append("  " + plain(self.trial.title))
        header.truncate(max(20, self.size.width * 2), overflow="ellipsis")
        self.query_one("#trial-header", Static).update(header, layout=False)   # one line, always

    def _show_selected(self) -> None:
        tree = self.query_one(CriteriaTreeView)
        detail = self.query_one("#detail", CriterionDetail)
        node = tree.selected()
        if node is None or node.kind == "section":
            detail.show_trial(self.trial)
            return
        status = self.result.statuses.get(node.id) if self.result else None
        detail.show_criterion(node, tree.section_of.get(node.id), status)

    @on(Tree.NodeHighlighted)
    def _highlighted(self) -> None:
        self._goto_index = 0
        self._show_selected()

    def on_screen_resume(self) -> None:
        # The panel may have been edited or loaded from another screen meanwhile.
        if self.seen_version != app_of(self).draft.version:
            form = self.form()
            if form is not None:
                self.run_worker(form.reload(), exclusive=True, group="form")
            self.patient_changed()

    # --- layout: side by side when wide, one at a time when narrow ----------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width >= WIDE, "-wide")
        if width >= WIDE and self.form() is None:
            self.run_worker(self.panel_form(), exclusive=True, group="form")

    async def action_toggle_form(self) -> None:
        form = await self.panel_form()
        if self.has_class("-wide"):
            if form.has_focus_within:
                self.query_one(CriteriaTreeView).focus()
            else:
                form.focus_first()
            return
        showing = not self.has_class("-form")
        self.set_class(showing, "-form")
        if showing:
            self.call_after_refresh(form.focus_first)
        else:
            self.query_one(CriteriaTreeView).focus()

    async def action_toggle_bedside(self) -> None:
        self.bedside = not self.bedside
        form = self.form()
        if form is not None:
            await form.show_fields(self._bedside_fields())
        self.notify("Bedside: only the fields this trial uses." if self.bedside else "All fields.",
                    timeout=2)

    async def action_back(self) -> None:
        if self.has_class("-form"):
            await self.action_toggle_form()     # a coroutine: not awaited, Esc did nothing
        else:
            self.app.pop_screen()

    # --- criterion actions -------------------------------------------------------------------

    def action_decide(self) -> None:
        node = self.query_one(CriteriaTreeView).selected()
        if node is None or node.kind == "section":
            self.notify("Select a criterion first.", timeout=2)
            return
        draft = app_of(self).draft
        decision = _CYCLE[draft.decision(self.trial.trial_id, node.id)]
        draft.decide(self.trial.trial_id, node.id, decision)
        app_of(self).patient_changed()
        words = {"met": "met (by hand)", "not_met": "not met (by hand)", None: "undecided: the machine decides"}
        self.notify(f"{node.id}: {words[decision]}", timeout=2)

    async def action_goto_field(self) -> None:
        needs = self.query_one("#detail", CriterionDetail).needs
        if not needs:
            self.notify("Nothing in the panel decides this criterion.", timeout=2)
            return
        var_id = needs[self._goto_index % len(needs)]
        self._goto_index += 1
        await self._enter(var_id)

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
