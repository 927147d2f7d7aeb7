"""A range written with a tilde or after "within the range" is read (audit 11; session 13).

NCT05380934 inc-5 "..., BMI in the range of 18 ~ 28 kg / m2 (including critical value);" and
NCT05381142 inc-4 "Body weight of at least 40 kg and body mass index (BMI) within the range 18.0
and 30.0 kg/m^2 (inclusive) at screening." were left to a person: a patient with a BMI of 35 read
"?" where a reader sees her outside the range.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def status(tree: Any, start: str, values: dict[str, Any]) -> str:
    (node_id,) = [n.id for n in tree.walk() if n.kind == "criterion" and n.text.startswith(start)]
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 40, "sex": "female", **values}})
    return match_trial("T", "t", tree, panel).statuses[node_id].status


def test_within_the_range_of_a_bmi():
    tree = ctgov_tree("NCT05381142")
    start = "Body weight of at least 40 kg and body mass index (BMI) within the range"
    assert status(tree, start, {"weight": 60, "bmi": 24}) == "met"
    assert status(tree, start, {"weight": 60, "bmi": 32}) == "not_met"
    assert status(tree, start, {"weight": 60, "bmi": 30}) == "met"          # inclusive


def test_a_tilde_range_of_a_bmi():
    tree = ctgov_tree("NCT05380934")
    start = "Male subjects weigh not less than 50 kg, female subjects weigh"
    assert status(tree, start, {"weight": 90, "bmi": 35}) == "not_met"
    # inside the range: her weight against the limit for women is still for a person
    assert status(tree, start, {"weight": 60, "bmi": 22}) not in ("met", "not_met")
