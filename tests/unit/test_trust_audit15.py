"""Audit 15 (session 16): what session 15 left open, and four helpers' audits of 200 more real
criteria (Chia's tuning part and ClinicalTrials.gov records), each judged with plain patients as a
clinician reads it. Each case is one of those wordings, or its class on a real wording.
"""

from __future__ import annotations

from trialview.model.criteria.parse import parse_criteria
from tests.verdicts import verdict

_WOMAN = {"age": 30, "sex": "female", "childbearing_potential": True}


# --- a requirement among the exclusions -----------------------------------------------------------

def test_a_requirement_for_some_patients_beside_an_exclusion_excludes_only_who_fails_it():
    # "Pregnant women. Women of childbearing potential must have a negative pregnancy test": a
    # woman who is not pregnant is taken; a pregnant one is not; a man is not asked
    text = "Pregnant or breastfeeding women. Women of childbearing potential must have a negative pregnancy test at screening."
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={**_WOMAN, "pregnant": False, "lactating": False}) == "not_met"
    assert verdict(tree, "exc-1", values={**_WOMAN, "pregnant": True, "lactating": False}) == "met"
    assert verdict(tree, "exc-1", values={"age": 30, "sex": "male"}) == "not_met"


def test_a_requirement_of_two_negative_tests_excludes_a_patient_positive_on_either():
    # "Patients must have negative HBsAg and HCV antibody", among the exclusions
    tree = parse_criteria("", "Patients must have negative HBsAg and HCV antibody.")
    assert verdict(tree, "exc-1", values={"hbsag": "negative", "hcv_ab": "negative"}) == "not_met"
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hcv_ab": "negative"}) == "met"
    assert verdict(tree, "exc-1", values={"hbsag": "negative", "hcv_ab": "positive"}) == "met"
    assert verdict(tree, "exc-1", values={"hbsag": "negative"}) == "unknown"
    # one of two is enough where the text offers either
    tree = parse_criteria("", "Patients must have negative HBsAg or HCV antibody.")
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hcv_ab": "negative"}) == "not_met"
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hcv_ab": "positive"}) == "met"


def test_a_requirement_after_a_state_it_tests_for_does_not_exclude_the_negative():
    # "Active hepatitis B or C. Patients must have negative HBsAg and HCV antibody.": negative
    # tests never exclude; whether "active hepatitis" holds otherwise is for a person
    tree = parse_criteria("", "Active hepatitis B or C. Patients must have negative HBsAg and HCV antibody.")
    assert verdict(tree, "exc-1", values={"hbsag": "negative", "hcv_ab": "negative"}) != "met"
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hcv_ab": "negative"}) == "met"


# --- an alternative before a lab's qualifier ------------------------------------------------------

def test_a_risk_named_before_or_and_a_lab_is_one_more_way_to_be_excluded():
    # Chia NCT02749617: "High bleeding risk or spontaneously prolonged prothrombin time or activated
    # partial thromboplastin time > 1.5 x ULN": normal clotting times do not clear a high bleeding risk
    text = ("High bleeding risk or spontaneously prolonged prothrombin time or activated partial "
            "thromboplastin time > 1.5 x ULN")
    tree = parse_criteria("", text)
    normal = {"pt": {"value": 1.0, "unit": "xULN"}, "aptt": {"value": 1.0, "unit": "xULN"}}
    assert verdict(tree, "exc-1", values=normal) != "not_met"
    # an adjective pair before a check still qualifies it
    tree = parse_criteria("", "Known or suspected pregnant women")
    assert verdict(tree, "exc-1", values={"sex": "female", "pregnant": False}) == "not_met"


# --- a part of the study named as a bare label ----------------------------------------------------

def test_a_criterion_labelled_with_a_cohort_holds_for_that_cohort_only():
    # "Cohort 2: hemoglobin >= 10 g/dL": a patient with Hb 8 g/dL may be meant for cohort 1
    for text in ("Cohort 2: hemoglobin >= 10 g/dL", "For Cohort B, hemoglobin >= 10 g/dL",
                 "Parts A and B: hemoglobin >= 10 g/dL"):
        tree = parse_criteria(text, "")
        assert verdict(tree, "inc-1", values={"hemoglobin": 80}) != "not_met", text
        assert verdict(tree, "inc-1", values={"hemoglobin": 120}) == "met", text
    # nor does an exclusion for one part exclude from the whole
    tree = parse_criteria("", "Part B: eGFR < 30 mL/min")
    assert verdict(tree, "exc-1", values={"egfr": 20}) != "met"
    assert verdict(tree, "exc-1", values={"egfr": 90}) == "not_met"


def test_a_cohort_heading_over_items_needs_all_of_them_for_that_cohort():
    text = "Cohort 2:\n- hemoglobin >= 10 g/dL\n- platelets >= 100,000/mm3\nAge 18 or older"
    tree = parse_criteria(text, "")
    # one item failed: not "met" on the other; a patient perhaps in cohort 1 is not failed either
    assert verdict(tree, "inc-1", values={"hemoglobin": 120, "platelets": 50}) not in ("met", "not_met")
    assert verdict(tree, "inc-1", values={"hemoglobin": 120, "platelets": 150}) == "met"
