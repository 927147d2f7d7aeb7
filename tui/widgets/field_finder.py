"""Find a field of the patient form by typing part of its name (ctrl+f in the form): a form of
ninety fields is not walked with Tab.

It sits at the top of the form, not in a modal screen: focus then moves within one screen, so
keys typed in one burst ("hemo", Enter, "7.6") land where they belong. Textual runs an Input's
Enter binding only after the key has bubbled up to the app, after the keys queued behind it, so
Enter is taken here as it arrives, and the keys already queued are passed to the chosen field."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from trialview.model.drugs import Drug
from trialview.tui.labels import plain
from trialview.tui.widgets.compact import CompactInput

# The id of a finder entry that is a drug for the therapy table ("drug:rituximab").
DRUG_CHOICE = "drug:"
# What a clinician calls a drug besides its name: its target. The vocabulary's classes say what
# a drug does for the matcher (b_cell_depleting holds CAR-T too), not what it binds.
_TARGETS = {
    "rituximab": "anti-cd20", "obinutuzumab": "anti-cd20", "ocrelizumab": "anti-cd20",
    "ofatumumab": "anti-cd20", "inebilizumab": "anti-cd19", "belimumab": "anti-baff blys",
    "telitacicept": "baff april taci", "anifrolumab": "anti-ifnar interferon",
    "eculizumab": "anti-c5 complement", "etanercept": "anti-tnf", "infliximab": "anti-tnf",
    "adalimumab": "anti-tnf", "golimumab": "anti-tnf", "tocilizumab": "anti-il-6 il6",
}


def drug_search_words(drug: Drug) -> str:
    """What finds a drug: its name, synonyms, classes and target ("ritux", "mmf", "cd20")."""
    classes = " ".join(c.replace("_", " ") for c in drug.classes)
    return " ".join((drug.name, *drug.synonyms, classes, _TARGETS.get(drug.id, ""))).lower()


# (id, label, words searched) of each field; called when the finder opens.
Fields = Callable[[], list[tuple[str, str, str]]]
# Go to a field by id; returns the widget that took focus (for the keys typed behind Enter).
GoTo = Callable[[str], Input | None]


class _FinderInput(CompactInput):
    async def _on_key(self, event: events.Key) -> None:
        finder = self.parent
        assert isinstance(finder, FieldFinder)
        if finder.target is not None:
            # Queued behind Enter: the chosen field's, not the finder's.
            event.stop()
            event.prevent_default()
            if event.is_printable and event.character:
                # Behind the field's own Focus (which selects what it holds): in the order typed,
                # after it, never selected by it.
                finder.target.call_later(finder.target.insert_text_at_cursor, event.character)
            return
        if event.key in ("enter", "escape", "down", "up"):
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                finder.choose()
            elif event.key == "escape":
                finder.close()
            else:
                finder.move(1 if event.key == "down" else -1)
            return
        await super()._on_key(event)


class FieldFinder(Vertical):
    """Hidden until `open()`; Enter goes to the highlighted field, Esc closes."""

    def __init__(self, fields: Fields, go_to: GoTo, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Vertical's keyword arguments
        self.fields = fields
        self.go_to = go_to
        self.shown: list[str] = []
        self.target: Input | None = None
        self._before: Widget | None = None        # focused when the finder opened
        self._all: list[tuple[str, str, str]] = []
        self._query: str | None = None            # what the list was last filled for

    def compose(self) -> ComposeResult:
        finder = _FinderInput(placeholder="find a field: type part of its name (Enter: go, Esc: close)",
                              id="finder-input")
        finder.can_focus = False            # not in Tab's way while closed
        yield finder
        options = OptionList(id="finder-list")
        options.can_focus = False           # up / down / Enter are taken in the input
        yield options

    def open(self) -> None:
        self.target = None
        self._before = self.screen.focused
        self._all = self.fields()
        finder = self.query_one("#finder-input", Input)
        finder.value = ""
        self._query = None
        self._sync()
        self.display = True
        finder.can_focus = True
        self.screen.set_focus(finder)

    def close(self) -> None:
        self._hide()
        self.target = None
        # Back to the field the finder was opened from: hiding the finder left no focus at all,
        # and the form's keys (ctrl+f again) with it.
        before = self._before
        if before is not None and before.is_attached and before.focusable:
            self.screen.set_focus(before)

    def _hide(self) -> None:
        self.display = False
        self.query_one("#finder-input", Input).can_focus = False

    @on(Input.Changed, "#finder-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._sync()

    def _sync(self) -> None:
        """Fill the list for what the input holds now, unless it already shows that. In a burst
        the Changed messages arrive after the keys behind them (Down, Enter): a refill then, or
        one for a stale value, would move the highlight back to the first item."""
        query = self.query_one("#finder-input", Input).value
        if query != self._query:
            self._query = query
            self._fill(query)

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        # The label as listed is searched too: "therapy: predn" finds "Therapy: prednisone".
        hits = [(fid, label) for fid, label, blob in self._all
                if all(w in f"{label.lower()} {blob}" for w in words)
                and (words or not fid.startswith(DRUG_CHOICE))]   # drugs: once a name is typed
        # The form's own fields before the drugs (a long list: "therapy" would bury "Therapies"),
        # then names that begin with what was typed: "hemo" finds Hemoglobin before HbA1c.
        first = query.strip().lower()
        hits.sort(key=lambda hit: (hit[0].startswith(DRUG_CHOICE),
                                   not hit[1].lower().startswith(first)))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(plain(label), id=fid) for fid, label in hits])
        self.shown = [fid for fid, _ in hits]
        if hits:
            options.highlighted = 0

    def move(self, step: int) -> None:
        self._sync()
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def choose(self) -> None:
        # The list may lag the input in a burst (its Changed message is still queued).
        self._sync()
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            return
        self._go(self.shown[options.highlighted])

    @on(OptionList.OptionSelected, "#finder-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._go(event.option.id)

    def _go(self, field_id: str) -> None:
        self.target = self.go_to(field_id)
        self._hide()
