"""Audit 10 (session 12), class D: an exclusion's unread words that are one more item of it were
joined to the check they follow as if they qualified it, so the check alone cleared the patient.

NCT05482568 exc-25 "Uncontrolled mental illness and other conditions known to affect the
completion of the study process, such as alcohol, drug or substance abuse and detention": "not
met" for a man with no psychiatric disorder, whose substance abuse and detention nobody asked.
NCT05482568 exc-19 "Live attenuated vaccine was administered within 28 days prior to initial study
administration or is expected to be administered during study treatment": "not met" for a patient
with a complete history and no live vaccine, whose vaccination plans nobody asked.

A reader: "and other conditions ..." and "or is expected to be ..." are more ways to be excluded;
with them unanswered the exclusion is open, never cleared; a patient the read part finds against
is never cleared.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree as tree_of
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

MAN = {"age": 58, "sex": "male", "psychiatric_disorder": False}


def status(trial: str, start: str, values: dict[str, Any], therapies: list[dict[str, Any]] | None = None) -> str:
    tree = tree_of(trial)
    crit = next(n for n in tree.walk() if n.text.startswith(start))
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": therapies or [],
                         "therapy_history": "complete"})
    return match_trial("T", "t", tree, panel).statuses[crit.id].status


def test_and_other_conditions_are_one_more_way_to_be_excluded():
    start = "Uncontrolled mental illness and other conditions"
    assert status("NCT05482568", start, MAN) != "not_met"


def test_or_is_expected_to_be_is_one_more_way_to_be_excluded():
    start = "Live attenuated vaccine was administered within 28 days"
    assert status("NCT05482568", start, MAN, [{"drug": "metformin", "current": True}]) != "not_met"
    assert status("NCT05482568", start, MAN, []) != "not_met"
    # given 10 days ago, the read part finds against him: never cleared
    assert status("NCT05482568", start, MAN, [{"drug": "live vaccine", "last_dose": "2026-11-21"}]) != "not_met"
