"""A careful screener's audit, sixth round (session 10, issue 11): a drug named with a local route
(into the eye, onto the skin, inhaled) is not the drug a patient takes, on the real wording of
Chia tuning records, read as a clinician would.
"""

from __future__ import annotations

from tests.unit.test_trust_audit6 import chia_line, one
from trialview.model.criteria import parse_criteria


# --- a drug given into the eye -------------------------------------------------------------------

def test_a_therapy_named_for_the_study_eye_is_not_the_drug_a_patient_takes():
    # Chia NCT02478515 exc-1 (a macular oedema trial): "Previous treatment with anti-VEGF drugs
    # or corticosteroid or grid laser photocoagulation (study eye)" means steroids given into or
    # onto the eye. A woman with lupus on oral prednisone was ✗ excluded ("glucocorticoid:
    # received"); whether she had an intravitreal steroid is for a person
    text = chia_line("NCT02478515_exc.txt", "Previous treatment with anti-VEGF")
    on_prednisone = {"values": {"age": 34, "sex": "female"}, "therapy_history": "complete",
                     "therapies": [{"drug": "prednisone", "current": True},
                                   {"drug": "mycophenolate mofetil", "current": True}]}
    assert one(text, "exclusion", on_prednisone)[0] == "manual"
    # a local route beside a steroid's name holds for that steroid only: "immunosuppressive
    # therapy (with the exception of topical corticosteroids) for more than 14 days and within 6
    # months of vaccination" (Chia NCT02370069 exc-5) still reads the immunosuppressive therapy,
    # and never prednisone as a topical corticosteroid
    text = chia_line("NCT02370069_exc.txt", "history or records of immunosuppressive therapy")
    tree = parse_criteria("", text)
    read = {c.variable for n in tree.walk() for c in n.checks}
    assert "immunosuppressive" in read and "glucocorticoid" not in read
    # a clause that names the systemic route too counts prednisone: "Current treatment with
    # corticosteroids (topical or systemic)" (Chia NCT03079141 exc-3)
    text = chia_line("NCT03079141_exc.txt", "Current treatment with corticosteroids")
    assert one(text, "exclusion", on_prednisone)[0] == "met"
    # inhaled steroids are not the prednisone on the panel either
    assert one("Use of topical or inhaled corticosteroids within 2 weeks", "exclusion", on_prednisone)[0] != "met"
