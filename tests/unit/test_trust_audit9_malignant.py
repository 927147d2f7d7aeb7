"""Audit 9 (session 11, issue 11), fault 8: "malignant" that names no cancer. Chia NCT03231982
excludes "Known diagnosis of moderate or malignant retinopathy (...)": its sub-clause "malignant
retinopathy" was read as a malignancy, and a patient with no cancer was told "malignancy: no"
cleared it. A malignant (hypertensive) retinopathy, a malignant hyperthermia, a neuroleptic
malignant syndrome are no cancer: whether the patient has one is for a person.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def statuses(text: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(status, reason) of the exclusion and of every node under it."""
    tree = parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 50, "sex": "male", **values}, "therapies": []})
    got = match_trial("T", "t", tree, panel).statuses
    return [(got[n.id].status, got[n.id].reason) for n in tree.sections[0].children[0].walk() if n.id in got]


def test_malignant_retinopathy_is_no_malignancy():
    text = chia_line("NCT03231982_exc.txt", "Known diagnosis of moderate or malignant retinopathy")
    for status, reason in statuses(text, {"malignancy_history": False}):
        assert status != "not_met" and "malignancy" not in reason     # no cancer says nothing of the eyes
    for status, reason in statuses(text, {"malignancy_history": True}):
        assert status != "met" and "malignancy" not in reason


def test_malignant_hyperthermia_and_neuroleptic_malignant_syndrome_are_no_malignancy():
    # Chia NCT03336801 "Genetic malignant hyperthermia"; NCT03376763 "... a history of seizures,
    # neuroleptic malignant syndrome, clinically significant tardive dyskinesia, ..."
    for text in (chia_line("NCT03336801_exc.txt", "Genetic malignant hyperthermia"),
                 chia_line("NCT03376763_exc.txt", "Subjects had a history of seizures, neuroleptic malignant")):
        (status, reason), *_ = statuses(text, {"malignancy_history": True})
        assert status != "met", text        # a past cancer is not what these exclude
        assert "malignancy" not in reason
    # a malignant tumour still is one
    (status, _), *_ = statuses("History of malignant melanoma", {"malignancy_history": False})
    assert status != "met"
    (status, _), *_ = statuses("malignant hypertension or cancer", {"malignancy_history": False})
    assert status != "met"
    (status, reason), *_ = statuses("malignant hypertension or history of cancer", {"malignancy_history": True})
    assert status == "met", reason
