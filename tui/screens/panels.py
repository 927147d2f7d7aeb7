"""Saved patient panels: load, save, rename, delete, or start a new patient (F4)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rich.text import Text

from trialview.store import StoreBusy, StoreDamaged
from trialview.tui.failures import save_failure
from trialview.tui.labels import plain
from trialview.tui.screens.prompt import PromptScreen
from trialview.tui.host import app_of
from trialview.tui.widgets.compact import KeyFooter


class PanelsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("s", "save", "Save current"),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
        Binding("n", "new", "New patient"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="panels")

    def compose(self) -> ComposeResult:
        with Vertical(id="panels-box"):
            note = ("Saved panels (private to you: mode 0600). Labels are pseudonyms, never names."
                    if not app_of(self).no_save else
                    "This session was started with --no-save: panels are not written to disk.")
            yield Static(note, markup=False)
            yield OptionList(id="panel-list")
            yield Static("Enter: load   s: save current   r: rename   d: delete   n: new   Esc: close",
                         classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for name, saved_at in app_of(self).store.list_panels():
            options.add_option(Option(Text(f"{plain(name, 40):<40} {plain(saved_at)}"), id=name))
        if not options.option_count:
            options.add_option(Option(Text("(no saved panels)"), id="", disabled=True))
        else:
            options.highlighted = 0

    def _selected(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id or None

    @on(OptionList.OptionSelected)
    @work(exclusive=True, group="unsaved")
    async def _load(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        app = app_of(self)
        if name and await app.keep_or_drop_changes(f"Load {plain(name)}?"):
            app.load_panel(name)
            self.dismiss(None)

    def _writes_allowed(self) -> bool:
        if app_of(self).no_save:
            self.notify("--no-save: nothing is written to disk in this session.", severity="warning")
            return False
        return True

    @work
    async def action_save(self) -> None:
        if await app_of(self).save_panel(ask=True):
            self.refresh_list()

    @work
    async def action_rename(self) -> None:
        old = self._selected()
        if old is None or not self._writes_allowed():
            return
        new = await self.app.push_screen_wait(PromptScreen("New label (a pseudonym or bed number):", old))
        if not new:
            return
        try:
            app_of(self).store.rename_panel(old, new)
        except (ValueError, KeyError) as exc:
            self.notify(plain(str(exc)), severity="error")
            return
        except (OSError, StoreBusy, StoreDamaged) as exc:     # a full disk: say why, stay open
            self.notify(f"Not renamed: {plain(save_failure(exc))}.", severity="error")
            return
        if app_of(self).draft.label == old:
            app_of(self).draft.set_label(new)
        self.refresh_list()

    def action_delete(self) -> None:
        name = self._selected()
        if name is None or not self._writes_allowed():
            return
        try:
            app_of(self).store.delete_panel(name)
        except (OSError, StoreBusy, StoreDamaged) as exc:
            self.notify(f"Not deleted: {plain(save_failure(exc))}.", severity="error")
            return
        self.notify(f"Deleted the saved panel {plain(name)}.", timeout=3)
        self.refresh_list()

    @work(exclusive=True, group="unsaved")
    async def action_new(self) -> None:
        app = app_of(self)
        if await app.keep_or_drop_changes("Start a new, empty panel?"):
            app.new_panel()
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
