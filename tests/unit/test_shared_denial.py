"""Two wrong verdicts from one sentence shape: a list of organs sharing one head noun, and a
denial before a name the parser reads and one it does not.

"Severe cardiac or renal disease" is severe cardiac disease or severe renal disease: a patient
with severe cardiac disease is excluded (it was left whole to a person), one without it is still
open for the kidneys. "No severe cardiac disease or hepatitis" is neither: the inclusion is not
met by the absence of cardiac disease alone (it was, the hepatitis joined as an alternative).
"""

from __future__ import annotations

from trialview.model.criteria.parse import parse_criteria
from tests.verdicts import verdict


def test_a_shared_head_noun_reads_the_organ_it_can():
    for text in ("Severe cardiac or renal disease", "Significant cardiac, pulmonary, hepatic, or renal disease",
                 "Presence of serious cardiac or respiratory disease"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"severe_cardiac_disease": True}) == "met", text
        # the other organs are unread: no answer on the heart clears the patient (nor, for a
        # "significant" disease, on a severe one: audit 15)
        assert verdict(tree, "exc-1", values={"severe_cardiac_disease": False}) in ("manual", "unknown"), text


def test_a_denial_covers_the_unread_name_after_or():
    for text in ("No severe cardiac disease or hepatitis", "Without malignancy or renal failure",
                 "Patients must not have malignancy or renal failure", "No hepatitis or severe cardiac disease",
                 "No severe cardiac or renal disease"):
        tree = parse_criteria(text, "")
        healthy = {"severe_cardiac_disease": False, "malignancy_history": False}
        assert verdict(tree, "inc-1", values=healthy) == "manual", text
        ill = {"severe_cardiac_disease": True, "malignancy_history": True}
        # (a malignancy named with no past is one now, which the panel's history does not say:
        # its yes is for a person, audit 15)
        assert verdict(tree, "inc-1", values=ill) == ("unknown" if "malignancy" in text else "not_met"), text


def test_or_with_a_clause_of_its_own_stays_another_way():
    # (Chia NCT03253796) the second way has its own verb: not denied by the first "not"
    tree = parse_criteria("Is not of reproductive potential, or is of reproductive potential and agrees to avoid "
                          "becoming pregnant while receiving trial medication", "")
    assert verdict(tree, "inc-1", values={"childbearing_potential": False}) == "met"


def test_a_qualifier_inside_a_denial_narrows_what_is_denied():
    # (Chia NCT03253796) a tuberculosis that was treated meets it; none at all meets it too
    tree = parse_criteria("Has no history of untreated latent or active tuberculosis (TB) prior to Screening", "")
    assert verdict(tree, "inc-1", values={"tuberculosis": "negative"}) == "met"
    assert verdict(tree, "inc-1", values={"tuberculosis": "positive"}) not in ("met", "not_met")
    # a time after the denied state is no part of it: a pregnant woman fails
    tree = parse_criteria("Not pregnant at the time of enrollment", "")
    assert verdict(tree, "inc-1", values={"pregnant": True}) == "not_met"

