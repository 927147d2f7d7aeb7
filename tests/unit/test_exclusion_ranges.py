"""An exclusion that sets a range excludes only the patients inside it (trust8 noticed it,
session 11): "Patients aged 18-45" as an exclusion was read "age ≥ 18 or age ≤ 45", the two ends
joined as alternatives as an exclusion's checks side by side are, so it excluded every patient
of any age; "SLEDAI-2K score between 6 and 12" excluded every SLEDAI. A reader excludes a patient
of 30 and keeps one of 60 or of 12; the two ends of one range hold together in either section.
"""

from __future__ import annotations

from typing import Any

import pytest

from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def g_dl(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "g/dL"}


def exclusion_status(text: str, values: dict[str, Any]) -> str:
    tree = parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses["exc-1"].status


@pytest.mark.parametrize("text", ["Patients aged 18-45", "Patients aged 18 to 45 years",
                                  "Adults aged between 18 and 45 years"])
@pytest.mark.parametrize("age,status", [(30, "met"), (60, "not_met"), (12, "not_met")])
def test_an_age_range_excludes_only_the_ages_inside_it(text: str, age: int, status: str) -> None:
    assert exclusion_status(text, {"age": age, "sex": "female"}) == status


@pytest.mark.parametrize("score,status", [(8, "met"), (14, "not_met"), (4, "not_met")])
def test_a_score_range_excludes_only_the_scores_inside_it(score: int, status: str) -> None:
    assert exclusion_status("SLEDAI-2K score between 6 and 12", {"sledai_2k": score}) == status


def test_two_limits_of_different_labs_in_an_exclusion_stay_alternatives() -> None:
    # (the rule binds the two ends of one range only; two labs side by side each exclude)
    text = "Hemoglobin < 8 g/dL, platelets < 50 x 10^9/L"
    assert exclusion_status(text, {"hemoglobin": g_dl(12), "platelets": 20}) == "met"
    assert exclusion_status(text, {"hemoglobin": g_dl(7), "platelets": 200}) == "met"
    assert exclusion_status(text, {"hemoglobin": g_dl(12), "platelets": 200}) == "not_met"


def test_a_range_among_other_limits_is_one_more_way_to_be_excluded() -> None:
    # (the range's own "and" is no conjunction of the list: the commas stay alternatives)
    text = "Hemoglobin < 8 g/dL, platelets < 50 x 10^9/L, aged 18-45"
    assert exclusion_status(text, {"hemoglobin": g_dl(12), "platelets": 200, "age": 60}) == "not_met"
    assert exclusion_status(text, {"hemoglobin": g_dl(12), "platelets": 200, "age": 30}) == "met"
    assert exclusion_status(text, {"hemoglobin": g_dl(7), "platelets": 200, "age": 60}) == "met"
