"""The trialview terminal app: `make_app` builds it (for the command line and the tests),
`run` fills an empty store with the bundled sample trials and runs it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.ask import Suggestion
from trialview.model.matching.result import MatchResult
from trialview.model.trial import Trial
from trialview.store import StoreBusy, StoreDamaged
from trialview.tui.failures import crash_line, save_failure
from trialview.tui.commands import TrialviewCommands
from trialview.tui.keys import KeyOrder
from trialview.tui.labels import plain
from trialview.tui.list_work import ListWork
from trialview.tui.patient import PatientDraft
from trialview.tui.screens.main import MainScreen
from trialview.tui.screens.prompt import PromptScreen

# The other screens (a trial, the form, saved panels, help) are imported when first opened: the list is what a cold start shows, and every module less is time to its first paint.

if TYPE_CHECKING:   # types only: the store's modules load when the app opens one, not before
    from trialview.store import Store
    from trialview.store.importing import ImportReport
    from trialview.tui.widgets.panel_form import PanelForm



class TrialviewApp(ListWork, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "trialview"
    COMMANDS = App.COMMANDS | {TrialviewCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="every key, screen by screen"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f4", "panels", "Panels", tooltip="saved panels: load, save, rename, delete, new"),
        Binding("ctrl+s", "save_panel", "Save", tooltip="save the current patient panel"),
        # Textual's own ctrl+q, shown: a newcomer found no way out in any footer.
        Binding("ctrl+q", "quit", "Quit", priority=True,
                tooltip="asks first when the panel has unsaved changes"),
    ]

    def __init__(self, store: Store, no_save: bool = False, today: dt.date | None = None,
                 export_dir: Path | None = None) -> None:
        super().__init__()
        self._keys = KeyOrder(self, super().on_event)     # bursts act as if typed slowly
        self.store = store
        self.no_save = no_save
        self.draft = PatientDraft(today)
        self.export_dir = export_dir

    STORE_POLL_S = 2.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._keys.take(event)
        else:
            await super().on_event(event)

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        # Another session (a second SSH login, `trialview import` in another terminal) may
        # change the store: notice it and show its trials rather than work on a stale list.
        self._store_token = self.store.version_token()
        self.set_interval(self.STORE_POLL_S, self.check_store_changed)

    def check_store_changed(self) -> bool:
        token = self.store.version_token()
        if token == self._store_token:
            return False
        self._store_token = token
        self.forget_list_matcher()
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.reload_trials()
        self.notify("The trials changed in another session: the list is up to date again.", timeout=4)
        return True

    # --- the current patient -----------------------------------------------------------------

    def on_panel_form_edited(self) -> None:
        """A PanelForm.Edited (by handler name: the form is imported when first shown)."""
        self.patient_changed()
        # A form reports an edit by message, once the key's echo is painted: the list's pass
        # need not wait for the frame of the screen on top, which Textual's 60 fps timer draws
        # up to 17 ms later (its steps give that frame a turn every 2 ms; issue 13).
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen) and screen is not self.screen:
                screen.rematch_if_new()

    def patient_changed(self) -> None:
        """The draft changed: every screen that shows a match refreshes its own way, the one on
        top (the one being typed in) first."""
        for screen in reversed(self.screen_stack):
            if hasattr(screen, "patient_changed"):
                screen.patient_changed()

    def label_changed(self) -> None:
        """The panel's label changed (typed, or given when saving): the screens that show it say
        the new one (nc28 saved as "LN-bed7" and the list still said "unnamed patient")."""
        for screen in self.screen_stack:
            if hasattr(screen, "label_changed"):
                screen.label_changed()

    async def keep_or_drop_changes(self, doing: str) -> bool:
        """Before quitting, starting a new panel or loading another: when the panel has unsaved
        changes, ask (save / discard / cancel). True: go ahead."""
        from trialview.tui.screens.prompt import UnsavedScreen

        if not self.draft.unsaved():
            return True
        answer = await self.push_screen_wait(UnsavedScreen(doing, can_save=not self.no_save))
        if answer == "save":
            return await self.save_panel()
        return answer == "discard"

    async def action_quit(self) -> None:
        if not self.draft.unsaved():
            await super().action_quit()
            return
        self._quit_after_asking()

    @work(exclusive=True, group="unsaved")
    async def _quit_after_asking(self) -> None:
        if await self.keep_or_drop_changes("Quit?"):
            self.exit()

    @work(exclusive=True, group="unsaved")
    async def ask_then_load_panel(self, name: str) -> None:
        if await self.keep_or_drop_changes(f"Load {plain(name)}?"):
            self.load_panel(name)

    @work(exclusive=True, group="unsaved")
    async def ask_then_new_panel(self) -> None:
        if await self.keep_or_drop_changes("Start a new, empty panel?"):
            self.new_panel()

    def load_panel(self, name: str) -> None:
        saved = self.store.load_panel(name)
        if saved is None:
            self.notify(f"No saved panel {plain(name)}.", severity="error")
            return
        self.draft.load(saved.panel, label=saved.name)
        self._after_swap(f"Loaded {plain(saved.name)}.")

    def new_panel(self) -> None:
        self.draft.clear()
        self._after_swap("New patient: the panel is empty.")

    def _after_swap(self, message: str) -> None:
        for screen in self.screen_stack:
            for form in screen.query(".panel-form").results(_panel_form()):
                self.run_worker(form.reload())
        self.patient_changed()
        self.notify(message, timeout=3)

    async def save_panel(self, ask: bool = False) -> bool:
        if self.no_save:
            self.notify("--no-save: this session never writes a panel to disk.", severity="warning")
            return False
        label = self.draft.label
        name: str | None = label
        if ask or not name:
            name = await self.push_screen_wait(PromptScreen(
                "Save the panel as (a pseudonym or bed number, never a name):", label))
            if not name:
                return False
            self.draft.set_label(name)
            self.label_changed()
        try:
            self.store.save_panel(name, self.draft.panel())
        except (OSError, StoreBusy, StoreDamaged) as exc:
            # A full disk, a folder made read-only, a busy or damaged store: the store keeps
            # its last saved state (saves are atomic) and the draft stays on screen as typed.
            self.notify(f"Not saved: {plain(save_failure(exc))}. The panel is still here; "
                        "try again (ctrl+s) once that is fixed.", severity="error", timeout=12)
            return False
        self.draft.mark_saved()
        self.notify(f"Saved {plain(name)} (readable by you only).", timeout=3)
        return True

    # --- actions -----------------------------------------------------------------------------

    def open_trial(self, trial_id: str) -> None:
        trial, tree = self.store.get(trial_id), self.store.tree(trial_id)
        if trial is None or tree is None:
            self.notify(f"No trial {plain(trial_id)} in the store.", severity="error")
            return
        from trialview.tui.screens.trial import TrialScreen

        self.push_screen(TrialScreen(trial, tree))

    async def enter_answer(self, ask: Suggestion) -> None:
        """Jump to where the answer to `ask` is entered: its field in the patient form, or the
        trial of a criterion only a person can judge, on that criterion (m decides it).
        Awaited from the key's action, so keys typed right behind `a` wait for the form and
        land in the asked field (over SSH "a34" arrives in one burst)."""
        if ask.kind == "criterion" and ask.trial_id is not None:
            trial_id, node_id = ask.trial_id, ask.variable
            self.open_trial(trial_id)
            self.call_after_refresh(self._select_criterion, node_id)
            return
        from trialview.tui.screens.panel import PanelScreen

        if isinstance(self.screen, PanelScreen):
            await self.screen.go_to_question(ask)
            return
        screen = PanelScreen(first=ask)
        await self.push_screen(screen)
        await screen.build_rest()

    def _select_criterion(self, node_id: str) -> None:
        from trialview.tui.screens.trial import TrialScreen
        from trialview.tui.widgets.criteria_tree import CriteriaTreeView

        if isinstance(self.screen, TrialScreen):
            self.screen.query_one(CriteriaTreeView).select_id(node_id)

    async def open_panel(self, trial_id: str | None = None, first: Suggestion | None = None,
                         walk: bool = False) -> None:
        """The full form; `trial_id`: the trial whose criteria it shows beside the focused field;
        `first`: the question it opens on (else the field last typed in, or the label); `walk`:
        `first` is the chart walk's (chart_next). Awaited from the key: keys typed behind F2
        land in that field."""
        from trialview.tui.screens.panel import PanelScreen

        if not isinstance(self.screen, PanelScreen):
            screen = PanelScreen(trial_id, first=first, walk=walk)
            await self.push_screen(screen)
            await screen.build_rest()

    @classmethod
    def help_sections(cls) -> list[tuple[str, list[BindingType]]]:
        """The bindings the help screen (and the README's key table) lists, screen by screen."""
        from trialview.tui.screens.panel import PanelScreen
        from trialview.tui.screens.panels import PanelsScreen
        from trialview.tui.screens.trial import TrialScreen
        from trialview.tui.widgets.criteria_tree import CriteriaTreeView
        from trialview.tui.widgets.panel_form import PanelForm

        return [("Anywhere", list(cls.BINDINGS)), ("Trial list", list(MainScreen.BINDINGS)),
                ("Trial", [*TrialScreen.BINDINGS, *CriteriaTreeView.BINDINGS]),
                ("A field under the tree", []),
                ("Patient panel (F2)", [*PanelScreen.BINDINGS, *PanelForm.BINDINGS]),
                ("Saved panels (F4)", list(PanelsScreen.BINDINGS))]

    def action_help(self) -> None:
        from trialview.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def action_panels(self) -> None:
        from trialview.tui.screens.panels import PanelsScreen

        if not isinstance(self.screen, PanelsScreen):
            self.push_screen(PanelsScreen())

    @work
    async def action_save_panel(self) -> None:
        await self.save_panel()

    @work
    async def action_import(self) -> None:
        path = await self.push_screen_wait(PromptScreen(
            "Import trials from a file or folder (ClinicalTrials.gov JSON or XML, saved pages):",
            placeholder="path"))
        if path:
            self._import(os.path.expanduser(path))

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str) -> None:
        from trialview.store.importing import import_paths

        report = import_paths(self.store, [path])
        self.call_from_thread(self._imported, report)

    def _imported(self, report: ImportReport) -> None:
        self.forget_list_matcher()
        self._store_token = self.store.version_token()
        lines = [f"Imported {len(report.imported)} trial(s)."]
        lines += [f"{plain(p)}: {plain(e)}" for p, e in report.errors[:5]]
        self.notify("\n".join(lines), severity="error" if report.errors else "information", timeout=8)
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.reload_trials()

    # --- crashes -------------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Any unexpected error: exit non-zero with one line that says where, never what.

        Textual's own handler prints a traceback with every frame's local variables
        (show_locals=True): the patient's values, on a shared screen or in a scroll-back. The
        message of the error is left out too (a ValueError quotes the value it refused).
        """
        self._return_code = 1
        if self._exception is None:      # run_test re-raises it, so that tests see the crash
            self._exception = error
            self._exception_event.set()
        self.bell()
        self._exit_renderables.append(crash_line(error))
        self._close_messages_no_wait()

    def _fatal_error(self) -> None:      # Textual's other way in; never with locals
        import sys

        error = sys.exc_info()[1]
        self._handle_exception(error if isinstance(error, Exception) else RuntimeError("crash"))

    @work(exclusive=True, group="worksheet")
    async def write_worksheet(self, trial: Trial, tree: CriteriaTree, result: MatchResult | None) -> None:
        """Ask where (a new file under the user's documents folder by default, never the current
        directory), then write it for this user only, never over an existing file or a link."""
        from trialview.tui.export import ask_and_write_worksheet

        path = await ask_and_write_worksheet(self, trial, tree, result)
        if path is not None:
            self.last_worksheet = path


def _panel_form() -> type[PanelForm]:
    from trialview.tui.widgets.panel_form import PanelForm

    return PanelForm


def make_app(store: Store, no_save: bool = False, today: dt.date | None = None,
             export_dir: Path | None = None) -> TrialviewApp:
    return TrialviewApp(store, no_save=no_save, today=today, export_dir=export_dir)


def fill_with_samples(store: Store) -> None:
    """A first run shows real trials: an empty store gets the bundled sample_trials/."""
    from trialview import sample_trials
    from trialview.store.importing import import_paths

    if store.is_empty():
        import_paths(store, [Path(sample_trials.__file__).parent])


def run(store: Store, no_save: bool = False) -> int:
    """Run the app; its exit code (1 after a crash)."""
    fill_with_samples(store)
    app = make_app(store, no_save=no_save)
    app.run()
    return app.return_code or 0

