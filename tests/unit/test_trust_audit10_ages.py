"""Audit 10 (session 12), class J: an age the text states, left to a person.

- "Male or female = 18 years of age and <60 years" (NCT00739908 inc-1): the "=" is a "≥" the
  registry's export lost, as elsewhere in the same records; a reader takes it as "at least 18"
  (an inclusion's age limit is a lower one; flagged inferred) and "<60 years" after it as the
  same age's upper limit.
- "When signing the informed consent, the age is 18-75 years old (including both ends), and there
  is no gender limitation" (NCT05482568 inc-2): "when signing the informed consent" says when the
  age is taken, not for whom the criterion holds; "no gender limitation" admits either sex. A
  9-year-old fails it; a 34-year-old meets it.
A lost comparator stays unread where the sentence names someone else first ("a patient's relative
or caregiver (male or female) = 80 year old", Chia NCT02525991): no age of the patient's.
"""

from __future__ import annotations

from tests.corpora import chia_line
from tests.corpora import ctgov_tree
from tests.unit.test_trust_audit4_reading import node, results
from trialview.model.criteria import parse_criteria


def test_an_age_with_a_lost_comparator_is_a_lower_limit_of_an_inclusion():
    tree = ctgov_tree("NCT00739908")
    crit = node(tree, "Male or female = 18 years of age and <60 years")
    verdicts = {age: results(tree, {"values": {"age": age, "sex": "female"}})[1][crit.id] for age in (9, 34, 58, 71)}
    assert verdicts == {9: "not_met", 34: "met", 58: "met", 71: "not_met"}
    assert any(c.inferred for c in crit.checks)         # the lost "≥" is said to be inferred


def test_the_moment_of_consent_is_no_condition_on_the_patient():
    tree = ctgov_tree("NCT05482568")
    crit = node(tree, "When signing the informed consent, the age is 18-75 years old")
    assert crit.condition is None
    verdicts = {age: results(tree, {"values": {"age": age, "sex": "male"}})[1][crit.id] for age in (9, 34, 58, 80)}
    assert verdicts == {9: "not_met", 34: "met", 58: "met", 80: "not_met"}
    # a "when" that is a condition stays one
    tree = parse_criteria("When pregnant, age 18-75 years", "")
    assert tree.sections[0].children[0].condition is not None


def test_a_lost_comparator_on_someone_elses_age_is_not_the_patients():
    text = chia_line("NCT02525991_inc.txt", "Requirement of family or other caregiver support")
    crit = parse_criteria(text, "").sections[0].children[0]
    assert not any(c.variable == "age" for n in crit.walk() for c in n.checks)
