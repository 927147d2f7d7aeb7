"""A range written with a tilde or after "within the range" is read (audit 11; session 13).

NCT05380934 inc-5 "..., BMI in the range of 18 ~ 28 kg / m2 (including critical value);" and
NCT05381142 inc-4 "Body weight of at least 40 kg and body mass index (BMI) within the range 18.0
and 30.0 kg/m^2 (inclusive) at screening." were left to a person: a patient with a BMI of 35 read
"?" where a reader sees her outside the range.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from tests.verdicts import criterion_id, verdict


def test_within_the_range_of_a_bmi():
    tree = ctgov_tree("NCT05381142")
    inc = criterion_id(tree, "Body weight of at least 40 kg and body mass index (BMI) within the range")
    assert verdict(tree, inc, values={"weight": 60, "bmi": 24}) == "met"
    assert verdict(tree, inc, values={"weight": 60, "bmi": 32}) == "not_met"
    assert verdict(tree, inc, values={"weight": 60, "bmi": 30}) == "met"          # inclusive


def test_a_tilde_range_of_a_bmi():
    tree = ctgov_tree("NCT05380934")
    inc = criterion_id(tree, "Male subjects weigh not less than 50 kg, female subjects weigh")
    assert verdict(tree, inc, values={"weight": 90, "bmi": 35}) == "not_met"
    # inside the range: her weight against the limit for women is still for a person
    assert verdict(tree, inc, values={"weight": 60, "bmi": 22}) not in ("met", "not_met")
