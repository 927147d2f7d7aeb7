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
    # A reviewer checks: the inclusion section reads "✗ Inclusion criteria: against" in red, the
    # bone-marrow criterion ✗; the exclusion section "? ... open" (effect words, not statuses).
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_open_seed_with_hemoglobin)


def test_bedside_form_80x24(snap_compare, sample_store_template, tmp_path):
    # A reviewer checks: under the form, the pane "Hemoglobin in NCT06801119: 1 criterion" lists
    # "✗ inc-7.1 Bone marrow function ..." (7.5 g/dL is against Hb ≥80g/L), fields above it.
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
    # A reviewer checks: the legend "✓ in favour ✗ against ? open ☐ for a person to judge".
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


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_full_form_finds_a_field(snap_compare, sample_store_template, tmp_path, size):
    # A reviewer checks: the full form (F2 on the list, the seed trial highlighted), HIV reached
    # with ctrl+f "hiv" Enter, "negative" typed: the HIV line lit (label and input on an accent
    # background), and the pane at the bottom "HIV in NCT06801119: 1 criterion" with that
    # exclusion still "?" (open: it also names CMV DNA, not entered), at every size.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    async def run_before(pilot):
        await settle(pilot)
        for key in ["slash", *"hn2301", "enter"]:
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("ctrl+f", *"hiv", "enter", *"negative")
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
