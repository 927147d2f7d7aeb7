"""A careful screener's audit, sixth round (session 10, issue 11): an exclusion that names
several groups of patients excludes each of them, on the real wording of Chia tuning records.
"""

from __future__ import annotations

from tests.unit.test_trust_audit6 import chia_line, one


def test_an_exclusion_naming_other_groups_beside_a_read_one_is_not_cleared_by_that_one():
    # Chia NCT03373318 exc-1 "Patients who do not meet the inclusion criteria and those who have
    # a history of allergic reactions to human albumin, as well as those who have received
    # iodinated contrast during the 7 days prior to surgery and pregnant women, will be excluded
    # from the study": a woman who is not pregnant was cleared ("pregnant: no"), whatever her
    # allergies and her contrast
    text = chia_line("NCT03373318_exc.txt", "Patients who do not meet the inclusion criteria")
    woman = {"values": {"age": 34, "sex": "female", "pregnant": False}}
    assert one(text, "exclusion", woman)[0] != "not_met"
    # a pregnant woman is excluded
    assert one(text, "exclusion", {"values": {"age": 34, "sex": "female", "pregnant": True}})[0] == "met"
    # NCT02443844 exc-1 "Patients who have previous prostate surgery Patients who have muscle
    # invasive bladder cancer" (two lines run together): a man with no cancer was cleared,
    # though his prostate surgery is not on the panel
    text = chia_line("NCT02443844_exc.txt", "Patients who have previous prostate surgery")
    assert one(text, "exclusion", {"values": {"age": 60, "sex": "male", "malignancy_history": False}})[0] != "not_met"
