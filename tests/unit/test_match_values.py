"""The matcher on hand-built trees: a patient's values against the criteria's: other units, ×
ULN with the lab's ULN, values derived from others (creatinine clearance, BMI) and time windows
on dated values."""

from __future__ import annotations

import pytest

from tests.unit.match_helpers import HB_80, chk, crit, panel, run, status, tree


# --- units ----------------------------------------------------------------------------------

@pytest.mark.parametrize("entered,expected,reason", [
    ({"value": 7.5, "unit": "g/dL"}, "not_met", "hemoglobin 75 g/L < 80 g/L required"),
    ({"value": 9.5, "unit": "g/dL"}, "met", "hemoglobin 95 g/L ≥ 80 g/L"),
    ({"value": 5.0, "unit": "mmol/L"}, "met", "hemoglobin 80.55 g/L ≥ 80 g/L"),
    ({"value": 4.5, "unit": "mmol/L"}, "not_met", "hemoglobin 72.5 g/L < 80 g/L required"),
    (80, "met", "hemoglobin 80 g/L ≥ 80 g/L"),
])
def test_values_in_other_units_are_compared_in_canonical_units(entered, expected, reason):
    result = run(tree([crit("inc-1", HB_80)]), panel({"hemoglobin": entered}))
    assert status(result, "inc-1") == expected
    assert result.statuses["inc-1"].reason == reason


def test_cell_counts_per_cubic_millimetre_and_creatinine_in_micromol():
    t = tree([crit("inc-1", chk("anc", ">=", 1.5, "10^9/L"))],
             [crit("exc-1", chk("creatinine", ">", 2.5, "mg/dL"))])
    result = run(t, panel({"anc": {"value": 1200, "unit": "/mm3"}, "creatinine": {"value": 250, "unit": "µmol/L"}}))
    assert result.statuses["inc-1"].reason == "ANC 1.2 10^9/L < 1.5 10^9/L required"
    assert result.statuses["exc-1"].status == "met"
    assert result.statuses["exc-1"].reason == "creatinine 2.83 mg/dL > 2.5 mg/dL"
    assert [b.node_id for b in result.blockers] == ["inc-1", "exc-1"]
    assert result.blockers[1].reason == "creatinine 2.83 mg/dL > 2.5 mg/dL excludes"


# --- × ULN ----------------------------------------------------------------------------------

def test_alt_in_units_per_litre_with_the_labs_uln():
    t = tree([crit("inc-1", chk("alt", "<=", 2.5, "xULN"))])
    result = run(t, panel({"alt": {"value": 124, "unit": "U/L", "uln": 40}}))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "ALT 3.1 × ULN > 2.5 × ULN allowed"
    assert status(run(t, panel({"alt": {"value": 60, "unit": "U/L", "uln": 40}})), "inc-1") == "met"
    assert status(run(t, panel({"alt": 1.2})), "inc-1") == "met"


@pytest.mark.parametrize("entered,expected", [
    ({"value": 20, "unit": "µmol/L", "uln": 21}, "met"),
    ({"value": 40, "unit": "µmol/L", "uln": 21}, "not_met"),
    ({"value": 1.4, "unit": "mg/dL", "uln": 1.2}, "met"),
    ({"value": 1.6, "unit": "xULN", "uln": 1.2}, "not_met"),
])
def test_bilirubin_against_a_multiple_of_uln_uses_the_readings_uln(entered, expected):
    t = tree([crit("inc-1", chk("total_bilirubin", "<=", 1.5, "xULN"))])
    assert status(run(t, panel({"total_bilirubin": entered})), "inc-1") == expected


def test_a_multiple_of_uln_without_the_labs_uln_is_unknown_and_says_so():
    t = tree([crit("inc-1", chk("total_bilirubin", "<=", 1.5, "xULN")),
              crit("inc-2", chk("inr", "<=", 1.5, "xULN"))])
    result = run(t, panel({"total_bilirubin": {"value": 15, "unit": "µmol/L"}, "inr": 1.6}))
    assert status(result, "inc-1") == "unknown"
    assert "ULN is needed" in result.statuses["inc-1"].reason
    assert result.statuses["inc-1"].needs == ["total_bilirubin"]
    # an INR of 1.6 is within 1.5 x ULN where the lab's ULN is 1.2 (1.8), not where it is 1.0
    assert status(result, "inc-2") == "unknown"
    assert "ULN is needed" in result.statuses["inc-2"].reason
    with_uln = run(t, panel({"total_bilirubin": {"value": 15, "unit": "µmol/L", "uln": 21},
                             "inr": {"value": 1.1, "uln": 1.2}}))
    assert with_uln.verdict == "eligible"
    failing = run(t, panel({"total_bilirubin": {"value": 15, "unit": "µmol/L", "uln": 21},
                            "inr": {"value": 2.1, "uln": 1.2}}))
    assert failing.blockers[0].node_id == "inc-2"
    assert failing.blockers[0].reason == "INR 1.75 × ULN > 1.5 × ULN allowed"


def test_an_inr_within_the_limit_at_any_lab_needs_no_uln():
    # An INR is a ratio to a normal plasma's time (1.0 by definition): no lab's ULN is below 1.0,
    # so an INR of 1.3 is within 1.5 x ULN wherever it was measured; an INR of 1.6 is decided
    # only by the lab's ULN.
    t = tree([crit("inc-1", chk("inr", "<=", 1.5, "xULN"))])
    assert status(run(t, panel({"inr": 1.3})), "inc-1") == "met"
    assert "at any lab" in run(t, panel({"inr": 1.3})).statuses["inc-1"].reason
    assert status(run(t, panel({"inr": 1.6})), "inc-1") == "unknown"
    assert status(run(t, panel({"inr": {"value": 1.6, "uln": 1.2}})), "inc-1") == "met"
    assert status(run(t, panel({"inr": {"value": 1.6, "uln": 1.0}})), "inc-1") == "not_met"
    # an exclusion "INR > 2 x ULN": 1.8 is at most 1.8 x ULN anywhere, so it does not exclude
    t = tree(exclusion=[crit("exc-1", chk("inr", ">", 2, "xULN"))])
    assert status(run(t, panel({"inr": 1.8})), "exc-1") == "not_met"
    assert status(run(t, panel({"inr": 2.5})), "exc-1") == "unknown"


def test_inr_or_aptt_is_met_by_aptt_alone():
    node = crit("inc-1", chk("inr", "<=", 1.5, "xULN"), chk("aptt", "<=", 1.5, "xULN"), logic="any")
    # (an INR of 1.6 is open without the lab's ULN: test_an_inr_within_the_limit_at_any_lab...)
    result = run(tree([node]), panel({"aptt": 1.1, "inr": 1.6}))
    assert status(result, "inc-1") == "met"
    assert result.statuses["inc-1"].reason == "APTT 1.1 × ULN ≤ 1.5 × ULN"


# --- derived values -------------------------------------------------------------------------

CRCL_50 = chk("crcl", ">=", 50, "mL/min")


def test_creatinine_clearance_is_derived_by_cockcroft_gault():
    t = tree([crit("inc-1", CRCL_50)])
    base = {"age": 40, "weight": 70, "sex": "female"}
    ok = run(t, panel({**base, "creatinine": {"value": 88.4, "unit": "µmol/L"}}))
    assert status(ok, "inc-1") == "met"
    assert ok.statuses["inc-1"].reason == "creatinine clearance 82.6 mL/min (Cockcroft-Gault) ≥ 50 mL/min"
    low = run(t, panel({**base, "creatinine": 2.0}))
    assert low.blockers[0].reason == "creatinine clearance 41.3 mL/min (Cockcroft-Gault) < 50 mL/min required"
    missing = run(t, panel({"age": 40, "sex": "female", "creatinine": 1.0}))
    assert missing.verdict == "unknown" and missing.open[0].needs == ["crcl"]
    given = run(t, panel({**base, "creatinine": 2.0, "crcl": 55}))
    assert status(given, "inc-1") == "met"     # a measured clearance wins over the estimate


def test_bmi_is_derived_from_weight_and_height_in_other_units():
    t = tree([crit("inc-1", chk("bmi", "<=", 30, "kg/m2"))])
    result = run(t, panel({"weight": {"value": 220, "unit": "lb"}, "height": {"value": 1.70, "unit": "m"}}))
    assert status(result, "inc-1") == "not_met"
    assert result.blockers[0].reason == "BMI 34.5 kg/m2 (from weight and height) > 30 kg/m2 allowed"


# --- time windows on values -----------------------------------------------------------------

@pytest.mark.parametrize("entry,expected", [
    ({"value": "yes", "date": "2026-11-12"}, "met"),
    # an infection found in June may have lasted into the last 28 days: a person judges (audit 14)
    ({"value": "yes", "date": "2026-06-01"}, "manual"),
    ("yes", "met"),                     # no date: taken as current
    # "no" in June says nothing of an infection in the last 28 days (a state that comes and goes)
    ({"value": "no", "date": "2026-06-01"}, "manual"),
])
def test_window_days_on_a_value(entry, expected):
    t = tree([], [crit("exc-1", chk("active_infection", "==", True, window_days=28))])
    result = run(t, panel({"active_infection": entry}))
    assert status(result, "exc-1") == expected
    if entry == {"value": "yes", "date": "2026-06-01"}:
        assert "recorded 174 days ago, before the last 28 days" in result.statuses["exc-1"].reason


def test_an_event_dated_before_the_window_lies_outside_it():
    # a transplant happens on its day: one of 2020 is no transplant "within the last 2 years"
    t = tree([], [crit("exc-1", chk("organ_transplant", "==", True, window_days=730, months=24))])
    result = run(t, panel({"organ_transplant": {"value": True, "date": "2020-03-01"}}))
    assert status(result, "exc-1") == "not_met"
    assert "outside the last 2 years" in result.statuses["exc-1"].reason


def test_no_infection_today_does_not_clear_an_infection_within_weeks():
    # NCT05482568 exc-15 "Subjects who developed a severe infection within 28 days prior to the
    # first dose": an infection two weeks ago, cured today, still excludes; only a person knows
    t = tree([], [crit("exc-1", chk("active_infection", "==", True, window_days=28))])
    result = run(t, panel({"active_infection": False}))
    assert status(result, "exc-1") == "manual" and result.verdict == "unknown"
    assert "last 28 days" in result.statuses["exc-1"].reason
    # a history variable's "no" means never: it answers any window
    t = tree([], [crit("exc-1", chk("malignancy_history", "==", True, window_days=5 * 365))])
    assert status(run(t, panel({"malignancy_history": False})), "exc-1") == "not_met"


def test_an_undated_history_is_not_placed_in_a_window():
    # NCT05389774 exc-1 "Have received a diagnosis for cancer in the last 5 years": a cancer with
    # no date may be 20 years old; its date decides
    t = tree([], [crit("exc-1", chk("malignancy_history", "==", True, window_days=5 * 365))])
    undated = run(t, panel({"malignancy_history": True}))
    assert status(undated, "exc-1") == "unknown" and undated.open[0].needs == ["malignancy_history"]
    # a cancer recorded in 2006 may have lasted, or come back, into the last 5 years (audit 14: a
    # cancer recorded in 2023 passed "cancer in the preceding 2 years"): a person judges
    old = {"value": True, "date": "2006-05-01"}
    assert status(run(t, panel({"malignancy_history": old})), "exc-1") == "manual"
    recent = {"value": True, "date": "2025-05-01"}
    assert status(run(t, panel({"malignancy_history": recent})), "exc-1") == "met"


def test_a_condition_stated_in_another_unit_is_converted():
    t = tree([crit("inc-1", chk("hemoglobin", ">=", 10, "g/dL"))])
    assert run(t, panel({"hemoglobin": 95})).blockers[0].reason == "hemoglobin 95 g/L < 100 g/L required"


def test_a_word_among_several():
    t = tree([crit("inc-1", chk("sex", "in", ["female"]))])
    assert run(t, panel({"sex": "F"})).verdict == "eligible"
    assert run(t, panel({"sex": "male"})).verdict == "ineligible"
