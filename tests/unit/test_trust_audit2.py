"""A careful screener's audit, second round (session 6, issue 11): each test is one general rule,
on the words of a real criterion (the record named beside it, from tests/data), and says what a
clinician reading that text would allow the tool to decide.
"""

from __future__ import annotations

from tests.corpora import XML_DIR, ctgov_tree
from trialview.model.criteria import CriteriaTree, CriterionNode, parse_criteria, parse_section, parse_trial
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials


def crit(text: str, section: str = "inclusion") -> CriterionNode:
    return parse_section(text, section).children[0]  # type: ignore[arg-type]


def checks(node: CriterionNode) -> list[str]:
    return [c.describe() for n in node.walk() for c in n.checks]


def match(tree: CriteriaTree, values: dict[str, object], therapies: list[dict[str, object]] | None = None) -> \
        dict[str, str]:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": therapies or []})
    return {k: r.status for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def status(text: str, section: str, values: dict[str, object],
           therapies: list[dict[str, object]] | None = None) -> str:
    """The machine's status of one criterion for a patient."""
    inc, exc = (text, "") if section == "inclusion" else ("", text)
    tree = parse_criteria(inc, exc)
    return match(tree, values, therapies)[tree.sections[0].children[0].id]


# --- a list nested in the record stays nested ---------------------------------------------------

def test_a_sub_list_indented_in_a_legacy_record_stays_under_its_lead_in():
    # NCT05480072: "For women of childbearing potential: agreeable to use one of the following:"
    # with its four methods indented under it; flattened, each method was a requirement of its
    # own, for every patient (a man was asked whether he uses an intrauterine device)
    tree = ctgov_tree("NCT05480072")
    (lead,) = [n for n in tree.sections[0].children if n.text.startswith("For women of childbearing potential")]
    assert [c.text.split(" ")[0] for c in lead.children] == ["hormonal", "barrier", "intrauterine", "abstinence"]
    assert lead.logic == "any"
    statuses = match(tree, {"sex": "male"})
    assert statuses[lead.id] == "met"
    assert not any("intrauterine" in n.text for n in tree.sections[0].children)


def test_the_first_item_of_an_indented_list_is_no_lead_in_of_the_rest():
    # NCT05482516's exclusions: the section's text starts at "1. There is suspicion ...", its
    # indent stripped with the heading; items 2 to 53 are its siblings, not its sub-items
    tree = ctgov_tree("NCT05482516")
    first = tree.sections[1].children[0]
    assert first.text.startswith("There is suspicion") and not first.children
    assert len(tree.sections[1].children) > 40



def test_a_section_of_one_bulleted_item_is_that_item_wrapped_not_a_lead_in_of_its_rest():
    # NCT05381896 (one inclusion, wrapped on two lines) and NCT00739843: the wrapped rest is
    # no sub-item, and the bullet is no part of the text
    (inclusion,) = [n for n in ctgov_tree("NCT05381896").sections[0].children if n.id != "inc-registry"]
    assert inclusion.text == ("Having adolescent idiopathic scoliosis with a Cobb angle of 20-50° diagnosed by an "
                              "orthopedic surgeon") and not inclusion.children
    # an exclusion's list of conditions after "the following medical conditions:" is not
    # joined by "all" because the heading says "all the above" elsewhere (NCT05381623: "Patients
    # fitting to all the above inclusion criteria will be excluded ... if ...:")
    tree = ctgov_tree("NCT05381623")
    assert tree.sections[1].children[0].logic == "any"

# --- conditions ---------------------------------------------------------------------------------

ANTICOAGULATION = "For patients not receiving therapeutic anticoagulation: INR or aPTT ≤ 1.5 x ULN."  # NCT05482516


def test_a_sentence_for_some_patients_holds_for_those_patients_only():
    # the limit is for patients off anticoagulation: a patient on warfarin with INR 2.5 may be
    # one it does not concern (the record's next item gives them a limit of their own)
    node = crit(ANTICOAGULATION)
    assert node.condition is not None and node.condition.text == "patients not receiving therapeutic anticoagulation"
    high = {"inr": 2.5, "aptt": {"value": 1.8, "unit": "xULN"}}
    assert status(ANTICOAGULATION, "inclusion", high) != "not_met"
    # within the limits, it is met whoever the patient is
    assert status(ANTICOAGULATION, "inclusion", {"inr": 1.0, "aptt": {"value": 1.0, "unit": "xULN"}}) == "met"
    # after a label too: "Note: for HCC patients INR or aPTT should be ≤ 2 x ULN" is no limit for all
    note = crit("Note: for HCC patients INR or aPTT should be ≤ 2 x ULN.")
    assert note.condition is not None and note.condition.text == "HCC patients"
    # "for all patients" names no group
    assert crit("For all patients: INR ≤ 1.5").condition is None


# --- an exception holds open only the value it belongs to ----------------------------------------

LIVER = ("Liver function: ALT and AST ≤2.5×ULN, total bilirubin <2.0mg/dL (Gilbert syndrome subjects total "
         "bilirubin <3.0mg/dL).")        # the bundled seed 000 (sample_trials), inc-7


def result(text: str, section: str, values: dict[str, object]) -> tuple[str, str]:
    inc, exc = (text, "") if section == "inclusion" else ("", text)
    tree = parse_criteria(inc, exc)
    panel = parse_panel({"as_of": "2026-11-30", "values": values})
    got = match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id]
    return got.status, got.reason


def test_an_exception_of_one_value_holds_that_value_open_and_no_other():
    normal = {"value": 1, "unit": "xULN"}
    # bilirubin 2.5 mg/dL may be a Gilbert syndrome patient's (< 3.0 allowed): for a person
    status_, reason = result(LIVER, "inclusion", {"total_bilirubin": 2.5, "alt": normal, "ast": normal})
    assert status_ != "not_met" and "Gilbert" in reason
    # a high ALT is no Gilbert syndrome: against the patient, and the reason does not offer the exception
    status_, reason = result(LIVER, "inclusion", {"total_bilirubin": 1.0, "alt": {"value": 3, "unit": "xULN"},
                                                  "ast": normal})
    assert status_ == "not_met" and "Gilbert" not in reason
    assert result(LIVER, "inclusion", {"total_bilirubin": 1.0, "alt": normal, "ast": normal})[0] == "met"
    # in an exclusion alike: a skin cancer is the malignancy's exception, not HIV's
    text = "History of malignancy or HIV infection, except adequately treated skin cancer"
    assert result(text, "exclusion", {"malignancy_history": True, "hiv": "negative"})[0] != "met"
    status_, reason = result(text, "exclusion", {"malignancy_history": False, "hiv": "positive"})
    assert status_ == "met" and "skin cancer" not in reason


# --- filler -----------------------------------------------------------------------------------

def test_that_the_excluded_cannot_participate_is_no_clause_of_its_own():
    # NCT05481502: "women cannot participate in this study" is what the exclusion says already
    text = "Pregnant or nursing women cannot participate in this study"
    assert crit(text, "exclusion").unread == [] and not any(n.manual for n in crit(text, "exclusion").walk())
    assert status(text, "exclusion", {"sex": "female", "pregnant": False, "lactating": False}) == "not_met"
    assert status(text, "exclusion", {"sex": "male"}) == "not_met"
    assert status(text, "exclusion", {"sex": "female", "pregnant": True}) == "met"
    # a clause with a meaning of its own after it is still unread
    assert crit("Children with tuberculosis (TB) will not be enrolled while on the intensive phase of "
                "anti-tuberculosis treatment", "exclusion").unread


# --- grouping -----------------------------------------------------------------------------------

def test_a_man_or_a_woman_neither_pregnant_nor_lactating():
    # NCT00739778: "Male" is one way to meet it, "non-pregnant, non-lactating female" the other
    text = "Male or non-pregnant, non-lactating females ages 18 to 75 inclusive."
    assert status(text, "inclusion", {"sex": "male", "age": 40}) == "met"
    assert status(text, "inclusion", {"sex": "female", "age": 40, "pregnant": True}) == "not_met"
    assert status(text, "inclusion", {"sex": "female", "age": 40, "lactating": True}) == "not_met"
    assert status(text, "inclusion", {"sex": "female", "age": 40, "pregnant": False, "lactating": False}) == "met"
    assert status(text, "inclusion", {"sex": "female", "age": 40}) == "unknown"
    # "male or female" is no requirement
    assert checks(crit("Male or female, age 18 or older")) == ["age >= 18 years"]


# --- examples ---------------------------------------------------------------------------------

ILLNESS = ("Has uncontrolled illness including but not limited to ongoing symptomatic congestive heart failure "
           "(New York Heart Association [NYHA] Class III or IV heart failure), unstable angina pectoris, cardiac "
           "arrhythmia, and psychiatric illness that would limit compliance with study requirements")   # NCT05382364


def test_an_example_the_panel_records_on_its_own_is_not_read_by_the_heads_check():
    # the wording: "no active infection" does not say the patient is free of tuberculosis
    text = "Serious infections such as tuberculosis"
    assert "tuberculosis" in crit(text, "exclusion").unread
    assert status(text, "exclusion", {"active_infection": False, "tuberculosis": "positive"}) != "not_met"
    assert status(text, "exclusion", {"active_infection": True}) == "met"
    # an example the head's check takes in is read with it
    assert status("Uncontrolled infection such as pneumonia", "exclusion", {"active_infection": False}) == "not_met"
    # NCT05382364: the psychiatric illness is one of the examples, not read by the NYHA class
    assert "psychiatric illness" in " ".join(crit(ILLNESS, "exclusion").unread)


def test_examples_read_do_not_read_their_head():
    # an example met is the head met (NYHA class III heart failure is an uncontrolled illness:
    # the patient is excluded); none met says nothing of the rest of the head
    assert status(ILLNESS, "exclusion", {"nyha_class": 3}) == "met"
    assert status(ILLNESS, "exclusion", {"nyha_class": 1, "psychiatric_disorder": False}) != "not_met"
    # a head of filler words is no less open ("Other conditions" are more than a high ALT)
    text = "Other conditions, such as ALT > 3 x ULN"
    assert status(text, "exclusion", {"alt": {"value": 1, "unit": "xULN"}}) != "not_met"
    assert status(text, "exclusion", {"alt": {"value": 4, "unit": "xULN"}}) == "met"
    # in an inclusion an example failed fails it, and met does not meet it
    text = "Adequate function, such as ANC >= 1500/uL"
    assert status(text, "inclusion", {"anc": 1.0}) == "not_met"
    assert status(text, "inclusion", {"anc": 2.0}) != "met"


def test_each_item_of_an_exclusions_list_is_one_more_way_to_be_excluded():
    # NCT00739908 exc-15 "Presence of any medical history which includes:" (hypersensitivity,
    # diabetes, malignancy, pheochromocytoma): a man with no malignancy is not thereby free of
    # the others (read as all of them, "does not apply" to the malignancy item decided it)
    tree = ctgov_tree("NCT00739908")
    (node,) = [n for n in tree.sections[1].children if n.text.startswith("Presence of any medical history")]
    assert len(node.children) == 4
    assert match(tree, {"sex": "male", "age": 45, "malignancy_history": False})[node.id] != "not_met"
    # NCT00055575: the exclusions of the patient cohort ("Patients MDD & BD:") include a current
    # pregnancy; a pregnant woman is not in favour of them
    tree = parse_trial(parse_trials((XML_DIR / "NCT00055575.xml").read_text(encoding="utf-8"))[0])
    cohort = tree.sections[1].children[0]
    assert cohort.text == "Patients MDD & BD:"
    assert match(tree, {"sex": "female", "age": 32, "pregnant": True, "lactating": False})[cohort.id] != "not_met"


# --- serology (found by the audit) --------------------------------------------------------------

SEROLOGY = ("Seropositivity for hepatitis B antigen, hepatitis C antibody, or human immunodeficiency virus (HIV). "
            "Subjects will undergo testing during screening, and any subjects who are seropositive for hepatitis B "
            "antigen, hepatitis C antibody, or HIV will be excluded.")        # NCT00739882 exc-6
HIV_HBV_HCV = "Has active human immunodeficiency virus (HIV), hepatitis B virus, or HCV infection"   # NCT05382364


def test_hepatitis_b_antigen_is_the_surface_antigen():
    # an HBsAg-positive patient was in favour of it ("HCV antibody: negative or HIV: negative")
    assert status(SEROLOGY, "exclusion", {"hbsag": "positive", "hcv_ab": "negative", "hiv": "negative"}) == "met"
    assert status(SEROLOGY, "exclusion", {"hbsag": "negative", "hcv_ab": "negative", "hiv": "negative"}) == "not_met"


def test_a_pathogen_named_is_not_read_by_another_pathogens_check():
    # read as HIV alone (the serology words "hepatitis", "virus" covered the rest): an
    # HIV-negative patient with hepatitis B was in favour
    node = crit(HIV_HBV_HCV, "exclusion")
    assert "hepatitis B virus" in " ".join(n.text for n in node.walk()) + " ".join(node.unread)
    assert status(HIV_HBV_HCV, "exclusion", {"hiv": "negative"}) != "not_met"
    # "active" still qualifies the HIV it stands before: a positive test alone is for a person
    assert status(HIV_HBV_HCV, "exclusion", {"hiv": "positive"}) != "met"
    # a pathogen read is read: HCV antibody and RNA confirm each other (one pathogen)
    assert crit("Hepatitis C antibody and detectable HCV RNA", "exclusion").unread == []


def test_what_a_finding_may_mean_is_not_the_patients_diagnosis():
    # NCT05389774 exc-3: a patient who never had cancer may still have six nodules
    text = ("Have more than five reported pulmonary nodules of any size or type excluding fully calcified nodules "
            "(marker of infection or metastatic lung cancer)")
    assert "malignancy_history" not in " ".join(checks(crit(text, "exclusion")))
    assert status(text, "exclusion", {"malignancy_history": False}) != "not_met"
    # named as the patient's, it is read
    assert checks(crit("Active infection or malignancy", "exclusion")) == ["active_infection == True",
                                                                          "malignancy_history == True"]


def test_male_or_female_is_no_alternative_to_what_the_criterion_requires():
    # NCT05381623 inc-1: met by the age alone, as if "male or female patient ... presenting any
    # mucogingival condition requiring ... a graft" were offered instead of it
    text = ("Any adult (≥ 18 year old), male or female patient from the University Complutense of Madrid, being able "
            "to sign an informed consent form, presenting any mucogingival condition requiring the placement of a free "
            "gingival graft or a connective tissue graft obtained through the extra oral de-epithelialization of a free "
            "gingival graft.")
    assert status(text, "inclusion", {"age": 45, "sex": "male"}) != "met"
    assert status(text, "inclusion", {"age": 15}) == "not_met"
    # "or" between alternatives of one sex still offers one
    assert crit("Pregnant women or women with potential childbearing", "exclusion").logic == "any"


def test_an_acceptable_method_of_birth_control_is_a_requirement_not_a_permission():
    # NCT04207047 inc-7: a woman of childbearing potential, not pregnant nor lactating, was in
    # favour though nothing says she will use birth control ("acceptable" read as a permission)
    text = ("Subjects of childbearing potential must have a negative urine pregnancy test result and must not be "
            "lactating at the Screening Visit and be willing and able to use an acceptable method of birth control "
            "(e.g. barrier methods used with a spermicidal agent, hormonal methods, IUD, surgical sterilization, "
            "abstinence) during the study.")
    woman = {"sex": "female", "childbearing_potential": True, "pregnant": False, "lactating": False}
    assert status(text, "inclusion", woman) != "met"
    assert status(text, "inclusion", {**woman, "pregnant": True}) == "not_met"
    # NCT00739882 inc-4: what contraception prevents is no pregnancy of the patient's
    text = ("For women of childbearing potential, use of an acceptable method of contraception to prevent pregnancy "
            "and agreement to continue to practice an acceptable method of contraception for the duration of their "
            "participation in the study.")
    assert "pregnant" not in " ".join(checks(crit(text)))
    assert status(text, "inclusion", woman) != "not_met"


def test_an_active_skin_condition_is_not_an_active_infection():
    # NCT04207047 exc-8: "no active infection" says nothing of psoriasis or eczema in the area
    text = ("Presence of an active skin condition or infection in the exposure area such as sores, Psoriasis, eczema, "
            "rash, severe active inflammatory acne or oral herpes simplex breakout.")
    assert status(text, "exclusion", {"active_infection": False}) != "not_met"
    assert checks(crit("Active bacterial, viral or fungal infection", "exclusion")) == ["active_infection == True"]


# --- NCT05382559, whose lists and lines the kept indents joined again ----------------------------

def test_a_requirement_before_at_least_one_of_the_following_is_no_alternative_to_its_items():
    # "Female participant is not pregnant, ..., and at least 1 of the following conditions apply:
    # - Not a WOCBP - WOCBP who agrees to follow the contraceptive guidance ...": a pregnant
    # woman fails it whichever item she meets (read as one of the three, she was '?')
    tree = ctgov_tree("NCT05382559")
    (node,) = [n for n in tree.sections[0].children if n.text.startswith("Female participant is not pregnant")]
    pregnant = {"sex": "female", "age": 32, "pregnant": True, "childbearing_potential": True}
    assert match(tree, pregnant)[node.id] == "not_met"
    assert match(tree, {**pregnant, "pregnant": False})[node.id] != "not_met"


def test_no_testing_required_unless_mandated_is_no_condition_on_the_patient():
    # "Participant has a known history of HIV infection. No HIV testing is required unless
    # mandated by a local health authority." read "No HIV" as HIV negative, under the condition
    # "mandated by a local health authority": an HIV-positive patient was '?'
    text = ("Participant has a known history of human immunodeficiency virus [HIV] infection. No HIV testing is "
            "required unless mandated by a local health authority.")
    assert checks(crit(text, "exclusion")) == ["hiv == positive"]
    assert status(text, "exclusion", {"hiv": "positive"}) == "met"
    assert status(text, "exclusion", {"hiv": "negative"}) != "met"


def test_a_partners_pregnancy_is_not_the_patients():
    # NCT05482516 inc-17 ("For men: ... o With a pregnant female partner, men must remain
    # abstinent ..."): read as the patient pregnant and not pregnant at once, it failed everyone
    tree = ctgov_tree("NCT05482516")
    (node,) = [n for n in tree.sections[0].children if n.text.startswith("For men: agreement")]
    assert match(tree, {"sex": "male", "age": 40})[node.id] != "not_met"
    assert match(tree, {"sex": "female", "age": 40, "pregnant": False, "lactating": False})[node.id] != "not_met"
    # NCT05382559 inc-14: "Male participant with pregnant partner(s) must agree to remain abstinent
    # or use a condom for the duration of the pregnancy ...": no man was ever pregnant
    text = ("Male participant with pregnant partner(s) must agree to remain abstinent or use a condom for the duration "
            "of the pregnancy throughout the study period and for 3 months after study intervention administration.")
    assert status(text, "inclusion", {"sex": "male"}) != "not_met"
    assert status(text, "inclusion", {"sex": "female"}) == "met"      # does not apply
    # the patient's own still reads
    assert checks(crit("Pregnant or breastfeeding women", "exclusion")) == ["pregnant == True", "lactating == True"]


def test_an_or_in_another_sentence_offers_no_alternative_to_a_check():
    # the bundled seed 000 inc-2: "A history of SLE for at least 6 months, ...; Standard
    # treatment refers to ... alone or in combination: ...": a 3-month history fails it
    text = ("A history of SLE for at least 6 months, having used a stable standard treatment regimen for at least 8 "
            "weeks, with the dosage stabilized for 2 weeks, yet the disease remains active or has relapsed; Standard "
            "treatment refers to the stable use of the following drugs alone or in combination: non-steroidal "
            "anti-inflammatory drugs (NSAIDs), antimalarials, corticosteroids")
    assert status(text, "inclusion", {"sle_duration_months": 3}) == "not_met"
