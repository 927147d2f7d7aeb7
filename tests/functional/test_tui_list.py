"""The trial list and its verdicts: where the cursor goes when the verdicts land, that an edit
re-matches only the trials that read the edited value, and that edits faster than the list
re-matches leave it with the last one's verdicts."""

from __future__ import annotations

import asyncio

from trialview.model.matching.match import match_trial
from trialview.model.matching.result import rank_key
from tests.functional.tui_helpers import SEED, app_for, fresh_store, open_on_field, settle, sync
from trialview.tui.screens.main import MainScreen
from trialview.tui.widgets.trial_list import TrialList


@sync
async def test_when_the_verdicts_land_the_cursor_is_on_the_best_trial(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        assert table.row_count == 5 and len(table.results) == 5
        ranked = sorted(table.results.values(), key=rank_key)
        assert table.cursor_row == 0
        assert table.current_id() == ranked[0].trial_id
        # the rows are in rank order, top to bottom
        assert [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(5)] == \
            [r.trial_id for r in ranked]


@sync
async def test_a_trial_chosen_by_the_user_keeps_the_cursor_when_the_list_resorts(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        await pilot.press("down", "down")
        chosen = table.current_id()
        app.draft.set_value("hemoglobin", "7.5", "g/dL")
        app.patient_changed()
        await settle(pilot)
        assert table.current_id() == chosen


@sync
async def test_an_edit_rematches_only_the_trials_that_read_it(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        matcher = app.list_matcher()
        readers = [tid for tid, (_, plan) in matcher.plans.items() if "hemoglobin" in plan.variables]
        assert 0 < len(readers) < 5
        app.draft.set_value("hemoglobin", "7.5", "g/dL")
        app.patient_changed()
        await settle(pilot)
        assert matcher.last_rematched == len(readers)
        table = app.screen.query_one(TrialList)
        assert all(table.results[tid].verdict == "ineligible" for tid in readers
                   if any("hemoglobin" in b.reason for b in table.results[tid].blockers))
        assert any("hemoglobin" in b.reason for tid in readers for b in table.results[tid].blockers)


def _burst(app, *keys: str) -> None:
    """Keys posted all at once, before the app reads any of them (a burst over SSH, or keys typed
    while the app is still starting)."""
    from textual import events

    chars = {"slash": "/", "minus": "-", "escape": "\x1b", "enter": "\r"}
    for key in keys:
        app.post_message(events.Key(key, chars.get(key, key if len(key) == 1 else None)))


def _searched(app) -> tuple[str, list[str]]:
    from textual.widgets import Input

    table = app.screen.query_one(TrialList)
    return app.screen.query_one("#search", Input).value, list(table.shown)


@sync
async def test_a_search_typed_right_at_start_is_not_lost(sample_store_template, tmp_path):
    # "/car-t" sent in one go as the app starts (its first match and "Ask next" still to come):
    # every key lands, "/" opens the search and "car-t" is what is searched, not "/car-t";
    # "a" (ask next on the list) is a letter of the search.
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        _burst(app, "slash", "c", "a", "r", "minus", "t")
        await settle(pilot)
        value, shown = _searched(app)
        assert value == "car-t"
        # two of the five sample trials are CAR-T cell therapies
        assert sorted(shown) == ["NCT06946485", "TV-831376FE37"]


@sync
async def test_a_search_typed_in_one_burst_on_the_list_is_not_lost(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _burst(app, "slash", "c", "a", "r", "minus", "t", "enter", "down")
        await settle(pilot)
        value, shown = _searched(app)
        assert value == "car-t" and sorted(shown) == ["NCT06946485", "TV-831376FE37"]
        assert isinstance(app.screen, MainScreen)       # Enter went back to the list, opened nothing
        assert isinstance(app.focused, TrialList) and app.focused.cursor_row == 1   # and Down moved on it
        table = app.screen.query_one(TrialList)
        chosen = table.current_id()
        # Esc clears the search, keeping the trial chosen; a move typed right behind it moves
        # on the whole list, from that trial
        _burst(app, "escape", "down")
        await settle(pilot)
        value, shown = _searched(app)
        assert value == "" and len(shown) == 5
        below = shown.index(chosen) + 1
        assert table.current_id() == shown[min(below, 4)]
        # "/car-t" and Esc in one burst: the search is cleared, not left at "car-t"
        _burst(app, "slash", "c", "a", "r", "minus", "t", "escape")
        await settle(pilot)
        assert _searched(app) == ("", shown) and isinstance(app.focused, TrialList)


@sync
async def test_the_header_counts_one_value_in_the_singular(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.draft.set_value("age", "34")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen._update_header()
        header = screen.query_one("#main-header").render()
        assert "(1 value, screening" in str(header), header
        app.draft.set_value("sex", "f")
        screen._update_header()
        assert "(2 values, screening" in str(screen.query_one("#main-header").render())


def _seen(result) -> tuple:
    """What the list shows of a result: the verdict, and each blocker and open question."""
    return (result.verdict, [(b.node_id, b.reason) for b in result.blockers], [o.node_id for o in result.open])


def _afresh(store, panel) -> dict[str, tuple]:
    """Every trial matched afresh, whole, against `panel`: what the list must show for it."""
    return {tid: _seen(match_trial(tid, summary.title, tree, panel)) for tid, (summary, tree) in store.trees().items()}


@sync
async def test_edits_made_faster_than_the_list_matches_leave_the_last_one_shown(sample_store_template, tmp_path):
    # Each edit cancels the pass of the one before, part way (a pass of one trial a step, so
    # there are ways in): whatever pass finished last, the list shows the last edit's verdicts.
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.list_matcher().STEP = 1
        for value in ("12", "7.5", "", "6", "13", "7.9"):
            app.draft.set_value("hemoglobin", value, "g/dL")
            app.patient_changed()
            await asyncio.sleep(0)          # a step of the pass in between, at most
        await settle(pilot)
        expected = _afresh(store, app.draft.panel())
        table = app.screen.query_one(TrialList)
        assert {tid: _seen(r) for tid, r in table.results.items()} == expected
        # 7.9 g/dL is under the seed trial's "Hb >= 80 g/L": the list says so
        assert table.results[SEED].verdict == "ineligible"
        assert any("hemoglobin" in b.reason for b in table.results[SEED].blockers)


@sync
async def test_a_burst_typed_in_a_trial_leaves_the_list_with_the_final_value(sample_store_template, tmp_path):
    # Keys typed with no pause in the hemoglobin field under the seed trial's tree: the list
    # under it is asked to re-match after each, the passes overtaking each other; back on the
    # list, every verdict is the one of the value left in the field.
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.list_matcher().STEP = 1
        screen, field = await open_on_field(pilot, "hemoglobin")
        _burst(app, "1", "2", "0")
        await settle(pilot)
        _burst(app, "escape")           # back on the tree, then into the field again, emptied
        await settle(pilot)
        field.value = ""
        field.focus()
        await pilot.pause()
        _burst(app, "7", "5")
        await settle(pilot)
        assert field.value == "75"
        panel = app.draft.panel()
        expected = _afresh(store, panel)
        assert expected[SEED][0] == screen.result.verdict == "ineligible"   # 75 g/L < 80 g/L
        assert {tid: _seen(r) for tid, r in app.list_matcher().results.items()} == expected
        while not isinstance(app.screen, MainScreen):
            await pilot.press("escape")
        await settle(pilot)
        assert {tid: _seen(r) for tid, r in app.screen.query_one(TrialList).results.items()} == expected


@sync
async def test_the_line_under_the_list_says_why_the_highlighted_trial_reads_as_it_does(sample_store_template,
                                                                                      tmp_path):
    # NCT06801119 inclusion 7 asks "Hb ≥80g/L": with hemoglobin 7.6 g/dL (76 g/L) the list reads
    # ✗ for it, and the line under the list says why without opening the trial.
    from tests.functional.tui_helpers import open_full_form

    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_form(pilot)
        await pilot.press("ctrl+f", *"hemo", "enter", *"7.6", "enter")   # Enter takes g/dL
        await pilot.pause()
        assert app.draft.values["hemoglobin"] == {"value": 7.6, "unit": "g/dL"}
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        table = screen.query_one(TrialList)
        table.move_cursor(row=table.get_row_index(SEED))
        await pilot.pause()
        why = str(screen.query_one("#why").render())
        assert why.startswith(f"✗ {SEED} ineligible: hemoglobin 76 g/L < 80 g/L required (inc-7)"), why
        # an undecided trial: how many criteria are open and what would decide them
        open_id = next(t for t, r in table.results.items() if r.verdict == "unknown")
        table.move_cursor(row=table.get_row_index(open_id))
        await pilot.pause()
        why = str(screen.query_one("#why").render())
        assert why.startswith(f"? {open_id} undecided: ") and " criteria open, nothing against" in why, why
