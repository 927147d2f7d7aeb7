"""Audit 10 (session 12), class I: word forms of known variables not read, so a panel that answers
them left them "?".

A reader takes "Bodyweight" for body weight, "Immunodeficiencies" for immunodeficiency, and a
"live or live-attenuated virus ... vaccine" for a live vaccine: one word or two, singular or
plural, hyphen or space, and the kinds of live vaccine ("virus", "bacteria") named between "live"
and "vaccine" change nothing of what is asked.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from tests.unit.test_trust_audit4_reading import node, results
from trialview.model.criteria import parse_criteria


def test_bodyweight_in_one_word_with_the_unit_glued_on_is_weight():
    # NCT05381194 inc-2 "Bodyweight over 35Kg"
    tree = ctgov_tree("NCT05381194")
    crit = node(tree, "Bodyweight over 35Kg")
    assert results(tree, {"values": {"weight": 60}})[1][crit.id] == "met"
    assert results(tree, {"values": {"weight": 30}})[1][crit.id] == "not_met"


def test_immunodeficiencies_in_the_plural_is_immunodeficiency():
    # NCT00739882 exc-16 "Immunodeficiencies."
    tree = ctgov_tree("NCT00739882")
    crit = node(tree, "Immunodeficiencies.")
    assert results(tree, {"values": {"immunodeficiency": False}})[1][crit.id] == "not_met"
    assert results(tree, {"values": {"immunodeficiency": True}})[1][crit.id] == "met"


def test_a_live_or_live_attenuated_virus_or_bacteria_vaccine_is_a_live_vaccine():
    # NCT00739882 exc-13 "Vaccination with a live or live-attenuated virus or live or
    # live-attenuated bacteria vaccine within the 14 days prior to the first dose of Raptiva®"
    tree = ctgov_tree("NCT00739882")
    crit = node(tree, "Vaccination with a live or live-attenuated virus")
    complete = {"therapy_history": "complete", "therapies": [{"drug": "methotrexate", "current": True}]}
    assert results(tree, complete)[1][crit.id] == "not_met"
    given = {"therapies": [{"drug": "live vaccine", "last_dose": "2026-11-25"}]}
    assert results(tree, given)[1][crit.id] != "not_met"     # (the unread "prior to ... Raptiva" may hold it)
    # Chia-style wordings of the same: hyphenated, "live virus vaccines"
    for text in ("Vaccination with a live-attenuated vaccine within the 14 days prior",
                 "Live virus vaccines within 4 weeks"):
        checks = parse_criteria("", text).sections[0].children[0].checks
        assert [c.variable for c in checks] == ["live_vaccine"], text
    # "live" that is no vaccine's: not read as one
    checks = parse_criteria("", "Patients who live in an area where a vaccine is available").sections[0].children[0].checks
    assert not any(c.variable == "live_vaccine" for c in checks)
