"""The patient panel: canonical units on the way in, and errors that name fields, never values."""

from __future__ import annotations

import datetime as dt

import pytest

from trialview.model.panel import PanelError, canonical_value, parse_panel
from trialview.model.units import normalise_unit, to_canonical

PANEL_MD_EXAMPLE = {
    "label": "bed 12", "as_of": "2026-11-22",
    "values": {"age": 34, "sex": "female", "hemoglobin": {"value": 9.5, "unit": "g/dL"},
               "alt": {"value": 52, "unit": "U/L", "uln": 40}, "ast": {"value": 1.1, "unit": "xULN"},
               "sledai_2k": 10, "anti_dsdna": "positive", "pregnant": False, "hbsag": "negative"},
    "therapies": [{"drug": "hydroxychloroquine", "start": "2020-03-01"},
                  {"drug": "mycophenolate mofetil", "start": "2021-01-10", "stop": "2026-09-01"},
                  {"drug": "rituximab", "last_dose": "2026-07-15"},
                  {"drug": "live vaccine", "last_dose": "2026-11-01"}],
}


def test_the_example_of_panel_md_reads_in_canonical_units() -> None:
    panel = parse_panel(PANEL_MD_EXAMPLE)
    assert panel.value("hemoglobin") == 95.0
    assert panel.value("alt") == pytest.approx(1.3)
    assert panel.value("ast") == 1.1
    assert panel.value("pregnant") is False
    assert panel.value("anti_dsdna") == "positive"
    assert panel.value("creatinine") is None          # missing is unknown, not normal
    assert set([t.classes for t in panel.therapies][2]) == {"b_cell_depleting", "b_cell_targeted", "biologic",
                                                            "immunosuppressive"}
    assert panel.therapies[0].last_exposure(panel.as_of) == dt.date(2026, 11, 22)  # current therapy


@pytest.mark.parametrize("var, value, unit, expected", [
    ("hemoglobin", 7.5, "g/dL", 75.0),
    ("hemoglobin", 5.0, "mmol/L", 80.55),
    ("wbc", 3500, "/mm3", 3.5),
    ("platelets", 100000, "cells/µL", 100.0),
    ("anc", 1.5, "×109/L", 1.5),
    ("creatinine", 88.4, "µmol/L", 1.0),
    ("total_bilirubin", 34.2, "umol/L", 2.0),
    ("upcr", 113.1, "mg/mmol", 1.0),
    ("urine_protein_24h", 500, "mg/24h", 0.5),
    ("albumin", 35, "g/L", 3.5),
    ("weight", 154, "lb", 69.853),
    ("height", 1.70, "m", 170.0),
])
def test_every_listed_unit_converts(var: str, value: float, unit: str, expected: float) -> None:
    assert to_canonical(var, value, unit) == pytest.approx(expected, rel=1e-3)


def test_unit_spellings_from_real_criteria() -> None:
    assert normalise_unit("10\\^9/L".replace("\\", "")) == "10^9/L"
    assert normalise_unit("x 10^9/L") == "10^9/L"
    assert normalise_unit("x upper limit of normal") == "xULN"
    assert normalise_unit("mL/min/1.73 m²") == "mL/min/1.73m2"
    assert normalise_unit("months") == "months"


def test_derived_bmi_and_cockcroft_gault() -> None:
    panel = parse_panel({"values": {"age": 40, "sex": "female", "weight": 60, "height": 165,
                                    "creatinine": {"value": 80, "unit": "µmol/L"}}})
    assert panel.value("bmi") == pytest.approx(22.0, abs=0.1)
    # (140-40) * 60 / (72 * 0.905) * 0.85 = 78.3 mL/min
    assert panel.value("crcl") == pytest.approx(78.3, abs=0.2)
    assert panel.derived("crcl")


def test_bad_input_names_every_field_and_never_echoes_a_value() -> None:
    with pytest.raises(PanelError) as caught:
        parse_panel({"as_of": "2026-11-22",
                     "values": {"hemoglobin": "SECRET-WORD", "age": 400, "colour": 1,
                                "wbc": {"value": 3, "unit": "furlongs"}, "alt": {"value": 60, "unit": "U/L"},
                                "sex": "sometimes", "platelets": float("nan")},
                     "therapies": [{"drug": "rituximab", "last_dose": "2027-01-01"}, {"start": "2020-01-01"}],
                     "screening": {"NCT1": {"inc-1": "maybe"}}})
    fields = {f for f, _ in caught.value.problems}
    assert fields == {"values.hemoglobin", "values.age", "values.colour", "values.wbc", "values.alt",
                      "values.sex", "values.platelets", "therapies[0].last_dose", "therapies[1]",
                      "screening.NCT1.inc-1"}
    message = str(caught.value)
    assert "SECRET-WORD" not in message and "400" not in message and "2027" not in message


def test_booleans_accept_the_words_of_panel_md() -> None:
    panel = parse_panel({"values": {"pregnant": "no", "lactating": "absent", "c3_low": "yes",
                                    "hbsag": "negative", "hiv": False, "hbv_dna": "undetectable"}})
    assert panel.value("pregnant") is False and panel.value("lactating") is False
    assert panel.value("c3_low") is True
    assert panel.value("hiv") == "negative" and panel.value("hbv_dna") == "undetectable"


def test_panel_round_trips_through_json() -> None:
    panel = parse_panel({**PANEL_MD_EXAMPLE, "screening": {"NCT06801119": {"inc-8": "met"}}})
    again = parse_panel(panel.to_json())
    assert again.to_json() == panel.to_json()
    assert again.decision("NCT06801119", "inc-8") == "met"


def test_current_therapy_and_complete_history_round_trip() -> None:
    # panel.md: a therapy taken now without dates says "current": true; the panel may say its
    # therapy list is the whole history. Both survive a save and a load unchanged.
    data = {"as_of": "2026-11-22", "therapy_history": "complete",
            "therapies": [{"drug": "mycophenolate mofetil", "current": True},
                          {"drug": "rituximab", "last_dose": "2026-09-01"}]}
    panel = parse_panel(data)
    assert panel.therapy_history == "complete"
    assert panel.therapies[0].current and not panel.therapies[1].current
    assert panel.therapies[0].last_exposure(panel.as_of) == panel.as_of   # taken up to today
    out = panel.to_json()
    assert out["therapy_history"] == "complete"
    assert out["therapies"][0] == {"drug": "mycophenolate mofetil", "current": True}
    assert "current" not in out["therapies"][1]
    assert parse_panel(out).to_json() == out


def test_history_is_partial_unless_said_and_bad_flags_are_named() -> None:
    assert parse_panel({"as_of": "2026-11-22"}).therapy_history == "partial"
    assert "therapy_history" not in parse_panel({"as_of": "2026-11-22"}).to_json()
    with pytest.raises(PanelError) as err:
        parse_panel({"as_of": "2026-11-22", "therapy_history": "all",
                     "therapies": [{"drug": "prednisone", "current": "yes"},
                                   {"drug": "rituximab", "current": True, "stop": "2026-01-01"}]})
    fields = [f for f, _ in err.value.problems]
    assert fields == ["therapies[0].current", "therapies[1].current", "therapy_history"]


# --- short answers: one rule for every yes/no and choice field (issue 13, a newcomer's "p") ----

@pytest.mark.parametrize(("var", "typed", "meant"), [
    ("anti_dsdna", "p", "positive"), ("anti_dsdna", "pos", "positive"), ("anti_dsdna", "+", "positive"),
    ("anti_dsdna", "neg", "negative"), ("anti_dsdna", "-", "negative"), ("anti_dsdna", "N", "negative"),
    ("sex", "f", "female"), ("sex", "fem", "female"), ("sex", "ma", "male"),
    ("c3_low", "y", True), ("c3_low", "ye", True), ("pregnant", "n", False), ("pregnant", "abs", False),
    ("hbv_dna", "u", "undetectable"), ("hbv_dna", "detect", "detectable"),
])
def test_a_short_answer_reads_as_the_one_word_it_starts(var, typed, meant):
    assert canonical_value(var, typed) == meant


@pytest.mark.parametrize(("var", "typed"), [
    ("anti_dsdna", "x"), ("hbv_dna", "e"), ("sex", "e"), ("pregnant", "maybe"),
])
def test_an_answer_that_starts_no_word_or_two_meanings_is_refused(var, typed):
    with pytest.raises(ValueError):
        canonical_value(var, typed)


def test_the_inr_in_the_unit_panel_md_names_is_read():
    # panel.md: inr's unit is "ratio" (audit 13: the file was refused, "unknown unit 'ratio'")
    panel = parse_panel({"values": {"inr": {"value": 1.1, "unit": "ratio"}}})
    assert panel.values["inr"].canonical == 1.1


def test_a_bilirubin_in_uln_without_the_labs_uln_says_what_is_missing():
    with pytest.raises(PanelError) as err:
        parse_panel({"values": {"total_bilirubin": {"value": 2, "unit": "xULN"}}})
    assert "total_bilirubin" in str(err.value) and "upper limit of normal (uln)" in str(err.value)
    panel = parse_panel({"values": {"total_bilirubin": {"value": 2, "unit": "xULN", "uln": 1.2}}})
    assert panel.values["total_bilirubin"].canonical == pytest.approx(2.4)
