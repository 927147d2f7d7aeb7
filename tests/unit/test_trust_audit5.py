"""A careful screener's audit, fifth round (session 9, issue 11), of records no earlier round read:
NCT00973089, NCT05594173, NCT00465816 (tests/data/ctgov-json), NCT00739713, NCT00739752,
NCT00739817, NCT05380336, NCT05380414, NCT05380726, NCT05380778, NCT05381064, NCT05381649,
NCT05481749, NCT00739765, NCT05389579 (tests/data/ctgov-xml), each against three plain patients:
one who looks eligible, one with a value just past a threshold the trial states, one with little
on the panel. Each test is one general rule the audit found broken, on the record's own words,
asserting what a reader of that text would conclude.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from tests.unit.test_trust_audit4_reading import node
from trialview.model.criteria import CriteriaTree, parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def results(tree: CriteriaTree, values: dict[str, object]) -> tuple[str, dict[str, str]]:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": []})
    result = match_trial("T", "t", tree, panel)
    return result.verdict, {k: r.status for k, r in result.statuses.items()}


def one(text: str, section: str, values: dict[str, object]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    return results(tree, values)[1][tree.sections[0].children[0].id]


# --- ages written with words --------------------------------------------------------------------

def test_an_age_with_its_comparator_in_words_is_read():
    # NCT00739752 exc-1 "Under age 18" and NCT05380414 inc-1 "Male or female patient > 18
    # years" stayed for a person: a 17-year-old is excluded / fails, an adult is not / meets it
    tree = ctgov_tree("NCT00739752")
    under = node(tree, "Under age 18")
    assert results(tree, {"age": 17, "sex": "male"})[1][under.id] == "met"
    assert results(tree, {"age": 18, "sex": "male"})[1][under.id] == "not_met"
    tree = ctgov_tree("NCT05380414")
    over = node(tree, "Male or female patient > 18 years")
    assert results(tree, {"age": 19, "sex": "female"})[1][over.id] == "met"
    # at 18 (whole years) "> 18" is for a person: this record's own minimum age is "18 Years"
    # (audit 14, matching/ages.py)
    assert results(tree, {"age": 18, "sex": "female"})[1][over.id] == "manual"
    assert results(tree, {"age": 17, "sex": "female"})[1][over.id] == "not_met"
    # NCT05594173 inc-1 "Healthy adults under age 60": 60 is not under 60 (the registry's "18
    # to 60 years" allows it, the text does not); "healthy" stays for a person
    tree = ctgov_tree("NCT05594173")
    healthy = node(tree, "Healthy adults under age 60")
    assert results(tree, {"age": 60, "sex": "male"})[1][healthy.id] == "not_met"
    assert results(tree, {"age": 40, "sex": "male"})[1][healthy.id] == "manual"
    # Chia NCT03631355 exc-2, NCT02773173 inc-1, NCT00989261 exc-1
    assert one("Younger than 18 years of age", "exclusion", {"age": 17}) == "met"
    # (at 18 whole years, "older than 18" is for a person: matching/ages.py)
    assert one("Patients older than 18 years", "inclusion", {"age": 17}) == "not_met"
    assert one("Patients older than 18 years", "inclusion", {"age": 18}) == "manual"
    assert one("Patients over the age of 85 years except at the discretion of the Investigator", "exclusion",
               {"age": 86}) != "not_met"


def test_an_age_that_says_whom_a_part_is_for_or_is_denied_is_no_requirement():
    # Chia NCT03089086 inc-2 "Written parental consent for those under the age of 18": an adult
    # is not failed by it (the consent is asked of minors only)
    assert one("Written parental consent for those under the age of 18", "inclusion", {"age": 40}) != "not_met"
    # Chia NCT03044561 "cases of infertility, older than 20 years of age and not older than 40
    # years": a woman of 45 is never read as meeting "older than 40"
    assert one("cases of infertility, older than 20 years of age and not older than 40 years.", "inclusion",
               {"age": 45, "sex": "female"}) != "met"
    # Chia NCT01491763 "... < 55 years old (it is advisable to include patients over 55 years
    # LAL07OPH protocol)": the note names another protocol, not a second age a patient must be
    text = ("Patients with Ph (BCR/ABL) positive de novo < 55 years old (it is advisable to include patients over "
            "55 years LAL07OPH protocol).")
    assert one(text, "inclusion", {"age": 40}) != "not_met"
    # a time since something is no age ("> 2 years after transplantation")
    assert one("Patients > 2 years after kidney transplantation", "inclusion", {"age": 1, "organ_transplant": True}) \
        != "not_met"
    # a duration in months is no age in years ("under the age of 12 months")
    assert one("Infants under the age of 12 months", "inclusion", {"age": 5}) != "met"


# --- a wrapped line whose bracket is still open --------------------------------------------------

def test_an_unmarked_line_with_an_open_bracket_goes_on_in_the_next():
    # NCT05380778's exclusions are wrapped lines without markers: "sedative premedication severe
    # immune deficiency (diabetes, steroid or antihistamine" / "medication, cancer, chemotherapy,
    # status post transplantation, drug and alcohol abuse)," / "recent surgery (1 month) or
    # blood transfusion". Cut at each line, the first half read "immune deficiency" with its
    # list of what counts as one (diabetes, steroid medication) left behind, and a patient
    # without an immune deficiency was cleared of it though she may take steroids
    tree = ctgov_tree("NCT05380778")
    first = node(tree, "sedative premedication severe immune deficiency (")
    assert "drug and alcohol abuse" in first.text
    patient = {"age": 45, "sex": "female", "immunodeficiency": False, "malignancy_history": False}
    assert results(tree, patient)[1][first.id] not in ("met", "not_met")
    # a cancer, one of the conditions the bracket lists, is one now: her history of one is for a
    # person to weigh, and never clears her (audit 15)
    assert results(tree, {**patient, "malignancy_history": True})[1][first.id] not in ("met", "not_met")


def test_an_age_written_n_or_more_years_old_is_read():
    # NCT05481749 inc-1 "80 or more years old" stayed for a person: 79 fails it, 80 meets it
    tree = ctgov_tree("NCT05481749")
    age = node(tree, "80 or more years old")
    assert results(tree, {"age": 79, "sex": "male"})[1][age.id] == "not_met"
    assert results(tree, {"age": 80, "sex": "male"})[1][age.id] == "met"


def test_an_age_before_a_comma_is_read():
    # NCT00739843 inc-1 "Prevalent and incident hemodialysis patients over the age of 60,
    # receiving hemodialysis treatments ...": the comma after 60 hid the age (a patient of 55
    # stayed open on it); the rest of the criterion stays for a person
    tree = ctgov_tree("NCT00739843")
    first = node(tree, "Prevalent and incident hemodialysis patients")
    assert results(tree, {"age": 55, "sex": "male"})[1][first.id] == "not_met"
    assert results(tree, {"age": 65, "sex": "male"})[1][first.id] not in ("met", "not_met")


def test_a_hypersensitivity_to_a_named_drug_is_not_ruled_out_by_no_severe_allergy():
    # NCT05381623 exc-1.2.5 "Hypersensitivity to ibuprofen.", NCT00739882 exc-1 "Hypersensitivity
    # to efalizumab or to any of the excipients": "severe allergy: no" cleared them, though a
    # mild reaction to ibuprofen is no severe allergy and the panel names no drug reaction
    no_severe = {"age": 40, "sex": "male", "severe_allergy": False}
    for name, start in (("NCT05381623", "Hypersensitivity to ibuprofen"),
                        ("NCT00739882", "Hypersensitivity to efalizumab")):
        tree = ctgov_tree(name)
        assert results(tree, no_severe)[1][node(tree, start).id] not in ("met", "not_met")
    # a severe allergy is still read, both ways
    text = "History of severe drug allergies or hypersensitivity."      # seed NCT06946485 exc-3
    assert one(text, "exclusion", no_severe) == "not_met"
    assert one(text, "exclusion", {**no_severe, "severe_allergy": True}) == "met"


# --- a state that is not the patient's today ----------------------------------------------------

HIV_NEGATIVE = {"age": 30, "sex": "male", "hiv": "negative", "hbsag": "negative", "hcv_ab": "negative",
                "malignancy_history": False}


def test_a_partners_infection_or_one_to_be_tested_for_is_not_the_patients():
    # Chia NCT02584140 inc-9, NCT01815580 inc-2/3/4 (an HIV prevention cohort): each read "HIV:
    # positive required" and failed every HIV-negative participant, the very people they enrol
    for text in ("Has at least one HIV-infected sexual partner for =4 weeks.",
                 "Unaware of HIV status at enrollment in follow-up cohort",
                 "High risk for HIV infection",
                 "Willing to test for HIV"):
        assert one(text, "inclusion", HIV_NEGATIVE) != "not_met", text
    # a patient's own infection is still read
    assert one("Known HIV infection", "inclusion", HIV_NEGATIVE) == "not_met"
    assert one("HIV positive", "exclusion", {**HIV_NEGATIVE, "hiv": "positive"}) == "met"


def test_negative_for_a_list_denies_each_name_in_it():
    # Chia NCT01217671 inc-12 "Negative for HBsAg and for antibodies to HCV, HIV-1.": HIV-1 read
    # as "HIV: positive required" (the comma ended the denial)
    text = "Negative for HBsAg and for antibodies to HCV, HIV-1."
    assert one(text, "inclusion", HIV_NEGATIVE) != "not_met"
    assert one(text, "inclusion", {**HIV_NEGATIVE, "hiv": "positive"}) == "not_met"


def test_a_state_named_beside_its_own_denial_asks_neither():
    # Chia NCT03337503 inc-2 "... with chronic non-cancer and cancer pain" and NCT02713087 inc-1
    # "... supratentorial malignant and non-malignant brain tumors": a patient without cancer
    # failed them ("malignancy: yes required")
    for text in ("Adult patients (older than 18 years of age), male and female, with chronic non-cancer and cancer "
                 "pain (at least 3 months in duration)",
                 "Patients scheduled for supine-positioned elective craniotomy for supratentorial malignant and "
                 "non-malignant brain tumors 3 cm or larger"):
        assert one(text, "inclusion", HIV_NEGATIVE) != "not_met", text


def test_a_therapy_the_patient_will_refuse_is_not_one_received():
    # Chia NCT01742117 inc-26 "... or will refuse blood transfusions" read "received a transfusion"
    text = "Patient has a history of bleeding diathesis or coagulopathy or will refuse blood transfusions"
    panel = {"values": {"age": 40, "sex": "male"}, "therapies": [], "therapy_history": "complete"}
    tree = parse_criteria("", text)
    status = match_trial("T", "t", tree, parse_panel({"as_of": "2026-11-30", **panel})).statuses["exc-1"].status
    assert status != "not_met"
    assert not any(c.variable == "transfusion" for n in tree.walk() for c in n.checks)


def test_a_state_named_again_after_its_denial_is_how_it_is_found():
    # Chia NCT02584140 inc-4 "HIV negative by 4th generation test (Ag/Ab test) or combination of
    # enzymeimmunoassay (EIA) and HIV RNA" read "HIV negative, or HIV positive": an HIV-positive
    # patient met it
    text = ("HIV negative by 4th generation test (Ag/Ab test) or combination of enzymeimmunoassay (EIA) and "
            "HIV RNA")
    assert one(text, "inclusion", {**HIV_NEGATIVE, "hiv": "positive"}) == "not_met"
    assert one(text, "inclusion", HIV_NEGATIVE) != "not_met"


def test_a_text_cut_short_with_an_ellipsis_is_not_read_to_its_end():
    # NCT06171568's whole eligibility text is "Patient over 18 years...": once its age was
    # read, a 50-year-old man with nothing else on his panel came out eligible, though the record
    # stops mid-list; what the ellipsis leaves out is for a person
    tree = ctgov_tree("NCT06171568")
    verdict, statuses = results(tree, {"age": 50, "sex": "male"})
    assert verdict != "eligible" and statuses["inc-1"] == "manual"
    assert results(tree, {"age": 17, "sex": "male"})[0] == "ineligible"


# --- whom an exclusion does not exclude, and what a trial tests -----------------------------------

ON_STEROIDS = {"values": {"age": 45, "sex": "female", "hiv": "negative", "anc": 3.0}, "therapy_history": "complete",
               "therapies": [{"drug": "prednisone", "current": True}, {"drug": "rituximab", "last_dose": "2024-10-01"}]}


def exclusion_status(text: str, panel: dict[str, object]) -> str:
    tree = parse_criteria("", text)
    return match_trial("T", "t", tree, parse_panel({"as_of": "2026-11-30", **panel})).statuses["exc-1"].status


def test_a_sentence_saying_who_is_not_excluded_never_excludes():
    # Chia NCT02462590 exc-2 "... However, patients receiving corticosteroids previously or
    # presently or projected to receive corticosteroids are not excluded;": a patient on
    # prednisone was excluded by the very sentence that lets her in
    text = ("Patients at potential increased risk of iatrogenic probiotic infection (see Section 2.6 for detailed "
            "explanation) including specific immunocompromised populations (HIV <200 CD4 cells/µL, those receiving "
            "chronic immunosuppressive medications (e.g., azathioprine, cyclosporine, cyclophosphamide, tacrolimus, "
            "methotrexate, mycofenolate, Anti-IL2), previous transplantation (including stem cell) at any time, "
            "malignancy requiring chemotherapy in the last 3 months, neutropenia [absolute neutrophil count < 500]). "
            "However, patients receiving corticosteroids previously or presently or projected to receive "
            "corticosteroids are not excluded;")
    assert exclusion_status(text, ON_STEROIDS) != "met"


def test_drugs_a_trial_tests_are_not_drugs_received():
    # Chia NCT02339974 exc-17 "Currently participating in ... any other clinical trial, including
    # drugs or biologics": rituximab two years ago ("biologics received") excluded the patient
    text = ("Currently participating in another investigational cardiac device study or any other clinical trial, "
            "including drugs or biologics.")
    assert exclusion_status(text, ON_STEROIDS) != "met"
    # Chia NCT02584140 exc-4 "Previous participation in an HIV vaccine trial": an HIV vaccine is
    # no HIV infection (an HIV-negative volunteer of such a trial was cleared of it)
    assert exclusion_status("Previous participation in an HIV vaccine trial.", ON_STEROIDS) != "not_met"
