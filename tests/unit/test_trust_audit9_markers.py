"""Audit 9 (session 11, issue 11), fault 5: Chia NCT03355157 inc-4 "Metastatic invasive hormone
receptor positive and HER2 negative breast cancer (histologically confirmed)." was read as "no
malignancy required", so the trial failed a woman with metastatic HR+/HER2- breast cancer, its own
patient. A reader: "negative" says what HER2 is; the criterion requires a breast cancer.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def status(text: str, section: str, values: dict[str, Any]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 62, "sex": "female", **values}, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id].status


def test_her2_negative_breast_cancer_requires_a_cancer():
    text = chia_line("NCT03355157_inc.txt", "Metastatic invasive hormone receptor positive")
    # the trial's own patient is not failed by it (whether hers is this cancer is for a person)
    assert status(text, "inclusion", {"malignancy_history": True}) != "not_met"
    # a woman with no cancer at all does not meet it
    assert status(text, "inclusion", {"malignancy_history": False}) == "not_met"


def test_other_marker_results_inside_a_diagnosis():
    for text in ("Triple-negative breast cancer", "Histologically confirmed breast cancer, ER-negative",
                 "EGFR negative non-squamous lung cancer"):
        assert status(text, "inclusion", {"malignancy_history": True}) != "not_met", text
    # a plain denial still denies, and a result after a serology is still that serology's
    assert status("No history of malignancy", "inclusion", {"malignancy_history": True}) == "not_met"
    assert status("HBsAg negative", "inclusion", {"hbsag": "positive"}) == "not_met"
