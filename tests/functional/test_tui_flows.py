"""The TUI driven as a clinician would, with keys (App.run_test + pilot)."""

from __future__ import annotations

import os
import stat

from textual import events
from textual.widgets import Footer, Input, Static
from textual.widgets._footer import FooterKey

from tests.functional.tui_helpers import (SEED, app_for, fresh_store, hostile_study_file,
                                          node_reading, settle, sync)
from trialview.store import Store
from trialview.tui.screens.help import HelpScreen
from trialview.tui.labels import favour
from trialview.tui.screens.trial import TrialScreen
from trialview.tui.widgets.criteria_tree import CriteriaTreeView
from trialview.tui.widgets.panel_form import PanelForm
from trialview.tui.widgets.trial_list import TrialList


def _verdict_cell(app) -> str:
    main = app.screen_stack[1]
    table = main.query_one(TrialList)
    return table.get_cell(SEED, "verdict").plain


async def _open_seed(pilot) -> TrialScreen:
    await settle(pilot)
    for key in ["slash", *"hn2301", "enter", "enter"]:
        await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrialScreen) and screen.trial.trial_id == SEED
    return screen


async def _type(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


@sync
async def test_hemoglobin_lights_the_tree_and_the_list_and_back(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        before = tree.by_id[hb.id].label.plain
        assert not _verdict_cell(app).startswith("✗")

        tree.select_id(hb.id)
        await pilot.pause()
        for _ in range(12):                  # g: the next field that would decide the criterion
            await pilot.press("g")
            await pilot.pause()
            if getattr(app.focused, "id", None) == "input-hemoglobin":
                break
            await pilot.press("f2")          # back to the tree for the next one
            await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "input-hemoglobin"
        await _type(pilot, "7.5 g/dL")
        await settle(pilot)
        assert screen.result.statuses[hb.id].status == "not_met"
        assert tree.by_id[hb.id].label.plain.startswith("✗")
        assert "75 g/L" in screen.result.statuses[hb.id].reason
        # The list, under the trial, has matched again; its rows show it when it is back on screen.
        assert app.list_matcher().results[SEED].verdict == "ineligible"
        assert not _verdict_cell(app).startswith("✗")
        await pilot.press("escape", "escape")   # back to the tree, back to the list
        await settle(pilot)
        assert _verdict_cell(app) == "✗ 1"       # ineligible: one criterion against
        app.open_trial(SEED)
        await settle(pilot)
        screen, tree = app.screen, app.screen.query_one(CriteriaTreeView)
        await pilot.press("f2")
        await pilot.pause()
        (await screen.panel_form()).focus_field("hemoglobin")

        for _ in "7.5 g/dL":
            await pilot.press("backspace")
        await settle(pilot)
        assert screen.result.statuses[hb.id].status != "not_met"
        assert tree.by_id[hb.id].label.plain == before
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not _verdict_cell(app).startswith("✗")


@sync
async def test_esc_on_a_narrow_screen_closes_the_form_and_shows_the_tree_again(sample_store_template, tmp_path):
    # Found by mypy (unused-coroutine): Esc called the async toggle without awaiting it, so on
    # a narrow terminal Esc left the form on screen.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        await pilot.press("f2")              # narrow: the form replaces the tree
        await pilot.pause()
        assert screen.has_class("-form")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.has_class("-form")
        assert screen.query_one(CriteriaTreeView).display


@sync
async def test_unit_selector_and_inline_validation_keep_last_valid_value(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        await pilot.press("f2")              # narrow: the form replaces the tree
        await pilot.pause()
        form = screen.query_one(PanelForm)
        assert form.focus_field("hemoglobin")
        await _type(pilot, "7.5")            # 7.5 g/L is impossible: an error, nothing kept yet
        await pilot.pause()
        row = form.query_one("#field-hemoglobin")
        assert row.has_class("-error") and "hemoglobin" not in app.draft.values
        # The unit typed after the number moves the selector (Tab no longer stops on it).
        await _type(pilot, " g/dL")
        await settle(pilot)
        assert row.query_one(".field-unit").value == "g/dL"
        assert not row.has_class("-error")
        assert app.draft.values["hemoglobin"] == {"value": 7.5, "unit": "g/dL"}
        assert screen.result.statuses[hb.id].status == "not_met"
        form.focus_field("hemoglobin")
        await _type(pilot, "x")              # "x" over the value selected: a problem shown, 7.5 g/dL still used
        await settle(pilot)
        assert row.has_class("-error")
        assert app.draft.values["hemoglobin"] == {"value": 7.5, "unit": "g/dL"}
        assert screen.result.statuses[hb.id].status == "not_met"


@sync
async def test_hand_decision_survives_save_and_reload(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        manual = next(i for i, r in screen.result.statuses.items()
                      if r.status == "manual" and tree.by_id[i].data.kind == "criterion")
        tree.select_id(manual)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert screen.result.statuses[manual].by_hand
        assert screen.result.statuses[manual].status == "met"
        assert "✎" in tree.by_id[manual].label.plain

        await pilot.press("ctrl+s")          # no label yet: the app asks for a pseudonym
        await pilot.pause()
        await _type(pilot, "bed 12")
        await pilot.press("enter")
        await pilot.pause()
        assert [name for name, _ in store.list_panels()] == ["bed 12"]
        saved = store.load_panel("bed 12")
        assert saved is not None
        # `m` binds the decision to the criterion's text (panel.md's long form)
        decided = saved.panel.screening[screen.trial.trial_id][manual]
        assert (decided.status, decided.text) == ("met", tree.by_id[manual].data.text)
        mode = stat.S_IMODE(os.stat(store.path / "panels.json").st_mode)
        assert mode == 0o600

        app.new_panel()
        await settle(pilot)
        assert not screen.result.statuses[manual].by_hand

        await pilot.press("f4")              # saved panels: Enter loads the highlighted one
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.draft.label == "bed 12"
        assert screen.result.statuses[manual].by_hand
        assert screen.result.statuses[manual].status == "met"
        assert "✎" in tree.by_id[manual].label.plain


@sync
async def test_no_save_session_writes_no_panel(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path, no_save=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.draft.set_label("bed 3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.list_panels() == []
        assert any("--no-save" in n.message for n in app._notifications)


@sync
async def test_bedside_mode_shows_the_trials_fields_in_criteria_order(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    from trialview.model.vocabulary import BY_ID

    wanted = [v for v in store.tree(SEED).variables() if v in BY_ID]
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_seed(pilot)
        form = screen.query_one(PanelForm)
        shown = [row.id.removeprefix("field-") for row in form.query(".field-row")]
        assert shown == wanted
        await pilot.press("f3")              # all fields
        await pilot.pause()
        assert len(form.query(".field-row")) > len(wanted)


@sync
async def test_search_and_filter_the_list(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        assert len(table.shown) == 5
        for key in ["slash", *"car-nk"]:
            await pilot.press(key)
        await pilot.pause()
        assert table.shown == ["NCT06421701"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.shown) == 5


@sync
async def test_next_open_criterion_and_expand_collapse(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
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
        screen = await _open_seed(pilot)         # Enter on the list
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
        screen = await _open_seed(pilot)
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
async def test_g_types_each_field_of_the_criterion_in_turn_under_the_tree(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        tree.select_id(hb.id)
        await settle(pilot)
        shown = screen.fields().shown
        assert "hemoglobin" in shown
        for var in shown:                            # g: each field that decides it, in turn
            await pilot.press("g")
            assert app.focused is screen.fields().first_input(var)
            await pilot.press("escape")              # back to the tree; the next g goes on
            assert app.focused is tree
        assert screen.form() is None                 # never the full form: the tree stays on screen
        assert screen.query_one("#criteria").region.height > 3


@sync
async def test_worksheet_key_writes_markdown_and_says_where(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_seed(pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")          # the suggested path (the test's folder)
        await pilot.pause()
        written = list(tmp_path.glob("worksheet-*.md"))
        assert len(written) == 1
        assert written[0].read_text().startswith(f"# Screening worksheet: {SEED}")
        assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
        assert any(str(written[0]) in n.message for n in app._notifications)


@sync
async def test_no_save_session_writes_no_worksheet(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path, no_save=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_seed(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert list(tmp_path.glob("worksheet-*")) == []
        assert any("--no-save" in n.message and "worksheet" in n.message for n in app._notifications)


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


@sync
async def test_import_from_inside_the_app(sample_store_template, tmp_path):
    study = hostile_study_file(tmp_path)
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        before = len(table.shown)
        await pilot.press("i")
        await pilot.pause()
        await _type(pilot, str(study))
        await pilot.press("enter")
        await settle(pilot)
        assert len(table.shown) == before + 1
        assert any("Imported 1 trial" in n.message for n in app._notifications)


@sync
async def test_command_palette_opens_a_trial(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _type(pilot, SEED)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TrialScreen) and app.screen.trial.trial_id == SEED


@sync
async def test_a_trial_imported_by_another_process_shows_up_in_the_list(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        before = len(table.shown)
        # a second Store on the same folder stands for `trialview import` in another terminal
        from trialview.store.importing import import_paths

        report = import_paths(Store(store.path), [hostile_study_file(tmp_path)])
        assert report.imported
        await pilot.pause(app.STORE_POLL_S + 0.5)
        await settle(pilot)
        assert len(table.shown) == before + 1
        assert any("another session" in n.message for n in app._notifications)


@sync
async def test_the_detail_pane_shows_an_override_beside_the_machine_and_a_stale_decision(
        sample_store_template, tmp_path):
    # panel.md: where a person overrides what the machine found, both are shown; a decision made
    # on other text of the criterion is reported, not applied.
    store = fresh_store(sample_store_template, tmp_path)
    hb = node_reading(store.tree(SEED), "hemoglobin")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.draft.set_value("hemoglobin", "7.5", "g/dL")           # below the trial's 80 g/L
        app.draft.decide(SEED, hb.id, "met", text=hb.text)         # the clinician knows better
        screen = await _open_seed(pilot)
        screen.query_one(CriteriaTreeView).select_id(hb.id)
        await settle(pilot)
        detail = str(screen.query_one("#detail").query_one(Static).render())
        assert screen.result.statuses[hb.id].by_hand
        assert "The machine found: not met" in detail and "75 g/L" in detail

        app.draft.decide(SEED, hb.id, "met", text="Hemoglobin at least 60 g/L")   # older text
        screen.patient_changed(force=True)
        await settle(pilot)
        detail = str(screen.query_one("#detail").query_one(Static).render())
        assert not screen.result.statuses[hb.id].by_hand
        assert screen.result.statuses[hb.id].status == "not_met"
        assert "Not applied" in detail and "Hemoglobin at least 60 g/L" in detail
