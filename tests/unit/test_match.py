"""The matcher on hand-built trees: what a clinician sees for a panel against criteria."""

from __future__ import annotations

import json
from typing import Any

import pytest

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode
from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult, rank_key
from trialview.model.panel import PanelError, parse_panel

AS_OF = "2026-11-22"


def crit(node_id: str, *checks: Check, text: str | None = None, logic: str = "all",
         children: list[CriterionNode] | None = None, manual: bool = False,
         exceptions: list[str] | None = None, kind: str = "criterion") -> CriterionNode:
    return CriterionNode(id=node_id, kind=kind, text=text or node_id, checks=list(checks),
                         children=children or [], logic=logic, manual=manual,
                         exceptions=exceptions or [])


def chk(variable: str, op: str, value: Any = None, unit: str | None = None, **kw: Any) -> Check:
    return Check(variable=variable, op=op, value=value, unit=unit, **kw)


def tree(inclusion: list[CriterionNode] = (), exclusion: list[CriterionNode] = ()) -> CriteriaTree:
    sections = [CriterionNode(id="inc", kind="section", text="Inclusion Criteria", section="inclusion",
                              children=list(inclusion))]
    sections.append(CriterionNode(id="exc", kind="section", text="Exclusion Criteria", section="exclusion",
                                  children=list(exclusion)))
    for section in sections:
        for node in section.walk():
            node.section = section.section
    return CriteriaTree(sections=sections)


def panel(values: dict[str, Any] | None = None, therapies: list[dict] | None = None,
          screening: dict[str, dict[str, Any]] | None = None, as_of: str = AS_OF, history: str | None = None):
    data: dict[str, Any] = {"as_of": as_of, "values": values or {}, "therapies": therapies or []}
    if screening:
        data["screening"] = screening
    if history:
        data["therapy_history"] = history
    return parse_panel(data)


def run(t: CriteriaTree, p, trial_id: str = "NCT00000001") -> MatchResult:
    return match_trial(trial_id, "A trial", t, p)


def status(result: MatchResult, node_id: str) -> str:
    return result.statuses[node_id].status


HB_80 = chk("hemoglobin", ">=", 80, "g/L")
PREGNANT = chk("pregnant", "==", True)
LACTATING = chk("lactating", "==", True)


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


# --- units ----------------------------------------------------------------------------------

@pytest.mark.parametrize("entered,expected,reason", [
    ({"value": 7.5, "unit": "g/dL"}, "not_met", "hemoglobin 75 g/L < 80 g/L required"),
    ({"value": 9.5, "unit": "g/dL"}, "met", "hemoglobin 95 g/L ≥ 80 g/L"),
    ({"value": 5.0, "unit": "mmol/L"}, "met", "hemoglobin 80.55 g/L ≥ 80 g/L"),
    ({"value": 4.5, "unit": "mmol/L"}, "not_met", "hemoglobin 72.5 g/L < 80 g/L required"),
    (80, "met", "hemoglobin 80 g/L ≥ 80 g/L"),
])
def test_values_in_other_units_are_compared_in_canonical_units(entered, expected, reason):
    result = run(tree([crit("inc-1", HB_80)]), panel({"hemoglobin": entered}))
    assert status(result, "inc-1") == expected
    assert result.statuses["inc-1"].reason == reason


def test_cell_counts_per_cubic_millimetre_and_creatinine_in_micromol():
    t = tree([crit("inc-1", chk("anc", ">=", 1.5, "10^9/L"))],
             [crit("exc-1", chk("creatinine", ">", 2.5, "mg/dL"))])
    result = run(t, panel({"anc": {"value": 1200, "unit": "/mm3"}, "creatinine": {"value": 250, "unit": "µmol/L"}}))
    assert result.statuses["inc-1"].reason == "ANC 1.2 10^9/L < 1.5 10^9/L required"
    assert result.statuses["exc-1"].status == "met"
    assert result.statuses["exc-1"].reason == "creatinine 2.83 mg/dL > 2.5 mg/dL"
    assert [b.node_id for b in result.blockers] == ["inc-1", "exc-1"]
    assert result.blockers[1].reason == "creatinine 2.83 mg/dL > 2.5 mg/dL excludes"


# --- × ULN ----------------------------------------------------------------------------------

def test_alt_in_units_per_litre_with_the_labs_uln():
    t = tree([crit("inc-1", chk("alt", "<=", 2.5, "xULN"))])
    result = run(t, panel({"alt": {"value": 124, "unit": "U/L", "uln": 40}}))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "ALT 3.1 × ULN > 2.5 × ULN allowed"
    assert status(run(t, panel({"alt": {"value": 60, "unit": "U/L", "uln": 40}})), "inc-1") == "met"
    assert status(run(t, panel({"alt": 1.2})), "inc-1") == "met"


@pytest.mark.parametrize("entered,expected", [
    ({"value": 20, "unit": "µmol/L", "uln": 21}, "met"),
    ({"value": 40, "unit": "µmol/L", "uln": 21}, "not_met"),
    ({"value": 1.4, "unit": "mg/dL", "uln": 1.2}, "met"),
    ({"value": 1.6, "unit": "xULN", "uln": 1.2}, "not_met"),
])
def test_bilirubin_against_a_multiple_of_uln_uses_the_readings_uln(entered, expected):
    t = tree([crit("inc-1", chk("total_bilirubin", "<=", 1.5, "xULN"))])
    assert status(run(t, panel({"total_bilirubin": entered})), "inc-1") == expected


def test_a_multiple_of_uln_without_the_labs_uln_is_unknown_and_says_so():
    t = tree([crit("inc-1", chk("total_bilirubin", "<=", 1.5, "xULN")),
              crit("inc-2", chk("inr", "<=", 1.5, "xULN"))])
    result = run(t, panel({"total_bilirubin": {"value": 15, "unit": "µmol/L"}, "inr": 1.1}))
    assert status(result, "inc-1") == "unknown"
    assert "ULN is needed" in result.statuses["inc-1"].reason
    assert result.statuses["inc-1"].needs == ["total_bilirubin"]
    assert status(result, "inc-2") == "unknown"
    assert "ULN is needed" in result.statuses["inc-2"].reason
    with_uln = run(t, panel({"total_bilirubin": {"value": 15, "unit": "µmol/L", "uln": 21},
                             "inr": {"value": 1.1, "uln": 1.2}}))
    assert with_uln.verdict == "eligible"
    failing = run(t, panel({"total_bilirubin": {"value": 15, "unit": "µmol/L", "uln": 21},
                            "inr": {"value": 2.1, "uln": 1.2}}))
    assert failing.blockers[0].node_id == "inc-2"
    assert failing.blockers[0].reason == "INR 1.75 × ULN > 1.5 × ULN allowed"


def test_inr_or_aptt_is_met_by_aptt_alone():
    node = crit("inc-1", chk("inr", "<=", 1.5, "xULN"), chk("aptt", "<=", 1.5, "xULN"), logic="any")
    result = run(tree([node]), panel({"aptt": 1.1, "inr": 1.1}))
    assert status(result, "inc-1") == "met"
    assert result.statuses["inc-1"].reason == "APTT 1.1 × ULN ≤ 1.5 × ULN"


# --- therapies ------------------------------------------------------------------------------

RITUXIMAB_24W = chk("rituximab", "within", 168, "days")


@pytest.mark.parametrize("entry,expected,reason", [
    ({"drug": "rituximab", "last_dose": "2026-10-13"}, "met", "rituximab 40 days ago: within 168 days"),
    ({"drug": "rituximab", "last_dose": "2026-01-01"}, "not_met",
     "rituximab: last rituximab 325 days ago, not within 168 days"),
    ({"drug": "Rituximab", "start": "2026-01-01"}, "met", "rituximab current: within 168 days"),
    ({"drug": "rituximab", "start": "2025-01-01", "stop": "2026-11-01"}, "met",
     "rituximab 21 days ago: within 168 days"),
])
def test_a_drug_within_a_window(entry, expected, reason):
    result = run(tree([], [crit("exc-1", RITUXIMAB_24W)]), panel(therapies=[entry]))
    assert status(result, "exc-1") == expected
    assert result.statuses["exc-1"].reason == reason


def test_the_blocker_for_a_recent_drug_reads_in_one_glance():
    result = run(tree([], [crit("exc-1", RITUXIMAB_24W)]),
                 panel(therapies=[{"drug": "rituximab", "last_dose": "2026-10-13"}]))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "rituximab 40 days ago: within 168 days excludes"


def test_an_unlisted_therapy_is_unknown_unless_the_history_is_marked_complete():
    # panel.md: "Without it (the default, partial), a therapy that is not listed is unknown"
    t = tree([], [crit("exc-1", RITUXIMAB_24W)])
    unknown = run(t, panel())
    assert status(unknown, "exc-1") == "unknown"
    assert unknown.open[0].needs == ["therapies"]
    hcq = [{"drug": "hydroxychloroquine", "start": "2020-01-01"}]
    partial = run(t, panel(therapies=hcq))
    assert (status(partial, "exc-1"), partial.verdict) == ("unknown", "unknown")
    assert "not marked complete" in partial.statuses["exc-1"].reason
    assert partial.open[0].needs == ["therapies"]
    complete = run(t, panel(therapies=hcq, history="complete"))
    assert status(complete, "exc-1") == "not_met"
    assert "marked complete" in complete.statuses["exc-1"].reason
    assert complete.verdict == "eligible"
    # complete with nothing listed: the patient received none of the table
    assert run(t, panel(history="complete")).verdict == "eligible"


def test_a_current_therapy_without_dates_counts_as_taken_now():
    t = tree([], [crit("exc-1", chk("immunosuppressant", "within", 7, "days"))])
    result = run(t, panel(therapies=[{"drug": "azathioprine", "current": True}]))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "azathioprine current: within 7 days excludes"


def test_a_current_therapy_with_a_stop_date_is_a_clear_error():
    with pytest.raises(PanelError) as err:
        panel(therapies=[{"drug": "azathioprine", "current": True, "stop": "2026-01-01"}])
    assert err.value.problems == [("therapies[0].current", "a current therapy has no stop date")]


def test_prior_car_t_counts_a_cd19_car_t():
    # "Any prior treatment with CAR-T cells" (the parser reads car_t == True): a CD19 CAR-T is a CAR-T
    t = tree([], [crit("exc-1", chk("car_t", "==", True), text="Any prior treatment with CAR-T cells")])
    result = run(t, panel(therapies=[{"drug": "CD19 CAR-T", "last_dose": "2025-02-01"}]))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "CAR-T cell therapies received: CD19 CAR-T excludes"


@pytest.mark.parametrize("drug, verdict", [("rituximab", "ineligible"), ("obinutuzumab", "ineligible"),
                                           ("CD19 CAR-T", "ineligible"), ("belimumab", "eligible"),
                                           ("telitacicept", "eligible")])
def test_b_cell_depletion_counts_depleting_drugs_not_belimumab_or_telitacicept(drug, verdict):
    # "rituximab or any other B cell depletion therapy within 24 weeks": belimumab targets B cells
    # without depleting them (panel.md's therapy table)
    t = tree([], [crit("exc-1", chk("b_cell_depleting", "within", 168, "days"))])
    result = run(t, panel(therapies=[{"drug": drug, "last_dose": "2026-10-01"}], history="complete"))
    assert result.verdict == verdict


def test_a_drug_class_within_a_window():
    t = tree([], [crit("exc-1", chk("b_cell_targeted", "within", 28, "days"))])
    recent = run(t, panel(therapies=[{"drug": "belimumab", "start": "2025-01-01", "stop": "2026-11-02"}]))
    assert recent.blockers[0].reason == "belimumab 20 days ago: within 28 days excludes"
    old = [{"drug": "belimumab", "start": "2025-01-01", "stop": "2026-09-01"}]
    # another B-cell targeted drug may be missing from a partial list
    assert status(run(t, panel(therapies=old)), "exc-1") == "unknown"
    assert status(run(t, panel(therapies=old, history="complete")), "exc-1") == "not_met"


def test_an_undated_therapy_cannot_decide_a_window():
    t = tree([], [crit("exc-1", chk("b_cell_targeted", "within", 28, "days"))])
    result = run(t, panel(therapies=[{"drug": "rituximab"}]))
    assert status(result, "exc-1") == "unknown"


def test_counting_distinct_drugs_of_a_class_with_an_extra_class_in_the_note():
    check = chk("immunosuppressant", ">=", 2, "drugs", note="including antimalarials (hydroxychloroquine)")
    t = tree([crit("inc-1", check)])
    result = run(t, panel(therapies=[{"drug": "mycophenolate mofetil", "start": "2021-01-10", "stop": "2026-09-01"},
                                     {"drug": "hydroxychloroquine", "start": "2020-03-01"}]))
    assert status(result, "inc-1") == "met"
    assert result.statuses["inc-1"].reason == (
        "2 immunosuppressants or antimalarials received (mycophenolate mofetil, hydroxychloroquine): ≥ 2 required")
    twice = [{"drug": "MMF", "start": "2019-01-01", "stop": "2019-06-01"},
             {"drug": "mycophenolate mofetil", "start": "2021-01-01"}]
    same_drug_twice = run(t, panel(therapies=twice, history="complete"))
    assert status(same_drug_twice, "inc-1") == "not_met"
    assert same_drug_twice.blockers[0].reason.startswith(
        "1 immunosuppressants or antimalarials received (mycophenolate mofetil): ≥ 2 required")
    partial = run(t, panel(therapies=twice))
    assert status(partial, "inc-1") == "unknown"
    assert partial.statuses["inc-1"].reason == (
        "1 immunosuppressants or antimalarials listed (mycophenolate mofetil): ≥ 2 required; "
        "the therapy history is not marked complete")
    assert status(run(t, panel()), "inc-1") == "unknown"


def test_counting_without_an_extra_class_ignores_antimalarials():
    t = tree([crit("inc-1", chk("immunosuppressant", ">=", 2, "drugs"))])
    result = run(t, panel(therapies=[{"drug": "MMF", "start": "2021-01-01"},
                                     {"drug": "HCQ", "start": "2020-01-01"}], history="complete"))
    assert status(result, "inc-1") == "not_met"
    assert result.blockers[0].reason.startswith("1 immunosuppressants received (mycophenolate mofetil)")


def test_ever_received():
    t = tree([], [crit("exc-1", chk("cell_therapy", "==", True))])
    had = run(t, panel(therapies=[{"drug": "CD19 CAR-T", "last_dose": "2024-05-01"}]))
    assert had.blockers[0].reason == "cell therapies received: CD19 CAR-T excludes"
    aza = [{"drug": "azathioprine", "start": "2024-05-01"}]
    assert status(run(t, panel(therapies=aza)), "exc-1") == "unknown"
    assert status(run(t, panel(therapies=aza, history="complete")), "exc-1") == "not_met"


# --- hand decisions -------------------------------------------------------------------------

def _consent_tree() -> CriteriaTree:
    return tree([crit("inc-1", HB_80), crit("inc-2", text="Signed informed consent")],
                [crit("exc-1", PREGNANT), crit("exc-2", text="Investigator's opinion")])


def test_manual_criteria_keep_the_verdict_unknown():
    result = run(_consent_tree(), panel({"hemoglobin": 100, "pregnant": False}))
    assert result.verdict == "unknown"
    assert status(result, "inc-2") == "manual"
    assert result.statuses["inc-2"].reason == "for a person to judge"
    assert [(o.node_id, o.needs) for o in result.open] == [("inc-2", []), ("exc-2", [])]


def _on(status: str, text: str) -> dict[str, str]:
    return {"status": status, "text": text}


def test_hand_decisions_settle_manual_criteria():
    decided = {"NCT00000001": {"inc-2": _on("met", "Signed  informed\nconsent"),
                               "exc-2": _on("not_met", "Investigator's opinion")}}
    result = run(_consent_tree(), panel({"hemoglobin": 100, "pregnant": False}, screening=decided))
    assert result.verdict == "eligible"
    assert result.statuses["inc-2"].by_hand and result.statuses["inc-2"].reason == "decided by hand"
    assert result.stale == []
    other_trial = run(_consent_tree(), panel({"hemoglobin": 100, "pregnant": False}, screening=decided),
                      trial_id="NCT09999999")
    assert other_trial.verdict == "unknown"


def test_a_hand_decision_against_the_patient_is_a_blocker():
    result = run(_consent_tree(), panel({"hemoglobin": 100, "pregnant": False},
                                        screening={"NCT00000001": {"inc-2": _on("not_met", "Signed informed consent")}}))
    assert result.verdict == "ineligible"
    assert [(b.node_id, b.reason) for b in result.blockers] == [("inc-2", "decided by hand")]


def test_a_short_form_decision_is_applied_and_flagged_not_bound_to_text():
    result = run(_consent_tree(), panel({"hemoglobin": 100, "pregnant": False},
                                        screening={"NCT00000001": {"inc-2": "met", "exc-2": "not_met"}}))
    assert result.verdict == "eligible"
    assert result.statuses["inc-2"].reason == "decided by hand (not bound to text)"
    node = {n["id"]: n for s in result.to_json(_consent_tree())["criteria"] for n in s["children"]}["inc-2"]
    assert node["by_hand"] is True and node["bound_to_text"] is False


def test_a_decision_made_on_other_text_is_reported_not_applied():
    # issue 11: re-imported with a criterion inserted, "inc-2: met" (consent) must not move to
    # "Creatinine clearance >= 60 mL/min"
    t = tree([crit("inc-1", HB_80), crit("inc-2", chk("crcl", ">=", 60, "mL/min"),
                                         text="Creatinine clearance >= 60 mL/min")])
    decided = {"NCT00000001": {"inc-2": _on("met", "Signed informed consent")}}
    result = run(t, panel({"hemoglobin": 100}, screening=decided))
    assert result.statuses["inc-2"].status == "unknown" and not result.statuses["inc-2"].by_hand
    assert [(d.node_id, d.status, d.text, d.now) for d in result.stale] == [
        ("inc-2", "met", "Signed informed consent", "Creatinine clearance >= 60 mL/min")]
    out = result.to_json(t)
    assert out["stale_decisions"] == [{"id": "inc-2", "status": "met", "text": "Signed informed consent",
                                       "now": "Creatinine clearance >= 60 mL/min"}]
    assert "not applied" in result.stale[0].message("NCT00000001")


def test_an_override_shows_what_the_machine_found():
    decided = {"NCT00000001": {"inc-1": _on("met", "inc-1")}}
    result = run(tree([crit("inc-1", HB_80)]), panel({"hemoglobin": 70}, screening=decided))
    assert result.verdict == "eligible"
    node = result.statuses["inc-1"]
    assert node.by_hand and node.reason == (
        "decided by hand; the machine found: not met (hemoglobin 70 g/L < 80 g/L required)")
    inc1 = result.to_json(tree([crit("inc-1", HB_80)]))["criteria"][0]["children"][0]
    assert inc1["machine"] == {"status": "not_met", "reason": "hemoglobin 70 g/L < 80 g/L required"}


def test_a_hand_decision_overrides_the_machine():
    decided = {"NCT00000001": {"inc-1": "met", "inc-2": "met", "exc-2": "not_met"}}
    result = run(_consent_tree(), panel({"hemoglobin": 70, "pregnant": False}, screening=decided))
    assert result.verdict == "eligible"
    assert result.statuses["inc-1"].status == "met" and result.statuses["inc-1"].by_hand


def test_a_hand_decision_on_a_sub_clause_propagates_up():
    group = crit("inc-1", kind="all", children=[crit("inc-1.a", HB_80), crit("inc-1.b", text="stable dose")])
    t = tree([group])
    assert status(run(t, panel({"hemoglobin": 100})), "inc-1") == "manual"
    result = run(t, panel({"hemoglobin": 100}, screening={"NCT00000001": {"inc-1.b": "met"}}))
    assert status(result, "inc-1") == "met"
    assert result.verdict == "eligible"
    assert not result.statuses["inc-1"].by_hand


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


# --- derived values -------------------------------------------------------------------------

CRCL_50 = chk("crcl", ">=", 50, "mL/min")


def test_creatinine_clearance_is_derived_by_cockcroft_gault():
    t = tree([crit("inc-1", CRCL_50)])
    base = {"age": 40, "weight": 70, "sex": "female"}
    ok = run(t, panel({**base, "creatinine": {"value": 88.4, "unit": "µmol/L"}}))
    assert status(ok, "inc-1") == "met"
    assert ok.statuses["inc-1"].reason == "creatinine clearance 82.6 mL/min (Cockcroft-Gault) ≥ 50 mL/min"
    low = run(t, panel({**base, "creatinine": 2.0}))
    assert low.blockers[0].reason == "creatinine clearance 41.3 mL/min (Cockcroft-Gault) < 50 mL/min required"
    missing = run(t, panel({"age": 40, "sex": "female", "creatinine": 1.0}))
    assert missing.verdict == "unknown" and missing.open[0].needs == ["crcl"]
    given = run(t, panel({**base, "creatinine": 2.0, "crcl": 55}))
    assert status(given, "inc-1") == "met"     # a measured clearance wins over the estimate


def test_bmi_is_derived_from_weight_and_height_in_other_units():
    t = tree([crit("inc-1", chk("bmi", "<=", 30, "kg/m2"))])
    result = run(t, panel({"weight": {"value": 220, "unit": "lb"}, "height": {"value": 1.70, "unit": "m"}}))
    assert status(result, "inc-1") == "not_met"
    assert result.blockers[0].reason == "BMI 34.5 kg/m2 (from weight and height) > 30 kg/m2 allowed"


# --- time windows on values -----------------------------------------------------------------

@pytest.mark.parametrize("entry,expected", [
    ({"value": "yes", "date": "2026-11-12"}, "met"),
    ({"value": "yes", "date": "2026-06-01"}, "not_met"),
    ("yes", "met"),                     # no date: taken as current
    # "no" in June says nothing of an infection in the last 28 days (a state that comes and goes)
    ({"value": "no", "date": "2026-06-01"}, "manual"),
])
def test_window_days_on_a_value(entry, expected):
    t = tree([], [crit("exc-1", chk("active_infection", "==", True, window_days=28))])
    result = run(t, panel({"active_infection": entry}))
    assert status(result, "exc-1") == expected
    if entry == {"value": "yes", "date": "2026-06-01"}:
        assert "outside the 28-day window" in result.statuses["exc-1"].reason


def test_no_infection_today_does_not_clear_an_infection_within_weeks():
    # NCT05482568 exc-15 "Subjects who developed a severe infection within 28 days prior to the
    # first dose": an infection two weeks ago, cured today, still excludes; only a person knows
    t = tree([], [crit("exc-1", chk("active_infection", "==", True, window_days=28))])
    result = run(t, panel({"active_infection": False}))
    assert status(result, "exc-1") == "manual" and result.verdict == "unknown"
    assert "last 28 days" in result.statuses["exc-1"].reason
    # a history variable's "no" means never: it answers any window
    t = tree([], [crit("exc-1", chk("malignancy_history", "==", True, window_days=5 * 365))])
    assert status(run(t, panel({"malignancy_history": False})), "exc-1") == "not_met"


def test_an_undated_history_is_not_placed_in_a_window():
    # NCT05389774 exc-1 "Have received a diagnosis for cancer in the last 5 years": a cancer with
    # no date may be 20 years old; its date decides
    t = tree([], [crit("exc-1", chk("malignancy_history", "==", True, window_days=5 * 365))])
    undated = run(t, panel({"malignancy_history": True}))
    assert status(undated, "exc-1") == "unknown" and undated.open[0].needs == ["malignancy_history"]
    old = {"value": True, "date": "2006-05-01"}
    assert status(run(t, panel({"malignancy_history": old})), "exc-1") == "not_met"
    recent = {"value": True, "date": "2025-05-01"}
    assert status(run(t, panel({"malignancy_history": recent})), "exc-1") == "met"


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


def test_a_condition_stated_in_another_unit_is_converted():
    t = tree([crit("inc-1", chk("hemoglobin", ">=", 10, "g/dL"))])
    assert run(t, panel({"hemoglobin": 95})).blockers[0].reason == "hemoglobin 95 g/L < 100 g/L required"


def test_a_word_among_several():
    t = tree([crit("inc-1", chk("sex", "in", ["female"]))])
    assert run(t, panel({"sex": "F"})).verdict == "eligible"
    assert run(t, panel({"sex": "male"})).verdict == "ineligible"


def test_never_received_with_a_window_on_an_inclusion():
    # "No growth factors within 7 days prior to screening", stated as "== False within 7 days"
    t = tree([crit("inc-1", chk("growth_factor", "==", False, window_days=7))])
    assert run(t, panel(therapies=[{"drug": "G-CSF", "last_dose": "2026-11-20"}])).verdict == "ineligible"
    assert run(t, panel(therapies=[{"drug": "G-CSF", "last_dose": "2026-10-01"}])).verdict == "eligible"
    assert run(t, panel()).verdict == "unknown"


def test_a_drug_trialview_does_not_know_leaves_a_class_question_open():
    t = tree([], [crit("exc-1", chk("immunosuppressant", "within", 7, "days"))])
    sirolimus = [{"drug": "sirolimus", "start": "2026-01-01"}]
    result = run(t, panel(therapies=sirolimus, history="complete"))
    assert status(result, "exc-1") == "unknown"
    assert "sirolimus" in result.statuses["exc-1"].reason
    assert result.open[0].needs == ["therapies"]
    # a name the vocabulary does not know might be a misspelt rituximab: it decides nothing
    rituximab = tree([], [crit("exc-1", RITUXIMAB_24W)])
    typo = run(rituximab, panel(therapies=[{"drug": "ritixumab", "start": "2026-01-01"}], history="complete"))
    assert status(typo, "exc-1") == "unknown"
    assert typo.statuses["exc-1"].reason == "ritixumab: not a drug trialview knows, cannot tell if it is rituximab"


def test_a_manual_criterion_with_checks_needs_a_person_once_its_checks_hold():
    node = crit("inc-1", chk("pregnant", "==", False), manual=True,
                text="Non-pregnant, willing to adopt contraceptive measures")
    t = tree([node])
    assert status(run(t, panel({"pregnant": False})), "inc-1") == "manual"
    assert run(t, panel({"pregnant": True})).verdict == "ineligible"
    assert run(t, panel({"pregnant": False}, screening={"NCT00000001": {"inc-1": "met"}})).verdict == "eligible"
