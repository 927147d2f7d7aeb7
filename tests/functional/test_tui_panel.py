"""The patient panel as a clinician meets it: unsaved changes, the full form, units, therapies,
effect words, worksheets. Driven with keys at 80x24 (and other sizes where layout matters)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.functional.tui_helpers import SEED, app_for, fresh_store, settle, sync, open_full_form
from trialview.tui.screens.panel import PanelScreen
from trialview.tui.screens.prompt import PromptScreen, UnsavedScreen
from trialview.tui.screens.trial import TrialScreen
from trialview.tui.widgets.criteria_tree import CriteriaTreeView

SEED_PANELS = Path(__file__).resolve().parents[1] / "panels"


async def _type(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


# --- unsaved changes --------------------------------------------------------------------------

@sync
async def test_quit_with_unsaved_changes_asks_and_cancel_keeps_the_app(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        app.screen.query_one("#input-age").focus()
        await _type(pilot, "34")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)     # asked, not quit
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PanelScreen)
        assert app.draft.values["age"] == {"value": 34}  # nothing lost


@sync
async def test_quit_discard_quits_and_save_writes_the_panel_first(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        app.screen.query_one("#input-age").focus()
        await _type(pilot, "34")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")                           # save first: no label yet, so asked
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await _type(pilot, "bed 4")
        await pilot.press("enter")
        await pilot.pause()
    assert not app.is_running
    saved = store.load_panel("bed 4")
    assert saved is not None and saved.panel.value("age") == 34

    app = app_for(fresh_store(sample_store_template, tmp_path / "again"), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        app.screen.query_one("#input-age").focus()
        await _type(pilot, "34")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert not app.is_running


@sync
async def test_quit_without_changes_does_not_ask(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


@sync
async def test_new_panel_from_f4_asks_before_dropping_changes(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        app.screen.query_one("#input-age").focus()
        await _type(pilot, "34")
        await pilot.press("f4", "n")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")                      # cancel: the panel and its age stay
        await pilot.pause()
        assert app.draft.values["age"] == {"value": 34}
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("d")                           # discard: a new, empty panel
        await pilot.pause()
        assert app.draft.values == {}
        assert isinstance(app.screen, PanelScreen)


# --- effect words -----------------------------------------------------------------------------

@sync
async def test_an_exclusion_that_applies_reads_against_in_the_tree(sample_store_template, tmp_path):
    # The seed trial excludes "Individuals with asthma, severe allergies": an asthmatic patient
    # is excluded, and the exclusion section's line must say so with ✗ and "against".
    store = fresh_store(sample_store_template, tmp_path)
    panel = json.loads((SEED_PANELS / "nct06801119_asthma.json").read_text())
    from trialview.model.panel import parse_panel

    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.draft.load(parse_panel(panel))
        app.open_trial(SEED)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrialScreen)
        tree = screen.query_one(CriteriaTreeView)
        exclusion = next(n for n in tree.root.children if "xclusion" in n.label.plain)
        assert exclusion.label.plain.startswith("✗ Exclusion criteria: against")
        asthma = next(n for n in tree.by_id.values()
                      if n.data is not None and "asthma" in n.data.text.lower())
        assert asthma.label.plain.startswith("✗ ")


# --- units, therapies ---------------------------------------------------------------------------

@sync
async def test_units_typed_after_the_number_in_a_one_unit_field(sample_store_template, tmp_path):
    # The issue: "10 mg/day" in the prednisone field said "expected a number (mg/day)".
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.query_one("#input-prednisone_dose").focus()
        await _type(pilot, "10 mg/day")
        await pilot.pause()
        assert app.draft.panel().value("prednisone_dose") == 10
        assert not screen.query_one("#field-prednisone_dose").has_class("-error")
        screen.query_one("#input-age").focus()
        await _type(pilot, "34 years")
        await pilot.pause()
        assert app.draft.panel().value("age") == 34
        screen.query_one("#input-sledai_2k").focus()
        await _type(pilot, "10 g/dL")                    # a unit this field never takes: said so
        await pilot.pause()
        error = screen.query_one("#field-sledai_2k .field-error").render()
        assert "g/dL is not a unit of this field" in str(error)


@sync
async def test_a_value_that_fits_another_unit_gets_a_one_key_fix(sample_store_template, tmp_path):
    # 7.6 hemoglobin with g/L selected is impossible (10-250 g/L); in g/dL it is plausible.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.query_one("#input-hemoglobin").focus()
        await _type(pilot, "7.6")
        await pilot.pause()
        row = screen.query_one("#field-hemoglobin")
        assert "did you mean g/dL? Enter to accept" in str(row.query_one(".field-error").render())
        assert "hemoglobin" not in app.draft.values
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.values["hemoglobin"] == {"value": 7.6, "unit": "g/dL"}
        assert app.draft.panel().value("hemoglobin") == 76
        assert not row.has_class("-error")


@sync
async def test_therapy_taken_now_and_whole_history_reach_the_panel(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        drug = screen.query(".therapy-drug").first()
        drug.focus()
        await _type(pilot, "mycophenolate mofetil")
        await pilot.pause()
        now = screen.query(".therapy-current").first()
        now.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.draft.panel().therapies[0].current
        assert app.draft.to_json()["therapies"] == [{"drug": "mycophenolate mofetil", "current": True}]
        screen.query_one("#therapy-history").focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.draft.panel().therapy_history == "complete"
        assert app.draft.unsaved()


@sync
async def test_an_unknown_drug_is_flagged_with_close_names(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.query(".therapy-drug").first().focus()
        await _type(pilot, "ritixumab")
        await pilot.press("tab")                         # leave the name: the flag shows
        await pilot.pause()
        row = screen.query(".therapy-row").first()
        assert row.has_class("-warning")
        text = str(row.query_one(".field-error").render())
        assert "not a known drug" in text and "rituximab" in text
        assert app.draft.therapies[0]["drug"] == "ritixumab"     # kept as typed


# --- the full form ------------------------------------------------------------------------------

@sync
async def test_first_f2_focuses_the_first_question_and_the_focused_field_stands_out(sample_store_template,
                                                                                    tmp_path):
    # F2 opens on what ask next asks first (every sample trial has an age range: age), as `a`
    # does, not on the label (newcomers then Tabbed through the whole form).
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        assert app.focused is not None and app.focused.id == "input-age"
        age = screen.query_one("#input-age")
        label = screen.query_one("#input-label")
        # The focused input's background is far from an unfocused one's (it was 235 vs 234).
        focused_bg, other_bg = age.styles.background, label.styles.background
        distance = sum(abs(a - b) for a, b in zip(focused_bg.rgb, other_bg.rgb, strict=True))
        assert distance > 60, (focused_bg, other_bg)


@sync
async def test_any_field_is_reached_by_typing_part_of_its_name_in_one_burst(sample_store_template, tmp_path):
    # HIV is about fifty Tabs into the form; ctrl+f, "hiv", Enter, "negative" typed with no pause
    # between keys must land the word in the HIV field.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await pilot.press("ctrl+f", *"hiv", "enter", *"negative")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "input-hiv"
        assert app.draft.values["hiv"] == {"value": "negative"}
        await pilot.press("ctrl+f", *"hemo", "enter", *"7.6")   # the unit fix, then Enter
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.values["hemoglobin"] == {"value": 7.6, "unit": "g/dL"}


@sync
async def test_the_form_shows_the_criteria_reading_the_focused_field_live(sample_store_template, tmp_path):
    # Open the full form with the seed trial highlighted in the list: the pane under the fields
    # lists its criteria that read the focused field ("Hb ≥80g/L" for hemoglobin), with effect.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ["slash", *"hn2301", "enter"]:
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PanelScreen)
        readers = screen.query_one("#field-readers")
        assert readers.region.height >= 5 and readers.region.bottom <= 23   # on screen, at 80x24
        await pilot.press("ctrl+f", *"hemo", "enter")
        await pilot.pause()
        text = str(readers.render())
        assert text.startswith(f"Hemoglobin in {SEED}: 1 criterion")
        assert "? inc-7" in text and "Hb ≥80g/L" in text
        await _type(pilot, "7.5 g/dL")
        await pilot.pause()
        assert "✗ inc-7" in str(readers.render())        # 75 g/L < 80 g/L: against, at once


@sync
async def test_help_lists_the_form_keys(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-box Static").render())
        assert "pageup / pagedown" in text and "ctrl+f" in text and "Find field" in text


# --- worksheets ---------------------------------------------------------------------------------

async def _worksheet_prompt(pilot) -> PromptScreen:
    await settle(pilot)
    pilot.app.open_trial(SEED)
    await settle(pilot)
    await pilot.press("w")
    await pilot.pause()
    prompt = pilot.app.screen
    assert isinstance(prompt, PromptScreen)
    return prompt


@sync
async def test_worksheet_asks_where_and_writes_a_new_private_file(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = await _worksheet_prompt(pilot)
        suggested = prompt.query_one("#prompt-input").value
        # The test app's folder stands in for the documents folder; never the current directory.
        assert suggested.startswith(str(tmp_path)) and suggested.endswith(".md")
        await pilot.press("enter")
        await pilot.pause()
        written = tmp_path / suggested.removeprefix(str(tmp_path) + "/")
        assert written.read_text().startswith(f"# Screening worksheet: {SEED}")
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        # The same name again: the first worksheet is left as it was; the new one goes beside it.
        written.write_text("kept")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert written.read_text() == "kept"
        beside = written.with_name(f"{written.stem}-2.md")
        assert beside.read_text().startswith(f"# Screening worksheet: {SEED}")


@sync
async def test_worksheet_never_writes_through_a_link(sample_store_template, tmp_path):
    target = tmp_path / "elsewhere.md"
    target.write_text("someone else's file")
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = await _worksheet_prompt(pilot)
        field = prompt.query_one("#prompt-input")
        link = tmp_path / "link.md"
        link.symlink_to(target)
        field.value = str(link)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text() == "someone else's file"
        assert link.is_symlink() and (tmp_path / "link-2.md").read_text().startswith("# Screening")
        # Esc in the dialog writes nothing.
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["elsewhere.md", "link-2.md", "link.md"]


def test_the_default_worksheet_folder_is_the_users_not_the_current_directory() -> None:
    from trialview.tui.export import default_folder

    folder = default_folder()
    assert folder.name == "trialview" and folder != Path.cwd() / "trialview"
    assert folder.is_absolute()


def test_the_readme_key_table_and_the_help_screen_say_the_same_keys() -> None:
    # Every key the help screen lists appears in the README's row of the same section, and the
    # README has no section the help screen lacks.
    from trialview.tui.app import TrialviewApp
    from trialview.tui.screens.help import key_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme[readme.index("| where | keys |"):].splitlines()[2:]:
        if not line.startswith("|"):
            break
        title, keys = (cell.strip() for cell in line.strip("|").split("|", 1))
        rows[title] = keys.replace("`", "")
    table = key_table(TrialviewApp.help_sections())
    assert sorted(rows) == sorted(title for title, _ in table)
    for title, keys in table:
        for key, what in keys:
            assert key in rows[title], f"{title}: {key} ({what}) is not in the README"


@sync
async def test_a_drug_typed_right_after_add_therapy_lands_in_the_new_row(sample_store_template, tmp_path):
    # Enter on "+ add therapy" and the drug's name typed at once (one burst over SSH): the new row
    # is mounted after the keys arrive, and they must not be lost on the button.
    from textual import events

    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.query_one("#add-therapy").focus()
        await pilot.pause()
        for key in ("enter", *"cyclophos"):
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await settle(pilot)         # every key acted (pauses alone read early on a loaded machine)
        drugs = [d.value for d in screen.query(".therapy-drug")]
        assert drugs[-1].startswith("cyclophos"), drugs
        assert app.focused is screen.query(".therapy-drug").last()


@sync
async def test_leaving_the_form_says_which_typed_value_was_not_kept(sample_store_template, tmp_path):
    # "done: Esc, all kept": 9.5 typed where g/L is chosen reads as no hemoglobin; leaving the
    # form with it said nothing, and the patient had no hemoglobin (review 15)
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.query_one("#input-hemoglobin").focus()
        await _type(pilot, "9.5")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "hemoglobin" not in app.draft.values
        said = [n.message for n in app._notifications]
        assert any("Not kept" in m and "Hemoglobin" in m for m in said), said
