"""Audit 9 (session 11, issue 11), fault 3's rule for the other broad panel value: a malignancy
asked about as the patient's now ("Current malignancy", "Active malignancy", "Known active
cancer receiving treatment") is narrower than malignancy_history, which says yes for a cancer
cured years ago. A "yes" leaves it for a person, and the reason says what the text asks; a "no"
decides in the patient's favour.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def result(text: str, values: dict[str, Any]) -> tuple[str, str]:
    tree = parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 62, "sex": "female", **values}, "therapies": []})
    got = match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id]
    return got.status, got.reason


def test_a_current_malignancy_is_not_shown_by_a_past_one():
    status, reason = result("Current malignancy", {"malignancy_history": True})
    assert status != "met"
    assert "current malignancy" in reason
    assert result("Current malignancy", {"malignancy_history": False})[0] == "not_met"


def test_real_wordings_say_what_they_ask():
    # Chia NCT02734173 "Active malignancy", NCT03228017 "Known active cancer receiving treatment"
    for name, start, words in (("NCT02734173_exc.txt", "Active malignancy", "active malignancy"),
                               ("NCT03228017_exc.txt", "Known active cancer", "active cancer")):
        status, reason = result(chia_line(name, start), {"malignancy_history": True})
        assert status != "met" and words in reason
        assert result(chia_line(name, start), {"malignancy_history": False})[0] == "not_met"
    # "... or history of malignancy" asks what the panel's value says: a past cancer is never
    # cleared, nor held open as "not the kind asked" (Chia NCT03364036 exc-7; NCT02278341)
    for text in (chia_line("NCT03364036_exc.txt", "Active malignancy or history of malignancy"),
                 "Concurrent malignancy or a history of malignancy"):
        status, reason = result(text, {"malignancy_history": True})
        assert status != "not_met" and "the text asks about" not in reason
