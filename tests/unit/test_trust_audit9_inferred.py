"""Audit 9 (session 11, issue 11), fault 1: Chia NCT02985242 inc-6 "HbA1c = 6.5 and = 10.0 %" (the
"≥" and "≤" lost as "=") was read as "HbA1c ≤ 6.5 and ≥ 10.0", which no patient meets: men with
HbA1c 7.2 and 7.5 % were called ineligible on it alone. A reader sees a window, 6.5 to 10.0 %.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def result(text: str, values: dict[str, Any]) -> tuple[str, str]:
    tree = parse_criteria(text, "")
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "male", **values}, "therapies": []})
    got = match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id]
    return got.status, got.reason


def test_two_lost_comparators_read_as_the_window_they_can_only_mean():
    text = chia_line("NCT02985242_inc.txt", "HbA1c = 6.5 and = 10.0")
    for inside in (7.2, 7.5, 9.9):
        status, reason = result(text, {"hba1c": inside})
        assert status == "met", inside
        assert "inferred" in reason         # the reader is told the comparators were not written
    assert result(text, {"hba1c": 6.0})[0] == "not_met"
    assert result(text, {"hba1c": 11.0})[0] == "not_met"


def test_no_pair_of_lost_comparators_makes_an_empty_range():
    # the same bounds written high first, and Chia NCT03236246's "Hgb =8.5 g/dL and =11.5 g/dL"
    assert result("HbA1c = 10.0 and = 6.5 %", {"hba1c": 8.0})[0] == "met"
    text = chia_line("NCT03236246_inc.txt", "Hgb =8.5 g/dL and =11.5")
    assert result(text, {"hemoglobin": {"value": 10.0, "unit": "g/dL"}})[0] == "met"
    assert result(text, {"hemoglobin": {"value": 12.5, "unit": "g/dL"}})[0] == "not_met"


def test_the_chia_gold_reads_the_same_pair_as_the_same_window():
    # the evaluation's own value reader (it never calls the parser) shares the policy
    from tests.eval.chia_eval import read_value
    assert [(op, v) for op, v, _unit in read_value("hba1c", "= 6.5 and = 10.0 %", "inclusion")] == \
        [(">=", 6.5), ("<=", 10.0)]
    # a lost pair joined by "or" is left as each "=" reads alone
    assert [op for op, _v, _unit in read_value("hba1c", "= 6.5 or = 10.0 %", "inclusion")] == ["<=", ">="]
