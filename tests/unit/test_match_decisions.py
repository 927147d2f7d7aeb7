"""The matcher on hand-built trees: hand decisions: a person settles what is for a person or
overrides the machine, which stays visible; a decision made on other text is reported, not
applied."""

from __future__ import annotations

from tests.unit.match_helpers import HB_80, PREGNANT, chk, crit, panel, run, status, tree
from trialview.model.criteria.tree import CriteriaTree


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


def test_a_manual_criterion_with_checks_needs_a_person_once_its_checks_hold():
    node = crit("inc-1", chk("pregnant", "==", False), manual=True,
                text="Non-pregnant, willing to adopt contraceptive measures")
    t = tree([node])
    assert status(run(t, panel({"pregnant": False})), "inc-1") == "manual"
    assert run(t, panel({"pregnant": True})).verdict == "ineligible"
    assert run(t, panel({"pregnant": False}, screening={"NCT00000001": {"inc-1": "met"}})).verdict == "eligible"
