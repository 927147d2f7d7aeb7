"""One trial: its facts, its criteria tree lit for the current patient, the selected criterion
in full, and the patient panel beside it (wide terminals) or a key away (F2, narrow ones)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from model.match import MatchResult, match_trial
from model.trial import Trial
from model.criteria.tree import CriteriaTree
from tui.labels import plain, verdict_text
from tui.widgets.criteria_tree import CriteriaTreeView
from tui.widgets.criterion_detail import CriterionDetail
from tui.widgets.panel_form import PanelForm

WIDE = 110          # columns from which the form fits beside the tree
_CYCLE = {None: "met", "met": "not_met", "not_met": None}


class TrialScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("f2", "toggle_form", "Panel", tooltip="switch between the criteria and the patient panel"),
        Binding("f3", "toggle_bedside", "Bedside", tooltip="only the fields this trial uses / all fields"),
        Binding("m", "decide", "Decide", tooltip="cycle met / not met / undecided by hand"),
        Binding("g", "goto_field", "Field", tooltip="jump to the panel field that decides it"),
        Binding("w", "worksheet", "Worksheet", tooltip="write a Markdown screening worksheet"),
    ]

    def __init__(self, trial: Trial, tree: CriteriaTree) -> None:
        super().__init__(id="trial")
        self.trial = trial
        self.criteria = tree
        self.result: MatchResult | None = None
        self.bedside = True
        self.seen_version = -1
        self._goto_index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="trial-header", markup=False)
        with Horizontal(id="trial-body"):
            with Vertical(id="criteria-pane"):
                yield CriteriaTreeView(self.trial.title, self.criteria, id="criteria")
                yield CriterionDetail(id="detail")
            yield PanelForm(self.app.draft, self._bedside_fields(), id="trial-form")
        yield Footer()

    def on_mount(self) -> None:
        self.patient_changed()
        self.query_one("#detail", CriterionDetail).show_trial(self.trial)
        self.query_one(CriteriaTreeView).focus()
        self._layout(self.size.width)

    def _bedside_fields(self) -> list[str] | None:
        return self.criteria.variables() if self.bedside else None

    # --- matching: the open trial re-matches synchronously (microseconds) --------------------

    def patient_changed(self) -> None:
        draft = self.app.draft
        self.seen_version = draft.version
        self.result = match_trial(self.trial.trial_id, self.trial.title, self.criteria, draft.panel())
        tree = self.query_one(CriteriaTreeView)
        tree.show_result(self.result)
        self._show_header()
        self._show_selected()

    def _show_header(self) -> None:
        header = verdict_text(self.result)
        header.append("  " + plain(self.trial.trial_id), style="bold")
        facts = [self.trial.status, f"phase {self.trial.phase}" if self.trial.phase else None]
        header.append("  " + " · ".join(plain(f) for f in facts if f))
        header.append("  " + plain(self.trial.title))
        header.truncate(max(20, self.size.width * 2), overflow="ellipsis")
        self.query_one("#trial-header", Static).update(header)

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
        if self.seen_version != self.app.draft.version:
            self.run_worker(self.query_one(PanelForm).reload(), exclusive=True, group="form")
            self.patient_changed()

    # --- layout: side by side when wide, one at a time when narrow ----------------------------

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width >= WIDE, "-wide")

    def action_toggle_form(self) -> None:
        form = self.query_one(PanelForm)
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
        await self.query_one(PanelForm).show_fields(self._bedside_fields())
        self.notify("Bedside: only the fields this trial uses." if self.bedside else "All fields.",
                    timeout=2)

    def action_back(self) -> None:
        if self.has_class("-form"):
            self.action_toggle_form()
        else:
            self.app.pop_screen()

    # --- criterion actions -------------------------------------------------------------------

    def action_decide(self) -> None:
        node = self.query_one(CriteriaTreeView).selected()
        if node is None or node.kind == "section":
            self.notify("Select a criterion first.", timeout=2)
            return
        draft = self.app.draft
        decision = _CYCLE[draft.decision(self.trial.trial_id, node.id)]
        draft.decide(self.trial.trial_id, node.id, decision)
        self.app.patient_changed()
        words = {"met": "met (by hand)", "not_met": "not met (by hand)", None: "undecided: the machine decides"}
        self.notify(f"{node.id}: {words[decision]}", timeout=2)

    def action_goto_field(self) -> None:
        needs = self.query_one("#detail", CriterionDetail).needs
        if not needs:
            self.notify("Nothing in the panel decides this criterion.", timeout=2)
            return
        var_id = needs[self._goto_index % len(needs)]
        self._goto_index += 1
        form = self.query_one(PanelForm)
        if not self.has_class("-wide"):
            self.set_class(True, "-form")
        self.call_after_refresh(self._focus_field, form, var_id)

    def _focus_field(self, form: PanelForm, var_id: str) -> None:
        if not form.focus_field(var_id):
            self.notify(f"No field for {var_id} in the form.", timeout=2)

    def action_worksheet(self) -> None:
        self.app.write_worksheet(self.trial, self.criteria, self.result)
