"""Audit 14 (session 15): two helpers tried 90 real criteria (Chia and ClinicalTrials.gov) with 2–4
plain patients each, as a clinician would; 12 gave a confident wrong verdict. Each case below is
one of those wordings (or its class on another real wording), read as a clinician reads it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from trialview.model.criteria.parse import parse_criteria
from trialview.model.matching.windows import first_day_outside, months_before, reach
from tests.verdicts import verdict


def _dose(day: str, drug: str = "prednisone") -> list[dict[str, str]]:
    return [{"drug": drug, "last_dose": day}]


# --- a window in months or years is counted by the calendar ----------------------------------

@pytest.mark.parametrize("text, day, expected", [
    # Chia: "Corticosteroid use during last 3 months": 1 September is three months before 1 December
    ("Corticosteroid use during last 3 months", "2026-09-01", "met"),
    ("Corticosteroid use during last 3 months", "2026-08-31", "not_met"),
    # "12 months" is a year: a dose 361 days before screening is inside it (it was 360 days)
    ("Use of prednisone within the last 12 months", "2025-12-05", "met"),
    ("Use of prednisone within the last 12 months", "2025-11-30", "not_met"),
    # Chia: "Inclusion in another study in the last 2 months": 1 October is two months before
    ("Inclusion in another study in the last 2 months.", "2026-10-01", "met"),
])
def test_a_window_in_months_reaches_back_by_the_calendar(text, day, expected):
    drug = "other clinical trial" if "study" in text else "prednisone"
    assert verdict(parse_criteria("", text), "exc-1", therapies=_dose(day, drug)) == expected


def test_calendar_months_at_the_ends_of_months():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2028, 3, 31), 1) == dt.date(2028, 2, 29)
    assert reach(dt.date(2026, 12, 1), 90, 3) == 91
    assert reach(dt.date(2026, 12, 1), 28, None) == 28
    # a dose on 30 November is inside "3 months" up to 28 February, outside from 1 March
    given = dt.date(2026, 11, 30)
    clear = first_day_outside(dt.date(2026, 12, 1), 1, 90, 3)
    assert clear == dt.date(2027, 3, 1)
    assert reach(clear - dt.timedelta(days=1), 90, 3) >= (clear - dt.timedelta(days=1) - given).days
    assert reach(clear, 90, 3) < (clear - given).days


def test_the_reason_says_the_window_as_the_text_wrote_it():
    tree = parse_criteria("", "Patients who had received rituximab within 6 months before screening")
    from trialview.model.matching.match import match_trial
    from trialview.model.panel import parse_panel
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 40, "sex": "female"},
                         "therapies": _dose("2026-06-02", "rituximab"), "therapy_history": "complete"})
    status = match_trial("T", "t", tree, panel).statuses["exc-1"]
    # 2 June is inside six months of 1 December (it was outside 180 days); it leaves the window
    # the day after 2 December
    assert status.status == "met"
    assert "within 6 months (outside it from 2026-12-03)" in status.reason


# --- two limits no value meets together -------------------------------------------------------

def test_two_limits_no_age_meets_together_are_two_ways():
    # Chia: "Patients < 18 years of age and >70 years of age": a minor and a 71-year-old are excluded
    tree = parse_criteria("", "Patients < 18 years of age and >70 years of age")
    assert verdict(tree, "exc-1", values={"age": 17}) == "met"
    assert verdict(tree, "exc-1", values={"age": 71}) == "met"
    assert verdict(tree, "exc-1", values={"age": 40}) == "not_met"
    # a range still needs both ends
    tree = parse_criteria("Age >= 18 and <= 65 years", "")
    assert verdict(tree, "inc-1", values={"age": 70}) == "not_met"


# --- a part of the study the criterion is limited to ------------------------------------------

def test_a_criterion_for_one_part_of_the_study_does_not_exclude_from_the_whole():
    # Chia: "pregnant or lactating (only excluded from imaging study)"
    tree = parse_criteria("", "pregnant or lactating (only excluded from imaging study)")
    assert verdict(tree, "exc-1", values={"pregnant": True}) != "met"
    assert verdict(tree, "exc-1", values={"pregnant": False, "lactating": True}) != "met"
    assert verdict(tree, "exc-1", values={"pregnant": False, "lactating": False}) == "not_met"
    # an inclusion for one part cannot fail the whole
    tree = parse_criteria("Hemoglobin >= 10 g/dL (only for Part B)", "")
    assert verdict(tree, "inc-1", values={"hemoglobin": 80}) != "not_met"


# --- a state qualified by its treatment ---------------------------------------------------------

@pytest.mark.parametrize("text", ["Cancer with current treatment", "Malignancy currently under treatment"])
def test_a_cancer_qualified_by_its_treatment_is_not_any_cancer(text):
    # Chia: a cancer cured in 2005 does not exclude from "Cancer with current treatment"
    tree = parse_criteria("", text)
    cured = {"malignancy_history": {"value": True, "date": "2005-01-01"}}
    assert verdict(tree, "exc-1", values=cured) != "met"
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) != "met"
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) == "not_met"


# --- a history recorded before its window -------------------------------------------------------

def test_a_cancer_recorded_before_the_window_may_have_lasted_into_it():
    # Chia: "History of cancer in the preceding 2 years other than ...": a cancer recorded in 2023
    # may be active still
    tree = parse_criteria("", "History of cancer in the preceding 2 years")
    assert verdict(tree, "exc-1", values={"malignancy_history": {"value": True, "date": "2023-01-01"}}) != "not_met"
    assert verdict(tree, "exc-1", values={"malignancy_history": {"value": True, "date": "2026-01-01"}}) == "met"
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) == "not_met"


# --- the panel's prednisone dose is a glucocorticoid taken now ----------------------------------

@pytest.mark.parametrize("history", ["complete", "partial"])
def test_a_prednisone_dose_is_a_glucocorticoid_taken_now(history):
    # Chia: "Treatment with glucocorticoids", "Corticosteroid use during last 3 months": a patient
    # on 10 mg/day whose therapy list does not name it
    dose = {"prednisone_dose": 10}
    for text in ("Treatment with glucocorticoids", "Corticosteroid use during last 3 months"):
        assert verdict(parse_criteria("", text), "exc-1", values=dose, history=history) == "met", text
    # which glucocorticoid the dose does not say: prednisone itself is open
    tree = parse_criteria("", "Prednisone within 30 days")
    assert verdict(tree, "exc-1", values=dose, history=history) == "unknown"
    # no dose: nothing taken now
    assert verdict(parse_criteria("", "Treatment with glucocorticoids"), "exc-1",
                   values={"prednisone_dose": 0}) == "not_met"


# --- ages in whole years -------------------------------------------------------------------------

def test_an_age_counts_in_whole_years():
    # Chia: "Age from 40 to 80 years old": a patient of 80 and a half is 80 years old
    tree = parse_criteria("Age from 40 to 80 years old", "")
    assert verdict(tree, "inc-1", values={"age": 80.5}) == "met"
    assert verdict(tree, "inc-1", values={"age": 81}) == "not_met"
    # Chia / ctgov: "Age over 18 years.", "Patient >18 years of age": at 18 the text does not say
    for text in ("Age over 18 years.", "Patient >18 years of age"):
        tree = parse_criteria(text, "")
        assert verdict(tree, "inc-1", values={"age": 18}) == "manual", text
        assert verdict(tree, "inc-1", values={"age": 19}) == "met", text
        assert verdict(tree, "inc-1", values={"age": 17}) == "not_met", text
    # "Over the age of 80" (an exclusion) does not exclude a patient of 80 on its own
    tree = parse_criteria("", "Over the age of 80")
    assert verdict(tree, "exc-1", values={"age": 80.5}) == "manual"
    assert verdict(tree, "exc-1", values={"age": 79}) == "not_met"


# --- a therapy named with no tense: now or ever ---------------------------------------------------

_COURSE_2010 = [{"drug": "prednisone", "start": "2010-01-01", "stop": "2010-03-01"}]


@pytest.mark.parametrize("text", ["Treatment with glucocorticoids", "Patients receiving corticosteroids"])
def test_a_therapy_named_with_no_tense_is_now_or_ever(text):
    # Chia: "Treatment with glucocorticoids": a course that ended in 2010 may or may not count
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", therapies=_COURSE_2010) == "manual"
    assert verdict(tree, "exc-1", therapies=[{"drug": "prednisone", "current": True}]) == "met"
    assert verdict(tree, "exc-1", therapies=[{"drug": "hydroxychloroquine", "current": True}]) == "not_met"


@pytest.mark.parametrize("text", ["Prior treatment with glucocorticoids", "Patients who have been treated with prednisone",
                                  "History of treatment with corticosteroids"])
def test_a_therapy_named_in_the_past_is_ever(text):
    assert verdict(parse_criteria("", text), "exc-1", therapies=_COURSE_2010) == "met"


# --- needless "?" the audit found ------------------------------------------------------------------

def test_one_sexs_limit_is_that_sexs_only():
    # Chia: "Serum creatinine >1.4 mg/dL in female": a woman at 1.5 is excluded, a man is not
    tree = parse_criteria("", "Serum creatinine >1.4 mg/dL in female")
    assert verdict(tree, "exc-1", values={"creatinine": 1.5}) == "met"
    assert verdict(tree, "exc-1", values={"creatinine": 1.3}) == "not_met"
    assert verdict(tree, "exc-1", values={"sex": "male", "creatinine": 1.5}) == "not_met"


def test_actively_breastfeeding_is_breastfeeding():
    # Chia: "Subject is pregnant (documented by a positive pregnancy test) or is actively breast-feeding."
    tree = parse_criteria("", "Subject is pregnant (documented by a positive pregnancy test) or is actively breast-feeding.")
    assert verdict(tree, "exc-1", values={"pregnant": False, "lactating": True}) == "met"
    assert verdict(tree, "exc-1", values={"pregnant": False, "lactating": False}) == "not_met"


def test_a_transplant_planned_is_none_received():
    # ctgov: "... primary immunodeficiency with established plan to undergo hematopoietic stem cell
    # transplantation": a past transplant does not meet it
    for text in ("Diagnosis of primary immunodeficiency with established plan to undergo hematopoietic stem cell "
                 "transplantation",
                 # (Chia, whole: "... or ... a form of primary immunodeficiency for which hematopoietic stem cell
                 # transplantation is not indicated")
                 "Diagnosis of primary immunodeficiency with established plan to undergo myeloablative or "
                 "non-myeloablative allogeneic hematopoietic stem cell transplant for treatment thereof or diagnosis "
                 "of a form of primary immunodeficiency for which hematopoietic stem cell transplantation is not "
                 "indicated."):
        tree = parse_criteria(text, "")
        assert all(c.variable != "hsct" for n in tree.walk() for c in n.checks), text
        assert verdict(tree, "inc-1", values={"hsct": True, "immunodeficiency": False}) != "met"


def test_cases_none_of_which_applies_say_so():
    # ctgov NCT00056407: "Have a PSA ... between 2.5 and 10 if 50-60 years of age; or a PSA between
    # 3.0 and 10 if over age 60": a man of 45 fits no case
    from trialview.model.matching.match import match_trial
    from trialview.model.panel import parse_panel
    tree = parse_criteria("Have a PSA (prostate specific antigen) between 2.5 and 10 if 50-60 years of age; or a PSA "
                          "between 3.0 and 10 if over age 60.", "")
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "male"}})
    status = match_trial("T", "t", tree, panel).statuses["inc-1"]
    assert status.status == "not_met"
    assert status.reason.startswith("none of its cases applies: 50-60 years of age")
