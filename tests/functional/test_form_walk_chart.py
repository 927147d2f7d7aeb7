"""The form's walk enters the whole chart (issue 13): Enter goes through the values a chart
routinely holds that some trial reads, in the form's order, each said to decide trials or to
change no verdict now, then the therapies, before it stops to name the rarer questions.
Newcomers asked the deciding values first took platelets and eGFR, asked late as changing
nothing, for values the walk had skipped, and typed them with ^f.

The therapy question names the drugs and procedures the trials ask about, and a drug's first
letters complete it only when they name one drug."""

from __future__ import annotations

from textual.widgets import Input, Static

from tests.functional.test_form_questions import burst, question_of
from tests.functional.tui_helpers import (app_for, fresh_store, open_full_form, open_on_reader,
                                          settle, sync)
from trialview.model.vocabulary import FORM_ORDER, ROUTINE
from trialview.tui.widgets.therapy_row import completion

# The issue's patient as far as the trials' decisive questions go (platelets, eGFR, anti-dsDNA,
# C3 and the prednisone dose left out): NCT06801119 and NCT06421701 read Hb >= 80 / 85 g/L and she
# has 76; TV-E66FB72FC4 excludes rituximab within 24 weeks and hers was 12 weeks ago.
KNOWN = {"age": "34", "sex": "f", "pregnant": "n", "sle_duration_months": "72", "sledai_2k": "10",
         "hemoglobin": "76", "hbsag": "-", "hiv": "-"}


def _status(app) -> str:
    return " ".join(str(app.screen.query_one("#ask-status", Static).render()).split())


async def _form_with_patient(pilot) -> None:
    """The issue's patient as KNOWN has her, then F2 from the list."""
    app = pilot.app
    await settle(pilot)
    for var, value in KNOWN.items():
        assert app.draft.set_value(var, value) is None, var
    app.draft.set_therapy(0, {"drug": "rituximab", "last_dose": "2026-09-01"})
    app.draft.set_therapy(1, {"drug": "mycophenolate mofetil"}, current=True)
    app.patient_changed()
    await open_full_form(pilot)


async def _pass_to_therapies(pilot) -> None:
    """Enter (not known) through the walk until it asks for the therapies."""
    for _ in range(40):
        if question_of(pilot.app.focused) == "therapies":
            return
        await burst(pilot, "\r")
    raise AssertionError("the therapies were never asked")


async def _drug_box(pilot) -> Input:
    """F2, then the walk passed (Enter) to the therapy question: its empty drug box."""
    await open_full_form(pilot)
    await _pass_to_therapies(pilot)
    drug = pilot.app.focused
    assert isinstance(drug, Input)
    return drug


def _row_note(drug: Input) -> str:
    """The line under the drug's row (a warning, or how the name will be read)."""
    return " ".join(str(s.render()) for s in drug.parent.parent.query(".field-error").results(Static))


def _verdicts(app) -> dict[str, str]:
    """The list's verdicts as its last pass left them (the form's Enter waits for that pass)."""
    return {t: r.verdict for t, r in app.ready_list_matcher().results.items()}


async def _walk_routine(pilot) -> list[tuple[str, str]]:
    """Enter (not known) through the walk until its routine questions are done: each question
    asked with the line that asked it."""
    asked: list[tuple[str, str]] = []
    for _ in range(60):
        line = _status(pilot.app)
        if line.startswith("Routine questions done"):
            return asked
        asked.append((question_of(pilot.app.focused), line))
        await burst(pilot, "\r")                        # not known
    raise AssertionError(f"the walk never stopped: {asked}")


@sync
async def test_the_walk_asks_the_charts_values_a_trial_reads_in_the_forms_order(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _form_with_patient(pilot)
        assert _verdicts(app)["NCT06421701"] == "ineligible"    # Hb 76 < 85 g/L
        asked = await _walk_routine(pilot)
        names = [q for q, _line in asked]
        # what a chart holds, in the form's order, the therapies last; nothing typed asked again
        assert names[-1] == "therapies" and set(names[:-1]) <= ROUTINE
        assert names[:-1] == sorted(names[:-1], key=FORM_ORDER.__getitem__)
        assert not {"age", "hemoglobin", "sledai_2k"} & set(names)
        # NCT06421701 reads platelets >= 50 and eGFR >= 60 (its "=" lost the >=): asked in
        # their place, said to change no verdict (the trial is out on its hemoglobin already)
        said = dict(asked)
        assert "changes no verdict now" in said["platelets"] and "changes no verdict now" in said["egfr"]
        assert names.index("platelets") < names.index("egfr")
        # "Presence of anti-dsDNA or anti-Sm antibodies" (a bundled trial): the lupus serology
        # asked together, anti-Sm next to anti-dsDNA as a chart lists them (newcomers with an
        # anti-Sm-positive patient looked for it there and had to search for it)
        assert names.index("anti_sm") == names.index("anti_dsdna") + 1
        assert "rarer question" in _status(app)


@sync
async def test_a_value_the_walk_says_changes_no_verdict_changes_none(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _form_with_patient(pilot)
        before = _verdicts(app)
        for _ in range(60):
            if "changes no verdict now" in _status(app) and question_of(app.focused) == "platelets":
                break
            await burst(pilot, "\r")
        else:
            raise AssertionError("platelets were never asked")
        await burst(pilot, "20\r")              # far below NCT06421701's 50: it was out already
        assert app.draft.raw("platelets") is not None
        assert _verdicts(app) == before


@sync
async def test_the_therapy_question_names_what_the_trials_ask_about(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await _pass_to_therapies(pilot)
        line = _status(app)
        # NCT06421701 excludes live vaccines within 4 weeks and major surgery within 8 weeks
        assert "The trials ask about: " in line
        named = line.split("The trials ask about: ", 1)[1]
        assert "live vaccine" in named and "major surgery" in named
        assert app.screen.query_one("#ask-status").region.bottom <= 24


def test_a_drugs_first_letters_complete_it_only_when_they_name_one_drug():
    assert completion("rit") == "rituximab"
    assert completion("bel") == "belimumab"
    # "pred" begins prednisone and prednisolone, "cyclo" cyclophosphamide and cyclosporine:
    # a burst's Enter must not take the first in alphabetical order for a patient on the other
    assert completion("pred") is None and completion("cyclo") is None
    assert completion("prednison") == "prednisone"
    assert completion("mmf") == "MMF"
    # word by word, each typed word the start of the name's word (a newcomer typed "mycophen mof")
    assert completion("mycophen mof") == "mycophenolate mofetil"
    assert completion("mycophen a") == "mycophenolic acid"      # the other mycophenolate
    assert completion("cyclo s") is None             # one-word names: no second word to begin


@sync
async def test_an_ambiguous_drug_start_stays_as_typed_and_is_flagged(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        drug = await _drug_box(pilot)
        await burst(pilot, "pred")
        # no completion shown, and why: the row names the drugs the start begins
        hint = _row_note(drug)
        assert "begins prednisolone, prednisone" in hint
        await burst(pilot, "\r")
        assert app.draft.therapies[0]["drug"] == "pred"     # not silently prednisolone
        row_text = _row_note(drug)
        assert "prednisone" in row_text and "prednisolone" in row_text


@sync
async def test_a_drug_typed_out_is_shown_by_its_full_name_once_recognised(sample_store_template, tmp_path):
    """Newcomers could not tell "mycophenolate" typed out (no completion shown once it is whole)
    from free text the app kept as typed: Enter puts the vocabulary's name for it in the field."""
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        drug = await _drug_box(pilot)
        await burst(pilot, "mycophenolate\r")          # on to its last dose
        assert drug.value == "mycophenolate mofetil"
        assert app.draft.therapies[0]["drug"] == "mycophenolate mofetil"
        await burst(pilot, "\rMMF\r")                   # the next row: an abbreviation, the same
        assert app.draft.therapies[1]["drug"] == "mycophenolate mofetil"


@sync
async def test_a_field_the_highlighted_trial_does_not_read_is_said_to_be_read_by_others(sample_store_template,
                                                                                       tmp_path):
    """The pane under the form shows the criteria of the trial highlighted in the list that read
    the focused field; a newcomer took "Sex in TV-831376FE37: no criterion reads it" for "sex
    does not matter" while four other trials read it."""
    from trialview.model.matching.plan import compile_plan

    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await burst(pilot, "34\r")
        assert question_of(app.focused) == "sex"
        pane = str(app.screen.query_one("#field-readers", Static).render())
        shown = pane.split("Sex in ", 1)[1].split(":", 1)[0]      # the trial highlighted in the list
        plans = {t: compile_plan(c) for t, (_s, c) in store.plans().items()}
        readers = [t for t, plan in plans.items() if "sex" in plan.variables]
        assert shown not in readers and readers
        assert f"no criterion reads it; {len(readers)} other trials do" in pane


@sync
async def test_a_cleared_field_keeps_the_unit_chosen_for_it(sample_store_template, tmp_path):
    """g/dL picked for hemoglobin in a trial's full form, a value typed and cleared, then another
    typed: it is read in g/dL still. The fields under the tree, reloaded at each edit, showed
    g/L again once the value was cleared, and "8" became 8 g/L (an impossible value)."""
    from textual.widgets import Select

    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # inclusion 7: Hb >= 80 g/L; its fields under the tree: hemoglobin's among them
        screen = await open_on_reader(pilot, "hemoglobin", "NCT06801119")
        await pilot.press("f2")
        await settle(pilot)
        form = screen.form()
        assert form is not None
        form.query_one("#unit-hemoglobin", Select).value = "g/dL"
        field = form.query_one("#input-hemoglobin", Input)
        field.focus()
        await settle(pilot)
        for key in ("1", "2", "backspace", "backspace", "8"):
            await pilot.press(key)
            await settle(pilot)
        assert app.draft.raw("hemoglobin") == {"value": 8, "unit": "g/dL"}
        assert str(form.query_one("#unit-hemoglobin", Select).value) == "g/dL"


@sync
async def test_a_drug_typed_word_by_word_is_named_under_the_row_and_taken_on_enter(sample_store_template,
                                                                                  tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        drug = await _drug_box(pilot)
        await burst(pilot, "mycophen mof")
        hint = _row_note(drug)
        assert "Enter takes mycophenolate mofetil" in hint
        await burst(pilot, "\r")
        assert app.draft.therapies[0]["drug"] == "mycophenolate mofetil"


@sync
async def test_at_60x20_a_drug_row_shows_the_names_start_and_its_foot_says_now_is_an_answer(
        sample_store_template, tmp_path):
    # A newcomer at 60x20 read "lophosphamide" and "xychloroquine" in the drug column (the box
    # left scrolled to where the cursor was) and guessed that "now" answers a date: the foot's
    # "(YYYY-MM-DD, or now: …" was cut at the screen's edge.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        drug = await _drug_box(pilot)
        await burst(pilot, "cyclophos\r")
        await settle(pilot)
        assert drug.value == "cyclophosphamide" and app.focused is not drug
        assert drug.render_line(0).text.strip().startswith("cyclophosph")
        foot = app.screen.query_one("#field-readers", Static)
        line = str(foot.render()).splitlines()[0]
        assert "last dose of cyclophosphamide (YYYY-MM-DD or now)" in line
        assert len(line) <= foot.content_region.width, (line, foot.content_region.width)


@sync
async def test_enter_on_a_start_two_drugs_share_stays_and_names_them(sample_store_template, tmp_path):
    # A newcomer typed "mycoph" (the row said it begins mycophenolate mofetil and mycophenolic
    # acid) and pressed Enter: the walk went on to the dates with "mycoph", a drug it does not
    # know and that decides nothing. Shift+Tab back selected the name, and "e" replaced it.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        drug = await _drug_box(pilot)
        await burst(pilot, "mycoph\r")
        await settle(pilot)
        assert app.focused is drug and drug.value == "mycoph"
        note = _row_note(drug)
        assert "mycophenolate mofetil" in note and "mycophenolic acid" in note, note
        await burst(pilot, "enolate m\r")          # typed on: one drug, taken, and on to its dates
        await settle(pilot)
        assert drug.value == "mycophenolate mofetil" and "therapy-last_dose" in app.focused.classes
        # back in the box, typing goes on from the end of the name, not over it
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is drug
        await burst(pilot, "x")
        assert drug.value == "mycophenolate mofetilx"


@sync
async def test_a_second_enter_keeps_a_shared_start_as_typed(sample_store_template, tmp_path):
    # A name the vocabulary does not know is kept, flagged (panel.md): Enter twice says so.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        drug = await _drug_box(pilot)
        await burst(pilot, "mycoph\r")
        await settle(pilot)
        assert app.focused is drug
        await burst(pilot, "\r")
        await settle(pilot)
        assert "therapy-last_dose" in app.focused.classes
        assert [t["drug"] for t in app.draft.therapies if t] == ["mycoph"]
        assert "not a known drug" in _row_note(drug)


@sync
async def test_the_walk_asks_a_woman_but_not_a_man_whether_she_is_pregnant(sample_store_template, tmp_path):
    # A newcomer screening a 52-year-old man was asked "Pregnant" right after his weight. The
    # bundled trials exclude pregnant or lactating women: a man is neither, and the matcher reads
    # "no (male)" for him, so the walk has nothing to ask him there.
    asked: dict[str, list[str]] = {}
    for sex in ("f", "m"):
        app = app_for(fresh_store(sample_store_template, tmp_path / sex), tmp_path / sex)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.draft.set_value("age", "52") is None and app.draft.set_value("sex", sex) is None
            app.patient_changed()
            await open_full_form(pilot)
            asked[sex] = [q for q, _line in await _walk_routine(pilot)]
    assert "pregnant" in asked["f"]
    assert asked["m"] == [q for q in asked["f"] if q != "pregnant"]
