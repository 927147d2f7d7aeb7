"""The list under an open trial paints nothing while the trial is typed in: every keystroke draws
the lines that changed, never the whole screen again (issue 13: the list's verdicts waited
behind one or two whole frames per key), and the list still takes the new verdicts."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tests.functional.tui_helpers import SEED, app_for, fresh_store, open_on_reader, settle, sync
from trialview.tui.screens.main import MainScreen
from trialview.tui.widgets.trial_list import TrialList


class Frames:
    """Each frame the app hands its (headless) driver: whole-screen or only some lines."""

    def __init__(self, app: Any) -> None:
        self.kinds: list[str] = []
        self._display = app._display
        app._display = self._hook

    def _hook(self, screen: Any, renderable: Any) -> None:
        self._display(screen, renderable)
        if renderable is not None:
            # Textual's LayoutUpdate is the whole screen, its ChopsUpdate the lines that changed
            self.kinds.append(type(renderable).__name__)


@sync
async def test_typing_in_a_trial_redraws_only_what_changed_and_the_list_follows(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_reader(pilot, "hemoglobin")
        field = screen.fields().first_input("hemoglobin")
        assert field is not None
        field.focus()
        await settle(pilot)
        frames = Frames(app)
        for key in "120":                   # 1, 12, 120 g/L: the seed trial wants Hb >= 80 g/L
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.value == "120"
        assert frames.kinds, "no frame drawn while typing"
        assert "LayoutUpdate" not in frames.kinds, frames.kinds
        # The list under the trial re-matched meanwhile, and shows it when it is back.
        assert app.list_matcher().results[SEED].verdict == screen.result.verdict
        while not isinstance(app.screen, MainScreen):
            await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        assert table.results[SEED].verdict == screen.result.verdict
