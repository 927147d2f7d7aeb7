"""Every key binding of the app, screen by screen (? or F1)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys not declared as bindings of our classes but that a user needs to know.
_BUILT_IN = [
    ("Anywhere", [("ctrl+p", "command palette: open a trial, load a panel, import"),
                  ("ctrl+q", "quit"), ("tab / shift+tab", "next / previous field")]),
    ("Trial list", [("up / down", "move"), ("enter", "open the trial")]),
    ("Criteria tree", [("space", "expand or collapse one (enter too, where there is no field)"),
                       ("shift+space", "expand or collapse all below"), ("up / down", "move")]),
    ("A field under the tree", [("0-9 . - +", "on the tree: type the value into the first empty field"),
                                ("enter", "the next empty field; after the last, back to the tree"),
                                ("up / down", "the field above / below (a therapy's same column)"),
                                ("escape", "back to the tree"), ("any other key", "goes to the field")]),
    ("Patient panel", [("right", "accept a completion (drug names, yes/no words)"),
                       ("7.5 g/dL", "a unit may be typed after the number")]),
]


def _keys(binding: Binding) -> str:
    return " / ".join(k.strip() for k in binding.key.split(",")).replace("slash", "/") \
        .replace("question_mark", "?")


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__(classes="help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        out = Text()
        out.append("trialview keys\n", style="bold")
        out.append("✓ met   ✗ not met   ? open (data missing)   ☐ for a person to judge   ✎ decided by hand\n"
                   "An exclusion that is met excludes; its line says so.\n\n")
        listed: set[tuple[str, str]] = set()
        for title, bindings in self.sections:
            out.append(title + "\n", style="bold underline")
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                # A screen may bind an app key again (to keep it out of its footer): list it once.
                if (binding.key, binding.description) in listed:
                    continue
                listed.add((binding.key, binding.description))
                what = binding.description + (f": {binding.tooltip}" if binding.tooltip else "")
                out.append(f"  {_keys(binding):<18} {what}\n")
        for title, pairs in _BUILT_IN:
            out.append(title + "\n", style="bold underline")
            for key, what in pairs:
                out.append(f"  {key:<18} {what}\n")
        with VerticalScroll(id="help-box"):
            yield Static(out, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
