"""Text from a trial file is shown literally: markup in a title or criterion is not obeyed."""

from __future__ import annotations

from tests.functional.tui_helpers import (HOSTILE, HOSTILE_ID, app_for, fresh_store,
                                          hostile_study_file, settle, sync)
from trialview.store.importing import import_paths
from trialview.tui.screens.trial import TrialScreen
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.trial_list import TrialList


def _screen_text(app) -> str:
    """What the terminal shows, as plain lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@sync
async def test_markup_in_trial_text_renders_literally_everywhere(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    report = import_paths(store, [hostile_study_file(tmp_path)])
    assert not report.errors
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ["slash", *"evil", "enter"]:
            await pilot.press(key)
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        assert table.shown == [HOSTILE_ID]
        assert HOSTILE in table.get_cell(HOSTILE_ID, "title").plain
        assert "[bold]Evil[/]" in _screen_text(app)

        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrialScreen)
        shown = _screen_text(app)
        assert "[bold]Evil[/] trial [@click=app.quit]" in shown         # header
        assert "[bold]now[/]" in shown and "[@click=app.quit]" in shown  # tree labels
        tree = screen.query_one(CriteriaTreeView)
        labels = [n.label.plain for n in tree.by_id.values()]
        assert any("[/] or [link=http://x]lactating[/link]" in label for label in labels)

        await pilot.press("down", "down")                               # detail pane
        await pilot.pause()
        assert "[bold]now[/]" in _screen_text(app) or "[@click=app.quit]" in _screen_text(app)

        await pilot.click(offset=(60, 0))                               # a click on the header
        await pilot.press("ctrl+p")                                     # the palette lists it too
        for key in "evil":
            await pilot.press(key)
        await pilot.pause(0.3)
        assert "[bold]Evil[/]" in _screen_text(app)
        assert app.is_running
