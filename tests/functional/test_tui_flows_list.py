"""The TUI driven as a clinician would, with keys (App.run_test + pilot): the trial list: search
and filter, an import from inside the app or by another process, the command palette."""

from __future__ import annotations

from tests.functional.flow_helpers import type_text
from tests.functional.tui_helpers import (SEED, app_for, fresh_store, hostile_study_file,
                                          settle, sync)
from trialview.store import Store
from trialview.tui.screens.trial import TrialScreen
from trialview.tui.widgets.trial_list import TrialList


@sync
async def test_search_and_filter_the_list(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        assert len(table.shown) == 5
        for key in ["slash", *"car-nk"]:
            await pilot.press(key)
        await pilot.pause()
        assert table.shown == ["NCT06421701"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.shown) == 5


@sync
async def test_import_from_inside_the_app(sample_store_template, tmp_path):
    study = hostile_study_file(tmp_path)
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        before = len(table.shown)
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(study))
        await pilot.press("enter")
        await settle(pilot)
        assert len(table.shown) == before + 1
        assert any("Imported 1 trial" in n.message for n in app._notifications)


@sync
async def test_command_palette_opens_a_trial(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, SEED)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TrialScreen) and app.screen.trial.trial_id == SEED


@sync
async def test_a_trial_imported_by_another_process_shows_up_in_the_list(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        before = len(table.shown)
        # a second Store on the same folder stands for `trialview import` in another terminal
        from trialview.store.importing import import_paths

        report = import_paths(Store(store.path), [hostile_study_file(tmp_path)])
        assert report.imported
        await pilot.pause(app.STORE_POLL_S + 0.5)
        await settle(pilot)
        assert len(table.shown) == before + 1
        assert any("another session" in n.message for n in app._notifications)
