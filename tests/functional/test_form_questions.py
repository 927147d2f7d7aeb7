"""The patient form walks the questions that decide trials (issue 13): F2 from the list opens it
on what ask next asks first; Enter commits a field and goes to the question that now decides the
most trials; Enter in an empty field passes it as not known (not asked again there, nor on the
list's "Ask next" line); keys typed right behind Enter, in one burst, land in the next question."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from tests.functional.tui_helpers import app_for, fresh_store, open_full_form, settle, sync
from trialview.model.matching.plan import compile_plan
from trialview.tui.screens.main import MainScreen
from trialview.model.vocabulary import CHART_ORDER, GROUPS, ROUTINE, VARIABLES
from trialview.tui.widgets.field_row import FieldRow
from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.screens.panel import RARE_LINES, PanelScreen


def field_var(widget) -> str:
    assert isinstance(widget, Input) and (widget.id or "").startswith("input-"), widget
    return (widget.id or "")[len("input-"):]


def next_chart_question(store, given: set[str], passed: set[str] = frozenset()) -> str:
    """The form walk's next question after the fields `given` and `passed`: the first value a
    chart routinely holds that some trial's plan reads, in the form's order, then the therapies
    (worked out from the trials' plans and the vocabulary, not through the app)."""
    plans = [compile_plan(c) for _s, c in store.plans().values()]
    read = {v for plan in plans for v in plan.variables}
    for var in CHART_ORDER:
        if var in read and var not in given | set(passed):
            return var
    return "therapies"


def question_of(widget) -> str:
    """The variable a field answers, or "therapies" for a drug row's name."""
    if isinstance(widget, Input) and "therapy-drug" in widget.classes:
        return "therapies"
    return field_var(widget)


async def burst(pilot, keys: str) -> None:
    """Every key posted at once, as over SSH ("\r": Enter)."""
    for char in keys:
        key = "enter" if char == "\r" else char
        pilot.app.post_message(events.Key(key, None if key == "enter" else char))
    await settle(pilot)


@sync
async def test_enter_goes_to_the_charts_next_value_a_trial_reads_and_a_burst_lands_there(sample_store_template,
                                                                                           tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.draft.set_value("sex", "f")        # typed before: the walk goes past it
        await settle(pilot)
        await open_full_form(pilot)
        assert field_var(app.focused) == "age"            # F2: the first question, not the label
        await burst(pilot, "34\r123")                     # the value, Enter, the next one at once
        assert app.draft.raw("age") == {"value": 34}
        asked = next_chart_question(store, {"age", "sex"})
        assert asked not in ("age", "sex")
        assert field_var(app.focused) == asked
        assert app.focused.value == "123"
        # nothing typed anywhere else: the keys after Enter went to the next question only
        others = [i for i in app.screen.query(Input).results(Input)
                  if i.value == "123" and i is not app.focused]
        assert not others


@sync
async def test_enter_in_an_empty_field_passes_it_and_the_list_does_not_ask_it_again(sample_store_template,
                                                                                  tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await burst(pilot, "34\r")
        skipped = field_var(app.focused)
        await burst(pilot, "\r")                          # not known
        assert skipped in app.draft.passed and app.draft.raw(skipped) is None
        following = question_of(app.focused)
        assert following not in (skipped, "age")
        assert following == next_chart_question(store, {"age"}, passed={skipped})
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        line = str(app.screen.query_one("#ask-next", Static).render())
        assert app.screen.ask is not None and app.screen.ask.variable != skipped
        assert line.startswith("Ask next: ") and line != "Ask next: …"
        # `a` takes the form to the list's question, not the one passed
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen) and question_of(app.focused) not in (skipped, "age")


@sync
async def test_a_therapy_question_focuses_an_empty_drug_row_then_its_last_dose_then_another_drug(sample_store_template,
                                                                                            tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form_screen = await open_full_form(pilot)
        # Enter through the questions, passing each, until the therapy history is asked
        for _ in range(40):
            focused = app.focused
            assert isinstance(focused, Input)
            if "therapy-drug" in focused.classes:
                break
            await burst(pilot, "\r")
        else:
            raise AssertionError("the therapies were never asked")
        assert focused.value == ""
        status = str(app.screen.query_one("#ask-status", Static).render())
        assert status.startswith("Asked: ")                # which therapy: the row does not say
        await burst(pilot, "r\r2026-09-01\r")             # "r" shows rituximab: Enter takes it
        assert app.draft.therapies[0] == {"drug": "rituximab", "last_dose": "2026-09-01"}
        after = app.focused
        # a drug's dates done: the next drug goes in a new empty row of its own, and the line
        # over the form says so (newcomers Tabbed through the table to add a second drug)
        assert isinstance(after, Input) and "therapy-drug" in after.classes
        assert after.value == "" and after.parent is not focused.parent
        status = str(app.screen.query_one("#ask-status", Static).render())
        assert status.startswith("Another therapy?") and "Enter: no other known" in status
        await burst(pilot, "mycophenolate mofetil\rnow\r")      # taken now, dates unknown
        assert app.draft.therapies[1]["drug"].lower() == "mycophenolate mofetil"
        assert app.draft.therapies[1].get("current") is True
        assert not app.draft.therapies[1].get("last_dose")
        await burst(pilot, "\r")                                 # no other therapy known
        assert "therapies" in app.draft.passed                  # not asked again
        assert not str(app.screen.query_one("#ask-status", Static).render()).startswith("Another therapy")
        assert len([t for t in app.draft.therapies if t]) == 2      # the empty row holds nothing
        assert isinstance(form_screen, PanelScreen)


@sync
async def test_when_nothing_is_left_to_ask_the_form_says_so_and_keeps_the_focus(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        status = app.screen.query_one("#ask-status", Static)
        for _ in range(80):
            if str(status.render()).startswith("Nothing left"):
                break
            await burst(pilot, "\r")                      # pass everything
        else:
            raise AssertionError("the form never said nothing is left")
        text = str(status.render())
        assert text.startswith("Nothing left to ask that a value could decide: Esc to the list, where ")
        assert "5 trials read ?" in text                 # nothing known: all five open
        kept = app.focused
        await burst(pilot, "\r")
        assert app.focused is kept and status.has_class("-shown")


@sync
async def test_the_walk_asks_what_a_chart_holds_then_names_the_rest_before_asking_it(sample_store_template,
                                                                                     tmp_path):
    """A screener types what the chart says; the walk asks that first (a blood count before an
    echocardiogram, whichever decides more trials), then says which questions are left, all of
    them ones a chart often lacks, so the screener can stop (Esc) rather than pass them one by one."""
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form_screen = await open_full_form(pilot)
        status = form_screen.query_one("#ask-status", Static)
        asked: list[str] = []
        for _ in range(40):
            if str(status.render()).startswith("Routine questions done"):
                break
            focused = app.focused
            assert isinstance(focused, Input)
            asked.append("therapies" if "therapy-drug" in focused.classes else field_var(focused))
            await burst(pilot, "\r")                      # not known
        else:
            raise AssertionError(f"the walk never said the routine questions were done: {asked}")
        # what was asked is what a chart holds: who she is, her labs, her drugs
        assert {"age", "sex", "hemoglobin", "therapies"} <= set(asked)
        assert not set(asked) - ROUTINE - {"therapies"}
        line = " ".join(str(status.render()).split())
        assert "LVEF" in line and "done: Esc, all kept" in line and "Enter: ask them" in line
        assert status.region.bottom <= 24 and status.region.height <= RARE_LINES
        # Enter: the first of the rest is asked, a field a chart often lacks
        where = app.focused
        await burst(pilot, "\r")
        assert app.focused is not where and field_var(app.focused) not in ROUTINE
        # and Esc ends the walk, back to the list
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@sync
async def test_f2_builds_the_asked_fields_group_first_and_every_field_in_the_forms_order(sample_store_template,
                                                                                        tmp_path):
    """F2 shows the group of the question it opens on at once, the others a frame later (two
    newcomers took a slow F2 for a dead key): once the key is done, every field is there, in the
    form's order, and the cursor on the asked field."""
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.draft.passed.update(CHART_ORDER)    # the chart's values passed: the therapies are next,
        app.patient_changed()                   # the last group
        await open_full_form(pilot)
        assert question_of(app.focused) == "therapies"
        form = app.screen.query_one(PanelForm)
        titles = [str(t.render()) for t in form.query(".group-title").results(Static)]
        assert titles[:len(GROUPS)] == [title for _group, title in GROUPS]
        assert titles[-1].startswith("Therapies")
        shown = [row.var.id for row in form.query(FieldRow).results(FieldRow)]
        assert shown == [v.id for group, _t in GROUPS for v in VARIABLES if v.group == group]
        await settle(pilot)
        assert app.focused.region.height == 1 and app.focused.region.bottom <= 24      # on screen
