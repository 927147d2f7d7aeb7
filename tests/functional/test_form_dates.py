"""The day a value was measured, in the patient form: a lab typed with its date after it is one of
that day, and a dated value (typed, or from a loaded panel) says under its field how long before
screening it was measured, and when that is too long ago to decide. Before, the form had no way to
say a lab was old: a hemoglobin of August typed in December was one of the screening date."""

from __future__ import annotations

import datetime as dt

from tests.functional.tui_helpers import TODAY, app_for, fresh_store, open_full_form, settle, sync
from trialview.model.panel import parse_panel
from textual.widgets import Static


def _note(screen, var_id: str) -> str:
    return str(screen.query_one(f"#field-{var_id} .field-error", Static).render())


@sync
async def test_a_lab_typed_with_its_date_is_of_that_day(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.query_one("#input-hemoglobin").focus()
        for key in "10.2 g/dL 2026-07-01":
            await pilot.press({" ": "space", ".": "full_stop", "-": "minus", "/": "slash"}.get(key, key))
        await settle(pilot)
        reading = app.draft.panel().values["hemoglobin"]
        assert reading.date == dt.date(2026, 7, 1) and reading.canonical == 102
        # the screening date is 2026-11-22: 144 days before, too old to say what it is today
        note = _note(screen, "hemoglobin")
        assert "measured 2026-07-01, 144 days before screening" in note and "too old" in note
        assert screen.query_one("#field-hemoglobin").has_class("-dated")
        assert not screen.query_one("#field-hemoglobin").has_class("-error")
        # left, the field shows the value (the typed text ran past its 12 columns), the unit its
        # list, the date the line under it
        await pilot.press("tab")
        await settle(pilot)
        assert screen.query_one("#input-hemoglobin").value == "10.2"
        assert app.draft.panel().values["hemoglobin"].date == dt.date(2026, 7, 1)


@sync
async def test_a_loaded_panels_old_value_says_so_under_its_field(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    store.save_panel("bed 4", parse_panel({"as_of": TODAY.isoformat(), "values": {
        "platelets": {"value": 180, "unit": "10^9/L", "date": "2026-05-02"},
        "anti_dsdna": {"value": "positive", "date": "2026-11-02"}}}))
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.load_panel("bed 4")
        screen = await open_full_form(pilot)
        assert "measured 2026-05-02, 204 days before screening" in _note(screen, "platelets")
        assert "too old" in _note(screen, "platelets")
        # twenty days before: dated, not too old
        assert _note(screen, "anti_dsdna") == "measured 2026-11-02, 20 days before screening"
        # the screening date moved on a week: the notes count from the new one
        field = screen.query_one("#input-as-of")
        field.value = "2026-11-29"
        await settle(pilot)
        assert app.draft.as_of == dt.date(2026, 11, 29)
        assert _note(screen, "anti_dsdna") == "measured 2026-11-02, 27 days before screening"
        assert "211 days before screening" in _note(screen, "platelets")


@sync
async def test_a_loaded_drug_taken_now_shows_now_where_it_was_typed(sample_store_template, tmp_path):
    # "now" typed in the last-dose box showed "now" there; after saving and loading, the box was
    # empty beside "[✓] now" (new user, session 17)
    from textual.widgets import Checkbox, Input

    from trialview.tui.widgets.therapy_row import TherapyRow

    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    app.draft.load(parse_panel({"as_of": TODAY.isoformat(), "therapies": [{"drug": "prednisone", "current": True}]}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        row = screen.query_one(TherapyRow)
        assert row.query_one(".therapy-last_dose", Input).value == "now"
        assert not app.draft.unsaved()
        # switched off, "now" goes from the box too (it would switch it on again)
        row.query_one(".therapy-current", Checkbox).value = False
        await settle(pilot)
        assert row.query_one(".therapy-last_dose", Input).value == ""
        assert not app.draft.therapies[0].get("current")
