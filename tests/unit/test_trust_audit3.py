"""A careful screener's audit, third round (session 7, issue 11): each test is one general rule,
on the words of a real criterion (the record named beside it, from tests/data), and says what a
clinician reading that text would allow the tool to decide.
"""

from __future__ import annotations

from tests.corpora import SEEDS, XML_DIR, ctgov_tree
from trialview.model.criteria import CriteriaTree, parse_criteria, parse_trial
from trialview.model.matching.compact import compact_tree
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.parts import split_plan
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials


def match(tree: CriteriaTree, values: dict[str, object], therapies: list[dict[str, object]] | None = None) -> \
        dict[str, str]:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": therapies or []})
    return {k: r.status for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def verdict(tree: CriteriaTree, values: dict[str, object]) -> str:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": []})
    return match_trial("T", "t", tree, panel).verdict


def status(text: str, section: str, values: dict[str, object]) -> str:
    """The machine's status of one criterion for a patient."""
    inc, exc = (text, "") if section == "inclusion" else ("", text)
    tree = parse_criteria(inc, exc)
    return match(tree, values)[tree.sections[0].children[0].id]


# --- labs listed before one limit ---------------------------------------------------------------

COAGULATION = "Coagulation function: INR or APTT ≤1.5×ULN."                     # seed 000 inc-7.2
ANTICOAGULATION = "For patients not receiving therapeutic anticoagulation: INR or aPTT ≤ 1.5 x ULN"   # NCT05482516


def test_labs_listed_before_an_inclusion_limit_must_each_meet_it():
    # "INR or aPTT <= 1.5 x ULN" lists the tests that must be normal enough; a normal INR does
    # not make up for an aPTT of twice the upper limit (read as "either", it was met)
    normal_inr = {"inr": 1.0, "aptt": {"value": 2.0, "unit": "xULN"}}
    assert status(COAGULATION, "inclusion", normal_inr) == "not_met"
    assert status(COAGULATION, "inclusion", {"inr": 1.0}) != "met"
    assert status(COAGULATION, "inclusion", {"inr": 1.0, "aptt": {"value": 1.1, "unit": "xULN"}}) == "met"
    # under a condition no panel value decides, the high aPTT still keeps it from being met
    assert status(ANTICOAGULATION, "inclusion", normal_inr) != "met"
    # Chia's "AST and/or ALT": each
    text = "Serum aspartate transaminase (AST) and/or alanine transaminase (ALT) ≤2.5 × ULN"
    assert status(text, "inclusion", {"ast": {"value": 1, "unit": "xULN"}}) != "met"
    assert status(text, "inclusion", {"ast": {"value": 1, "unit": "xULN"}, "alt": {"value": 3, "unit": "xULN"}}) \
        == "not_met"
    seed = parse_trial(parse_trials((SEEDS / "000_cc9c7aa6d262c8f4.txt").read_text(encoding="utf-8"))[0])
    (node,) = [n for n in seed.walk() if n.text.startswith("Coagulation function: INR or APTT")]
    assert match(seed, {"inr": 1.0})[node.id] != "met"


def test_labs_listed_before_an_exclusion_limit_each_exclude():
    # "AST or ALT > 3 x ULN" as an exclusion: either one high excludes
    text = "AST or ALT > 3 x ULN"
    assert status(text, "exclusion", {"ast": {"value": 1, "unit": "xULN"}, "alt": {"value": 4, "unit": "xULN"}}) \
        == "met"
    assert status(text, "exclusion", {"ast": {"value": 1, "unit": "xULN"}}) != "not_met"
    # an inclusion asking for the abnormal value offers either; "either" says so; and two
    # measures of one thing are either
    assert status("ALT or AST > 2 x ULN", "inclusion", {"alt": {"value": 3, "unit": "xULN"}}) == "met"
    assert status("either AST or ALT <= 2.5 x ULN", "inclusion", {"alt": {"value": 1, "unit": "xULN"}}) == "met"
    assert status("eGFR or creatinine clearance >= 60 mL/min", "inclusion", {"egfr": 75}) == "met"


# --- cohorts: a patient is one kind of participant the trial takes ------------------------------

def test_an_exclusion_in_every_cohorts_list_excludes_whichever_cohort_the_patient_is_in():
    # NCT00055575 takes patients with MDD, patients with BD and healthy controls; its exclusions
    # come in two lists, "Patients MDD & BD:" and "Healthy Controls:", and both say "HIV positive
    # status". An HIV-positive man was "?" (which list is his was for a person to say), yet
    # either way he is excluded
    tree = ctgov_tree("NCT00055575")
    man = {"sex": "male", "age": 40, "hiv": "positive"}
    assert verdict(tree, man) == "ineligible"
    # and the list's matcher (the TUI's, from the store's compact plan) says the same
    compact = compact_tree(tree)
    panel = parse_panel({"as_of": "2026-11-30", "values": man, "therapies": []})
    listed = ListMatcher({"NCT00055575": ("t", split_plan(compact))}).update(panel)
    assert listed is not None and listed["NCT00055575"].verdict == "ineligible"
    assert any("HIV" in b.reason for b in listed["NCT00055575"].blockers)
    # what only one list says stays open: a weight over 275 pounds is in both, current
    # delusions only a person can judge; an HIV-negative man is not excluded by either list
    assert verdict(tree, {"sex": "male", "age": 40, "hiv": "negative", "weight": 80}) == "unknown"
    statuses = match(tree, {"sex": "male", "age": 40, "hiv": "negative", "weight": 80})
    assert statuses["exc-1"] != "met" and statuses["exc-2"] != "met"
    # a person who says which cohort the patient is in decides it as before
    decided = parse_panel({"as_of": "2026-11-30", "values": man, "therapies": [],
                           "screening": {"T": {"exc-2": {"status": "not_met", "text": "Healthy Controls:"}}}})
    result = match_trial("T", "t", tree, decided)
    assert result.statuses["exc-2"].status == "not_met"


def test_a_requirement_failed_in_every_cohort_fails_the_patient():
    # NCT00055575's three inclusion lists each ask "Age 18-55": a 60-year-old fails whichever
    # list is his (not only through the registry's own age limits)
    tree = ctgov_tree("NCT00055575")
    statuses = match(tree, {"sex": "male", "age": 60})
    assert statuses["inc-1"] == statuses["inc-2"] == statuses["inc-3"] == "not_met"
    # at 40 each list is open on what only a person can judge
    assert match(tree, {"sex": "male", "age": 40})["inc-1"] == "manual"


def test_groups_that_do_not_cover_every_cohort_decide_nothing_together():
    # NCT05381194's exclusions "For women of childbearing potential ..." and "Men who plan ..."
    # leave out women who cannot bear children: no cohort split, each stands alone
    (trial,) = parse_trials((XML_DIR / "NCT05381194.xml").read_text(encoding="utf-8"))
    from trialview.model.matching.conditional import cohort_sets
    assert cohort_sets(compact_tree(parse_trial(trial))) == {}


# --- an alternative that does not apply is not taken --------------------------------------------

def test_an_alternative_that_does_not_apply_to_the_patient_does_not_meet_an_any():
    # "at least 1 of: not a WOCBP; WOCBP who agrees to contraception": for a woman who cannot
    # bear children the second alternative is not hers, so it does not meet the list; the
    # first ("Not a WOCBP", read since session 8: test_trust_audit4) does. It read "met: does
    # not apply: WOCBP" (the alternative taken as an "if ... then")
    # (NCT05382559 inc-9: "Female participant is not pregnant, ... and at least 1 of the following
    # conditions apply: - Not a WOCBP - WOCBP who agrees to follow the contraceptive guidance ...")
    tree = ctgov_tree("NCT05382559")
    (group,) = [n for n in tree.walk() if n.kind == "any" and any(c.text.startswith("WOCBP who") for c in n.children)]
    statuses = match(tree, {"sex": "female", "age": 62, "pregnant": False, "childbearing_potential": False})
    (wocbp,) = [c for c in group.children if c.text.startswith("WOCBP")]
    (not_wocbp,) = [c for c in group.children if c.text.startswith("Not a woman")]
    assert statuses[wocbp.id] == "not_met"
    assert statuses[group.id] == "met" and statuses[not_wocbp.id] == "met"
    # the same words as a criterion of their own, among requirements, still do not apply to her
    own = parse_criteria("WOCBP who agrees to follow the contraceptive guidance", "")
    assert match(own, {"sex": "female", "childbearing_potential": False})[own.sections[0].children[0].id] == "met"
    # where she may bear children, the alternative is hers and its own part decides
    may = match(tree, {"sex": "female", "age": 30, "pregnant": False, "childbearing_potential": True})
    assert may[wocbp.id] == "manual" and may[group.id] != "met"


# --- the fresh audit of the bundled trials --------------------------------------------------------

def test_a_pregnancy_test_is_not_read_by_a_check_of_breastfeeding():
    # seed 002 (NCT06946485) inc-7.1: "Females of childbearing potential must have a negative serum
    # HCG test within 7 days prior to enrollment and must not be lactating" was met by "lactating:
    # no" alone: the HCG test's words counted as read by the breastfeeding check. A pregnant woman
    # who is not breastfeeding was in favour of it
    seed = parse_trial(parse_trials((SEEDS / "002_b3e395835047cc57.txt").read_text(encoding="utf-8"))[0])
    (node,) = [n for n in seed.walk() if n.text.startswith("Females of childbearing potential must have a negative")]
    pregnant = {"sex": "female", "age": 30, "childbearing_potential": True, "pregnant": True, "lactating": False}
    assert match(seed, pregnant)[node.id] != "met"
    assert any("HCG" in u for u in node.unread)
    # a man is out of it, and breastfeeding still fails it
    assert match(seed, {"sex": "male", "age": 30})[node.id] == "met"
    assert match(seed, {**pregnant, "pregnant": False, "lactating": True})[node.id] == "not_met"
