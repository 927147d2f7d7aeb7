"""A careful screener's audit, sixth round (session 10, issue 11): a pregnancy or breastfeeding
that is not the patient's today, on the real wording of Chia tuning records, against a
34-year-old woman with lupus (not pregnant, not breastfeeding) and a 52-year-old man.
"""

from __future__ import annotations

from tests.unit.test_trust_audit6 import chia_line, one

WOMAN = {"values": {"age": 34, "sex": "female", "pregnant": False, "lactating": False}}


def test_a_pregnancy_planned_or_wished_for_is_not_one_today():
    # Chia NCT02385448 exc-4 "Planning pregnancy within 2 years of study" and NCT03168555 exc-5
    # "wish for pregnancy within next three months": a woman who is not pregnant was cleared
    # ("pregnant: no"); whether she plans one is not on the panel
    for name, start in (("NCT02385448_exc.txt", "Planning pregnancy"), ("NCT03168555_exc.txt", "wish for pregnancy")):
        assert one(chia_line(name, start), "exclusion", WOMAN)[0] != "not_met"
    # NCT03120728 inc-4 "Not seeking pregnancy during the study period" is no "not pregnant":
    # never a ✓ from her pregnancy test alone
    assert one(chia_line("NCT03120728_inc.txt", "Not seeking pregnancy"), "inclusion", WOMAN)[0] != "met"
    # a pregnancy today is still read: "Women who are pregnant, nursing, or who plan to become
    # pregnant while in the trial" (NCT03376763 exc-10) excludes a pregnant woman
    text = chia_line("NCT03376763_exc.txt", "Women who are pregnant, nursing")
    assert one(text, "exclusion", {"values": {"age": 34, "sex": "female", "pregnant": True}})[0] == "met"


def test_a_past_pregnancy_or_a_time_of_one_is_not_one_today():
    # Chia NCT02152696 exc-3 "Patient obtaining care in relation to a recently completed
    # pregnancy (delivery, spontaneous or elective abortion)": a woman who delivered last month
    # is not pregnant today and was cleared by it
    text = chia_line("NCT02152696_exc.txt", "Patient obtaining care in relation to a recently completed pregnancy")
    assert one(text, "exclusion", WOMAN)[0] != "not_met"
    # NCT03335436 exc-1 "use illicit drugs or relapse during the last trimester of pregnancy"
    # (a trial of mothers after birth): her pregnancy today says nothing of it
    text = chia_line("NCT03335436_exc.txt", "use illicit drugs or relapse")
    assert one(text, "exclusion", WOMAN)[0] != "not_met"
    # "Pregnancy within the last 6 months" asks about the months past, not today
    assert one("Pregnancy within the last 6 months", "exclusion", WOMAN)[0] != "not_met"


def test_a_nursing_home_is_no_breastfeeding():
    # Chia NCT01891513 exc-14 "Lives in a nursing home (persons living in assisted or
    # independent housing will not be excluded)" read "lactating: yes": a breastfeeding woman
    # would be excluded, a woman living in a nursing home cleared ("lactating: no")
    text = chia_line("NCT01891513_exc.txt", "Lives in a nursing home")
    assert one(text, "exclusion", {"values": {"age": 80, "sex": "female", "lactating": True}})[0] != "met"
    assert one(text, "exclusion", WOMAN)[0] != "not_met"
    # "Pregnant or nursing women" still reads breastfeeding
    assert one("Pregnant or nursing women", "exclusion",
               {"values": {"age": 34, "sex": "female", "lactating": True}})[0] == "met"
