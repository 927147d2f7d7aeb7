"""The matcher on hand-built trees: how checks and criteria combine (Kleene logic over met, not
met and unknown), missing data, exclusions and their exceptions, and the verdict, blockers, open
questions and JSON a clinician sees."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.match_helpers import HB_80, LACTATING, PREGNANT, chk, crit, panel, run, status, tree
from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.result import rank_key


# --- Kleene logic ---------------------------------------------------------------------------

def _value_for(state: str) -> Any:
    return {"met": True, "not_met": False, "unknown": None}[state]


KLEENE_ALL = {
    ("met", "met"): "met", ("met", "not_met"): "not_met", ("met", "unknown"): "unknown",
    ("not_met", "not_met"): "not_met", ("not_met", "unknown"): "not_met",
    ("unknown", "unknown"): "unknown",
}
KLEENE_ANY = {
    ("met", "met"): "met", ("met", "not_met"): "met", ("met", "unknown"): "met",
    ("not_met", "not_met"): "not_met", ("not_met", "unknown"): "unknown",
    ("unknown", "unknown"): "unknown",
}


@pytest.mark.parametrize("logic,table", [("all", KLEENE_ALL), ("any", KLEENE_ANY)])
@pytest.mark.parametrize("a,b", list(KLEENE_ALL))
def test_group_nodes_follow_kleene_truth_tables(logic, table, a, b):
    group = crit("inc-1", kind=logic, children=[crit("inc-1.a", PREGNANT), crit("inc-1.b", LACTATING)])
    for pair in ((a, b), (b, a)):
        vals = {k: v for k, v in (("pregnant", _value_for(pair[0])), ("lactating", _value_for(pair[1])))
                if v is not None}
        result = run(tree([group]), panel(vals))
        assert status(result, "inc-1") == table[(a, b)], (logic, pair)


@pytest.mark.parametrize("logic,table", [("all", KLEENE_ALL), ("any", KLEENE_ANY)])
@pytest.mark.parametrize("a,b", list(KLEENE_ALL))
def test_checks_of_one_criterion_combine_by_its_logic(logic, table, a, b):
    node = crit("inc-1", PREGNANT, LACTATING, logic=logic)
    vals = {k: v for k, v in (("pregnant", _value_for(a)), ("lactating", _value_for(b))) if v is not None}
    assert status(run(tree([node]), panel(vals)), "inc-1") == table[(a, b)]


@pytest.mark.parametrize("logic,other,expected", [
    ("all", True, "manual"),      # met and manual: still needs the person
    ("all", False, "not_met"),    # a failed part decides an all
    ("all", None, "unknown"),     # missing data and a person: unknown, data named
    ("any", True, "met"),
    ("any", False, "manual"),
    ("any", None, "unknown"),
])
def test_a_manual_child_counts_as_unknown(logic, other, expected):
    group = crit("inc-1", kind=logic, children=[crit("inc-1.a", PREGNANT), crit("inc-1.b", text="consent")])
    vals = {} if other is None else {"pregnant": other}
    result = run(tree([group]), panel(vals))
    assert status(result, "inc-1.b") == "manual"
    assert status(result, "inc-1") == expected
    if expected == "unknown":
        assert result.statuses["inc-1"].needs == ["pregnant"]


def test_a_criterion_combines_its_checks_and_its_children_by_its_logic():
    node = crit("inc-1", HB_80, children=[crit("inc-1.a", PREGNANT, LACTATING, logic="any")])
    assert status(run(tree([node]), panel({"hemoglobin": 90, "pregnant": True})), "inc-1") == "met"
    assert status(run(tree([node]), panel({"hemoglobin": 70, "pregnant": True})), "inc-1") == "not_met"
    assert status(run(tree([node]), panel({"hemoglobin": 90, "pregnant": False,
                                             "lactating": False})), "inc-1") == "not_met"
    assert status(run(tree([node]), panel({"hemoglobin": 90})), "inc-1") == "unknown"
    # "HIV positive, syphilis positive, or HCV antibody with HCV RNA": any over checks and clauses
    infections = crit("exc-1", chk("hiv", "==", "positive"), logic="any", children=[
        crit("exc-1.1", chk("hcv_ab", "==", "positive"), chk("hcv_rna", "==", "positive"), kind="all")])
    t = tree([], [infections])
    assert run(t, panel({"hiv": "positive"})).verdict == "ineligible"
    assert run(t, panel({"hiv": "negative", "hcv_ab": "positive", "hcv_rna": "positive"})).verdict == "ineligible"
    assert run(t, panel({"hiv": "negative", "hcv_ab": "positive", "hcv_rna": "negative"})).verdict == "eligible"
    assert run(t, panel({"hiv": "negative", "hcv_ab": "positive"})).open[0].needs == ["hcv_rna"]


# --- missing data ---------------------------------------------------------------------------

def test_a_missing_value_is_unknown_never_normal():
    t = tree([crit("inc-1", HB_80)], [crit("exc-1", chk("hbsag", "==", "positive"))])
    result = run(t, panel({}))
    assert status(result, "inc-1") == "unknown"
    assert status(result, "exc-1") == "unknown"       # not "not positive"
    assert result.verdict == "unknown"
    assert result.blockers == []
    assert {(o.node_id, tuple(o.needs)) for o in result.open} == {("inc-1", ("hemoglobin",)),
                                                                  ("exc-1", ("hbsag",))}
    assert result.statuses["inc-1"].reason == "hemoglobin missing"


# --- exclusion semantics --------------------------------------------------------------------

def test_an_exclusion_reports_the_truth_of_its_condition():
    t = tree([], [crit("exc-1", chk("hbsag", "==", "positive"))])
    excluded = run(t, panel({"hbsag": "positive"}))
    assert status(excluded, "exc-1") == "met"
    assert excluded.verdict == "ineligible"
    assert excluded.blockers[0].section == "exclusion"
    assert excluded.blockers[0].reason == "HBsAg: positive excludes"
    clear = run(t, panel({"hbsag": "negative"}))
    assert status(clear, "exc-1") == "not_met" and clear.verdict == "eligible"
    assert status(clear, "exc") == "not_met"


def test_an_exclusion_with_exceptions_is_for_a_person_when_the_patient_has_the_condition():
    # "History of malignancy, except basal cell carcinoma of the skin" and a history of cancer
    # whose kind the panel does not say: it may be the basal cell carcinoma, only a person knows
    t = tree([], [crit("exc-1", chk("malignancy_history", "==", True),
                       exceptions=["basal cell carcinoma of the skin"])])
    result = run(t, panel({"malignancy_history": "yes"}))
    assert result.verdict == "unknown" and not result.blockers
    assert status(result, "exc-1") == "manual"
    assert "basal cell carcinoma of the skin" in result.statuses["exc-1"].reason
    assert status(run(t, panel({"malignancy_history": "no"})), "exc-1") == "not_met"
    # the person decides: not one of the exceptions -> excluded; one of them -> not excluded
    hand = {"NCT00000001": {"exc-1": "met"}}
    assert run(t, panel({"malignancy_history": "yes"}, screening=hand)).verdict == "ineligible"
    cleared = run(t, panel({"malignancy_history": "yes"}, screening={"NCT00000001": {"exc-1": "not_met"}}))
    assert cleared.verdict == "eligible"


def test_detectable_reads_as_positive():
    t = tree([], [crit("exc-1", chk("hbv_dna", "==", "positive"))])
    assert status(run(t, panel({"hbv_dna": "detectable"})), "exc-1") == "met"
    assert status(run(t, panel({"hbv_dna": "undetectable"})), "exc-1") == "not_met"


def test_hepatitis_b_nested_logic():
    # (HBsAg+ or HBcAb+) and HBV DNA detectable
    hbv = crit("exc-1", chk("hbv_dna", "==", "positive"), children=[
        crit("exc-1.a", chk("hbsag", "==", "positive"), chk("hbcab", "==", "positive"), logic="any")])
    t = tree([], [hbv])
    assert run(t, panel({"hbsag": "negative", "hbcab": "positive", "hbv_dna": "undetectable"})).verdict == "eligible"
    assert run(t, panel({"hbsag": "negative", "hbcab": "positive", "hbv_dna": "positive"})).verdict == "ineligible"
    result = run(t, panel({"hbsag": "negative", "hbcab": "positive"}))
    assert result.verdict == "unknown" and result.open[0].needs == ["hbv_dna"]
    assert run(t, panel({"hbsag": "negative", "hbcab": "negative"})).verdict == "eligible"


# --- reasons, blockers, open questions ------------------------------------------------------

def test_every_criterion_with_checks_has_a_reason_and_unknown_ones_say_what_they_need():
    t = tree([crit("inc-1", HB_80), crit("inc-2", chk("sledai_2k", ">=", 6, "score")),
              crit("inc-3", chk("age", ">=", 18, "years"), chk("age", "<=", 65, "years"))])
    result = run(t, panel({"hemoglobin": 95, "age": 70}))
    assert result.statuses["inc-1"].reason == "hemoglobin 95 g/L ≥ 80 g/L"
    assert result.statuses["inc-2"].needs == ["sledai_2k"]
    assert result.statuses["inc-3"].reason == "age 70 years > 65 years allowed"
    assert [b.node_id for b in result.blockers] == ["inc-3"]
    assert [(o.section, o.node_id, o.needs) for o in result.open] == [("inclusion", "inc-2", ["sledai_2k"])]


def test_an_inferred_comparator_is_flagged_in_the_reason():
    t = tree([crit("inc-1", chk("hemoglobin", ">=", 85, "g/L", inferred=True))])
    result = run(t, panel({"hemoglobin": 80}))
    assert result.blockers[0].reason == "hemoglobin 80 g/L < 85 g/L required (comparator inferred)"


def test_eligible_only_when_everything_is_decided_in_the_patients_favour():
    t = tree([crit("inc-1", HB_80), crit("inc-2", chk("anti_dsdna", "==", "positive"))],
             [crit("exc-1", PREGNANT)])
    assert run(t, panel({"hemoglobin": 100, "anti_dsdna": "positive", "pregnant": False})).verdict == "eligible"
    assert run(t, panel({"hemoglobin": 100, "anti_dsdna": "positive"})).verdict == "unknown"
    failed = run(t, panel({"hemoglobin": 100, "anti_dsdna": "negative"}))
    assert failed.verdict == "ineligible"
    assert failed.blockers[0].reason == "anti-dsDNA: negative (positive required)"


def test_to_json_has_the_cli_shape():
    t = tree([crit("inc-1", HB_80), crit("inc-2", text="consent")], [crit("exc-1", PREGNANT)])
    result = run(t, panel({"hemoglobin": 70}))
    out = json.loads(json.dumps(result.to_json(t)))
    assert {"trial_id", "title", "verdict", "blockers", "open", "criteria"} <= set(out)
    assert out["trial_id"] == "NCT00000001" and out["verdict"] == "ineligible"
    assert {"section", "text", "reason"} <= set(out["blockers"][0])
    assert out["blockers"][0]["reason"] == "hemoglobin 70 g/L < 80 g/L required"
    assert all({"section", "text", "needs"} <= set(o) for o in out["open"])
    assert {o["needs"] == ["pregnant"] for o in out["open"] if o["id"] == "exc-1"} == {True}

    def nodes(node):
        yield node
        for child in node["children"]:
            yield from nodes(child)

    all_nodes = [n for s in out["criteria"] for n in nodes(s)]
    assert all({"id", "kind", "text", "checks", "children", "status"} <= set(n) for n in all_nodes)
    assert {n["status"] for n in all_nodes} <= {"met", "not_met", "unknown", "manual"}
    inc1 = next(n for n in all_nodes if n["id"] == "inc-1")
    assert inc1["checks"][0] == {"variable": "hemoglobin", "op": ">=", "value": 80, "unit": "g/L",
                                 "inferred": False}


def test_rank_key_puts_eligible_first_and_ineligible_last():
    t = tree([crit("inc-1", HB_80)])
    eligible = run(t, panel({"hemoglobin": 100}))
    unknown = run(t, panel({}))
    ineligible = run(t, panel({"hemoglobin": 50}))
    assert sorted([ineligible, unknown, eligible], key=rank_key) == [eligible, unknown, ineligible]


def test_an_empty_tree_is_never_eligible():
    assert run(CriteriaTree(sections=[]), panel({})).verdict == "unknown"


def test_the_same_tree_matches_many_panels_and_an_edited_tree_is_recompiled():
    t = tree([crit("inc-1", HB_80)])
    assert run(t, panel({"hemoglobin": 100})).verdict == "eligible"
    assert run(t, panel({"hemoglobin": 60})).verdict == "ineligible"
    t.sections = tree([crit("inc-1", chk("hemoglobin", ">=", 110, "g/L"))]).sections
    assert run(t, panel({"hemoglobin": 100})).verdict == "ineligible"


def test_a_strict_comparison_that_fails_says_what_is_required():
    t = tree([crit("inc-1", chk("selena_sledai", ">", 6, "score"))])
    assert run(t, panel({"selena_sledai": 6})).blockers[0].reason == "SELENA-SLEDAI 6, > 6 required"


def test_a_failed_inclusion_with_an_exception_is_for_a_person():
    # "total bilirubin < 2.0 mg/dL (Gilbert syndrome subjects total bilirubin < 3.0 mg/dL)": 2.34
    # mg/dL fails unless she has Gilbert syndrome, which the panel does not say
    node = crit("inc-1", chk("total_bilirubin", "<", 2.0, "mg/dL"),
                exceptions=["Gilbert syndrome subjects total bilirubin <3.0mg/dL"])
    result = run(tree([node]), panel({"total_bilirubin": {"value": 40, "unit": "µmol/L"}}))
    assert result.verdict == "unknown" and status(result, "inc-1") == "manual"
    reason = result.statuses["inc-1"].reason
    assert reason.startswith("total bilirubin 2.34 mg/dL, < 2 mg/dL required, unless an exception applies")
    assert "Gilbert syndrome" in reason
    assert status(run(tree([node]), panel({"total_bilirubin": 1.0})), "inc-1") == "met"


def test_an_exception_beside_other_values_does_not_excuse_them():
    # NCT06801119 inc-7 "ALT and AST <= 2.5 x ULN, total bilirubin < 2.0 mg/dL (Gilbert syndrome
    # subjects total bilirubin < 3.0 mg/dL)": the exception is the bilirubin's; a high ALT excludes
    node = crit("inc-1", chk("alt", "<=", 2.5, "xULN"), chk("total_bilirubin", "<", 2.0, "mg/dL"),
                exceptions=["Gilbert syndrome subjects total bilirubin <3.0mg/dL"])
    result = run(tree([node]), panel({"alt": {"value": 4, "unit": "xULN"}}))
    assert result.verdict == "ineligible"
    assert "Gilbert syndrome" in result.blockers[0].reason     # named, for a person to see
