"""Never say more than was read: unread clauses, conditions and empty records, on hand-built trees
with the wording of the bundled trials (issue 11), matched in full and from the store's compact
plan alike."""

from __future__ import annotations

import json
from typing import Any

import pytest

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode
from trialview.model.matching.compact import compact_tree
from trialview.model.matching.match import match_plan, match_trial
from trialview.model.matching.plan import compile_plan
from trialview.model.matching.result import MatchResult, rank_key
from trialview.model.panel import Panel, parse_panel

TRIAL = "NCT00000001"


def node(node_id: str, text: str, *checks: Check, logic: str = "all", unread: list[str] | None = None,
         condition: CriterionNode | None = None, children: list[CriterionNode] | None = None) -> CriterionNode:
    return CriterionNode(id=node_id, kind="criterion", text=text, checks=list(checks), logic=logic,
                         unread=unread or [], condition=condition, children=children or [],
                         manual=bool(unread) and not checks and not children)


def chk(variable: str, op: str, value: Any = None, unit: str | None = None) -> Check:
    return Check(variable=variable, op=op, value=value, unit=unit)


def tree(inclusion: list[CriterionNode] = (), exclusion: list[CriterionNode] = ()) -> CriteriaTree:
    return CriteriaTree(sections=[
        CriterionNode(id="inc", kind="section", text="Inclusion Criteria", section="inclusion", children=list(inclusion)),
        CriterionNode(id="exc", kind="section", text="Exclusion Criteria", section="exclusion", children=list(exclusion)),
    ])


def panel(**values: Any) -> Panel:
    return parse_panel({"as_of": "2026-11-22", "values": values})


def both(t: CriteriaTree, p: Panel) -> MatchResult:
    """Match in full and from the compact plan as the store keeps it (JSON): the two must agree."""
    full = match_trial(TRIAL, "A trial", t, p)
    stored = json.loads(json.dumps(compact_tree(t)))
    listed = match_plan(TRIAL, "A trial", compile_plan(stored), p, {n.id: n.text for n in t.walk()})
    assert (listed.verdict, listed.blockers, listed.open) == (full.verdict, full.blockers, full.open)
    assert {k: (v.status, v.reason) for k, v in listed.statuses.items()} == \
        {k: (v.status, v.reason) for k, v in full.statuses.items()}
    return full


# NCT06801119 inc-8, as the trial words it
NON_PREGNANT = node("inc-8", "Non-pregnant/non-lactating participants, willing to adopt contraceptive measures "
                    "during the study", chk("pregnant", "==", False), chk("lactating", "==", False),
                    unread=["willing to adopt contraceptive measures during the study"])


def test_an_inclusion_read_in_part_is_never_machine_met():
    result = both(tree([NON_PREGNANT]), panel(pregnant=False, lactating=False))
    assert result.statuses["inc-8"].status == "manual"
    assert result.verdict == "unknown"
    assert [o.node_id for o in result.open] == ["inc-8"]


def test_an_inclusion_read_in_part_still_fails_on_what_was_read():
    result = both(tree([NON_PREGNANT]), panel(pregnant=True, lactating=False))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "pregnant: yes (no required)"


def test_an_any_with_an_unread_alternative_is_met_by_a_check():
    # "SLEDAI-2K >= 6, or a BILAG A score" with the BILAG half unread: the SLEDAI half alone meets it
    either = node("inc-3", "SLEDAI-2K >= 6, or one BILAG A or two BILAG B organ domain scores",
                  chk("sledai_2k", ">=", 6, "score"), logic="any",
                  unread=["one BILAG A or two BILAG B organ domain scores"])
    assert both(tree([either]), panel(sledai_2k=8)).statuses["inc-3"].status == "met"
    assert both(tree([either]), panel(sledai_2k=4)).statuses["inc-3"].status == "manual"


def test_an_exclusion_read_in_part_is_never_machine_cleared():
    # TV-E66FB72FC4 exc-3: six uncontrolled diseases, only the cardiac one checked
    exc = node("exc-3", "Uncontrolled cardiac, pulmonary, hepatic, renal, endocrine or neurological disease",
               chk("severe_cardiac_disease", "==", True), logic="any",
               unread=["pulmonary, hepatic, renal, endocrine or neurological disease"])
    cleared = both(tree([], [exc]), panel(severe_cardiac_disease=False))
    assert cleared.statuses["exc-3"].status == "manual" and cleared.verdict == "unknown"
    assert both(tree([], [exc]), panel(severe_cardiac_disease=True)).verdict == "ineligible"


PREGNANCY_TEST = node("inc-9", "Women of childbearing potential must have a negative pregnancy test",
                      chk("pregnant", "==", False),
                      condition=node("inc-9.if", "Women of childbearing potential",
                                     chk("sex", "==", "female"), chk("childbearing_potential", "==", True)))


def test_a_criterion_that_does_not_apply_is_decided_in_the_patients_favour():
    result = both(tree([PREGNANCY_TEST]), panel(sex="male"))
    assert result.statuses["inc-9"].status == "met"
    assert result.statuses["inc-9"].reason.startswith("does not apply: Women of childbearing potential")
    assert result.verdict == "eligible"
    assert result.statuses["inc-9.if"].status == "not_met"


def test_a_criterion_that_applies_is_decided_by_its_body():
    applies: dict[str, Any] = {"sex": "female", "childbearing_potential": True}
    assert both(tree([PREGNANCY_TEST]), panel(**applies, pregnant=False)).verdict == "eligible"
    failed = both(tree([PREGNANCY_TEST]), panel(**applies, pregnant=True))
    assert failed.verdict == "ineligible" and failed.blockers[0].node_id == "inc-9"


def test_an_unknown_condition_leaves_open_only_what_is_against_the_patient():
    # a woman whose childbearing potential is not recorded: a negative test settles it anyway
    assert both(tree([PREGNANCY_TEST]), panel(sex="female", pregnant=False)).verdict == "eligible"
    # a pregnant woman can bear children: the test she must pass is failed (audit 15)
    pregnant = both(tree([PREGNANCY_TEST]), panel(sex="female", pregnant=True))
    assert pregnant.statuses["inc-9"].status == "not_met"
    assert "(pregnant: yes)" in pregnant.statuses["inc-9.if"].reason


def test_an_exclusion_that_does_not_apply_does_not_exclude():
    # "If used in combination with immunosuppressants, ..." as an exclusion whose condition fails
    exc = node("exc-4", "Hepatitis B carriers, if HBV DNA is detectable", chk("hbsag", "==", "positive"),
               condition=node("exc-4.if", "if HBV DNA is detectable", chk("hbv_dna", "==", "positive")))
    result = both(tree([], [exc]), panel(hbsag="positive", hbv_dna="negative"))
    assert result.statuses["exc-4"].status == "not_met"
    assert result.statuses["exc-4"].reason.startswith("does not apply: if HBV DNA is detectable")
    assert result.verdict == "eligible"
    assert both(tree([], [exc]), panel(hbsag="positive", hbv_dna="positive")).verdict == "ineligible"


def test_a_condition_shows_in_the_json_with_its_status():
    out = both(tree([PREGNANCY_TEST]), panel(sex="male")).to_json(tree([PREGNANCY_TEST]))
    inc9 = out["criteria"][0]["children"][0]
    assert inc9["status"] == "met" and inc9["condition"]["status"] == "not_met"


def test_a_record_without_eligibility_text_is_unknown_and_ranked_last():
    empty = both(CriteriaTree(sections=[]), panel(age=40))
    assert empty.verdict == "unknown"
    assert [o.node_id for o in empty.open] == ["inc-notext"]
    assert "no eligibility criteria" in empty.open[0].text
    notext = tree([node("inc-notext", "No eligibility criteria in this record", unread=["No eligibility criteria"])])
    from_parser = both(notext, panel(age=40))
    assert from_parser.verdict == "unknown" and from_parser.no_text
    failing = both(tree([node("inc-1", "Age >= 18", chk("age", ">=", 18, "years"))]), panel(age=12))
    assert failing.verdict == "ineligible"
    ranked = sorted([empty, from_parser, failing], key=rank_key)
    assert ranked[0] is failing     # a trial whose criteria were read, even failed, ranks first


@pytest.mark.parametrize("decision, status", [("met", "met"), ("not_met", "not_met")])
def test_a_hand_decision_settles_a_criterion_read_in_part(decision: str, status: str):
    p = parse_panel({"as_of": "2026-11-22", "values": {"pregnant": False, "lactating": False},
                     "screening": {TRIAL: {"inc-8": {"status": decision, "text": NON_PREGNANT.text}}}})
    result = both(tree([NON_PREGNANT]), p)
    assert result.statuses["inc-8"].status == status and result.statuses["inc-8"].by_hand
