"""Audit 10 (session 12), class E: NCT00056407 inc-3 "Have a PSA (prostate specific antigen)
between 2.5 and 10 if 50-60 years of age; or a PSA between 3.0 and 10 if over age 60." was met for
a 34-year-old and a 9-year-old: neither case applied, so each was "does not apply", and the
inclusion they made up was met.

A reader: the inclusion asks for the case that applies to be met; with no case applying nothing it
asks for is met, so it is not met (open while the age that decides the case is unknown). A
patient whose case applies is decided by that case's PSA range alone (for a person: the panel
holds no PSA).
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree as tree_of
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

PSA = "Have a PSA (prostate specific antigen) between 2.5 and 10 if 50-60 years of age"


def status(values: dict[str, Any]) -> str:
    tree = tree_of("NCT00056407")
    crit = next(n for n in tree.walk() if n.text.startswith(PSA))
    panel = parse_panel({"as_of": "2026-12-01", "values": {"sex": "male", **values}, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses[crit.id].status


def test_no_case_applying_is_not_met():
    assert status({"age": 34}) == "not_met"
    assert status({"age": 9}) == "not_met"


def test_the_case_that_applies_decides_and_its_psa_is_for_a_person():
    # (trialview's panel holds no PSA: the range of the case that applies is for a person)
    for age in (55, 65):
        assert status({"age": age}) not in ("met", "not_met"), age


def test_an_unknown_age_leaves_it_open():
    assert status({}) not in ("met", "not_met")
