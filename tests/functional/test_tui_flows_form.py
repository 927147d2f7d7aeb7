"""The TUI driven as a clinician would, with keys (App.run_test + pilot): values typed in the
trial screen's fields and form, their units and validation, and what they light in the tree and
the list."""

from __future__ import annotations

from textual.widgets import Input

from tests.functional.flow_helpers import open_seed, type_text
from tests.functional.tui_helpers import SEED, app_for, fresh_store, node_reading, settle, sync
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.widgets.trial_list import TrialList


def _verdict_cell(app) -> str:
    main = app.screen_stack[1]
    table = main.query_one(TrialList)
    return table.get_cell(SEED, "verdict").plain


@sync
async def test_hemoglobin_lights_the_tree_and_the_list_and_back(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        before = tree.by_id[hb.id].label.plain
        assert not _verdict_cell(app).startswith("✗")

        tree.select_id(hb.id)
        await pilot.pause()
        for _ in range(12):                  # g: the next field that would decide the criterion
            await pilot.press("g")
            await pilot.pause()
            if getattr(app.focused, "id", None) == "input-hemoglobin":
                break
            await pilot.press("f2")          # back to the tree for the next one
            await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "input-hemoglobin"
        await type_text(pilot, "7.5 g/dL")
        await settle(pilot)
        assert screen.result.statuses[hb.id].status == "not_met"
        assert tree.by_id[hb.id].label.plain.startswith("✗")
        assert "75 g/L" in screen.result.statuses[hb.id].reason
        # The list, under the trial, has matched again; its rows show it when it is back on screen.
        assert app.list_matcher().results[SEED].verdict == "ineligible"
        assert not _verdict_cell(app).startswith("✗")
        await pilot.press("escape", "escape")   # back to the tree, back to the list
        await settle(pilot)
        assert _verdict_cell(app) == "✗ 1"       # ineligible: one criterion against
        app.open_trial(SEED)
        await settle(pilot)
        screen, tree = app.screen, app.screen.query_one(CriteriaTreeView)
        await pilot.press("f2")
        await pilot.pause()
        (await screen.panel_form()).focus_field("hemoglobin")

        for _ in "7.5 g/dL":
            await pilot.press("backspace")
        await settle(pilot)
        assert screen.result.statuses[hb.id].status != "not_met"
        assert tree.by_id[hb.id].label.plain == before
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not _verdict_cell(app).startswith("✗")


@sync
async def test_esc_on_a_narrow_screen_closes_the_form_and_shows_the_tree_again(sample_store_template, tmp_path):
    # Found by mypy (unused-coroutine): Esc called the async toggle without awaiting it, so on
    # a narrow terminal Esc left the form on screen.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("f2")              # narrow: the form replaces the tree
        await pilot.pause()
        assert screen.has_class("-form")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.has_class("-form")
        assert screen.query_one(CriteriaTreeView).display


@sync
async def test_unit_selector_and_inline_validation_keep_last_valid_value(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("f2")              # narrow: the form replaces the tree
        await pilot.pause()
        form = screen.query_one(PanelForm)
        assert form.focus_field("hemoglobin")
        await type_text(pilot, "7.5")            # 7.5 g/L is impossible: an error, nothing kept yet
        await pilot.pause()
        row = form.query_one("#field-hemoglobin")
        assert row.has_class("-error") and "hemoglobin" not in app.draft.values
        # The unit typed after the number moves the selector (Tab no longer stops on it).
        await type_text(pilot, " g/dL")
        await settle(pilot)
        assert row.query_one(".field-unit").value == "g/dL"
        assert not row.has_class("-error")
        assert app.draft.values["hemoglobin"] == {"value": 7.5, "unit": "g/dL"}
        assert screen.result.statuses[hb.id].status == "not_met"
        form.focus_field("hemoglobin")
        await type_text(pilot, "x")              # "x" over the value selected: a problem shown, 7.5 g/dL still used
        await settle(pilot)
        assert row.has_class("-error")
        assert app.draft.values["hemoglobin"] == {"value": 7.5, "unit": "g/dL"}
        assert screen.result.statuses[hb.id].status == "not_met"


@sync
async def test_bedside_mode_shows_the_trials_fields_in_criteria_order(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    from trialview.model.vocabulary import BY_ID

    wanted = [v for v in store.tree(SEED).variables() if v in BY_ID]
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        form = screen.query_one(PanelForm)
        shown = [row.id.removeprefix("field-") for row in form.query(".field-row")]
        assert shown == wanted
        await pilot.press("f3")              # all fields
        await pilot.pause()
        assert len(form.query(".field-row")) > len(wanted)


@sync
async def test_g_types_each_field_of_the_criterion_in_turn_under_the_tree(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        tree.select_id(hb.id)
        await settle(pilot)
        shown = screen.fields().shown
        assert "hemoglobin" in shown
        for var in shown:                            # g: each field that decides it, in turn
            await pilot.press("g")
            assert app.focused is screen.fields().first_input(var)
            await pilot.press("escape")              # back to the tree; the next g goes on
            assert app.focused is tree
        assert screen.form() is None                 # never the full form: the tree stays on screen
        assert screen.query_one("#criteria").region.height > 3
