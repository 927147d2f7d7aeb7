"""Audit 10 (session 12, issue 11), class K: the items after a lead-in of alternatives whose list
lost its indentation (flat_alternatives.py).

Chia NCT02106598 (inclusion): "Have one of the following disease histories:" is followed, at the
same level as every other line, by the disease histories ("Newly-diagnosed or recurrent ...
malignant melanoma ...", "Newly diagnosed patients with previous excisional biopsy. OR",
"Newly-diagnosed gynecologic cancer patients in whom SLN mapping ... is indicated"). A reader: a
patient needs one of them, not each; and where the list ends the flat text does not say. So a
history she does not have is no reason to call her ineligible: a person says whether it was one
of the alternatives.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_files, chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

LEAD = "Have one of the following disease histories:"
GYNECOLOGIC = "Newly-diagnosed gynecologic cancer patients"
WOMAN = {"age": 50, "sex": "female", "malignancy_history": False}


def status(text: str, start: str, values: dict[str, Any]) -> str:
    tree = parse_criteria(text, "")
    panel = parse_panel({"as_of": "2026-12-01", "values": values})
    (found,) = [n.id for n in tree.sections[0].children if n.text.startswith(start)]
    return match_trial("T", "t", tree, panel).statuses[found].status


def test_an_alternative_she_does_not_have_is_no_machine_cross():
    text = chia_files()["NCT02106598_inc.txt"]
    assert chia_line("NCT02106598_inc.txt", LEAD)           # (a tuning trial, the lead-in as written)
    assert status(text, GYNECOLOGIC, WOMAN) not in ("not_met", "met")
    # alone, the same line is a requirement of its own, and she fails it
    alone = chia_line("NCT02106598_inc.txt", GYNECOLOGIC)
    assert status(alone, GYNECOLOGIC, WOMAN) == "not_met"


def test_a_line_ending_in_a_colon_ends_the_alternatives():
    text = "\n".join([LEAD, "History of melanoma", "Laboratory values as follows:",
                      "Hemoglobin >= 9 g/dL"])
    assert status(text, "Hemoglobin", {**WOMAN, "hemoglobin": {"value": 8, "unit": "g/dL"}}) == "not_met"
