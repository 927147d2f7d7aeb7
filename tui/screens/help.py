"""Every key binding of the app, screen by screen (? or F1)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trialview.model.matching.effect import LEGEND

# Keys not declared as bindings of our classes but that a user needs to know, by section. The
# README's key table lists the same keys under the same titles (a test holds them together).
_BUILT_IN: dict[str, list[tuple[str, str]]] = {
    "Anywhere": [("ctrl+p", "command palette: open a trial, load a panel, import"),
                 ("tab / shift+tab", "next / previous field")],
    "Trial list": [("up / down", "move"), ("enter", "open the trial")],
    "Trial": [("space", "expand or collapse one criterion (enter too, where it has no field)"),
              ("shift+space", "expand or collapse all below"),
              ("up / down", "move, over every criterion (☐ for a person too)"),
              ("ctrl+down / ctrl+up", "scroll the selected criterion's full text (under the fields) a page"),
              ("0-9 . - +", "type the value into the first empty field under the tree")],
    "A field under the tree": [("enter", "the next empty field; after the last, back to the tree "
                                "(on \"did you mean g/dL?\" or a drug name completed: take it, "
                                "then the next field)"),
                               ("up / down", "the field above / below (a therapy's same column; "
                                "below the last drug, the empty row's drug)"),
                               ("escape", "back to the tree"),
                               ("p / neg / + / - / y / n", "short answers: the start of a choice or "
                                "lab shorthand; the field shows it as read (positive) once left"),
                               ("typing in a filled field", "replaces its value (selected on entering)"),
                               ("any other key", "goes to the field (no, n are values, not keys)")],
    "Patient panel (F2)": [("pageup / pagedown", "scroll the form a screen up / down"),
                           ("right", "accept a completion (drug names, yes/no words)"),
                           ("7.5 g/dL", "a unit may be typed after the number (10 mg/day, 34 years, 6y "
                            "in a field in months); a bare number is read in the unit shown (U/L "
                            "for ALT and AST, with the lab's ULN); Tab passes the unit lists, a "
                            "click opens one"),
                           ("7.5 g/dL 2026-08-01", "the day a value was measured, after it (a value "
                            "with no date is one of the screening date); the field then says how "
                            "long before screening, and whether that is too old to decide"),
                           ("space", "switch a toggle (a therapy taken now, the whole history)")],
    "Saved panels (F4)": [("enter", "load the highlighted panel")],
}


def _keys(binding: Binding) -> str:
    return " / ".join(k.strip() for k in binding.key.split(",")).replace("slash", "/") \
        .replace("question_mark", "?")


def key_table(sections: list[tuple[str, list[BindingType]]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every key with what it does, section by section: the bindings that have a description
    (an app key bound again by a screen, to keep it out of that footer, is listed once), then
    the built-in keys of that section."""
    listed: set[tuple[str, str]] = set()
    table: list[tuple[str, list[tuple[str, str]]]] = []
    for title, bindings in sections:
        rows: list[tuple[str, str]] = []
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if (binding.key, binding.description) in listed:
                continue
            listed.add((binding.key, binding.description))
            rows.append((_keys(binding),
                         binding.description + (f": {binding.tooltip}" if binding.tooltip else "")))
        table.append((title, rows + _BUILT_IN.get(title, [])))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__(classes="help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        out = Text()
        out.append("trialview keys\n", style="bold")
        out.append(f"{LEGEND}   ✎ decided by hand\n"
                   "Icons and colours say the effect on the patient: an exclusion that applies "
                   "reads ✗ against.\n"
                   "The list's Fit: ✓ fits · ✗ 2: two criteria against · ? 6: six still open.\n\n")
        for title, rows in key_table(self.sections):
            out.append(title + "\n", style="bold underline")
            for key, what in rows:
                out.append(f"  {key:<18} {what}\n")
        with VerticalScroll(id="help-box"):
            yield Static(out, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
