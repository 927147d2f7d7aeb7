"""Audit 11 (session 12, issue 11), class N1: a cancer trial excluded the patients it is for.

NCT05482568 (advanced non-small cell lung cancer) requires "Subjects with advanced or metastatic
non-small cell lung cancer" (inc-5) and excludes "Previous or concurrent malignancy" (exc-14). A
reader: the excluded malignancy is another one than the lung cancer the trial is for. The panel's
malignancy_history "yes" may be that very cancer, so it cannot decide exc-14; its "no" still can.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def status(tree: Any, node_id: str, values: dict[str, Any]) -> str:
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 63, "sex": "male", **values}})
    return match_trial("T", "t", tree, panel).statuses[node_id].status


def node_id(tree: Any, start: str) -> str:
    (found,) = [n.id for n in tree.sections[1].children if n.text.startswith(start)]
    return found


def test_the_trials_own_cancer_is_no_other_malignancy():
    tree = ctgov_tree("NCT05482568")
    exc = node_id(tree, "Previous or concurrent malignancy")
    assert status(tree, exc, {"malignancy_history": True}) == "unknown"
    assert status(tree, exc, {"malignancy_history": False}) == "not_met"


def test_a_trial_for_people_without_cancer_still_decides_it():
    tree = parse_criteria("Adults with type 2 diabetes", "Previous or concurrent malignancy")
    assert status(tree, "exc-1", {"malignancy_history": True}) == "met"
