"""The trial screen's keys at 60x20, 80x24 and 120x40: the tree is the form (a criterion's fields
under the tree, typed without leaving it), Esc and resize behave the same at every size, and keys
that arrive in one burst (as over SSH) land in the field that has the focus."""

from __future__ import annotations

import pytest
from textual import events
from textual.widget import Widget
from textual.widgets import Input

from tests.functional.tui_helpers import SEED, app_for, fresh_store, node_reading, settle, sync
from trialview.tui.screens.main import MainScreen
from trialview.tui.screens.trial import TrialScreen

SIZES = [(60, 20), (80, 24), (120, 40)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
CHARS = {"full_stop": ".", "space": " ", "minus": "-", "tab": "\t", "enter": "\r", "escape": "\x1b"}


async def _open_seed(pilot) -> TrialScreen:
    await settle(pilot)
    pilot.app.open_trial(SEED)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrialScreen)
    return screen


def _burst(app, *keys: str) -> None:
    """Keys posted all at once, before the app reads any of them (a burst over SSH)."""
    for key in keys:
        app.post_message(events.Key(key, CHARS.get(key, key if len(key) == 1 else None)))


def _on_screen(widget: Widget, size: tuple[int, int]) -> bool:
    region = widget.region
    return region.height > 0 and region.width > 0 and region.bottom <= size[1] and region.right <= size[0]


async def _select(pilot, screen: TrialScreen, variable: str) -> None:
    screen.tree_view().select_id(node_reading(screen.criteria, variable).id)
    await settle(pilot)


@size_ids
@sync
async def test_a_digit_types_the_criterion_field_under_the_tree_and_esc_goes_back(
        sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await _open_seed(pilot)
        await _select(pilot, screen, "hemoglobin")
        tree = screen.tree_view()
        hb = node_reading(screen.criteria, "hemoglobin")
        assert "hemoglobin" in screen.fields().shown
        before = tree.by_id[hb.id].label.plain
        await pilot.press("g")                        # g: the criterion's fields in turn, to Hb
        while app.focused is not None and getattr(app.focused, "id", "") != "input-hemoglobin":
            await pilot.press("escape", "g")
        await pilot.press(*"70")                     # 70 g/L: below the trial's 80 g/L
        await settle(pilot)
        field = app.focused
        assert isinstance(field, Input) and field.value == "70"
        # Tree and the field being typed on screen together, the line already recoloured.
        assert _on_screen(tree, size) and _on_screen(field, size)
        assert tree.by_id[hb.id].label.plain != before and tree.by_id[hb.id].label.plain.startswith("✗")
        assert screen.result is not None and screen.result.statuses[hb.id].status == "not_met"
        await pilot.press("escape")                  # back to the tree
        assert app.focused is tree
        await pilot.press("escape")                  # back to the list
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@size_ids
@sync
async def test_esc_leaves_the_full_form_then_the_trial_at_every_size(sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await _open_seed(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = screen.form()
        assert form is not None and form.has_focus_within
        await pilot.press("escape")                  # the form: back to the tree, on screen
        await settle(pilot)
        assert app.focused is screen.tree_view() and _on_screen(screen.tree_view(), size)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@sync
async def test_resize_with_the_full_form_shown_keeps_the_tree_and_esc(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        await pilot.press("f2")                      # narrow: the form in place of the tree
        await settle(pilot)
        await pilot.resize_terminal(120, 40)         # wide: form beside the tree
        await settle(pilot)
        assert _on_screen(screen.tree_view(), (120, 40))
        await pilot.press("f2")                      # wide F2: from the form to the tree
        await settle(pilot)
        assert app.focused is screen.tree_view()
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert _on_screen(screen.tree_view(), (60, 20))
        await pilot.press("f2")                      # narrow again: the form in place of the tree
        await settle(pilot)
        assert screen.form() is not None and screen.form().has_focus_within
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is screen.tree_view() and _on_screen(screen.tree_view(), (60, 20))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@size_ids
@sync
async def test_a_burst_after_enter_and_tab_lands_in_the_focused_fields(sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await _open_seed(pilot)
        await _select(pilot, screen, "sledai_2k")    # SLEDAI-2K >= 6, clinical score >= 4
        fields = screen.fields()
        assert fields.shown[:2] == ["sledai_2k", "sledai_2k_clinical"]
        total, clinical = (fields.first_input(v) for v in fields.shown[:2])
        _burst(app, "enter", "1", "0", "tab", "4", "enter")
        await settle(pilot)
        assert (total.value, clinical.value) == ("10", "4")
        assert app.focused is screen.tree_view()          # Enter after the last field: the tree
        assert app.draft.raw("sledai_2k") == {"value": 10}


@sync
async def test_tab_tab_then_a_value_in_one_burst_lands_two_fields_on(sample_store_template, tmp_path):
    # Issue 13: `send-keys Tab Tab '1.1'` on Hemoglobin gave 7.61.1 in Hemoglobin.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        await _select(pilot, screen, "hemoglobin")
        hb = screen.fields().first_input("hemoglobin")
        assert hb is not None
        await pilot.press("g")
        while app.focused is not hb:
            await pilot.press("escape", "g")
        await pilot.press(*"7.6")
        await settle(pilot)
        chain = screen.focus_chain
        target = chain[chain.index(hb) + 2]          # where two Tabs go
        _burst(app, "tab", "tab", "1", "full_stop", "1")
        await settle(pilot)
        assert hb.value == "7.6"
        assert app.focused is target
        if isinstance(target, Input):
            assert target.value.endswith("1.1")


@sync
async def test_n_then_a_digit_in_one_burst_types_the_next_open_criterion(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        _burst(app, "n", "3", "4", "escape", "n")    # the first open one reads age
        await settle(pilot)
        assert app.draft.raw("age") == {"value": 34}
        assert app.focused is screen.tree_view()
        from trialview.tui.widgets.criterion_fields import fields_of

        reads_age = next(n for n in screen.criteria.walk() if n.kind == "criterion" and "age" in fields_of(n))
        assert screen.current is not None and screen.current is not reads_age   # the second n moved on


@sync
async def test_readme_and_help_list_the_trial_screen_keys(sample_store_template, tmp_path):
    from pathlib import Path

    from textual.widgets import Static

    from trialview.tui.screens.help import HelpScreen

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| ")}
    trial, field = rows["Trial"], rows["A field under the tree"]
    for key in ("`n` / `N`", "a digit", "`enter`", "`g`", "`m`", "`e` / `c`", "`f2`", "`f3`", "`w`",
                "`escape`"):
        assert key in trial, key
    for key in ("`enter`", "`up / down`", "`tab / shift+tab`", "`escape`"):
        assert key in field, key
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_seed(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        for key in ("  n ", "  N ", "  enter ", "  g ", "  m ", "  e ", "  c ", "  f2 ", "  f3 ", "  w ",
                    "  escape ", "  0-9 . - + ", "  up / down "):
            assert key in text, key


@sync
async def test_g_on_a_therapy_criterion_lands_on_the_drug_it_counts(sample_store_template, tmp_path):
    # Issue 13: g on a therapy criterion took ~1 s, landed on the first therapy row with its text
    # selected, and a second g typed over it.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.draft.set_therapy(0, {"drug": "rituximab", "last_dose": "2026-09-01"})
        app.draft.set_therapy(1, {"drug": "mycophenolate mofetil"})
        screen = await _open_seed(pilot)
        await _select(pilot, screen, "immunosuppressant")    # "at least two immunosuppressants"
        await pilot.press("g")
        await settle(pilot)
        field = app.focused
        assert isinstance(field, Input) and field.value == "mycophenolate mofetil"
        assert field.selection.is_empty and screen.form() is None
        await pilot.press("g")                               # a second g is typed, at the end
        assert field.value == "mycophenolate mofetilg"
