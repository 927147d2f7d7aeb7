"""Audit 12 (real Chia wording, plain patients): a kind named where the panel holds the whole.

The panel's `malignancy_history` is any malignancy and `organ_transplant` any organ's transplant.
A trial that names one kind ("hematological malignancy", "History of lung transplant") asks less
than the panel's "yes" says: a patient with a past breast cancer, or a kidney recipient, is not
excluded by it; only "no" decides. A transplant to come (a waiting list, a need for one) is none
received: a patient without a transplant is not cleared of it.
"""

from __future__ import annotations

import pytest

from trialview.model.criteria.parse import parse_criteria
from tests.verdicts import verdict


@pytest.mark.parametrize("text", ["Myelodysplastic syndrome or hematological malignancy",   # Chia NCT02739295
                                  "Personal history of breast cancer",
                                  "Active or prior solid organ cancer"])
def test_a_kind_of_malignancy_is_not_any(text):
    tree = parse_criteria("", text)
    # a past melanoma: this kind or not, the text does not say
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) not in ("met", "not_met"), text


def test_no_malignancy_at_all_clears_a_kind():
    tree = parse_criteria("", "Personal history of breast cancer")
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) == "not_met"


def test_a_plain_malignancy_still_decides():
    tree = parse_criteria("", "Prior malignancy")
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) == "met"


@pytest.mark.parametrize("text", ["History of lung transplant.",                              # Chia NCT01217671
                                  "Received heart transplantation or pacemaker implantation"])  # Chia NCT03026088
def test_one_organs_transplant_is_not_any(text):
    tree = parse_criteria("", text)
    # a kidney recipient
    assert verdict(tree, "exc-1", values={"organ_transplant": True}) not in ("met", "not_met"), text


def test_any_organ_transplant_still_decides():
    tree = parse_criteria("", "History of organ transplantation")
    assert verdict(tree, "exc-1", values={"organ_transplant": True}) == "met"
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) == "not_met"


@pytest.mark.parametrize("text", ["Currently on the active heart transplant list",            # Chia NCT01856491
                                  "Need for combined organ transplantation with an extra-renal organ"])  # NCT01531257
def test_a_transplant_to_come_is_none_received(text):
    tree = parse_criteria("", text)
    # listed, not yet transplanted: "organ transplant: no" does not clear the patient
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) != "not_met", text


def test_an_alternative_before_a_bracket_is_another_way_to_be_excluded():
    # (Chia NCT03228017) the Hb limit's unit is a typo (mg/dl), so it is not read: it is still one
    # way to be excluded, not a word about the platelets; an anaemic patient is not cleared
    tree = parse_criteria("", "Anemia (hemoglobin < 9 mg/dl) or thrombocytopenia (Platelet count <75), or "
                              "thrombocytosis (Platelet count >600)")
    assert verdict(tree, "exc-1", values={"hemoglobin": {"value": 8.5, "unit": "g/dL"}, "platelets": 200}) != "not_met"
    assert verdict(tree, "exc-1", values={"platelets": 50}) == "met"


def test_a_therapy_in_a_concession_is_no_exposure():
    # (Chia NCT01700790) a patient on G-CSF with a normal count is not excluded
    tree = parse_criteria("", "Absolute neutrophil count less than 750 cells/mm3 even if receiving G-CSF.")
    assert verdict(tree, "exc-1", [{"drug": "G-CSF", "last_dose": "2026-11-28"}], values={"anc": 3.0}) == "not_met"


def test_each_vaccine_window_is_a_way_to_be_excluded():
    # (Chia NCT00397215) an inactivated vaccine last week would exclude: the live-vaccine window
    # alone does not clear a patient
    tree = parse_criteria("", "Administration of licensed vaccines within 2 weeks (for inactivated vaccines) or "
                              "4 weeks (for live vaccines) prior to enrolment")
    assert verdict(tree, "exc-1", []) != "not_met"


@pytest.mark.parametrize("text", ["ALT > 3 x ULN or liver disease", "Creatinine > 2 mg/dL or kidney disease",
                                  "Hemoglobin <8 or diagnosed with anemia"])           # Chia NCT02986659
def test_an_organs_disease_after_or_is_another_way(text):
    # a patient with cirrhosis (or CKD, or anaemia on treatment) and a normal lab: not cleared
    tree = parse_criteria("", text)
    normal = {"alt": {"value": 20, "unit": "U/L", "uln": 40}, "creatinine": {"value": 1.0, "unit": "mg/dL"},
              "hemoglobin": {"value": 12, "unit": "g/dL"}}
    assert verdict(tree, "exc-1", values=normal) != "not_met", text


def test_with_or_without_a_disease_is_no_alternative():
    tree = parse_criteria("", "HIV positive, with or without liver disease")
    assert verdict(tree, "exc-1", values={"hiv": "negative"}) == "not_met"


@pytest.mark.parametrize("text", ["Use of rituximab or other immune-modifying drugs within six months",
                                  "Chronic administration of immunosuppressants or other immune-modifying drugs "
                                  "within six months"])                                   # Chia NCT00397215
def test_words_between_a_drug_and_its_window_are_not_read_by_it(text):
    # hydroxychloroquine last month may be an "immune-modifying drug": the rituximab / immunosuppressant
    # window does not clear the patient
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", [{"drug": "hydroxychloroquine", "last_dose": "2026-11-01"}]) != "not_met", text


def test_a_list_of_drugs_before_one_window_is_still_read():
    tree = parse_criteria("", "Rituximab, belimumab or cyclophosphamide within 6 months")
    assert verdict(tree, "exc-1", [{"drug": "hydroxychloroquine", "last_dose": "2026-11-01"}]) == "not_met"
    assert verdict(tree, "exc-1", [{"drug": "belimumab", "last_dose": "2026-11-01"}]) == "met"


def test_if_persistent_is_how_the_value_holds_not_whom_it_applies_to():
    # (Chia NCT01742117) one low count does not meet it; a normal count fails it
    tree = parse_criteria("White blood cell count <3,000 cells/mm3 if persistent (at least 2 abnormal values) "
                          "within 7 days prior to index procedure", "")
    assert verdict(tree, "inc-1", values={"wbc": 2.5}) not in ("met", "not_met")
    assert verdict(tree, "inc-1", values={"wbc": 6}) == "not_met"


@pytest.mark.parametrize("text, values", [
    ("HbA1c = 5.7%", {"hba1c": 5.0}),                                                  # Chia NCT02844907
    ("HbA1c = 5.7%", {"hba1c": 6.1}),
    ("Patients with reduced ejection fraction (= 40%)", {"lvef": 30}),                 # Chia NCT02807857
    ("persistent HbA1c levels = 7.5% (58 mmol/mol) despite optimized education therapy", {"hba1c": 9.0}),
    ("diastolic blood pressure (DBP) =90 mmHg or systolic blood pressure (SBP) =140 mmHg",  # a hypertension trial
     {"diastolic_bp": 95, "systolic_bp": 150}),
])
def test_a_lost_comparator_that_trials_write_both_ways_is_for_a_person(text, values):
    # the "≥" or "≤" was lost in the source: an inclusion's HbA1c, blood pressure or ejection
    # fraction is asked either way, so no value but the limit itself decides it
    assert verdict(parse_criteria(text, ""), "inc-1", values=values) not in ("met", "not_met"), (text, values)


def test_a_lost_comparator_with_one_usual_direction_still_decides():
    # a haemoglobin minimum, an age, an exclusion's blood pressure, a pair that makes a range
    assert verdict(parse_criteria("Hemoglobin = 85 g/L", ""), "inc-1", values={"hemoglobin": 120}) == "met"
    assert verdict(parse_criteria("Age = 18 years", ""), "inc-1", values={"age": 16}) == "not_met"
    tree = parse_criteria("", "Systolic pressure =180 mmHg or diastolic pressure =110 mmHg")
    assert verdict(tree, "exc-1", values={"systolic_bp": 190, "diastolic_bp": 100}) == "met"
    tree = parse_criteria("HbA1c = 6.5 and = 10.0 %", "")
    assert verdict(tree, "inc-1", values={"hba1c": 8.0}) == "met"


def test_how_the_values_are_measured_holds_for_each_limit_of_the_list():
    # (Chia NCT01912677) one systolic reading of 165 does not meet it: it must be measured twice
    tree = parse_criteria("Systolic blood pressure >=160 mm Hg OR a diastolic blood pressure of >=110 mm Hg "
                          "measured twice more than 15 minutes apart", "")
    assert verdict(tree, "inc-1", values={"systolic_bp": 165, "diastolic_bp": 95}) not in ("met", "not_met")
    assert verdict(tree, "inc-1", values={"systolic_bp": 120, "diastolic_bp": 80}) == "not_met"


def test_a_complication_of_this_pregnancy_is_no_pregnancy_check():
    # (Chia NCT01912677, a trial for pregnant women) being pregnant does not exclude her
    tree = parse_criteria("", "History of eclampsia or other adverse CNS complication (e.g., stroke or PRES) in this "
                              "pregnancy")
    assert verdict(tree, "exc-1", values={"pregnant": True}) != "met"


def test_a_kind_offered_last_in_filler_words_is_another_way():
    # (Chia NCT01891513) a treated, controlled hypertension meets it
    tree = parse_criteria("Hypertension - untreated (SBP >= 140 mm Hg or DBP >= 90 mm Hg) or treated", "")
    assert verdict(tree, "inc-1", values={"systolic_bp": 125, "diastolic_bp": 78}) != "not_met"


def test_a_window_after_a_denied_clause_is_that_clauses():
    # (Chia NCT02986659) a cancer of 2020 with no treatment since meets it
    tree = parse_criteria("Cancer, with no active treatment in the last year", "")
    assert verdict(tree, "inc-1", values={"malignancy_history": {"value": True, "date": "2020-03-01"}}) != "not_met"
    # a bracket's "but not" is no clause of its own: the window is the malignancy's
    tree = parse_criteria("", "History of malignancy including leukemia and lymphoma (but not basal cell skin "
                              "carcinoma) within the past five years")
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) == "not_met"


def test_a_state_named_as_a_cause_is_not_the_patients_to_check():
    # (Chia NCT02519777, a trial for people with HIV) having HIV does not exclude a patient
    tree = parse_criteria("", "Difficult or impossible to determine whether cognitive or functional decline is due to "
                              "substance use or HIV, or both")
    assert verdict(tree, "exc-1", values={"hiv": "positive"}) != "met"


def test_a_note_of_what_the_criterion_does_not_count_speaks_for_the_patient():
    # (Chia NCT02339974) a long-term follow-up of a now-approved product may be the "trial" the
    # panel names: the note keeps the exclusion from being machine-met
    tree = parse_criteria("", "Currently participating in any other clinical trial. Note: Trials requiring extended "
                              "follow-up for products that were investigational, but have since become commercially "
                              "available, are not considered investigational trials")
    assert verdict(tree, "exc-1", [{"drug": "other clinical trial", "current": True}]) != "met"


@pytest.mark.parametrize("text", ["Male participants between 18 and 40 years-old",          # Chia NCT03249311
                                  "Male or female subjects aged =18 to =65 years"])          # Chia NCT02121145
def test_an_age_range_in_these_spellings_is_read(text):
    # a man of 70 is too old for either
    assert verdict(parse_criteria(text, ""), "inc-1", values={"age": 70, "sex": "male"}) == "not_met", text
    assert verdict(parse_criteria(text, ""), "inc-1", values={"age": 30, "sex": "male"}) == "met", text
