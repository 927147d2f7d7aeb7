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


# --- a lead that denies its list after a colon -----------------------------------------------------

def test_no_history_of_the_following_denies_each_item_after_the_colon():
    # Chia NCT02531971: "Subjects have no history of the following: ... acute or severe asthma, ..."
    tree = parse_criteria("Subjects have no history of the following: asthma", "")
    assert verdict(tree, "inc-1", values={"asthma": True}) == "not_met"
    assert verdict(tree, "inc-1", values={"asthma": False}) == "met"
    tree = parse_criteria("No history of any of the following: asthma or severe allergy", "")
    assert verdict(tree, "inc-1", values={"asthma": False, "severe_allergy": True}) == "not_met"
    assert verdict(tree, "inc-1", values={"asthma": False, "severe_allergy": False}) == "met"


# --- a state named more broadly or more narrowly than the panel's value -----------------------------

def test_any_active_infection_is_more_than_an_uncontrolled_one():
    # the panel records an uncontrolled infection needing treatment: its "no" leaves open an
    # infection under control, which "Active infection" (NCT00739830) excludes too
    tree = parse_criteria("", "Active infection")
    assert verdict(tree, "exc-1", values={"active_infection": False}) == "manual"
    assert verdict(tree, "exc-1", values={"active_infection": True}) == "met"
    for text in ("Uncontrolled infection", "Active infection requiring systemic treatment"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"active_infection": False}) == "not_met", text


def test_a_kind_of_infection_is_not_any_infection():
    # "Has a history of latent or active granulomatous infection": a pneumonia is no granuloma
    tree = parse_criteria("", "Active granulomatous infection")
    assert verdict(tree, "exc-1", values={"active_infection": True}) != "met"
    # (and "active" alone takes in a controlled one: the panel's no does not clear it either)
    assert verdict(tree, "exc-1", values={"active_infection": False}) != "not_met"
    # a kind of the panel's own uncontrolled infection: its no clears it
    tree = parse_criteria("", "Serious bacterial infection")
    assert verdict(tree, "exc-1", values={"active_infection": True}) != "met"
    assert verdict(tree, "exc-1", values={"active_infection": False}) == "not_met"
    # NCT05382559: intravenous antibiotics are more than "needing treatment"
    tree = parse_criteria("", "Participant has an active infection requiring intravenous antibiotics within 14 days "
                              "prior to study intervention.")
    assert verdict(tree, "exc-1", values={"active_infection": {"value": True, "date": "2026-11-25"}}) != "met"


def test_unstable_or_significant_heart_disease_is_not_the_panels_severe_one():
    # "Recent ... or unstable heart disease": a severe heart disease may be stable
    tree = parse_criteria("", "Recent unstable heart disease")
    assert verdict(tree, "exc-1", values={"severe_cardiac_disease": True}) != "met"
    assert verdict(tree, "exc-1", values={"severe_cardiac_disease": False}) == "not_met"
    # "clinically significant cardiovascular disease" takes in more than a severe one
    tree = parse_criteria("", "Subjects with clinically significant cardiovascular disease")
    assert verdict(tree, "exc-1", values={"severe_cardiac_disease": False}) != "not_met"
    assert verdict(tree, "exc-1", values={"severe_cardiac_disease": True}) == "met"


def test_anaphylaxis_is_one_severe_allergy_not_any():
    tree = parse_criteria("", "anaphylaxis in the past six weeks,")
    assert verdict(tree, "exc-1", values={"severe_allergy": {"value": True, "date": "2026-11-17"}}) != "met"
    assert verdict(tree, "exc-1", values={"severe_allergy": False}) == "not_met"


def test_a_suspected_cancer_is_open_where_the_panel_has_none_diagnosed():
    tree = parse_criteria("", "Known or suspected malignancy")
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) != "not_met"
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) == "met"


def test_a_condition_of_pregnancy_is_not_pregnancy_now():
    # Chia NCT02705222: "Pregnancy related conditions." do not clear a woman who is not pregnant
    tree = parse_criteria("", "Pregnancy related conditions.")
    assert verdict(tree, "exc-1", values={"sex": "female", "pregnant": False}) != "not_met"


# --- the right variable, and a transplant to come -----------------------------------------------

def test_a_cockcroft_gault_rate_is_a_creatinine_clearance():
    # Chia NCT03338855: "estimated Glomerular Filtration Rate < 60 mL/min (Cockcroft-Gault formula)"
    text = "estimated Glomerular Filtration Rate < 60 mL/min (Cockcroft-Gault formula)."
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"egfr": 55, "crcl": 75}) == "not_met"
    assert verdict(tree, "exc-1", values={"crcl": 50}) == "met"


def test_recipients_undergoing_a_transplant_have_not_had_one_yet():
    # Chia NCT01631058: "... recipients ... undergoing kidney transplantation ..."
    tree = parse_criteria("Patients undergoing kidney transplantation from a living or deceased donor", "")
    assert verdict(tree, "inc-1", values={"organ_transplant": False}) != "not_met"


def test_a_pregnant_patient_has_childbearing_potential():
    tree = parse_criteria("If female and of childbearing potential, has a negative pregnancy test.", "")
    assert verdict(tree, "inc-1", values={"sex": "female", "pregnant": True}) == "not_met"


def test_a_biologic_may_or_may_not_take_in_a_cell_therapy():
    # "A biologic medicine used within the previous 6 months" and a CAR-T a month ago
    tree = parse_criteria("", "A biologic medicine used within the previous 6 months")
    cart = [{"drug": "CAR-T", "last_dose": "2026-11-01"}]
    assert verdict(tree, "exc-1", therapies=cart, history="complete") != "not_met"
    assert verdict(tree, "exc-1", therapies=[], history="complete") == "not_met"


def test_a_qualifier_stays_with_the_check_of_its_own_sentence():
    # Chia NCT00183885: the disorder's "that would interfere with consent" is not another way to
    # be excluded beside the pregnancy of the next sentence
    text = ("Patients with psychiatric disorders that would interfere with consent or follow-up. "
            "Pregnant or lactating women.")
    tree = parse_criteria("", text)
    patient = {"sex": "female", "psychiatric_disorder": True, "pregnant": False, "lactating": False}
    assert verdict(tree, "exc-1", values=patient) != "met"
    assert verdict(tree, "exc-1", values={**patient, "pregnant": True}) == "met"


# --- the review of this session's rules -------------------------------------------------------------

def test_what_must_be_done_to_the_patient_is_no_requirement_the_patient_fails():
    text = "Pregnant or breastfeeding women (a pregnancy test must be performed at screening)."
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"sex": "male"}) == "not_met"
    assert verdict(tree, "exc-1", values={"pregnant": False, "lactating": False}) == "not_met"
    assert verdict(tree, "exc-1", values={"pregnant": True}) == "met"
    tree = parse_criteria("", "Positive HBsAg or HCV antibody (serology must be performed at screening).")
    assert verdict(tree, "exc-1", values={"hbsag": "negative", "hcv_ab": "negative"}) == "not_met"


def test_a_requirement_turns_round_only_what_the_patients_it_names_must_show():
    tree = parse_criteria("", "HBsAg positive patients must have undetectable HBV DNA.")
    assert verdict(tree, "exc-1", values={"hbsag": "negative"}) == "not_met"
    assert verdict(tree, "exc-1", values={"hbsag": "positive"}) == "unknown"
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hbv_dna": "detectable"}) == "met"
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hbv_dna": "undetectable"}) == "not_met"


def test_a_slash_or_a_bracket_is_no_alternative_between_what_a_requirement_asks():
    tree = parse_criteria("", "Patients must have negative HBsAg/HCV antibody.")
    assert verdict(tree, "exc-1", values={"hbsag": "positive", "hcv_ab": "negative"}) == "met"
    text = "Patients must have hemoglobin >= 9 g/dL (with or without transfusion) and platelets >= 100 x 10^9/L."
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"hemoglobin": 120, "platelets": 50}) == "met"
    assert verdict(tree, "exc-1", values={"hemoglobin": 120, "platelets": 200}) == "not_met"


def test_a_requirement_with_a_part_no_check_reads_stays_open_where_its_check_holds():
    text = ("Pregnant or breastfeeding women. Women of childbearing potential must have a negative serum pregnancy "
            "test within 7 days and must use effective contraception.")
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={**_WOMAN, "pregnant": False, "lactating": False}) not in ("met", "not_met")
    assert verdict(tree, "exc-1", values={**_WOMAN, "pregnant": True, "lactating": False}) == "met"


def test_a_denial_elsewhere_in_the_lead_does_not_deny_its_list():
    text = ("Stable SLE with no flare in the last month and at least one of the following: anti-dsDNA positive, "
            "low C3, low C4.")
    tree = parse_criteria(text, "")
    assert verdict(tree, "inc-1", values={"anti_dsdna": "positive", "c3_low": True, "c4_low": True}) != "not_met"
    # among the exclusions, "None of the following:" lists whom it excludes
    tree = parse_criteria("", "None of the following: HIV positive, HBsAg positive.")
    assert verdict(tree, "exc-1", values={"hiv": "negative", "hbsag": "negative"}) != "met"


def test_a_cockcroft_gault_mentioned_for_another_use_leaves_the_egfr_limit_an_egfr():
    for text in ("eGFR < 30 mL/min/1.73 m2 (for subjects aged 65 or older, Cockcroft-Gault may be used)",
                 "eGFR < 45 mL/min/1.73 m2. The Cockcroft-Gault formula will be used for dose adjustment.",
                 "eGFR < 30 mL/min calculated by the Cockcroft-Gault formula using ideal body weight"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"egfr": 90, "crcl": 20}) != "met", text
        assert verdict(tree, "exc-1", values={"egfr": 20, "crcl": 90}) != "not_met", text


def test_a_pregnancy_answers_only_the_question_of_childbearing_potential_it_can():
    text = ("Female participants of non-childbearing potential, defined as postmenopausal for at least 12 months or "
            "surgically sterile")
    tree = parse_criteria(text, "")
    assert verdict(tree, "inc-1", values={"pregnant": True}) != "met"
    # a pregnancy of 2022 says nothing of childbearing potential today
    tree = parse_criteria("If female and of childbearing potential, has a negative pregnancy test.", "")
    assert verdict(tree, "inc-1", values={"age": 52, "pregnant": {"value": True, "date": "2022-03-01"}}) != "not_met"


def test_a_transplant_to_come_is_not_answered_by_the_history():
    tree = parse_criteria("", "Planned organ transplantation during the study")
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) != "not_met"
    text = "Patients undergoing primary or subsequent deceased-donor or living donor kidney transplantation."
    tree = parse_criteria(text, "")
    assert verdict(tree, "inc-1", values={"organ_transplant": False}) != "not_met"
    # one received beside one to come is still read
    tree = parse_criteria("", "Currently undergoing chemotherapy or with prior organ transplant")
    assert verdict(tree, "exc-1", values={"organ_transplant": True}) == "met"


def test_an_active_infection_of_a_kind_is_decided_by_neither_answer():
    tree = parse_criteria("", "Active fungal infection")
    assert verdict(tree, "exc-1", values={"active_infection": True}) != "met"
    assert verdict(tree, "exc-1", values={"active_infection": False}) != "not_met"
    # another item's "uncontrolled" is not the infection's
    tree = parse_criteria("", "Active infection, uncontrolled hypertension")
    assert verdict(tree, "exc-1", values={"active_infection": False}) != "not_met"


# --- values measured long before screening ------------------------------------------------------------

def test_a_value_measured_long_ago_does_not_decide_a_criterion_about_now():
    tree = parse_criteria("", "Patients with positive HIV status")
    assert verdict(tree, "exc-1", values={"hiv": {"value": "negative", "date": "2023-06-01"}}) == "unknown"
    assert verdict(tree, "exc-1", values={"hiv": {"value": "positive", "date": "2023-06-01"}}) == "met"
    assert verdict(tree, "exc-1", values={"hiv": {"value": "negative", "date": "2026-11-01"}}) == "not_met"
    tree = parse_criteria("Systolic blood pressure 90-140 mmHg", "")
    old = {"systolic_bp": {"value": 120, "unit": "mmHg", "date": "2024-12-01"}}
    assert verdict(tree, "inc-1", values=old) == "unknown"


def test_a_value_dated_before_the_window_says_nothing_of_it():
    # "Has had a malignancy within 5 years before screening" and a "no" of 2015
    tree = parse_criteria("", "Has had a malignancy within 5 years before screening")
    assert verdict(tree, "exc-1", values={"malignancy_history": {"value": False, "date": "2015-01-01"}}) == "unknown"
    assert verdict(tree, "exc-1", values={"malignancy_history": {"value": False, "date": "2026-11-01"}}) == "not_met"


def test_a_cancer_named_without_its_past_is_one_now():
    # "Cancer or other significant co-morbidities implying that the patient's condition is
    # unstable": a cancer of 2000, recorded as history, is not one now
    text = "Cancer or other significant co-morbidities implying that the patient's condition is unstable."
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"malignancy_history": {"value": True, "date": "2000-01-01"}}) != "met"
    tree = parse_criteria("", "Malignancy")
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) == "unknown"
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) == "not_met"
    # its past said, the panel's history answers it
    tree = parse_criteria("", "History of malignancy")
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) == "met"


# --- the second review: requirements of some patients, and where a denied list ends ---------------

def test_a_requirement_of_the_patients_it_names_excludes_those_who_fail_it():
    text = "HBsAg positive or HBcAb positive patients must have undetectable HBV DNA."
    tree = parse_criteria("", text)
    healthy = {"hbsag": "negative", "hbcab": "negative", "hbv_dna": "undetectable"}
    assert verdict(tree, "exc-1", values=healthy) == "not_met"
    assert verdict(tree, "exc-1", values={**healthy, "hbsag": "positive", "hbv_dna": "detectable"}) == "met"
    assert verdict(tree, "exc-1", values={**healthy, "hbcab": "positive"}) == "not_met"


def test_a_requirement_it_cannot_join_is_left_to_a_person_not_read_as_a_reason_to_exclude():
    tree = parse_criteria("", "Patients aged 65 years or older must have eGFR >= 45 mL/min/1.73m2.")
    assert verdict(tree, "exc-1", values={"age": 40, "egfr": 90}) != "met"
    text = "Known hepatitis B or C infection (HBsAg positive patients must have undetectable HBV DNA)."
    tree = parse_criteria("", text)
    assert verdict(tree, "exc-1", values={"hbsag": "negative", "hcv_ab": "negative", "hbv_dna": "undetectable"}) != "met"


def test_a_documented_result_is_still_a_requirement_of_the_patient():
    for text in ("A negative HIV test must be documented at screening.", "Subjects must be confirmed HIV negative at screening.",
                 "Patients must have documented negative HIV serology."):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"hiv": "negative"}) == "not_met", text
        assert verdict(tree, "exc-1", values={"hiv": "positive"}) == "met", text


def test_a_denied_list_ends_where_the_lead_asks_for_more():
    text = "No history of the following: asthma or severe allergy, and positive anti-dsDNA at screening."
    tree = parse_criteria(text, "")
    patient = {"asthma": False, "severe_allergy": False}
    assert verdict(tree, "inc-1", values={**patient, "anti_dsdna": "negative"}) == "not_met"
    assert verdict(tree, "inc-1", values={**patient, "anti_dsdna": "positive"}) == "met"


def test_two_groups_of_people_joined_by_and_are_each_excluded():
    # Chia NCT03317197: "Pregnant women and young children aged <18 years;" (audit 6 of this
    # session: a pregnant woman of 30 was taken, read as both at once)
    tree = parse_criteria("", "Pregnant women and young children aged <18 years;")
    assert verdict(tree, "exc-1", values={"age": 30, "pregnant": True}) == "met"
    assert verdict(tree, "exc-1", values={"age": 30, "pregnant": False}) == "not_met"
    assert verdict(tree, "exc-1", values={"age": 10, "sex": "male"}) != "not_met"
