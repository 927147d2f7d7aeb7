"""A panel's dates survive the form (review 15): a value the form reads again unchanged keeps the
date the loaded panel gave it, and a loaded panel is not "unsaved" for being shown. The day a
value was measured is typed after it ("9.5 g/dL 2026-08-01"), and the form says how long before
screening that was."""

from __future__ import annotations

import datetime as dt

from trialview.model.panel import parse_panel
from trialview.tui.patient import PatientDraft, measured_note, split_date, split_unit


def _loaded() -> PatientDraft:
    draft = PatientDraft(today=dt.date(2026, 12, 1))
    panel = parse_panel({"label": "bed 12", "as_of": "2026-12-01",
                         "values": {"hemoglobin": {"value": 9.5, "unit": "g/dL", "date": "2026-08-01"}}})
    draft.load(panel)
    return draft


def test_a_value_read_again_unchanged_keeps_its_date():
    draft = _loaded()
    assert draft.set_value("hemoglobin", "9.5", "g/dL") is None
    assert draft.to_json()["values"]["hemoglobin"]["date"] == "2026-08-01"
    assert not draft.unsaved()
    # and the matcher still sees a value measured four months before screening
    assert draft.panel().values["hemoglobin"].date == dt.date(2026, 8, 1)


def test_a_new_value_is_one_of_the_screening_date():
    draft = _loaded()
    assert draft.set_value("hemoglobin", "10.5", "g/dL") is None
    assert "date" not in draft.to_json()["values"]["hemoglobin"]
    assert draft.unsaved()


# --- the day a value was measured, typed after it (the form had no way to say a lab was old) ---

def test_a_date_typed_after_the_value_is_the_day_it_was_measured():
    draft = PatientDraft(today=dt.date(2026, 12, 1))
    raw, day = split_date("9.5 g/dL 2026-08-01")
    assert (raw, day) == ("9.5 g/dL", "2026-08-01")
    number, unit = split_unit("hemoglobin", raw)
    assert draft.set_value("hemoglobin", number, unit, measured=day) is None
    assert draft.panel().values["hemoglobin"].date == dt.date(2026, 8, 1)
    # a lab of four months ago decides nothing a criterion asks of today
    assert "too old" in (measured_note("hemoglobin", draft.raw("hemoglobin"), draft.as_of) or "")


def test_a_word_value_takes_a_date_too_and_a_recent_one_is_only_dated():
    draft = PatientDraft(today=dt.date(2026, 12, 1))
    raw, day = split_date("positive on 2026-11-20")
    assert draft.set_value("anti_dsdna", raw, measured=day) is None
    note = measured_note("anti_dsdna", draft.raw("anti_dsdna"), draft.as_of)
    assert note == "measured 2026-11-20, 11 days before screening"


def test_an_antibody_once_positive_is_not_called_too_old():
    # an HIV test positive years ago still says positive; a negative one of 2023 says little
    draft = PatientDraft(today=dt.date(2026, 12, 1))
    assert draft.set_value("hiv", "positive", measured="2023-05-01") is None
    assert "too old" not in (measured_note("hiv", draft.raw("hiv"), draft.as_of) or "")
    assert draft.set_value("hiv", "negative", measured="2023-05-01") is None
    assert "too old" in (measured_note("hiv", draft.raw("hiv"), draft.as_of) or "")


def test_a_date_after_screening_or_not_a_date_is_refused_and_the_value_kept():
    draft = _loaded()
    assert "after the screening date" in (draft.set_value("hemoglobin", "11", "g/dL", measured="2026-12-05") or "")
    assert "not a date" in (draft.set_value("hemoglobin", "11", "g/dL", measured="2026-13-40") or "")
    assert draft.to_json()["values"]["hemoglobin"] == {"value": 9.5, "unit": "g/dL", "date": "2026-08-01"}


def test_retyping_the_value_with_a_new_date_moves_it():
    draft = _loaded()
    assert draft.set_value("hemoglobin", "9.5", "g/dL", measured="2026-11-28") is None
    assert draft.to_json()["values"]["hemoglobin"]["date"] == "2026-11-28"
    assert draft.unsaved()


def test_numbers_and_words_that_are_not_dates_stay_whole():
    assert split_date("2026") == ("2026", None)              # a bare number is no date
    assert split_date("2026-08-01") == ("2026-08-01", None)  # nor a date alone (no value before it)
    assert split_date("1.5 x10^9/L") == ("1.5 x10^9/L", None)


def test_a_loaded_value_in_its_fields_own_unit_spelt_out_keeps_its_date():
    # platelets "10^9/L" written out in the panel file: the form writes no unit for the field's
    # own, and the value read again had differed from itself (its date lost, "unsaved")
    draft = PatientDraft(today=dt.date(2026, 12, 1))
    draft.load(parse_panel({"as_of": "2026-12-01", "values": {
        "platelets": {"value": 180, "unit": "10^9/L", "date": "2026-05-02"}}}))
    assert draft.set_value("platelets", "180", "10^9/L") is None
    assert draft.panel().values["platelets"].date == dt.date(2026, 5, 2)
    assert not draft.unsaved()
