"""A newcomer's third pass at 80x24 (issue 13): the field finder's Enter went to the first item
whatever was highlighted, it did not match the labels it listed, the form scrolled one field
behind the focus, and no footer said how to quit."""

from __future__ import annotations

from textual.widgets import Input

from tests.functional.tui_helpers import app_for, fresh_store, settle, sync, open_full_form
from trialview.tui.screens.panel import PanelScreen


def _therapy_drugs(app) -> list[str]:
    return [t.get("drug") for t in app.draft.therapies if t]


# --- 1. Enter acts on the highlighted item ----------------------------------------------------

@sync
async def test_finder_enter_goes_to_the_item_moved_to_with_down(sample_store_template, tmp_path):
    # "predn" lists the prednisone-equivalent dose first, the drug prednisone second.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await pilot.press("ctrl+f", *"predn")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and "therapy-drug" in field.classes
        assert field.value == "prednisone"


@sync
async def test_finder_enter_follows_up_and_down_typed_in_one_burst(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        # down, down, up: the second item (prednisone); no pause between any of the keys.
        await pilot.press("ctrl+f", *"predn", "down", "down", "up", "enter")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and "therapy-drug" in field.classes
        assert field.value == "prednisone"
        assert _therapy_drugs(app) == ["prednisone"]
        assert app.draft.raw("prednisone_dose") is None      # the first item was not taken


@sync
async def test_finder_enter_with_no_move_still_takes_the_first_item(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await pilot.press("ctrl+f", *"predn", "enter")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and field.id == "input-prednisone_dose"


# --- 2. the finder matches what it lists; "add therapy" is one of its items ------------------

@sync
async def test_finder_finds_an_item_by_its_label_as_listed(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await pilot.press("ctrl+f", *"therapy: predn", "enter")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and "therapy-drug" in field.classes
        assert field.value == "prednisone"


@sync
async def test_finder_add_therapy_gives_an_empty_drug_field(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        await pilot.press("ctrl+f", *"ritux", "enter")     # the one empty row now holds rituximab
        await pilot.pause()
        await pilot.press("ctrl+f", *"add", "enter")
        await pilot.pause()
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and "therapy-drug" in field.classes
        assert field.value == ""
        drugs = [d.value for d in screen.query(".therapy-drug").results(Input)]
        assert drugs == ["rituximab", ""]
        await pilot.press(*"mmf", "tab")
        await pilot.pause()
        assert len(_therapy_drugs(app)) == 2


@sync
async def test_finder_lists_add_therapy_under_therapy_before_the_drugs(sample_store_template, tmp_path):
    from trialview.tui.widgets.field_finder import FieldFinder
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        await pilot.press("ctrl+f", *"therapy")
        await pilot.pause()
        shown = screen.query_one(FieldFinder).shown
        assert shown.index("add-therapy") < min(i for i, s in enumerate(shown) if s.startswith("drug:"))


# --- 3. the focused field is always in view ----------------------------------------------------

def _in_view(screen: PanelScreen, widget) -> bool:
    """Whether a person sees the widget: inside the form, and not under the readers pane docked
    at the form's foot."""
    form = screen.query_one("#panel-form")
    readers = screen.query_one("#field-readers")
    top, bottom = form.content_region.y, readers.region.y
    return widget.region.height > 0 and top <= widget.region.y and widget.region.bottom <= bottom


@sync
async def test_tabbing_down_the_full_form_keeps_the_focused_field_in_view(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        assert screen.query("#field-readers")      # the list's highlighted trial: its readers
        seen = []
        for _ in range(80):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            seen.append(focused.id)
            assert _in_view(screen, focused), (focused.id, focused.region)
            if focused.id == "input-hemoglobin":
                break
        assert seen[-1] == "input-hemoglobin", seen


# --- 4. a quit key in the footers --------------------------------------------------------------

def _footer_shows_whole(screen, key: str, description: str) -> bool:
    """Whether the screen's footer shows `key` with its description whole at its width: inside
    the screen, left of the command palette's key."""
    from textual.widgets._footer import FooterKey
    keys = list(screen.query(FooterKey).results(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    right = min([k.region.x for k in palette] or [screen.size.width])
    return any(k.key == key and k.description == description and k.region.width > 0
               and k.region.right <= right for k in keys)


@sync
async def test_the_list_trial_and_panel_footers_show_quit_at_80_columns(sample_store_template, tmp_path):
    from tests.functional.tui_helpers import SEED
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _footer_shows_whole(app.screen, "ctrl+q", "Quit")
        assert _footer_shows_whole(app.screen, "i", "Import")       # the list's own keys stay
        assert _footer_shows_whole(app.screen, "a", "Ask next")
        screen = await open_full_form(pilot)
        assert _footer_shows_whole(screen, "ctrl+q", "Quit")
        assert _footer_shows_whole(screen, "ctrl+s", "Save")        # cut off before, at 80
        await pilot.press("escape")
        await settle(pilot)
        app.open_trial(SEED)
        await settle(pilot)
        assert _footer_shows_whole(app.screen, "ctrl+q", "Quit")
        assert _footer_shows_whole(app.screen, "n", "Next")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running                                   # nothing unsaved: no question
