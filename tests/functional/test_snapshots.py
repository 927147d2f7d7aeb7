"""Snapshots of the main screens at 80x24 and 120x40 (fixed screening date, no clock shown).

Regenerate after an intended change: pytest tests/functional/test_snapshots.py --snapshot-update
(they also change when the criteria parser reads the sample trials differently).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from trialview.store.importing import import_paths
from tests.functional.tui_helpers import (SEED, app_for, fresh_store, hostile_study_file,  # noqa: F401
                                          sample_store_template, settle)

SIZES = [(80, 24), (120, 40)]


async def _open_seed_with_hemoglobin(pilot) -> None:
    await settle(pilot)
    pilot.app.open_trial(SEED)
    await settle(pilot)
    await pilot.press("f2")
    await pilot.pause()
    pilot.app.screen.query_one("#trial-form").focus_field("hemoglobin")
    await pilot.press(*"7.5", "space", *"g/dL", "f2")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_trial_list(snap_compare, sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_trial_with_low_hemoglobin(snap_compare, sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_open_seed_with_hemoglobin)


def test_bedside_form_80x24(snap_compare, sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    async def run_before(pilot):
        await _open_seed_with_hemoglobin(pilot)
        await pilot.press("f2")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):   # a blinking cursor makes a flaky picture
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_80x24(snap_compare, sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), press=["f1"], run_before=settle)


def test_markup_in_trial_text_80x24(snap_compare, sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    import_paths(store, [hostile_study_file(tmp_path)])
    app = app_for(store, tmp_path)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_trial("NCT09999999")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_tree_and_the_field_being_typed_together(snap_compare, sample_store_template, tmp_path, size):
    """The reviewer checks, in one picture: the criteria tree fills the top with the Hb criterion
    under the cursor, its line already ✗ (76 g/L < 80 g/L); right under the tree the criterion's
    fields, Hemoglobin holding "76" with the cursor in it (the others empty); below them the
    criterion's whole text and its Why; the footer fits the width. Nothing overlaps or is cut."""
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_trial(SEED)
        await settle(pilot)
        screen = pilot.app.screen
        hb = next(n for n in screen.criteria.walk() if any(c.variable == "hemoglobin" for c in n.checks))
        screen.tree().select_id(hb.id)
        await settle(pilot)
        field = screen.fields().first_input("hemoglobin")
        await pilot.press("g")                         # g: the criterion's fields in turn
        for _ in screen.fields().shown:
            if pilot.app.focused is field:
                break
            await pilot.press("escape", "g")
        await pilot.press("7", "6")
        field.cursor_blink = False                     # a blinking cursor makes a flaky picture
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
