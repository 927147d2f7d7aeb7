"""Keys a screener saves at the bedside (issue 13): n does not ask again for what was passed as
not known, Enter takes the unit or drug name a field offers and goes on, Down from a therapy
reaches the next drug, and units are shown the way a lab sheet gives them."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Select

from tests.functional.tui_helpers import app_for, fresh_store, open_on_reader, open_trial_screen, settle, sync
from trialview.tui.screens.trial import TrialScreen

CHARS = {"enter": "\r", "minus": "-", "down": None}
# The seed's inclusion 1: "Patients aged between 18 and 69 (inclusive), of any gender,
# diagnosed with SLE according to the 2019 EULAR/ACR SLE diagnostic criteria"; NCT06946485's
# inclusion 1: "Meet the 2019 EULAR/ACR classification criteria for systemic lupus
# erythematosus (SLE)". Both ask the same thing.
EULAR = "sle_eular_acr_2019"
CART = "NCT06946485"


async def _n_until(pilot, screen: TrialScreen, var: str) -> None:
    """n until the criterion shown asks for `var`."""
    for _ in range(30):
        await pilot.press("n")
        await settle(pilot)
        if var in screen.fields().shown:
            return
    raise AssertionError(f"n never reached a criterion asking for {var}")


def _said(app) -> list[str]:
    return [n.message for n in app._notifications]


@sync
async def test_n_does_not_ask_again_for_what_was_passed_as_not_known(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        await _n_until(pilot, screen, EULAR)        # the seed's inclusion 1, its field ready
        asked = screen.current
        await pilot.press("n")                      # left empty: not known for this patient
        await settle(pilot)
        await pilot.press("escape")                 # the list, then the CAR-T trial
        await settle(pilot)
        screen = await open_trial_screen(pilot, CART)
        eular_only = next(n for n in screen.criteria.walk() if n.text.startswith("Meet the 2019 EULAR"))
        await pilot.press("n")
        await settle(pilot)
        # n used to stop here first, for the same classification again
        assert screen.current is not None and screen.current.id != eular_only.id
        # It stays open, on screen, and the arrows reach it, saying why n went past it.
        assert screen.result.statuses[eular_only.id].status == "unknown"
        assert screen.tree_view().by_id[eular_only.id].label.plain.startswith("?")
        screen.tree_view().select_id(eular_only.id)
        await settle(pilot)
        said = str(screen.fields().border_title)        # the line over the fields
        assert said.startswith("passed:") and "EULAR" in said and "not known" in said
        # and its field still takes a value
        await pilot.press("enter", "y", "enter")
        await settle(pilot)
        assert app.draft.raw(EULAR) == {"value": True}
        assert "passed" not in str(screen.fields().border_title)
        # Known now; cleared again later, it is asked for again (not "not known" any more).
        assert EULAR not in app.draft.passed
        assert asked is not None


@sync
async def test_n_says_at_once_when_only_passed_fields_are_left_and_N_goes_back(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot, "TV-831376FE37")
        stops: list[str] = []
        for _ in range(30):                         # n past everything: nothing here is known
            await pilot.press("n")
            await settle(pilot)
            node = screen.current
            if node is None or node.id in stops:
                break
            stops.append(node.id)
        assert len(stops) >= 2
        last = stops[-1]
        # Every field was shown and left: n says so at once, and stays where it is (it used to
        # go round again, stopping at each criterion a second time).
        assert screen.current.id == last
        assert any("Nothing left to type" in m and "passed as not known" in m for m in _said(app))
        assert all(screen.result.statuses[s].status == "unknown" for s in stops)
        await pilot.press("N")                      # back to the one before, for a second look
        await settle(pilot)
        assert screen.current.id == stops[-2]


@sync
async def test_a_field_typed_in_is_not_passed_as_not_known(sample_store_template, tmp_path):
    # Only what was left empty is passed: a value typed, or cleared and typed again, is asked
    # for where it is read next.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        await _n_until(pilot, screen, "age")
        await pilot.press("3", "4", "escape")
        await settle(pilot)
        assert app.draft.raw("age") == {"value": 34} and "age" not in app.draft.passed


@sync
async def test_enter_takes_the_drug_name_the_field_completes_even_in_a_burst(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_reader(pilot, "immunosuppressant")
        # "r" shows "rituximab" completed: Enter takes it and goes on to its last dose; the
        # date typed at once behind it lands there.
        for key in ("enter", "r", "enter", "2", "0", "2", "6", "minus", "0", "9", "minus", "0", "1"):
            app.post_message(events.Key(key, CHARS.get(key, key)))
        await settle(pilot)
        assert app.draft.therapies[0]["drug"] == "rituximab"
        assert app.draft.therapies[0]["last_dose"] == "2026-09-01"


@sync
async def test_enter_on_a_start_two_drugs_share_stays_in_the_drug_box_under_the_tree(sample_store_template, tmp_path):
    # "mycoph" begins mycophenolate mofetil and mycophenolic acid: Enter names both and stays
    # (the form does the same); typed on to one, Enter takes it and goes on to its last dose.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_reader(pilot, "immunosuppressant")
        await pilot.press("enter", *"mycoph", "enter")
        await settle(pilot)
        drug = app.focused
        assert isinstance(drug, Input) and "therapy-drug" in drug.classes and drug.value == "mycoph"
        await pilot.press(*"enolate m", "enter")
        await settle(pilot)
        assert app.draft.therapies[0]["drug"] == "mycophenolate mofetil"
        assert "therapy-last_dose" in app.focused.classes


@sync
async def test_down_from_a_therapy_date_goes_to_the_next_drug(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.draft.set_therapy(0, {"drug": "rituximab"})
        screen = await open_on_reader(pilot, "immunosuppressant")
        last_dose = next(i for i in screen.fields().inputs() if "therapy-last_dose" in i.classes)
        screen.set_focus(last_dose)
        await pilot.press(*[c if c != "-" else "minus" for c in "2026-09-01"])
        await pilot.press("down")
        await settle(pilot)
        # The row below is the empty one for the next drug: its drug first (a date needs one),
        # not its last-dose column (it used to take three Enters over start and stop).
        focused = app.focused
        assert isinstance(focused, Input) and "therapy-drug" in focused.classes and not focused.value
        await pilot.press(*"MMF")
        await settle(pilot)
        assert [t["drug"] for t in app.draft.therapies if t] == ["rituximab", "MMF"]


@sync
async def test_a_duration_in_months_says_it_takes_years(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        await _n_until(pilot, screen, "sle_duration_months")
        field = screen.fields().first_input("sle_duration_months")
        assert field is not None and "6y" in field.placeholder
        await pilot.press("6", "y")
        await settle(pilot)
        assert app.draft.raw("sle_duration_months") == {"value": 6, "unit": "years"}


@sync
async def test_alt_kept_in_x_uln_shows_x_uln_and_an_empty_one_u_per_l(sample_store_template, tmp_path):
    # ALT judged against the lab's ULN: an empty field reads a number in U/L (a lab sheet's
    # unit) with the ULN beside it; a value kept as x ULN (a panel) still shows x ULN.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.draft.set_value("alt", "2", "xULN")
        screen = await open_on_reader(pilot, "ast", CART)
        assert str(screen.query_one("#field-alt .field-unit", Select).value) == "xULN"
        assert str(screen.query_one("#field-ast .field-unit", Select).value) == "U/L"
