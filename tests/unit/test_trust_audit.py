"""A careful screener's audit on ClinicalTrials.gov wording (session 5, issue 11): each test is one
general rule, on the words of a real criterion (the trial named beside it, from the records in
tests/data/ctgov-xml), and says what a clinician reading that text would allow the tool to decide.
"""

from __future__ import annotations

from tests.corpora import JSON_DIR, XML_DIR
from trialview.model.criteria import CriterionNode, parse_criteria, parse_section, parse_trial
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials


def crit(text: str, section: str = "inclusion") -> CriterionNode:
    return parse_section(text, section).children[0]  # type: ignore[arg-type]


def checks(node: CriterionNode) -> list[str]:
    return [c.describe() for n in node.walk() for c in n.checks]


def status(text: str, section: str, values: dict[str, object], therapies: list[dict[str, object]] | None = None,
           history: str = "partial") -> str:
    """The machine's status of one criterion for a patient."""
    inc, exc = (text, "") if section == "inclusion" else ("", text)
    tree = parse_criteria(inc, exc)
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": therapies or [],
                         "therapy_history": history})
    result = match_trial("T", "t", tree, panel)
    return result.statuses[tree.sections[0].children[0].id].status


# --- an exception or a permission never decides against the patient ----------------------------

PRIOR_CANCER = ("Subjects with previous malignancies (separate from the malignancy for which patient is being "
                "enrolled) are excluded. Exceptions include another malignancy for which a complete remission was "
                "achieved at least 5 years prior to study entry and no additional therapy is required or "
                "anticipated to be required during the study period.")     # NCT05482516 exc-32


def test_an_exclusion_with_named_exceptions_is_not_met_by_the_history_alone():
    # every patient of this GI cancer trial has a malignancy history: only a person can tell
    # whether another one is "separate" and not in 5-year remission
    assert status(PRIOR_CANCER, "exclusion", {"malignancy_history": True}) != "met"
    # no cancer ever: none of it applies
    assert status(PRIOR_CANCER, "exclusion", {"malignancy_history": False}) == "not_met"


def test_a_permission_read_in_an_exclusion_does_not_exclude():
    # NCT05482516 exc-5, as the record wraps it: "Patients with eczema, psoriasis ... (e.g.,
    # patients with psoriatic arthritis are excluded) are eligible for the study provided ...
    # no ... oral corticosteroids within the previous 12 months": who is allowed in
    (trial,) = parse_trials((XML_DIR / "NCT05482516.xml").read_text(encoding="utf-8"))
    tree = parse_trial(trial)
    (node,) = [n for n in tree.sections[1].children if "psoriatic arthritis" in n.text]
    panel = parse_panel({"as_of": "2026-11-30", "values": {},
                         "therapies": [{"drug": "prednisone", "last_dose": "2026-10-21"}]})
    assert match_trial("T", "t", tree, panel).statuses[node.id].status != "met"


def test_an_inclusion_with_an_exception_is_not_failed_by_the_excepted_patients():
    # NCT05482516 inc-14 (the record's line ends where the exception goes on)
    text = "Negative HIV test at screening, with the following exception: patients with a positive"
    assert status(text, "inclusion", {"hiv": "positive"}) != "not_met"
    assert status(text, "inclusion", {"hiv": "negative"}) == "met"
    # inc-15, its continuation: who is allowed in is no requirement of every patient
    more = ("HIV test at screening are eligible provided they are stable on anti-retroviral therapy, have a CD4 "
            "count ≥ 200µL, and have an undetectable viral load.")
    assert status(more, "inclusion", {"hiv": "negative"}) != "not_met"


# --- and/or -----------------------------------------------------------------------------------

def test_not_a_or_b_is_neither():
    # NCT05382364 inc-10: a breastfeeding woman is not "not pregnant or breastfeeding"
    text = "For females, is not pregnant or breastfeeding AND one of the following applies:"
    assert checks(crit(text)) == ["pregnant == False", "lactating == False"]
    assert status(text, "inclusion", {"sex": "female", "pregnant": False, "lactating": True}) == "not_met"
    assert status("Is not pregnant or breastfeeding", "inclusion", {"pregnant": False, "lactating": False}) == "met"


# --- what a word names -------------------------------------------------------------------------

def test_non_before_a_disease_name_is_another_disease_not_a_denial():
    # NCT05482568 inc-5: a lung cancer patient fits "non-small cell lung cancer"
    text = "Subjects with advanced or metastatic non-small cell lung cancer"
    assert "malignancy_history == False" not in checks(crit(text))
    assert status(text, "inclusion", {"malignancy_history": True}) != "not_met"
    # NCT05382559 inc-10: radiation "to non-central nervous system disease" says nothing of CNS disease
    assert "cns_disease" not in " ".join(checks(crit("A 1-week washout is permitted for palliative radiation "
                                                     "(<= 2 weeks of radiotherapy) to non-central nervous "
                                                     "system disease.")))
    # "non-" joined to the state itself still denies it
    assert checks(crit("Non-pregnant, non-lactating females")) == ["pregnant == False", "lactating == False"]


def test_a_therapy_for_a_disease_is_not_the_disease():
    # NCT05382364 exc-5: "biological cancer therapy ... within 4 weeks" is not "has cancer"
    text = ("Has had chemotherapy, immunotherapy, radioimmunotherapy, definitive radiation, or biological cancer "
            "therapy or treatment with an investigational product within 4 weeks")
    assert "malignancy_history" not in " ".join(checks(crit(text, "exclusion")))
    assert status(text, "exclusion", {"malignancy_history": True}) != "met"
    # NCT05482711 exc-7: a cancer treated ten years ago is not "active treatment in the past year"
    assert status("Active treatment for cancer in the past year", "exclusion", {"malignancy_history": True}) != "met"


def test_a_test_named_without_its_result_is_not_the_state():
    # NCT05382559 inc-13: "confirmed by pregnancy test" does not require a positive one
    text = ("Female participant is not pregnant, confirmed by pregnancy test and medical evaluation by interview, "
            "and at least 1 of the following conditions apply:")
    assert checks(crit(text)) == ["pregnant == False"]
    assert status(text, "inclusion", {"sex": "female", "pregnant": False}) != "not_met"
    # a result named still reads (NCT05482516 inc-17, NCT05380934 exc-14)
    assert checks(crit("Women with a positive pregnancy test", "exclusion")) == ["pregnant == True"]
    assert checks(crit("Negative HIV test at screening")) == ["hiv == negative"]


def test_an_infection_named_beside_tuberculosis_does_not_swallow_it():
    # NCT00055497 exc-4: tuberculosis is read, not hidden in "active ... infection"
    text = "Previous history of active tuberculosis or listeria infection"
    assert "tuberculosis == positive" in checks(crit(text, "exclusion"))
    assert status(text, "exclusion", {"tuberculosis": "positive", "active_infection": False}) != "not_met"


# --- numbers ------------------------------------------------------------------------------------

def test_a_dipstick_grade_is_not_a_quantity():
    # NCT05482516 inc-12.10: "< 2 +" on a dipstick is not "< 2 g in 24 hours"
    text = ("Urine dipstick for proteinuria < 2 + (if ≥ 2+ proteinuria on dipstick urinalysis, patient should "
            "undergo 24-hour urine collection and must demonstrate < 1 g protein in 24 hours).")
    assert "urine_protein_24h < 2 g/24h" not in checks(crit(text))
    assert status(text, "inclusion", {"urine_protein_24h": 2.5}) != "not_met"


# --- conditions -------------------------------------------------------------------------------

def test_a_trailing_if_without_a_comma_is_a_condition():
    # NCT00056407 inc-3: the PSA range for 50-60 year olds does not bind a 71-year-old
    text = "Have a PSA (prostate specific antigen) between 2.5 and 10 if 50-60 years of age; or a"
    assert status(text, "inclusion", {"age": 71}) != "not_met"
    # "even if" is no condition
    assert crit("Hemoglobin >= 9 g/dL even if transfused").condition is None


# --- lupus wording (modelled on the anifrolumab TULIP trials' registered criteria; written
# --- here, not copied from a stored record) ----------------------------------------------------

def test_an_inclusion_that_offers_alternatives_is_not_failed_by_the_one_read():
    text = ("Currently receiving at least 1 of the following: oral prednisone >= 7.5 mg/day but <= 40 mg/day, or "
            "azathioprine <= 200 mg/day, antimalarial, mycophenolate mofetil <= 2 g/day, or methotrexate 7.5 to 25 "
            "mg/week")
    on_mmf = [{"drug": "mycophenolate mofetil", "current": True}]
    # prednisone 5 mg/day with mycophenolate: the second alternative may hold
    assert status(text, "inclusion", {"prednisone_dose": 5}, on_mmf) != "not_met"
    # 50 mg/day is above the 40 mg/day the same alternative allows: not met by the part read
    assert status(text, "inclusion", {"prednisone_dose": 50}) != "met"
    # "AND one of the following applies" after the checks is one more requirement, not an offer
    assert status("For females, is not pregnant or breastfeeding AND one of the following applies:", "inclusion",
                  {"sex": "female", "pregnant": False, "lactating": True}) == "not_met"


def test_a_window_in_a_list_lead_in_holds_for_each_item():
    text = ("Receipt of any of the following within 364 days prior to signing the ICF: abatacept, belimumab, or any "
            "other biologic therapy")
    assert "belimumab within 364 days" in checks(crit(text, "exclusion"))
    # belimumab two years ago is not "within 364 days"
    long_ago = [{"drug": "belimumab", "last_dose": "2024-10-01"}]
    assert status(text, "exclusion", {}, long_ago) != "met"


def test_apart_from_names_an_exception():
    text = ("History of cancer, apart from squamous or basal cell carcinoma of the skin treated with documented "
            "success of curative therapy >= 3 months prior to randomization")
    assert status(text, "exclusion", {"malignancy_history": True}) != "met"
    assert status(text, "exclusion", {"malignancy_history": False}) == "not_met"


def test_receipt_of_a_therapy_before_signing_the_consent_is_read_whole():
    text = "Receipt of B-cell depleting therapy (e.g. rituximab) within 26 weeks prior to signing the ICF"
    assert crit(text, "exclusion").unread == []
    assert status(text, "exclusion", {}, [{"drug": "rituximab", "last_dose": "2026-10-01"}]) == "met"


def test_a_plain_heart_failure_is_not_ruled_out_by_no_severe_cardiac_disease():
    # NCT05482711 exc-5 (the FAR study): a patient with no *severe* cardiac disease may still have
    # heart failure; and one marked severe is not thereby on continuous oxygen for it
    text = "Continuous use of supplemental oxygen to manage a chronic pulmonary condition or heart failure"
    assert status(text, "exclusion", {"severe_cardiac_disease": True}) != "met"
    assert status("History of heart failure", "exclusion", {"severe_cardiac_disease": False}) != "not_met"
    # qualified, it is the variable (NCT05482568 exc-13)
    assert status("Have poorly controlled or severe cardiovascular disease", "exclusion",
                  {"severe_cardiac_disease": True}) == "met"
    assert checks(crit("NYHA class III or IV congestive heart failure", "exclusion")) == ["nyha_class >= 3 class"]


# --- oncology and paediatric lab wording (ClinicalTrials.gov style, written for the test) --------

def test_a_limit_offered_for_some_patients_relaxes_every_check_it_follows():
    text = "AST and ALT <= 2.5 x ULN, or <= 5 x ULN in the presence of liver metastases"
    # ALT 3 x ULN may be a patient with liver metastases: not failed on the first limit
    values = {"alt": {"value": 3, "unit": "xULN"}, "ast": {"value": 1, "unit": "xULN"}}
    assert status(text, "inclusion", values) != "not_met"
    both_low = {"alt": {"value": 1, "unit": "xULN"}, "ast": {"value": 1, "unit": "xULN"}}
    assert status(text, "inclusion", both_low) == "met"
    assert status("ALT > 3 x ULN, or > 5 x ULN for patients with liver metastases", "exclusion",
                  {"alt": {"value": 4, "unit": "xULN"}}) != "met"


def test_a_dose_in_brackets_qualifies_the_use_it_follows():
    text = "Use of systemic corticosteroids (> 10 mg/day prednisone or equivalent) within 14 days"
    on_low_dose = [{"drug": "prednisone", "current": True}]
    assert status(text, "exclusion", {"prednisone_dose": 5}, on_low_dose) != "met"
    # another drug after "or" stays an alternative
    assert checks(crit("prednisone > 20 mg/day or methylprednisolone pulse within 4 weeks", "exclusion")) == \
        ["prednisone_dose > 20 mg/day", "methylprednisolone within 28 days"]
    assert crit("prednisone > 20 mg/day or methylprednisolone pulse within 4 weeks", "exclusion").logic == "any"


def test_a_childs_age_and_weight_are_read_whole():
    text = "Children aged 6 to 17 years, inclusive, weighing at least 20 kg"
    node = crit(text)
    assert checks(node) == ["age >= 6 years", "age <= 17 years", "weight >= 20 kg"] and node.unread == []
    assert status(text, "inclusion", {"age": 8, "weight": 15}) == "not_met"
    assert status(text, "inclusion", {"age": 8, "weight": 25}) == "met"


def test_items_after_a_denied_lead_in_are_not_requirements():
    # NCT00739791 (the record lost the indent that put these under "No concurrent uncontrolled
    # illness including, but not limited to, any of the following:"): "Symptomatic congestive
    # heart failure" is something the patient must NOT have, never a requirement
    (trial,) = parse_trials((XML_DIR / "NCT00739791.xml").read_text(encoding="utf-8"))
    tree = parse_trial(trial)
    panel = parse_panel({"as_of": "2026-11-30", "values": {"sex": "male", "severe_cardiac_disease": False,
                                                            "active_infection": False}})
    result = match_trial("T", "t", tree, panel)
    items = {n.text: n.id for n in tree.sections[0].walk() if n.kind == "criterion"}
    for text in ("Symptomatic congestive heart failure", "Ongoing or active infection"):
        assert result.statuses[items[text]].status != "not_met", text
    assert not any(b.section == "inclusion" for b in result.blockers)


def test_a_value_expected_in_the_future_is_not_todays():
    # NCT00739934 inc-3: the neutropenia to come after chemotherapy, not today's ANC
    text = "Expected to develop neutropenia (ANC <500 cells/μL) lasting more than 10 days following chemotherapy."
    assert checks(crit(text)) == []
    assert status(text, "inclusion", {"anc": 2.0}) != "not_met"


def test_a_heading_naming_a_group_holds_its_items_for_that_group_only():
    # NCT03630471: "For adolescent participants:" (Grades 9-12, 13-20 years of age) and "For parent
    # participants:": a 45-year-old parent is not failed by the adolescents' age
    (trial,) = parse_trials((JSON_DIR / "NCT03630471.json").read_text(encoding="utf-8"))
    tree = parse_trial(trial)
    adolescents = next(n for n in tree.sections[0].children if n.text == "For adolescent participants:")
    assert adolescents.condition is not None and adolescents.condition.text == "adolescent participants"
    panel = parse_panel({"as_of": "2026-11-30", "values": {"age": 45}})
    result = match_trial("T", "t", tree, panel)
    assert result.statuses[adolescents.id].status != "not_met"
    # a heading for everyone is no group ("DISEASE CHARACTERISTICS:" names none either)
    node = parse_section("For all patients:\n  - Age >= 18 years", "inclusion").children[0]
    assert node.condition is None


def test_the_studys_own_weeks_are_no_look_back_window():
    # NCT02210780 exc-2: steroids needed during the 16-week treatment period are to come; a
    # prednisone course 40 days ago does not meet it
    text = ("Patients needing >10 mg of daily prednisone (including equivalent doses of other steroids) or high dose "
            "systemic corticosteroids (≥2 mg/kg) for 14 days or longer during the 16 week treatment period of the "
            "study")
    assert not any(c.op == "within" for c in (ch for n in crit(text, "exclusion").walk() for ch in n.checks))
    assert status(text, "exclusion", {}, [{"drug": "prednisone", "last_dose": "2026-10-21"}]) != "met"
    # a window counted back from the study's start still reads
    assert checks(crit("cyclophosphamide within 12 weeks of the study treatment", "exclusion")) == \
        ["cyclophosphamide within 84 days"]


def test_a_kind_of_heart_failure_is_read_as_its_class_not_as_severe_cardiac_disease():
    # NCT00055354 exc-5 and NCT02552212 exc-8: "severe cardiac disease: yes" does not say the
    # patient has class IV heart failure; the class does
    text = ("Certain medical conditions, including thyroid disease, class IV heart failure, active cancer treatment, "
            "and uncontrolled diabetes")
    assert "nyha_class == 4 class" in checks(crit(text, "exclusion"))
    assert status(text, "exclusion", {"severe_cardiac_disease": True, "nyha_class": 2}) != "met"
    assert status(text, "exclusion", {"nyha_class": 4}) == "met"
    assert checks(crit("Class III or IV congestive heart failure - New York Heart Association (NYHA)", "exclusion")) \
        == ["nyha_class >= 3 class"]


# --- a sentence about how screening is done is not a condition on the patient ----------------

HEPATITIS = ("Participant with active hepatitis B (including acute hepatitis B virus [HBV] or chronic HBV) or "
             "hepatitis C virus [HCV] (ribonucleic acid [RNA] detected by qualitative assay). HCV RNA testing is "
             "not required in participants with negative HCV antibody testing.")     # NCT05382559 exc-7


def test_who_is_tested_is_not_who_is_excluded() -> None:
    # "HCV RNA testing is not required in participants with negative HCV antibody testing" says
    # who need not be tested: a patient negative for both was excluded by it
    assert status(HEPATITIS, "exclusion", {"hcv_ab": "negative", "hcv_rna": "negative"}) != "met"
    node = crit(HEPATITIS, "exclusion")
    assert not any("negative" in c for c in checks(node))
    assert status("HIV testing is required unless mandated by a local health authority.", "exclusion",
                  {"hiv": "negative"}) != "met"
    # a test the patient must pass is still read
    assert checks(crit("A negative serum pregnancy test is required within 7 days before enrollment."))
