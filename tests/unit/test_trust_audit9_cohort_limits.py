"""Audit 9 (session 11, issue 11), fault 6: Chia NCT02431442 "Healthy obese male and female
volunteers aged 18 to 55 years, inclusive. Heterozygous subjects may be 18 to 65 years
inclusive." and "Body Mass Index of 30-40 kg/m2, inclusive. Heterozygous subjects may have a
broader BMI range; to be eligible heterozygous subjects may have a BMI 27 -55 kg/ m2, inclusive."
"X subjects may ..." widens the limit for a cohort. Whether the patient is a heterozygous subject
the panel does not say: a woman of 62, or with a BMI of 27.3, may be one, so she is open, not
failed; outside both limits she fails; inside the first she meets the limit.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.unit.match_helpers import node_results




def results(text: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    return node_results(text, "inclusion", values)


AGE = chia_line("NCT02431442_inc.txt", "Healthy obese male and female volunteers aged 18 to 55")
BMI = chia_line("NCT02431442_inc.txt", "Body Mass Index of 30-40 kg/m2")
# the same class of wording
OTHER = "Adults aged 18 to 45 years. Carriers may be 18 to 60 years."


def woman(age: int, weight: float = 80) -> dict[str, Any]:
    return {"age": age, "sex": "female", "weight": weight, "height": 160.1}


def test_a_value_inside_the_cohorts_wider_limit_is_open_not_failed():
    assert results(AGE, woman(62))[0][1] != "not_met"
    assert results(OTHER, woman(50))[0][1] != "not_met"
    got = results(BMI, woman(40, 70))          # BMI 27.3
    assert got[0][1] != "not_met"
    # no part that holds the wider limit is failed while the wider limit holds
    for words, status, reason in got:
        if "27 -55" in words:
            assert status != "not_met", (words, reason)


def test_outside_both_limits_fails_and_inside_the_first_meets_it():
    assert results(AGE, woman(70))[0][1] == "not_met"
    assert results(OTHER, woman(61))[0][1] == "not_met"
    assert results(OTHER, woman(30))[0][1] == "met"
    assert results(BMI, woman(40, 50))[0][1] == "not_met"      # BMI 19.5
    assert results(BMI, woman(40, 85))[0][1] == "met"          # BMI 33.2
