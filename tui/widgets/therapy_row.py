"""One therapy in the form: drug (completed from the vocabulary), last dose, start, stop, and
"now" (panel.md `"current": true`: taken now, dates unknown). A drug name the vocabulary does not
know is kept and flagged in place with the closest known names: it decides nothing."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Static
from trialview.tui.labels import plain
from trialview.model.drugs import DRUG_BY_ID, find_drug
from trialview.tui.patient import DRUG_WORDS, PatientDraft, drug_warning
from trialview.tui.widgets.compact import CompactCheckbox, CompactInput

# The last dose first: it is the date most criteria ask ("rituximab within 24 weeks"), so Enter
# after the drug goes straight to it.
DATES = (("last_dose", "last dose"), ("start", "start"), ("stop", "stop"))
BEGUN_NAMED = 4     # drugs a typed start may begin and still be named under the row


def completion(typed: str) -> str | None:
    """The name the drug field shows completing `typed`: the first known name that begins with
    it (any case), when every name that does is one drug; else None ("pred" begins prednisone
    and prednisolone: Enter keeps "pred", flagged as not known, rather than take the first in
    alphabetical order for a patient on the other). Worked out here, not read from the field:
    its suggestion arrives a worker later, after a burst's Enter."""
    start = " ".join(typed.lower().split())
    if not start:
        return None
    found = _names_beginning(start)
    if not found and " " in start:      # "mycophen mof": each word the start of the name's word
        found = [w for w in DRUG_WORDS if _words_begin(w.lower(), start.split())]
    if not found or len(_drugs_of(found)) > 1:
        return None
    return found[0]


def _words_begin(name: str, starts: list[str]) -> bool:
    words = name.split()
    return len(starts) <= len(words) and all(w.startswith(s) for w, s in zip(words, starts, strict=False))  # fewer starts than words: the first ones


def _drugs_of(words: list[str]) -> set[str]:
    """The drugs (ids) the known names `words` stand for: synonyms of one drug are one."""
    return {drug.id for drug in map(find_drug, words) if drug is not None}


def _names_beginning(start: str) -> list[str]:
    """The known names (and synonyms) that begin with `start` (lower case), in DRUG_WORDS' order."""
    return [w for w in DRUG_WORDS if w.lower().startswith(start)]


class DrugSuggester(Suggester):
    """Shows what Enter completes the drug field to (`completion`), and only that."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        name = completion(value)
        # Shown after the cursor only when it continues what was typed; a completion word by
        # word ("mycophen mof") is named under the row instead (TherapyRow._name_warning).
        return name if name is not None and name.lower().startswith(value.lower()) else None


def complete_drug(field: Input) -> None:
    """Enter in a drug field takes the name it shows ("rit" completed to rituximab), then the
    vocabulary's own name for it ("mycophenolate", "MMF": mycophenolate mofetil): what the
    field then shows says the drug was recognised (two newcomers could not tell a name typed out
    in full from free text kept as typed); a name it does not know stays, flagged."""
    name = completion(field.value) if field.cursor_at_end else None
    known = find_drug(name or field.value)
    if known is not None:
        name = known.name
    if name is not None and name != field.value:
        field.value = name
        field.cursor_position = len(name)


def _box_text(entry: dict[str, Any], key: str) -> str:
    """What a date box shows of a therapy entry: a drug taken now with no last dose shows "now" in
    its last-dose box, as it was typed there (a loaded one showed an empty box beside "[✓] now")."""
    if key == "last_dose" and entry.get("current") and not entry.get("last_dose"):
        return "now"
    return str(entry.get(key, ""))


class TherapyRow(Vertical):
    """Edits entry `index` of the draft's therapies."""

    class Edited(Message):
        pass

    class Removed(Message):
        def __init__(self, row: TherapyRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, draft: PatientDraft, index: int) -> None:
        super().__init__(classes="therapy-row")
        self.draft = draft
        self.index = index
        self._loading = False
        self._remove_armed = False      # ✕ pressed once: the next press removes
        self._unsure: str | None = None  # a name Enter stopped on once (several drugs begin so)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            # Back in a drug box the cursor goes to the end of the name: with the name selected,
            # a newcomer's "e" to finish "mycoph" replaced it (a selection does not show as text).
            yield CompactInput(placeholder="drug", classes="therapy-drug", marked=True,
                               tooltip="a known name completes as you type; Enter takes it",
                               suggester=DrugSuggester(), select_on_focus=False)
            for key, hint in DATES:
                yield CompactInput(placeholder=hint, classes=f"therapy-date therapy-{key}", marked=True,
                                   tooltip=f"{hint} (YYYY-MM-DD)")
            yield CompactCheckbox("now", classes="therapy-current",
                                  tooltip="taken now (dates unknown): space to switch")
            yield Button("✕", compact=True, classes="therapy-remove", tooltip="remove this therapy")
        yield Static("", classes="field-error", markup=False)

    def on_mount(self) -> None:
        entry = self.draft.therapies[self.index] if self.index < len(self.draft.therapies) else {}
        self._loading = True
        try:
            self.query_one(".therapy-drug", Input).value = entry.get("drug", "")
            for key, _ in DATES:
                self.query_one(f".therapy-{key}", Input).value = _box_text(entry, key)
            with self.prevent(Checkbox.Changed):
                self.query_one(".therapy-current", Checkbox).value = bool(entry.get("current"))
        finally:
            self._loading = False
        self._show_problem(None, drug_warning(entry.get("drug", "")))

    def shows(self, entry: dict[str, Any]) -> bool:
        """Whether the row's boxes hold `entry` as on_mount puts it there."""
        return (self.query_one(".therapy-drug", Input).value == entry.get("drug", "")
                and all(self.query_one(f".therapy-{key}", Input).value == _box_text(entry, key) for key, _ in DATES)
                and self.query_one(".therapy-current", Checkbox).value == bool(entry.get("current")))

    def box_name(self, widget: Widget) -> str:
        """Which box of the row `widget` is, in words: a row has no labels (a newcomer could not
        tell which date the cursor was in; the form's foot names it). The box first and short:
        at 60 columns the foot is cut at about 56 characters, and "or now" was what got cut."""
        drug = self.query_one(".therapy-drug", Input).value.strip() or f"drug {self.index + 1}"
        names = {"therapy-drug": f"drug {self.index + 1}: a few letters; Enter takes the name shown",
                 "therapy-current": f"now for {drug} (space: taken now)",
                 "therapy-remove": f"✕ remove {drug} (Enter twice)"}
        names |= {f"therapy-{key}": f"{hint} of {drug} (YYYY-MM-DD or now)" for key, hint in DATES}
        return next((name for cls, name in names.items() if cls in widget.classes), f"therapy {self.index + 1}")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edit()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if not event.value:
            # "now" switched off: a "now" in a date box said the same, and would switch it back on
            self._loading = True
            try:
                for key, _ in DATES:
                    box = self.query_one(f".therapy-{key}", Input)
                    if box.value.strip().lower() == "now":
                        box.value = ""
            finally:
                self._loading = False
        self.edit()

    def edit(self) -> None:
        """Read the row into the draft now (the trial screen's fields call it inside the key)."""
        if self._loading or not self.is_mounted:
            return
        row = {"drug": self.query_one(".therapy-drug", Input).value}
        now = self.query_one(".therapy-current", Checkbox)
        current = now.value
        for key, _ in DATES:
            text = self.query_one(f".therapy-{key}", Input).value
            if text.strip().lower() == "now":       # "now" in a date: taken now, dates unknown
                text, current = "", True
                if not now.value:
                    with self.prevent(Checkbox.Changed):
                        now.value = True
            row[key] = text
        before = self.draft.version
        error = self.draft.set_therapy(self.index, row, current=current)
        self._show_problem(error, self._name_warning())
        if self.draft.version != before:
            self.post_message(self.Edited())

    def _name_warning(self) -> str | None:
        """The unknown-name flag, held back while the name typed so far begins a known one (the
        completion shows it); given when the drug field is left."""
        drug = self.query_one(".therapy-drug", Input)
        typed = drug.value.strip().lower()
        if drug.has_focus and typed:
            name = completion(typed)
            if name is not None and not name.lower().startswith(typed):
                return f"Enter takes {name}"
            begun = _drugs_of(_names_beginning(typed))
            if 1 < len(begun) <= BEGUN_NAMED and name is None:
                # No completion shown, and why: "pred" begins two drugs (newcomers took the
                # missing completion for a name the app did not know)
                names = ", ".join(sorted(DRUG_BY_ID[d].name for d in begun))
                return f"begins {names}: type on"
            if begun:
                return None
        return drug_warning(drug.value)

    def take_name(self) -> bool:
        """Enter in the drug box, wherever the row is (the form, a criterion's fields under the
        tree): the name shown taken (complete_drug), the row read into the draft, and whether
        Enter stays in the box (stops_on_name)."""
        complete_drug(self.query_one(".therapy-drug", Input))
        self.edit()
        return self.stops_on_name()

    def stops_on_name(self) -> bool:
        """Enter in the drug box on a start several drugs share ("mycoph"): the first Enter
        stays and names them, a second keeps the text as typed (a name the vocabulary does
        not know is kept, flagged: panel.md). A newcomer's Enter on "mycoph" went on to the
        dates with an unknown drug that decides nothing, and the warning came after."""
        typed = self.query_one(".therapy-drug", Input).value.strip()
        if not typed or find_drug(typed) is not None or typed == self._unsure:
            self._unsure = None
            return False
        begun = _drugs_of(_names_beginning(typed.lower()))
        if len(begun) < 2:
            return False
        self._unsure = typed
        which = " or ".join(sorted(DRUG_BY_ID[d].name for d in begun)) if len(begun) <= BEGUN_NAMED \
            else f"one of {len(begun)} drugs"
        self._show_problem(None, f"{typed}: {which}? Type on; Enter again keeps it as typed")
        return True

    def on_descendant_blur(self) -> None:
        self._remove_armed = False
        if not self.has_class("-error"):
            self._show_problem(None, self._name_warning())

    def _show_problem(self, error: str | None, warning: str | None) -> None:
        """An error (not kept) in the error colour; else a warning about the name (kept)."""
        self.set_class(bool(error), "-error")
        self.set_class(not error and bool(warning), "-warning")
        self.query_one(".field-error", Static).update(plain(error or warning or ""))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """✕ removes the row on a second press: Enter on it, one Tab too many after the dates,
        took a therapy away without a word (a newcomer found rituximab gone much later)."""
        event.stop()
        if self._remove_armed:
            self.post_message(self.Removed(self))
            return
        self._remove_armed = True
        drug = self.query_one(".therapy-drug", Input).value.strip() or "this therapy"
        self.query_one(".field-error", Static).update(plain(f"✕ again (Enter) removes {drug}; Tab keeps it"))
