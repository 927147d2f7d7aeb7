"""A range written with a tilde or after "within the range" is read (audit 11; session 13).

NCT05380934 inc-5 "..., BMI in the range of 18 ~ 28 kg / m2 (including critical value);" and
NCT05381142 inc-4 "Body weight of at least 40 kg and body mass index (BMI) within the range 18.0
and 30.0 kg/m^2 (inclusive) at screening." were left to a person: a patient with a BMI of 35 read
"?" where a reader sees her outside the range.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from tests.verdicts import criterion_id, verdict
from trialview.model.criteria import parse_criteria


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


def test_a_range_per_sex_is_each_sex_s_own():
    # (review of session 13: the women's range was read for everyone, so a man with a BMI of 31
    # was turned away by "18 to 30 kg/m2 in women and 18 to 32 in men")
    for text in ("BMI in the range of 18 to 30 kg/m2 in women and 18 to 32 in men",
                 "BMI 18-30 kg/m2 for women and 18-32 kg/m2 for men",
                 "BMI in the range of 18 ~ 30 kg/m2 (18 ~ 32 kg/m2 for men)"):
        tree = parse_criteria(text, "")
        assert verdict(tree, "inc-1", values={"sex": "male", "bmi": 31}) == "met", text
        assert verdict(tree, "inc-1", values={"sex": "female", "bmi": 31}) == "not_met", text
        assert verdict(tree, "inc-1", values={"sex": "female", "bmi": 25}) == "met", text


def test_one_sex_s_limit_in_a_bracket_leaves_the_other_the_plain_one():
    tree = parse_criteria("", "Hemoglobin < 11 g/dL (< 12 g/dL for men)")
    assert verdict(tree, "exc-1", values={"sex": "male", "hemoglobin": 115}) == "met"
    assert verdict(tree, "exc-1", values={"sex": "female", "hemoglobin": 115}) == "not_met"
