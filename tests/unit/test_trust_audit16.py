"""Audit 16 (session 17): four helpers screened whole trials (ClinicalTrials.gov records, the
bundled SLE trials) with plain and awkward patients, as a screener reads them. Each case is a
wording they met, or its class on a real wording.
"""

from __future__ import annotations

from trialview.model.criteria.parse import parse_criteria
from tests.verdicts import verdict


# --- the time since a therapy, written before it ---------------------------------------------------

def test_at_least_years_since_a_prior_therapy_is_met_by_a_patient_who_never_had_it():
    # NCT00023673: "At least 5 years since prior biologic response modifiers" had asked for a
    # biologic ever: a patient who never had one was ineligible
    tree = parse_criteria("At least 4 weeks since prior rituximab", "")
    assert verdict(tree, "inc-1") == "met"                                   # never had it
    assert verdict(tree, "inc-1", therapies=[{"drug": "rituximab", "last_dose": "2026-11-20"}]) == "not_met"
    assert verdict(tree, "inc-1", therapies=[{"drug": "rituximab", "last_dose": "2025-06-01"}]) == "met"
    assert verdict(tree, "inc-1", history="partial") == "unknown"           # a list that may miss it


def test_each_therapy_of_a_list_after_since_prior_reads_the_same_time():
    tree = parse_criteria("More than 6 months since the last dose of rituximab, cyclophosphamide or belimumab", "")
    assert verdict(tree, "inc-1") == "met"
    assert verdict(tree, "inc-1", therapies=[{"drug": "belimumab", "last_dose": "2026-09-01"}]) == "not_met"


def test_less_than_weeks_since_a_prior_therapy_excludes_a_recent_one_only():
    tree = parse_criteria("", "Less than 4 weeks since prior cyclophosphamide")
    assert verdict(tree, "exc-1", therapies=[{"drug": "cyclophosphamide", "last_dose": "2026-11-20"}]) == "met"
    assert verdict(tree, "exc-1", therapies=[{"drug": "cyclophosphamide", "last_dose": "2026-06-20"}]) == "not_met"


# --- a kind of a therapy class the panel does not record ------------------------------------------

def test_a_biological_cancer_therapy_is_not_any_biologic():
    # NCT05382364 exc-5: "... or biological cancer therapy or treatment with an investigational
    # product within 4 weeks": adalimumab for arthritis had excluded a breast-cancer patient
    tree = parse_criteria("", "Biological cancer therapy within 4 weeks before the first dose")
    adalimumab = [{"drug": "adalimumab", "start": "2022-01-01"}]
    assert verdict(tree, "exc-1", therapies=adalimumab) != "met"
    assert verdict(tree, "exc-1") == "not_met"           # no biologic at all: none of that kind either
    tree = parse_criteria("At least 5 years since prior biologic response modifiers", "")
    assert verdict(tree, "inc-1", therapies=adalimumab) != "not_met"
    assert verdict(tree, "inc-1") == "met"


def test_a_biologic_with_no_kind_named_still_decides():
    tree = parse_criteria("", "Prior biologic therapy within 3 months")
    assert verdict(tree, "exc-1", therapies=[{"drug": "adalimumab", "start": "2022-01-01"}]) == "met"


# --- a value worked out from old ones --------------------------------------------------------------

def test_a_clearance_worked_out_from_an_old_creatinine_decides_nothing():
    # NCT06946485 inc-6.3 "Creatinine clearance (CrCl) >=60 mL/min (calculated by Cockcroft-Gault
    # formula)": a creatinine of 152 days before had given a ✓ beside labs called too old
    tree = parse_criteria("Creatinine clearance (CrCl) >=60 mL/min (calculated by Cockcroft-Gault formula)", "")
    old = {"weight": {"value": 70, "unit": "kg"}, "creatinine": {"value": 0.7, "unit": "mg/dL", "date": "2026-07-02"}}
    assert verdict(tree, "inc-1", values=old) == "unknown"
    fresh = {**old, "creatinine": {"value": 0.7, "unit": "mg/dL", "date": "2026-11-20"}}
    assert verdict(tree, "inc-1", values=fresh) == "met"


def test_a_bmi_from_a_weight_of_years_ago_decides_nothing_but_an_old_height_does_not_matter():
    # NCT04780763 inc-4 "Body mass index (BMI) within the range 18 and 30 kg/m2": a weight of
    # 2022 had ruled out a patient of today
    tree = parse_criteria("Body mass index (BMI) between 18 and 30 kg/m2", "")
    old_weight = {"weight": {"value": 90, "unit": "kg", "date": "2022-01-01"}, "height": {"value": 168, "unit": "cm"}}
    assert verdict(tree, "inc-1", values=old_weight) == "unknown"
    old_height = {"weight": {"value": 70, "unit": "kg"}, "height": {"value": 168, "unit": "cm", "date": "2020-01-01"}}
    assert verdict(tree, "inc-1", values=old_height) == "met"
    # and a BMI measured eight months ago is no BMI of today
    assert verdict(tree, "inc-1", values={"bmi": {"value": 32.8, "unit": "kg/m2", "date": "2026-04-01"}}) == "unknown"


# --- a lead-in of alternatives that ends on "either:" ----------------------------------------------

def test_the_alternatives_after_who_is_either_are_not_each_required():
    # NCT02028676: "Children should have an adult carer in the household who is either:" over four
    # lines ending "OR", the last "HIV negative": an HIV-positive child had been ruled out by it
    text = ("Children should have an adult carer in the household who is either:\n"
            "* participating in the DART trial OR\n* being treated with ART OR\n"
            "* HIV positive but not yet needing treatment OR\n* HIV negative.\nAge 18 months or older")
    tree = parse_criteria(text, "")
    assert verdict(tree, "inc-1", values={"hiv": "positive"}) != "not_met"
    # the same list with its indentation lost
    tree = parse_criteria(text.replace("* ", ""), "")
    assert all(verdict(tree, f"inc-{i}", values={"hiv": "positive"}) != "not_met" for i in range(1, 6))


# --- drugs a lupus patient takes that say nothing of the trials' ------------------------------------

def test_a_complete_history_with_an_antiepileptic_decides_an_immunosuppressant_window():
    # audit 16: levetiracetam, unknown, had left twelve criteria of a complete history open
    tree = parse_criteria("", "Use of cyclophosphamide within 8 weeks before screening")
    taken = [{"drug": "levetiracetam", "start": "2026-09-01"}, {"drug": "entecavir", "start": "2024-01-01"}]
    assert verdict(tree, "exc-1", therapies=taken) == "not_met"


# --- a window written as a time before screening, and "steroids" -----------------------------------

def test_steroids_used_weeks_prior_to_testing_exclude_a_recent_course_only():
    # NCT00739817 exc-2 "Steroids use 2 weeks prior to testing": prednisone stopped 6 days before
    # had left the line to a person
    tree = parse_criteria("", "Steroids use 2 weeks prior to testing")
    assert verdict(tree, "exc-1", therapies=[{"drug": "prednisone", "start": "2026-10-01", "stop": "2026-11-25"}]) == "met"
    assert verdict(tree, "exc-1", therapies=[{"drug": "prednisone", "start": "2026-01-01", "stop": "2026-06-01"}]) == "not_met"
    tree = parse_criteria("", "Use of corticosteroids 4 weeks prior to screening")
    assert verdict(tree, "exc-1", therapies=[{"drug": "methylprednisolone", "last_dose": "2026-11-10"}]) == "met"


def test_how_long_a_therapy_was_taken_before_screening_is_no_window_of_use():
    # "for 4 weeks prior to screening" says how long, "anabolic steroids" are no corticosteroid
    for text in ("Stable dose of prednisone for 4 weeks prior to screening", "Anabolic steroids within 4 weeks",
                 "Steroid-refractory disease"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", therapies=[{"drug": "prednisone", "start": "2026-10-01"}]) != "met", text
        assert verdict(tree, "exc-1") != "not_met", text


# --- words that say nothing more than the check reads ----------------------------------------------

def test_an_age_at_the_start_of_screening_is_the_panels_age():
    # NCT02552212 inc-1 "At least 18 years old at the start of Screening Visit": a 32-year-old was
    # left to a person
    for text in ("At least 18 years old at the start of Screening Visit",
                 "Participant must be 40 to 65 years of age inclusive, at the time of signing the informed consent"):
        tree = parse_criteria(text, "")
        assert verdict(tree, "inc-1", values={"age": 50}) == "met", text
        assert verdict(tree, "inc-1", values={"age": 17}) == "not_met", text


def test_a_list_of_organs_transplanted_is_read_whole():
    # NCT00763412 exc-3 "Patients who are status-post lung or liver transplantation": no transplant
    # of any organ plainly rules out both; a kidney recipient's "yes" is for a person
    tree = parse_criteria("", "Patients who are status-post lung or liver transplantation")
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) == "not_met"
    assert verdict(tree, "exc-1", values={"organ_transplant": True}) == "unknown"
    # an organ named alone before another's transplant is another condition
    tree = parse_criteria("", "Clinical diagnosis of renal artery stenosis, isolated kidney, kidney transplantation")
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) != "not_met"


# --- what a "no" of the panel's severe cardiac disease says ---------------------------------------

def test_cardiovascular_disease_is_more_than_a_severe_cardiac_one():
    # NCT00739830 exc-13 "Significant uncontrolled cardiovascular disease" had been cleared by "no
    # severe cardiac disease": uncontrolled hypertension is a cardiovascular disease too
    for text in ("Significant uncontrolled cardiovascular disease", "Severe cardiovascular disease"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"severe_cardiac_disease": False}) != "not_met", text
    tree = parse_criteria("", "Severe cardiovascular disease")
    assert verdict(tree, "exc-1", values={"severe_cardiac_disease": True}) == "met"
    tree = parse_criteria("", "Severe cardiac disease")
    assert verdict(tree, "exc-1", values={"severe_cardiac_disease": False}) == "not_met"


# --- a way to meet a limit the text offers ---------------------------------------------------------

def test_a_hemoglobin_below_a_limit_patients_may_be_transfused_to_meet_is_no_cross():
    # NCT05482516 inc-10.4 "Hemoglobin >= 90 g/L (9 g/dL) Patients may be transfused to meet this
    # criterion.": 8.5 g/dL had made the patient ineligible
    tree = parse_criteria("Hemoglobin ≥ 90 g/L (9 g/dL) Patients may be transfused to meet this criterion.", "")
    assert verdict(tree, "inc-1", values={"hemoglobin": {"value": 8.5, "unit": "g/dL"}}) != "not_met"
    assert verdict(tree, "inc-1", values={"hemoglobin": {"value": 12, "unit": "g/dL"}}) == "met"


# --- a clause of judgement over a whole list -------------------------------------------------------

def test_a_judgement_after_a_list_of_any_other_disease_qualifies_each_item():
    # NCT05482516 exc-29: an active infection had excluded by itself, though the list's clause
    # ("that contraindicates the use of an investigational drug ...") is the investigator's call
    text = ("Any other disease, active infection, metabolic dysfunction, physical examination finding, or clinical "
            "laboratory finding that contraindicates the use of an investigational drug, may affect the interpretation "
            "of the results, or may render the patient at high risk from treatment complications")
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"active_infection": True}) != "met"
    assert verdict(tree, "exc-1", values={"active_infection": False}) != "not_met"
    # the last item's own clause leaves the others to exclude by themselves
    tree = parse_criteria("", "Pregnant, breastfeeding, or any condition that would interfere with the study")
    assert verdict(tree, "exc-1", values={"sex": "female", "pregnant": True}) == "met"


# --- what a review of these rules found they had broken (review 16) --------------------------------

def test_an_age_at_diagnosis_is_not_the_panels_age():
    tree = parse_criteria("Age ≥ 18 years at the time of diagnosis", "")
    assert verdict(tree, "inc-1", values={"age": 30}) != "met"


def test_a_time_after_a_therapy_counted_from_another_event_is_no_window_of_today():
    # "Relapse less than 6 months after the last dose of rituximab": counted from the relapse
    tree = parse_criteria("Relapse less than 6 months after the last dose of rituximab", "")
    assert verdict(tree, "inc-1", therapies=[{"drug": "rituximab", "last_dose": "2023-06-01"}]) != "not_met"
    tree = parse_criteria("Stable methotrexate dose for at least 4 weeks after methotrexate initiation", "")
    assert verdict(tree, "inc-1", therapies=[{"drug": "methotrexate", "start": "2025-01-01"}]) != "not_met"
    # but "Patients must be at least 4 weeks from major surgery" is the time since it
    tree = parse_criteria("Patients must be at least 4 weeks from major surgery", "")
    assert verdict(tree, "inc-1", therapies=[{"drug": "major surgery", "last_dose": "2026-11-25"}]) == "not_met"
    assert verdict(tree, "inc-1") == "met"


def test_a_time_since_a_list_the_words_do_not_plainly_give_is_for_a_person():
    # "At least 4 weeks since prior chemotherapy, radiotherapy or major surgery": surgery 6 days
    # before had met it (the time read for no name of the list)
    tree = parse_criteria("At least 4 weeks since prior chemotherapy, radiotherapy or major surgery", "")
    assert verdict(tree, "inc-1", therapies=[{"drug": "major surgery", "last_dose": "2026-11-25"}]) != "met"
    tree = parse_criteria("At least 2 weeks since prior oral steroids", "")
    assert verdict(tree, "inc-1") == "met"
    # filed among the exclusions, "at least ... since" is a requirement misfiled: for a person
    tree = parse_criteria("", "At least 4 weeks since prior cyclophosphamide")
    assert verdict(tree, "exc-1") != "met"


def test_a_donor_or_a_patient_waiting_for_a_transplant_has_received_none():
    for text in ("Patients on a waiting list for lung or liver transplantation", "Live kidney or liver transplant donors",
                 "Previous living kidney or liver transplant donation"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"organ_transplant": False}) != "not_met", text


def test_steroids_of_another_kind_or_with_a_dose_asked_are_not_read_as_any_use():
    for text in ("Use of anabolic-androgenic steroids within 6 months", "Use of steroids for performance enhancement within 1 year"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", therapies=[{"drug": "prednisone", "start": "2024-01-01", "stop": "2025-06-01"}]) \
            != "not_met", text
    tree = parse_criteria("", "Use of steroids 2 weeks prior to randomization at a dose > 10 mg/day prednisone")
    assert verdict(tree, "exc-1", therapies=[{"drug": "prednisone", "start": "2026-01-01"}],
                   values={"prednisone_dose": 5}) != "met"


def test_a_stem_cell_transplant_sharing_its_noun_with_an_organs_is_read():
    # NCT05482516 exc-28 "Prior allogeneic stem cell or solid organ transplantation": neither
    # transplant had been left to a person
    tree = parse_criteria("", "Prior allogeneic stem cell or solid organ transplantation")
    assert verdict(tree, "exc-1", values={"hsct": False, "organ_transplant": False}) == "not_met"
    assert verdict(tree, "exc-1", values={"hsct": False, "organ_transplant": True}) == "met"
    assert verdict(tree, "exc-1", values={"hsct": True, "organ_transplant": False}) != "not_met"   # autologous?


# --- what a second review found (review 16, round 2) -----------------------------------------------

def test_a_time_since_with_more_after_it_is_for_a_person():
    rituximab_130_days = [{"drug": "rituximab", "last_dose": "2026-07-24"}]
    for text in ("At least 4 weeks since the last dose of rituximab, or 5 half-lives, whichever is longer",
                 "At least 6 months since last rituximab infusion or CD19+ B cells ≥ 20 cells/µL",
                 "At least 3 months since last rituximab (6 months for patients with lupus nephritis)",
                 "At least 12 weeks since last dose of rituximab, or at least 6 months if the patient received more "
                 "than 2 doses"):
        tree = parse_criteria(text, "")
        assert verdict(tree, "inc-1", therapies=rituximab_130_days, values={"lupus_nephritis_active": True}) \
            not in ("met", "not_met"), text
    tree = parse_criteria("", "Less than 3 months since last rituximab (6 months for patients with lupus nephritis)")
    assert verdict(tree, "exc-1", therapies=rituximab_130_days, values={"lupus_nephritis_active": True}) != "not_met"


def test_a_judgement_in_the_next_sentence_leaves_the_list_before_it_to_exclude():
    text = "Any active infection, including HIV, hepatitis B or hepatitis C. Other medical conditions that may interfere"
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"active_infection": True}) == "met"


def test_a_transfusion_the_text_forbids_is_no_way_to_meet_the_limit():
    tree = parse_criteria("Hemoglobin ≥ 90 g/L. Patients may not be transfused to meet this criterion.", "")
    assert verdict(tree, "inc-1", values={"hemoglobin": {"value": 8, "unit": "g/dL"}}) == "not_met"


def test_a_weight_at_a_strict_limit_in_pounds_is_not_above_it():
    # NCT05381532 inc-7 "Weight >110 lb": 110 lb had been 49.895160700000005 kg, "more" than 110 lb
    tree = parse_criteria("Weight >110 lb", "")
    assert verdict(tree, "inc-1", values={"weight": {"value": 110, "unit": "lb"}}) == "not_met"
    assert verdict(tree, "inc-1", values={"weight": {"value": 111, "unit": "lb"}}) == "met"
