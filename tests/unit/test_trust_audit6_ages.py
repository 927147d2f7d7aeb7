"""A careful screener's audit, sixth round (session 10, issue 11): an age that is not the
patient's (a pregnancy's gestational age), on the real wording of Chia tuning records.
"""

from __future__ import annotations

from tests.unit.test_trust_audit6 import chia_line, one


def test_a_gestational_age_is_not_the_patients_age():
    # Chia NCT02620904 inc-2 "Estimated gestational age greater than 20 weeks" was ✓ for every
    # adult (34 years > 20 weeks), a woman 15 weeks pregnant too; NCT02511574 inc-1
    # "gestational age between 20 weeks and 23 weeks and 6 days" was ✗ for every adult
    woman = {"values": {"age": 34, "sex": "female", "pregnant": True}}
    assert one(chia_line("NCT02620904_inc.txt", "Estimated gestational age"), "inclusion", woman)[0] == "manual"
    assert one(chia_line("NCT02511574_inc.txt", "gestational age between"), "inclusion", woman)[0] == "manual"
    # NCT03355326 inc-2 "Gestational age >33 weeks at time of delivery", NCT03091881 exc-6
    # "Fetal destress or gestational age < 36 week": nothing of the mother's age
    assert one(chia_line("NCT03355326_inc.txt", "Gestational age >33"), "inclusion", woman)[0] != "met"
    assert one(chia_line("NCT03091881_exc.txt", "Fetal destress"), "exclusion", woman)[0] != "not_met"
    # the mother's own age beside it is still read: a woman of 50 fails "aged 18 to 45"
    text = "Pregnant women aged 18 to 45 years, gestational age > 20 weeks"
    assert one(text, "inclusion", {"values": {"age": 50, "sex": "female", "pregnant": True}})[0] == "not_met"
