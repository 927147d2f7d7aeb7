"""The TUI driven as a clinician would, with keys (App.run_test + pilot): moving in the trial
screen (n and N to the next open criterion, expand and collapse), its footer and the help."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from tests.functional.flow_helpers import open_seed
from tests.functional.tui_helpers import SEED, app_for, fresh_store, settle, sync
from trialview.tui.screens.help import HelpScreen
from trialview.tui.labels import favour
from trialview.tui.screens.trial import TrialScreen
from trialview.tui.widgets.criteria_tree import CriteriaTreeView


@sync
async def test_next_open_criterion_and_expand_collapse(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        await pilot.press("n")
        await pilot.pause()
        node = tree.selected()
        assert node is not None and node.kind == "criterion"
        assert screen.result.statuses[node.id].status in ("unknown", "manual", "not_met")
        await pilot.press("c")
        await pilot.pause()
        assert all(not s.children or not any(c.is_expanded for c in s.children) for s in tree.root.children)
        await pilot.press("e")
        await pilot.pause()
        assert all(s.is_expanded for s in tree.root.children)


def _open_or_failing(screen: TrialScreen) -> list[str]:
    """The criteria n and N stop at, in tree order: open or failing, with a field still empty."""
    from trialview.tui.widgets.criterion_fields import to_fill

    tree = screen.query_one(CriteriaTreeView)
    return [n.id for n in screen.criteria.walk()
            if n.kind == "criterion" and n.id in tree.by_id and n.id in screen.result.statuses
            and favour(tree.section_of[n.id], screen.result.statuses[n.id].status) in ("open", "manual", "bad")
            and to_fill(n, screen.app.draft)]


def _detail_text(screen: TrialScreen) -> str:
    return str(screen.query_one("#detail-body", Static).render())


@sync
async def test_tree_has_focus_on_open_and_n_and_N_work_at_once(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)         # Enter on the list
        tree = screen.query_one(CriteriaTreeView)
        assert app.focused is tree
        wanted = _open_or_failing(screen)
        assert len(wanted) > 2
        await pilot.press("N")                   # from nothing selected: the last one, not the one before
        await pilot.pause()
        assert tree.selected().id == wanted[-1]
        assert wanted[-1] in _detail_text(screen)

        await pilot.press("escape", "enter")     # open it again: n goes to the first one
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrialScreen) and screen.trial.trial_id == SEED
        tree = screen.query_one(CriteriaTreeView)
        assert app.focused is tree
        await pilot.press("n")
        await pilot.pause()
        assert tree.selected().id == wanted[0]
        assert wanted[0] in _detail_text(screen)


@sync
async def test_n_typed_right_behind_enter_moves_in_the_new_trial(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ["slash", *"hn2301", "enter"]:
            await pilot.press(key)
        await settle(pilot)
        app.post_message(events.Key("enter", "\r"))   # as a terminal delivers "\rn" typed quickly
        app.post_message(events.Key("n", "n"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrialScreen)
        assert screen.query_one(CriteriaTreeView).selected().id == _open_or_failing(screen)[0]


@sync
async def test_footer_fits_80_columns_on_the_trial_screen(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        footer = screen.query_one(Footer)
        keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
        palette = footer.query_one(".-command-palette", FooterKey)
        assert [k.key for k in keys] == ["enter", "n", "m", "f2", "ctrl+q", "f1"]   # ^q: the way out
        assert footer.max_scroll_x == 0            # nothing pushed off the right edge
        assert keys[-1].region.right <= palette.region.x <= palette.region.right <= 80   # nor under ^p
        # The keys left out of the footer still work and are listed in help.
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one(Static).render())
        for words in ("  f3 ", "Bedside", "  g ", "Field", "  w ", "Worksheet", "  f4 ", "  ctrl+s ", "  N "):
            assert words in text, words
        assert text.count("ctrl+s") == 1             # the trial screen's rebinding is listed once


@sync
async def test_help_lists_every_binding(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        for words in ("Worksheet", "Bedside", "decide", "Search", "Import", "Save", "ctrl+p"):
            assert words.lower() in text.lower(), words
