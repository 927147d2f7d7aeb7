"""Keys the TUI flow tests (tests/functional/test_tui_flows_*.py) share: the seed trial opened
as a clinician opens it from the list (/ to search, its number, Enter, Enter), text typed key by
key."""

from __future__ import annotations

from tests.functional.tui_helpers import SEED, settle
from trialview.tui.screens.trial import TrialScreen


async def open_seed(pilot) -> TrialScreen:
    await settle(pilot)
    for key in ["slash", *"hn2301", "enter", "enter"]:
        await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrialScreen) and screen.trial.trial_id == SEED
    return screen


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)
