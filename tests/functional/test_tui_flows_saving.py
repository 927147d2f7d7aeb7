"""The TUI driven as a clinician would, with keys (App.run_test + pilot): hand decisions, panels
and worksheets saved (private to the user) or, in a no-save session, not written at all."""

from __future__ import annotations

import os
import stat
from typing import Any

from textual.widgets import Static

from tests.functional.flow_helpers import open_seed, type_text
from tests.functional.tui_helpers import SEED, app_for, fresh_store, node_reading, settle, sync
from trialview.tui.widgets.criteria_tree import CriteriaTreeView


async def _seed_at_a_manual_criterion(pilot: Any, section: str | None = None) -> tuple[Any, CriteriaTreeView, str]:
    """The seed trial open at its first criterion for a person (of `section`, if given)."""
    screen = await open_seed(pilot)
    tree = screen.query_one(CriteriaTreeView)
    manual = next(i for i, r in screen.result.statuses.items()
                  if r.status == "manual" and i in tree.by_id and tree.by_id[i].data.kind == "criterion"
                  and section in (None, tree.by_id[i].data.section))
    tree.select_id(manual)
    await pilot.pause()
    return screen, tree, manual


@sync
async def test_m_on_an_exclusion_first_says_it_does_not_exclude(sample_store_template, tmp_path):
    # nc28 pressed m on an exclusion for a person, to clear it, and got "met": excluded
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _tree, manual = await _seed_at_a_manual_criterion(pilot, "exclusion")
        seen = []
        for _ in range(3):
            await pilot.press("m")
            await settle(pilot)
            got = screen.result.statuses[manual]
            seen.append(got.status if got.by_hand else "machine")
        assert seen == ["not_met", "met", "machine"]


@sync
async def test_a_hand_decision_under_a_folded_criterion_still_shows(sample_store_template, tmp_path):
    # nc28 decided a sub-criterion by hand, folded its criterion, and nothing on the line said a
    # person had decided part of it
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        tree = screen.query_one(CriteriaTreeView)
        child = next(i for i, r in screen.result.statuses.items()
                     if r.status == "manual" and i in tree.by_id and tree.by_id[i].data.kind == "criterion"
                     and tree.by_id[i].parent is not None and tree.by_id[i].parent.data is not None
                     and tree.by_id[i].parent.data.kind == "criterion")
        parent = tree.by_id[child].parent
        assert parent is not None and parent.data is not None
        assert "✎" not in parent.label.plain
        tree.select_id(child)
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)
        parent.collapse()
        await pilot.pause()
        assert "✎ below" in tree.by_id[parent.data.id].label.plain
        await pilot.press("m", "m")         # undecided again: the mark goes
        await settle(pilot)
        assert "✎" not in tree.by_id[parent.data.id].label.plain


@sync
async def test_hand_decision_survives_save_and_reload(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, tree, manual = await _seed_at_a_manual_criterion(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert screen.result.statuses[manual].by_hand
        assert screen.result.statuses[manual].status == "met"
        assert "✎" in tree.by_id[manual].label.plain

        await pilot.press("ctrl+s")          # no label yet: the app asks for a pseudonym
        await pilot.pause()
        await type_text(pilot, "bed 12")
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
async def test_worksheet_key_writes_markdown_and_says_where(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seed(pilot)
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
        await open_seed(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert list(tmp_path.glob("worksheet-*")) == []
        assert any("--no-save" in n.message and "worksheet" in n.message for n in app._notifications)


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
        screen = await open_seed(pilot)
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


@sync
async def test_the_name_given_when_saving_shows_at_once(sample_store_template, tmp_path):
    # nc28 saved a new panel as "LN-bed7" from the list; its header still said "unnamed patient"
    # until the panel was loaded again
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = app.screen.query_one("#main-header", Static)
        assert "unnamed patient" in str(header.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        await type_text(pilot, "LN-bed7")
        await pilot.press("enter")
        await settle(pilot)
        assert [name for name, _ in store.list_panels()] == ["LN-bed7"]
        assert "patient: LN-bed7" in str(header.render())
        await pilot.press("f2")                 # the form's label field says it too
        await settle(pilot)
        assert app.screen.query_one("#input-label").value == "LN-bed7"
