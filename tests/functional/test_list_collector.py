"""The list's worker keeps the cyclic collector paused from a pass until its verdicts are out and
the app is idle (tui/screens/main.py): the pause must end, edit after edit, however the passes
overtake each other, or the collector would stay off for the rest of the session."""

from __future__ import annotations

import gc

from tests.functional.tui_helpers import SEED, app_for, burst, fresh_store, open_on_field, settle, sync


@sync
async def test_the_collector_runs_again_once_the_list_has_its_verdicts(sample_store_template, tmp_path):
    gc.enable()
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.05)
        assert gc.isenabled()       # after the first pass over every trial
        screen, field = await open_on_field(pilot, "hemoglobin")
        burst(app, "1", "2", "backspace", "7")     # passes that cancel each other part way
        await settle(pilot)
        await pilot.pause(0.05)
        assert field.value == "17"
        assert app.list_matcher().results[SEED].verdict == screen.result.verdict
        assert gc.isenabled()
        burst(app, "backspace", "backspace")
        await settle(pilot)
        await pilot.pause(0.05)
        assert gc.isenabled()
