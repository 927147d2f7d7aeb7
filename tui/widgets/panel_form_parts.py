"""Parts of the patient form (panel_form.py) that stand on their own: which field answers a
question, the "+ add therapy" button that holds the keys typed behind its Enter, the field
finder's list of fields, and a row found by its id."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Button, Input
from textual.widgets.input import Selection

from trialview.model.drugs import DRUGS
from trialview.tui.widgets.field_finder import DRUG_CHOICE, drug_search_words
from trialview.tui.widgets.field_readers import THERAPIES
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.therapy_row import TherapyRow

if TYPE_CHECKING:
    from trialview.model.matching.ask import Suggestion

# The finder's item that gives an empty therapy row to type a drug in (as "+ add therapy" does,
# without Tabbing past every field to the button).
ADD_THERAPY = "add-therapy"

W = TypeVar("W", bound=Widget)


def child(form: Widget, widget_id: str, kind: type[W]) -> W | None:
    """The form's child with this id (a field's row, the readers pane), from the children's
    index: a query matched every widget of the form against a selector, ~1 ms of a keystroke at
    120x40 each time (issue 13)."""
    try:
        return form.get_child_by_id(widget_id, kind)
    except NoMatches:
        return None


HISTORY_BOX = "therapy-history"         # the tick box: the therapy list is the whole history


def finder_choices(rows: list[FieldRow], therapies: bool) -> list[tuple[str, str, str]]:
    """(id, label, searched words) of every field shown (`rows`, and the therapy table if shown),
    for the field finder."""
    out = [("input-label", "Patient label", "patient label pseudonym bed name"),
           ("input-as-of", "Screening date", "screening date as of")]
    for row in rows:
        var = row.var
        words = " ".join((var.label, var.id.replace("_", " "), *var.synonyms))
        out.append((var.id, var.label, words.lower()))
    if therapies:
        out.append((THERAPIES, "Therapies", "therapies therapy drugs drug medication treatment"))
        out.append((HISTORY_BOX, "Whole therapy history (not listed = not received)",
                    "whole therapy history complete list all therapies not received"))
        out.append((ADD_THERAPY, "Add therapy (an empty row)", "add therapy new row drug medication treatment"))
        # A drug's name (or its target: "cd20") finds the therapy table, on a row with the
        # drug filled in. Listed only once something is typed (FieldFinder).
        out += [(f"{DRUG_CHOICE}{d.name}", f"Therapy: {d.name} (a row with it filled in)",
                 drug_search_words(d)) for d in DRUGS]
    return out


def answered_in(ask: Suggestion | None) -> str | None:
    """The field that answers `ask`: a variable's id, THERAPIES for a therapy (a drug, a class,
    the history); None for a criterion a person judges."""
    if ask is None or ask.kind == "criterion":
        return None
    return THERAPIES if ask.kind == "therapy" else ask.variable


def row_of(widget: Widget) -> FieldRow | TherapyRow | None:
    for node in widget.ancestors_with_self:
        if isinstance(node, (FieldRow, TherapyRow)):
            return node
    return None


def cursor_at_end(field: Input) -> None:
    """The cursor after the drug's name, not the name selected: queued behind the field's Focus
    (which selects all), so keys typed next add to the name (or go on to its dates)."""
    field.call_later(lambda: setattr(field, "selection", Selection.cursor(len(field.value))))


class AddTherapyButton(Button):
    """"+ add therapy". The new row is mounted a moment after Enter, and the keys typed behind
    Enter in one burst (the drug's name, over SSH) are handed to this button meanwhile: they are
    held here and typed into the new row's drug field, not lost."""

    def __init__(self) -> None:
        super().__init__("+ add therapy", compact=True, id="add-therapy")
        self._adding = False
        self._held: list[str] = []
        self._target: Input | None = None

    def press(self) -> AddTherapyButton:
        if not self._adding:        # a click
            self._adding, self._held, self._target = True, [], None
        super().press()
        return self

    def hand_over(self, drug: Input) -> None:
        """The new row's drug field has the focus: type what was held into it; keys still on
        their way to the button follow."""
        if self._held:
            drug.insert_text_at_cursor("".join(self._held))
            cursor_at_end(drug)
        self._held, self._target = [], drug

    def on_key(self, event: events.Key) -> None:
        # The button's own Enter binding runs once the key has bubbled up, after the keys behind
        # it reached this handler: the holding starts with the Enter itself.
        if event.key == "enter" and not self._adding:
            self._adding, self._held, self._target = True, [], None
            return
        if not self._adding or not event.is_printable or not event.character:
            return
        event.stop()
        event.prevent_default()
        if self._target is not None:
            self._target.insert_text_at_cursor(event.character)
            cursor_at_end(self._target)    # its Focus, perhaps still queued, selects all
        else:
            self._held.append(event.character)

    def on_focus(self) -> None:
        self._adding, self._held, self._target = False, [], None
