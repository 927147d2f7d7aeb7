"""A panel's dates survive the form (review 15): the form has no box for the day a value was
measured, so a value it reads again unchanged keeps the date the loaded panel gave it, and a
loaded panel is not "unsaved" for being shown."""

from __future__ import annotations

import datetime as dt

from trialview.model.panel import parse_panel
from trialview.tui.patient import PatientDraft


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
