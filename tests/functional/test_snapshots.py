"""Snapshots of the main screens at 80x24 and 120x40 (fixed screening date, no clock shown).

Each test's docstring says what a reviewer checks in its picture before accepting a new one, and
the test asserts the key fact of that screen through the pilot too, so a wrong screen fails even
when someone updates the SVG without looking.

Regenerate after an intended change: pytest tests/functional/test_snapshots.py --snapshot-update
(they also change when the criteria parser reads the sample trials differently).
"""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input

from trialview.store.importing import import_paths
from tests.functional.tui_helpers import (HOSTILE_ID, SEED, app_for, fresh_store,
                                          hostile_study_file, node_reading, settle)
from trialview.tui.screens.help import HelpScreen
from trialview.tui.screens.trial import TrialScreen
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.trial_list import TrialList

SIZES = [(80, 24), (120, 40)]


def shown(widget: Widget) -> str:
    """The text a Static shows, as plain characters."""
    rendered = widget.render()
    assert isinstance(rendered, Content), rendered
    return rendered.plain


async def _open_seed_with_hemoglobin(pilot) -> None:
    await settle(pilot)
    pilot.app.open_trial(SEED)
    await settle(pilot)
    await pilot.press("f2")
    await pilot.pause()
    pilot.app.screen.query_one("#trial-form").focus_field("hemoglobin")
    await pilot.press(*"7.5", "space", *"g/dL", "f2")
    await settle(pilot)


def _assert_seed_is_against_for_hemoglobin(pilot, hb_id: str) -> None:
    """The trial screen says ✗ in its header and on the criterion that reads hemoglobin."""
    screen = pilot.app.screen
    assert isinstance(screen, TrialScreen) and screen.trial.trial_id == SEED
    header = shown(screen.query_one("#trial-header"))
    assert header.startswith("✗") and SEED in header, header
    tree = screen.query_one(CriteriaTreeView)
    top = hb_id.split(".")[0]         # the numbered criterion, the row seen while it is collapsed
    assert tree.by_id[top].label.plain.startswith("✗")
    assert tree.by_id[hb_id].label.plain.startswith("✗")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_trial_list(snap_compare, sample_store_template, tmp_path, size):
    """Reviewer checks: the header says "5 of 5 trials" and an unnamed patient with 0 values; the
    five sample trials are listed, each with "?" in Fit (nothing entered: none is called a fit or
    ruled out), with their NCT or TV- id, title and status readable at this width."""
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        header = shown(pilot.app.screen.query_one("#main-header"))
        assert header.startswith("5 of 5 trials"), header
        table = pilot.app.screen.query_one(TrialList)
        assert table.row_count == 5
        fits = [table.get_cell_at((row, 0)).plain for row in range(table.row_count)]
        assert all(fit.startswith("?") for fit in fits), fits

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_trial_with_low_hemoglobin(snap_compare, sample_store_template, tmp_path, size):
    """Reviewer checks: hemoglobin 7.5 g/dL entered for NCT06801119 (needs Hb ≥80 g/L). The header
    starts "✗ ineligible" with the NCT id; the inclusion section and the bone-marrow criterion
    (Hb ≥80g/L) carry ✗ and the inclusion section reads "✗ Inclusion criteria: against" (effect
    words, not statuses); the other criteria stay "?" (no data for them), the exclusion section
    reads "? Exclusion criteria: open"; the trial's facts (status, phase, ages) show below."""
    store = fresh_store(sample_store_template, tmp_path)
    hb_id = node_reading(store.tree(SEED), "hemoglobin").id
    app = app_for(store, tmp_path)

    async def run_before(pilot) -> None:
        await _open_seed_with_hemoglobin(pilot)
        _assert_seed_is_against_for_hemoglobin(pilot, hb_id)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_bedside_form_80x24(snap_compare, sample_store_template, tmp_path):
    """Reviewer checks: the bedside form of NCT06801119 lists the fields its criteria use, in
    their order, each with its unit; Hemoglobin holds "7.5 g/dL" exactly as typed; the header
    above still says ✗ ineligible; under the fields, the pane "Hemoglobin in NCT06801119: 1
    criterion" lists "✗ inc-7.1 Bone marrow function ..."; no blinking cursor or clock."""
    store = fresh_store(sample_store_template, tmp_path)
    hb_id = node_reading(store.tree(SEED), "hemoglobin").id
    app = app_for(store, tmp_path)

    async def run_before(pilot):
        await _open_seed_with_hemoglobin(pilot)
        await pilot.press("f2")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):   # a blinking cursor makes a flaky picture
            field.cursor_blink = False
        await pilot.pause()
        assert pilot.app.screen.query_one("#input-hemoglobin", Input).value == "7.5 g/dL"
        _assert_seed_is_against_for_hemoglobin(pilot, hb_id)
        readers = shown(pilot.app.screen.query_one("#field-readers"))
        assert readers.startswith(f"Hemoglobin in {SEED}: 1 criterion") and "✗ inc-7" in readers

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_80x24(snap_compare, sample_store_template, tmp_path):
    """Reviewer checks: F1 over the list opens the help box; its first lines explain each icon in
    words as an effect on the patient (✓ in favour, ✗ against, ? open, ☐ for a person to judge,
    ✎ decided by hand) and that an exclusion that applies reads ✗ against; the keys follow,
    screen by screen."""
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = "\n".join(shown(w) for w in pilot.app.screen.query("Static"))
        for legend in ("✓ in favour", "✗ against", "? open", "☐ for a person to judge"):
            assert legend in text

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_markup_in_trial_text_80x24(snap_compare, sample_store_template, tmp_path):
    """Reviewer checks: a study whose title, criteria, sponsor and conditions are Textual markup
    shows every bracket literally ("[bold]Evil[/] trial [@click=app.quit]" in the header and the
    title, "[link=http://x]lactating[/link]" in the tree): no bold, red or link styling from it,
    and the app is still open on the trial (the click markup did nothing)."""
    store = fresh_store(sample_store_template, tmp_path)
    import_paths(store, [hostile_study_file(tmp_path)])
    app = app_for(store, tmp_path)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_trial(HOSTILE_ID)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TrialScreen) and pilot.app.is_running
        header = shown(screen.query_one("#trial-header"))
        assert "[bold]Evil[/] trial [@click=app.quit]" in header, header
        labels = [node.label.plain for node in screen.query_one(CriteriaTreeView).by_id.values()]
        assert any("[bold]now[/]" in label for label in labels)
        assert any("[link=http://x]lactating[/link]" in label for label in labels)

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
        screen.tree_view().select_id(hb.id)
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


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_full_form_finds_a_field(snap_compare, sample_store_template, tmp_path, size):
    """Reviewer checks: the full form (F2 on the list, the seed trial highlighted), HIV reached
    with ctrl+f "hiv" Enter, "negative" typed: the HIV line lit (label and input on an accent
    background), and the pane at the bottom "HIV in NCT06801119: 1 criterion" with that
    exclusion still "?" (open: it also names CMV DNA, not entered), at every size."""
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
        assert pilot.app.screen.query_one("#input-hiv", Input).value == "negative"
        assert shown(pilot.app.screen.query_one("#field-readers")).startswith(f"HIV in {SEED}: 1")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
