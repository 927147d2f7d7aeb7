"""Keys that arrive in one burst (as over SSH) act as if typed one by one: each lands where the
screen was when it was typed, in the patient form as on the trial screen; and Esc with the key
typed right behind it, which a terminal delivers as one alt+key, is still Esc and that key."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from tests.functional.tui_helpers import app_for, burst, fresh_store, open_full_form, open_trial_screen, settle, sync
from trialview.tui.keys import split_escape
from trialview.tui.screens.main import MainScreen


async def _form_on_age(pilot) -> tuple[Any, Input]:
    """The full form from the list, the cursor in Age."""
    screen = await open_full_form(pilot)
    age = screen.query_one("#input-age", Input)
    age.focus()
    await settle(pilot)
    return screen, age


def test_an_alt_key_is_the_escape_and_the_key_typed_behind_it():
    assert [(k.key, k.character) for k in split_escape(events.Key("alt+n", "n"))] == [
        ("escape", "\x1b"), ("n", "n")]
    assert [k.key for k in split_escape(events.Key("alt+shift+n", "N"))] == ["escape", "N"]
    assert [k.key for k in split_escape(events.Key("alt+full_stop", "."))] == ["escape", "full_stop"]
    assert [k.key for k in split_escape(events.Key("n", "n"))] == ["n"]


@sync
async def test_a_burst_with_tabs_fills_the_form_field_after_field(sample_store_template, tmp_path):
    # Seen in tmux: F2, then "34 Tab f Tab 70" in one send-keys put "34f70" in the first field.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, age = await _form_on_age(pilot)
        chain = screen.focus_chain
        sex = chain[chain.index(age) + 1]
        after_sex = chain[chain.index(age) + 2]
        assert isinstance(sex, Input) and sex.id == "input-sex"
        burst(app, "3", "4", "tab", "f", "tab")
        await settle(pilot)
        assert app.draft.raw("age") == {"value": 34}
        assert app.draft.raw("sex") == {"value": "female"}
        assert app.focused is after_sex


@sync
async def test_esc_and_n_read_together_leave_the_field_and_go_on(sample_store_template, tmp_path):
    # Seen in tmux on main: "y Escape n" in one send-keys typed "yn" into Low C3 (alt+n).
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        await pilot.press("n")                  # the first open criterion reads age
        await settle(pilot)
        first = screen.current
        burst(app, "3", "4", "alt+n")
        await settle(pilot)
        assert app.draft.raw("age") == {"value": 34}
        age_field = screen.fields().first_input("age")
        assert age_field is None or age_field.value == "34"    # nothing typed after Esc
        assert app.focused is screen.tree_view()
        assert screen.current is not None and screen.current is not first      # n went on


@sync
async def test_esc_and_a_slash_read_together_leave_the_form_and_search(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, age = await _form_on_age(pilot)
        burst(app, "5", "2", "alt+slash")
        await settle(pilot)
        assert age.value == "52"
        assert isinstance(app.screen, MainScreen)
        assert app.focused is not None and app.focused.id == "search"
