"""A careful screener's audit of more records (session 8, issue 11), read as a clinician would,
with a typical adult, a man, a woman who cannot bear children and a panel with only some labs:
NCT05380882, NCT05380245, NCT05481619, NCT05389930, NCT00739739, NCT05380479, NCT00055614,
NCT03418623, NCT05381025, NCT05381532, NCT05481294, NCT00763412, NCT05381090, NCT03630471 (and,
from the panels' runs over every record, NCT05382364 and NCT00739882). Each test is one general
rule the audit found broken, on the record's own words, asserting what a reader of that text
would conclude; the records not named in a test read as a clinician would.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from trialview.model.criteria import CriteriaTree, CriterionNode, parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def node(tree: CriteriaTree, start: str) -> CriterionNode:
    (found,) = [n for n in tree.walk() if n.text.startswith(start)]
    return found


def results(tree: CriteriaTree, panel: dict[str, object]) -> tuple[str, dict[str, str]]:
    result = match_trial("T", "t", tree, parse_panel({"as_of": "2026-11-30", **panel}))
    return result.verdict, {k: r.status for k, r in result.statuses.items()}


def one(text: str, section: str, panel: dict[str, object]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    return results(tree, panel)[1][tree.sections[0].children[0].id]


NAIVE = {"values": {"age": 40, "sex": "male"}, "therapies": [{"drug": "azathioprine", "current": True}],
         "therapy_history": "complete"}


def test_never_having_had_a_therapy_is_read_as_a_denial():
    # NCT05481619 inc-4 "Never undergone biologic therapy or at least suspended previous biologic
    # therapy for more than 12 weeks;": a biologic-naive patient with ulcerative colitis was ✗
    # ineligible ("no biologics received"): "undergone" was no word of use, and "suspended
    # previous biologic therapy" was read as "received biologics"
    tree = ctgov_tree("NCT05481619")
    criterion = node(tree, "Never undergone biologic therapy")
    verdict, statuses = results(tree, NAIVE)
    assert statuses[criterion.id] == "met" and verdict != "ineligible"
    # a biologic stopped four weeks ago: whether that is "suspended for more than 12 weeks" as
    # the trial means it is for a person, never a ✗ or a ✓ on its own
    recent = {**NAIVE, "therapies": [{"drug": "infliximab", "last_dose": "2026-11-01"}]}
    assert results(tree, recent)[1][criterion.id] == "manual"
    # the history not complete: a biologic not listed is not known to be absent
    assert results(tree, {**NAIVE, "therapy_history": "partial"})[1][criterion.id] != "met"


def test_a_stopped_therapy_is_not_a_therapy_received():
    # "discontinued methotrexate at least 4 weeks before" speaks of stopping it: not "received
    # methotrexate", which a patient who never took it would fail
    assert one("Must have discontinued methotrexate at least 4 weeks before screening", "inclusion",
               NAIVE) != "not_met"


def test_no_current_cancer_is_not_no_history_of_cancer():
    # NCT00055614 inc-1.2 "Complete clinical response ... defined by all of the following: No
    # evidence of cancer by history or physical examination; ... No evidence of residual cancer
    # on CT scan ...": the trial is for women with ovarian cancer, so each has a history of
    # malignancy; "residual cancer" read as "malignancy: yes required" (and "no evidence of
    # cancer" as "no history of malignancy") made her ✗ on the very thing she is there for
    tree = ctgov_tree("NCT00055614")
    patient = {"values": {"age": 58, "sex": "female", "malignancy_history": True}, "therapies": []}
    statuses = results(tree, patient)[1]
    for start in ("No evidence of cancer by history", "No evidence of residual cancer on CT scan"):
        assert statuses[node(tree, start).id] not in ("met", "not_met")
    # nor is a woman with no history of malignancy at all ✗ on "no evidence of residual cancer"
    # (it read "malignancy: no (yes required)")
    clear = results(tree, {"values": {"age": 58, "sex": "female", "malignancy_history": False}, "therapies": []})[1]
    assert clear[node(tree, "No evidence of residual cancer on CT scan").id] != "not_met"
    # a history of malignancy denied outright is still read
    assert one("No history of malignancy", "inclusion", patient) == "not_met"


def test_a_requirement_for_an_age_group_does_not_apply_to_another():
    # NCT03630471 inc-1.5 / inc-1.6 "For adolescents under 18 years of age, able to provide
    # informed assent ..." and "For adolescents over 18 years of age, able to provide informed
    # consent": each adolescent failed the one not meant for their age (age < 18 read as a
    # requirement), so every adolescent had a ✗
    tree = ctgov_tree("NCT03630471")
    under, over = node(tree, "For adolescents under 18"), node(tree, "For adolescents over 18")
    sixteen = results(tree, {"values": {"age": 16, "sex": "female"}, "therapies": []})[1]
    nineteen = results(tree, {"values": {"age": 19, "sex": "female"}, "therapies": []})[1]
    assert sixteen[over.id] == "met" and sixteen[under.id] == "manual"
    assert nineteen[under.id] == "met" and nineteen[over.id] == "manual"


def test_an_alternative_before_a_comma_or_is_not_a_qualifier_of_the_check_after_it():
    # NCT00739739 exc-2 "History of current or recurrent urinary tract infections, or
    # genitourinary cancer": "no malignancy" cleared it ("does not apply"), as if the
    # infections were part of the cancer; recurrent infections exclude on their own
    tree = ctgov_tree("NCT00739739")
    criterion = node(tree, "History of current or recurrent urinary tract infections")
    no_cancer = {"values": {"age": 45, "sex": "male", "malignancy_history": False}, "therapies": []}
    assert results(tree, no_cancer)[1][criterion.id] == "manual"
    # a genitourinary cancer is only part of "malignancy": not excluded on any malignancy
    cancer = {"values": {"age": 45, "sex": "male", "malignancy_history": True}, "therapies": []}
    assert results(tree, cancer)[1][criterion.id] != "met"


def test_alternatives_whose_list_lost_its_indents_are_not_each_required():
    # NCT05382364 ends its inclusions "For females, is not pregnant or breastfeeding AND one of the
    # following applies:", "Is not a woman of childbearing potential (WOCBP)", "Is a WOCBP and
    # uses highly effective contraception and is not pregnant", side by side: a woman who may
    # bear children and uses contraception was ✗ on "Is not a WOCBP"
    tree = ctgov_tree("NCT05382364")
    woman = {"values": {"age": 40, "sex": "female", "childbearing_potential": True, "pregnant": False,
                        "lactating": False, "hbsag": "negative"}, "therapies": []}
    statuses = results(tree, woman)[1]
    for start in ("Is not a woman of childbearing potential", "Is a WOCBP and uses"):
        assert statuses[node(tree, start).id] == "manual"
    # a list whose alternatives are nested under their lead-in is read as before
    nested = ctgov_tree("NCT05382559")
    group = node(nested, "Not a woman of childbearing potential")
    past = {"values": {"age": 62, "sex": "female", "childbearing_potential": False, "pregnant": False},
            "therapies": []}
    assert results(nested, past)[1][group.id] == "met"


def test_a_therapy_named_as_one_the_patient_cannot_take_is_not_one_received():
    # NCT00739882 inc-1 "... plaque psoriasis ..., who have failed to respond to, or who have a
    # contraindication to, or are intolerant to other systemic therapies including cyclosporin,
    # methotrexate and PUVA": a patient whose cyclosporin failed, who never had methotrexate, was
    # ✗ ineligible ("methotrexate: not received")
    tree = ctgov_tree("NCT00739882")
    patient = {"values": {"age": 40, "sex": "male"}, "therapies": [{"drug": "cyclosporine", "last_dose": "2026-01-01"}],
               "therapy_history": "complete"}
    verdict, statuses = results(tree, patient)
    assert statuses["inc-1"] != "not_met" and verdict != "ineligible"
    # Chia NCT02152696: "Presence of clinical contraindications for treatment with MTX" does not
    # exclude a patient for having had methotrexate
    had = {"values": {"age": 40, "sex": "male"}, "therapies": [{"drug": "methotrexate", "last_dose": "2026-01-01"}],
           "therapy_history": "complete"}
    assert one("Presence of clinical contraindications for treatment with MTX", "exclusion", had) != "met"


def test_a_criterion_with_notes_under_it_keeps_its_own_unread_clauses():
    # NCT05482516 exc-37 "Pregnancy or breastfeeding, or intention of becoming pregnant during
    # study treatment or within 5 months after the final dose of atezolizumab ..." has a note
    # under it ("Women of childbearing potential must have a negative serum or urine pregnancy
    # test ..."); its "intention of becoming pregnant" was dropped (read as the heading of its
    # items), so a woman who may bear children, neither pregnant nor breastfeeding, was cleared
    tree = ctgov_tree("NCT05482516")
    criterion = node(tree, "Pregnancy or breastfeeding, or intention of becoming pregnant")
    assert any("intention of becoming" in u for u in criterion.unread)
    woman = {"values": {"age": 35, "sex": "female", "childbearing_potential": True, "pregnant": False,
                        "lactating": False}, "therapies": []}
    assert results(tree, woman)[1][criterion.id] != "not_met"
    # pregnant, she is excluded all the same
    pregnant = {"values": {**woman["values"], "pregnant": True}, "therapies": []}
    assert results(tree, pregnant)[1][criterion.id] == "met"
