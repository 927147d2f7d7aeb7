"""A careful screener's audit, sixth round (session 10, issue 11): a limit given per sex is the
patient's own sex's limit, on the real wording of Chia tuning records.
"""

from __future__ import annotations

from tests.unit.test_trust_audit6 import chia_line, one


def panel(sex: str | None, **values: float) -> dict[str, object]:
    return {"values": {"age": 50, **({"sex": sex} if sex else {}), **values}}


def test_a_limit_given_for_each_sex_is_the_patients_own():
    # Chia NCT01717911 exc-4 "Impaired renal function (Serum creatinine >1.5 mg/dL in male, >1.4
    # mg/dL in female )": a woman with 1.45 mg/dL was cleared ("1.45 <= 1.5"); she is above
    # the women's limit
    text = chia_line("NCT01717911_exc.txt", "Impaired renal function")
    assert one(text, "exclusion", panel("female", creatinine=1.45))[0] == "met"
    assert one(text, "exclusion", panel("male", creatinine=1.45))[0] == "not_met"
    assert one(text, "exclusion", panel("female", creatinine=0.8))[0] == "not_met"
    # the sex not known: 1.45 is past one limit and not the other, so it stays open
    assert one(text, "exclusion", panel(None, creatinine=1.45))[0] == "unknown"
    # NCT01891513 exc-8 "Serum creatinine >2.5 mg/dL in men, or >2.0 mg/dL in women"
    text = chia_line("NCT01891513_exc.txt", "Serum creatinine >2.5 mg/dL in men")
    assert one(text, "exclusion", panel("female", creatinine=2.2))[0] == "met"
    assert one(text, "exclusion", panel("male", creatinine=2.2))[0] == "not_met"
    # NCT03338855 exc-13 "Anemia defined as Hemoglobin (Hb) < 115 g/L (7.1 mM) in women and <
    # 120 g/L (7.5 mM) in men": a man with 117 g/L is anaemic by the men's limit (was cleared:
    # 117 >= 115)
    text = chia_line("NCT03338855_exc.txt", "Anemia defined as Hemoglobin")
    assert one(text, "exclusion", panel("male", hemoglobin=117))[0] != "not_met"
    assert one(text, "exclusion", panel("male", hemoglobin=140))[0] == "not_met"


def test_an_inclusion_limit_per_sex_asks_each_patient_their_own():
    # the same wording in an inclusion: a woman with 12.5 g/dL meets the women's limit, a man
    # with 12.5 fails the men's
    text = "Hemoglobin ≥ 13 g/dL for men, ≥ 12 g/dL for women"
    assert one(text, "inclusion", panel("female", hemoglobin=125))[0] == "met"
    assert one(text, "inclusion", panel("male", hemoglobin=125))[0] == "not_met"
