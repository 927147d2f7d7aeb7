"""The patient panel on its own, every field, opened from the trial list (F2).

Enter walks the questions that decide trials: it commits the field and goes to the one ask next
asks for the draft as it now stands (model/matching/ask.py, weighed by the list's worker), an
empty field passed as not known. Tab still goes field by field in the form's order.
Under the fields, the criteria of the trial highlighted in the list that read the focused field,
with their effect on the patient, updated as the panel changes."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from trialview.tui.frames import SparseFrames
from textual.widgets import Checkbox, Input, Static

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.ask import Suggestion
from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult
from trialview.tui.screens.main import MainScreen, typed_in
from trialview.tui.widgets.field_finder import FieldFinder
from trialview.tui.labels import plain
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.compact import KeyFooter
from trialview.tui.widgets.panel_form import ANOTHER_DRUG, PanelForm
from trialview.tui.host import app_of

HOW = "Enter: next question, in the chart's order · Tab: next field · ^f: find"

# Enter waits for the list's worker to weigh the draft as it now stands, and the keys typed
# behind it wait as long: they are meant for the question it picks. Most waits are well under
# half a second (tests/perf/form_ask_bench.py); past this long the line over the form says it is
# still weighing. It went to the next field in the form's order instead after 2 s, and on a
# loaded machine the keys behind Enter were typed there, into a question nobody asked. Only when
# the list has no worker left that could answer does Enter fall back to that field, and says so.
ASK_WAIT_S = 2.0
PAINT_WAIT_S = 0.5  # the longest F2 waits for the first group to be painted before the rest
RARE_LINES = 6      # the questions left once the routine ones are done: most of them, at 80x24
THERAPY_LINES = 4   # the therapy question with what the trials ask about
PASS = " · not known: Enter"                    # how a question is passed, and the walk left
WAYS = PASS + " · done: Esc, all kept"         # newcomers asked whether Esc drops what they typed


class PanelScreen(SparseFrames[None]):
    # The list's worker weighs what to ask next while this screen is on top (main.py).
    ASKS_NEXT = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Trials", tooltip="back to the trial list"),
        Binding("f2", "back", "Trials", show=False),
        # Priority: acted on as the app reads it, so the keys behind it in one burst ("34\rf\r")
        # wait, and land in the question it goes to (check_action: only in a field's input).
        Binding("enter", "next_question", "Next question", show=False, priority=True,
                tooltip="commit the field and go to the next question: the chart's values some trial "
                        "reads, in the form's order (each says whether it could decide a trial now), "
                        "the therapies, then the rarer ones that could, most deciding first (what was "
                        "typed or passed is not asked again); in an "
                        "empty field: not known, passed; on \"did you mean g/dL?\" or a drug name "
                        "completed: take it, then go on; after a drug: its last dose; after a value "
                        "in U/L: the lab's ULN"),
    ]

    def __init__(self, trial_id: str | None = None, first: Suggestion | None = None, walk: bool = False) -> None:
        super().__init__(id="panel")
        self.first = first                  # the question to open on (F2 or `a` from the list)
        self.walk = walk                    # F2: open on the chart walk's question (ask_chart)
        self._said_version = -1             # the draft's version when the line over the form was said
        self.seen_version = -1
        self.trial_id = trial_id
        self._tree: CriteriaTree | None = None
        self._title = ""
        self._result: tuple[int, MatchResult] | None = None
        self._past_routine = False          # the walk said it has asked all a chart routinely holds

    def compose(self) -> ComposeResult:
        yield Static(HOW, id="panel-header", markup=False)
        yield Static("", id="ask-status", markup=False)
        context = self._trial_context if self._load_trial() else None
        yield PanelForm(app_of(self).draft, None, context=context, first=self.first, id="panel-form")
        yield KeyFooter(compact=True)     # compact: ^s Save and ^q Quit in 80 columns

    def _load_trial(self) -> bool:
        if self.trial_id is None:
            return False
        store = app_of(self).store
        trial, tree = store.get(self.trial_id), store.tree(self.trial_id)
        if trial is None or tree is None:
            return False
        self._tree, self._title = tree, trial.title
        return True

    def _trial_context(self) -> tuple[str, CriteriaTree, MatchResult | None] | None:
        """The trial the list had highlighted, matched against the draft as it is now."""
        if self.trial_id is None or self._tree is None:
            return None
        draft = app_of(self).draft
        if self._result is None or self._result[0] != draft.version:
            result = match_trial(self.trial_id, self._title, self._tree, draft.panel())
            self._result = (draft.version, result)
        return self.trial_id, self._tree, self._result[1]

    async def on_mount(self) -> None:
        self.seen_version = app_of(self).draft.version
        if self.walk and await self.ask_chart():
            return
        if self.first is None or not await self.go_to_question(self.first):
            self.query_one(PanelForm).focus_first()

    async def build_rest(self) -> None:
        """The form's other groups, once the one opened on is on screen (PanelForm.first).
        Awaited from the key that opened the form, so keys typed behind it wait for every field."""
        await self._painted()
        await self.query_one(PanelForm).build_rest()
        await self._painted()       # laid out with the new groups: the asked field brought in view
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

    async def _painted(self) -> None:
        """Wait for the screen's next refresh (at most PAINT_WAIT_S: the keys behind wait)."""
        painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def done() -> None:
            if not painted.done():
                painted.set_result(None)

        self.call_after_refresh(done)
        try:
            await asyncio.wait_for(painted, PAINT_WAIT_S)
        except TimeoutError:
            pass

    def label_changed(self) -> None:
        label = app_of(self).draft.label
        for field in self.query("#input-label").results(Input):
            if field.value != label:
                field.value = label

    def patient_changed(self) -> None:
        self.seen_version = app_of(self).draft.version
        # queried, not query_one: an edit's message may arrive while the screen is leaving
        # (a NoMatches here stopped the app under load, live-speed4)
        for form in self.query(PanelForm).results(PanelForm):
            form.refresh_readers()
        status = self.query("#ask-status")
        if status and status.first().has_class("-shown") and self.seen_version != self._said_version:
            self._say("")       # a value changed since: there may be something to ask again

    # --- Enter: the next question --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is the next question only in an input or a checkbox of the form (not the field
        finder's input, a button, or an open unit list: those keep their own Enter). A checkbox
        switches with space: Enter on "now" unticked it, where a newcomer meant to go on."""
        if action != "next_question":
            return True
        focused = self.focused
        if not isinstance(focused, (Input, Checkbox)):
            return False
        ancestors = focused.ancestors
        return any(isinstance(a, PanelForm) for a in ancestors) \
            and not any(isinstance(a, FieldFinder) for a in ancestors)

    async def action_next_question(self) -> None:
        field = self.focused
        if isinstance(field, Checkbox):
            await self.next_question()
            return
        if not isinstance(field, Input):
            return
        await typed_in(field)       # the keys typed before Enter are in the field first
        form = self.query_one(PanelForm)
        within = form.commit(field)
        if within == ANOTHER_DRUG:
            await form.therapy_entry()
            self._say("Another therapy? Type its name, or Enter: no other known.")
            return
        if isinstance(within, Input):   # the same question goes on (a ULN, a drug's last dose) or has a problem
            self.set_focus(within)
            return
        await self.next_question()

    async def next_question(self) -> None:
        """Focus what ask next asks for the draft as it stands now; nothing left: say so."""
        main = self._main()
        fresh, ask = await self._weighed(main)
        if not fresh:
            self.focus_next()       # nothing left to weigh it: the next field in the form's order
            self._say("Could not weigh what to ask next: this is the next field in the form's "
                      "order, and what was typed after Enter is in it.")
            return
        if not self._past_routine:
            if await self.ask_chart():
                return
            if ask is not None and not ask.charted and self._routine_done():
                return
        if ask is None:
            self._say(f"Nothing left to ask that a value could decide: Esc to the list, where "
                      f"{_trials(main.undecided_count() if main else 0)} read ? for a person"
                      + (" or a field passed as not known." if app_of(self).draft.passed else "."))
            return
        self._past_routine = not ask.charted
        if not await self.go_to_question(ask):
            self.focus_next()

    async def _weighed(self, main: MainScreen | None) -> tuple[bool, Suggestion | None]:
        """(fresh, what ask next asks) for the draft as it stands, waited for as long as the
        list's worker is at it, however slow the machine; (False, None) once no worker of the
        list is left to answer (it failed, or the list is gone)."""
        said = False
        while main is not None:
            fresh, ask = await main.field_ask_now(ASK_WAIT_S)
            if fresh:
                if said:
                    self._say("")       # what it picked says itself (or nothing stale stays)
                return True, ask
            if not any(w.node is main and not w.is_finished for w in self.app.workers):
                break
            if not said:
                said = True
                self._say("Still weighing your answer against the trials: the keys typed "
                          "meanwhile go to the question it picks.")
        return False, None

    async def ask_chart(self) -> bool:
        """The chart walk's next question focused and said (TrialviewApp.chart_next: what a
        chart routinely holds that some trial reads, in the form's order, then the therapies),
        each said to decide a trial or to change no verdict now; False once none is left."""
        app = app_of(self)
        form = self.query_one(PanelForm)
        passed = set(app.draft.passed)
        while (step := app.chart_next(passed)) is not None:
            ask, deciding = step
            if await form.focus_question(ask) is not None:
                self._say(_chart_line(ask, deciding, self._therapies_asked(ask, passed) if deciding else [],
                                      self.size.width - 2))
                return True
            passed.add(ask.variable)        # no field for it in this form: the next one
        return False

    def _therapies_asked(self, ask: Suggestion, passed: set[str]) -> list[str]:
        """The drugs and procedures the trials ask about, for the therapy question's line."""
        if ask.kind != "therapy":
            return []
        rest = app_of(self).field_questions(passed) or []
        return [s.label for s in rest if s.kind == "therapy" and s != ask]

    def _routine_done(self) -> bool:
        """Once no question a chart routinely holds is left, say so and what else could decide a
        trial, before asking it (Enter again: ask it; Esc: done). The third round of newcomers
        passed some thirty questions in a row, none of which their patient's chart answered,
        waiting for the walk's end: the rare ones are asked only when the screener wants them."""
        rest = app_of(self).field_questions(app_of(self).draft.passed)
        if not rest or any(s.charted for s in rest):
            return False
        self._past_routine = True
        self._say(_rare_left(rest, self.size.width - 2))
        return True

    async def go_to_question(self, ask: Suggestion) -> bool:
        """Focus the field that answers `ask` (a therapy: an empty drug row); False if none."""
        found = await self.query_one(PanelForm).focus_question(ask)
        if found is not None:
            width = self.size.width - 2
            # An empty drug row does not say which therapy is asked: the line over the form does.
            self._say(_chart_line(ask, True, self._therapies_asked(ask, set(app_of(self).draft.passed)), width))
        return found is not None

    def _say(self, line: str) -> None:
        self._said_version = app_of(self).draft.version
        found = self.query("#ask-status").results(Static)
        status = next(found, None)
        if status is None:         # the screen is leaving (an Enter's wait outlived it)
            return
        status.update(line)
        status.set_class(bool(line), "-shown")

    def _main(self) -> MainScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)

    async def on_screen_resume(self) -> None:
        if self.seen_version != app_of(self).draft.version:
            await self.query_one(PanelForm).reload()
            self.seen_version = app_of(self).draft.version

    def action_back(self) -> None:
        # "done: Esc, all kept": a field whose text did not read as a value ("9.5" where g/L is
        # chosen) was not kept, and the form closing said nothing (review 15: the hemoglobin a
        # newcomer typed was gone): say which, before the list shows a patient without it
        lost = [row for row in self.query(FieldRow) if row.has_class("-error")]
        if lost:
            names = ", ".join(plain(row.var.label) for row in lost[:3])
            if len(lost) > 3:
                names += f" and {len(lost) - 3} more"
            self.notify(f"Not kept, not a value of its field: {names}. F2 to correct it.", severity="warning",
                        timeout=10)
        self.app.pop_screen()


def _trials(n: int) -> str:
    return f"{n} trial{'' if n == 1 else 's'}"


def _rare_left(rest: list[Suggestion], width: int) -> str:
    """"Routine questions done. 19 rarer questions could decide a trial: SELENA-SLEDAI, PGA
    (0-3), …, +12 more · Enter: ask them · done: Esc, all kept", in at most RARE_LINES lines of
    `width`. The screener decides from the names whether the chart answers any rarer one (the
    routine values a trial reads were all asked before: ask_chart)."""
    n = len(rest)
    head = "Routine questions done."
    rare = f" {n} rarer question{'' if n == 1 else 's'} could decide a trial: "
    tail = " · Enter: ask them · done: Esc, all kept"
    room = RARE_LINES * (width - 8) - len(head) - len(rare) - len(tail)     # a wrap may lose a word's width
    return head + rare + _names([s.label for s in rest], room) + tail


def _chart_line(ask: Suggestion, deciding: bool | None, therapies: list[str], width: int) -> str:
    """The line over the form for a question of the walk: what it could decide ("hemoglobin —
    could rule out 3, settles 3"), or that it changes no verdict now (a chart value some trial
    reads: a trial ruled out already, or one still open on something else), or neither when
    that is not weighed yet; for the therapies, the drugs and procedures the trials ask about
    and how a drug is typed."""
    if ask.kind == "therapy":
        return _therapy_asked(ask, deciding, therapies, width)
    if deciding:
        return _asked(ask, width)
    said = " — changes no verdict now" if deciding is False else ""
    return _fitting((f"Asked: {ask.label}{said}{WAYS}", f"Asked: {ask.label}{said}{PASS}"), ask, width)


def _therapy_asked(ask: Suggestion, deciding: bool | None, named: list[str], width: int) -> str:
    """"Asked: therapy history — could rule out 4, settles 4. The trials ask about: live vaccine,
    major surgery, rituximab, …, +9 more. Type a drug …", in at most THERAPY_LINES lines."""
    head = f"Asked: {ask.line()}." if deciding else \
        f"Asked: {ask.label}{' — changes no verdict now' if deciding is False else ''}."
    tail = (" Type a drug the patient had or has (a few letters: Enter takes the name shown), its "
            "last dose next (or now); Enter alone: not known.")
    if named:
        lead = " The trials ask about: "
        room = THERAPY_LINES * (width - 8) - len(head) - len(lead) - len(tail) - 1
        head += lead + _names(named, room) + "."
    return head + tail


def _names(labels: list[str], room: int) -> str:
    """"a, b, c, +4 more" in about `room` characters (the first always)."""
    out = ""
    n = len(labels)
    for i, label in enumerate(labels):
        part = label if not out else f", {label}"
        if out and i < n - 1 and len(out) + len(part) + len(f", +{n - i - 1} more") > room:
            return out + f", +{n - i} more"
        out += part
    return out


def _asked(ask: Suggestion, width: int) -> str:
    """The line over the form naming the question Enter went to, that it may be passed (two
    newcomers met a question they could not answer and left the walk), and that Esc ends the
    walk (two more passed some thirty questions in a row, none known, to reach its end): one
    line, the counts and then the way out left out when they do not fit."""
    ruled = f"Asked: {ask.label} — could rule out {len(ask.could_rule_out)}" if ask.could_rule_out \
        else f"Asked: {ask.label} — settles {len(ask.trials)}"
    return _fitting((f"Asked: {ask.line()}{WAYS}", f"{ruled}{WAYS}", f"Asked: {ask.label}{WAYS}",
                     f"Asked: {ask.line()}{PASS}"), ask, width)


def _fitting(lines: tuple[str, ...], ask: Suggestion, width: int) -> str:
    """The first of `lines` that fits in `width`, else the shortest way to say it."""
    return next((line for line in lines if len(line) <= width), f"Asked: {ask.label}{PASS}")
