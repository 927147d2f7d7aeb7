"""Audit 10 (session 12, issue 11), class M: a requirement written among the exclusions.

NCT05482516 lists under its exclusion "Pregnancy or breastfeeding, or intention of becoming
pregnant during study treatment or within 5 months ..." the line "Women of childbearing potential
must have a negative serum or urine pregnancy test result within 28 days prior to initiation of
study treatment". A reader: that line says what a woman must show to be taken; it excludes her
only when she cannot show it (she is pregnant). Read as it stood, its check (not pregnant) was a
way to be excluded: only its unread tail kept every non-pregnant woman from being excluded.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

WOMAN = {"age": 34, "sex": "female", "childbearing_potential": True, "lactating": False}


def statuses(tree: Any, values: dict[str, Any]) -> dict[str, str]:
    panel = parse_panel({"as_of": "2026-12-01", "values": values})
    return {k: r.status for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def node_id(tree: Any, start: str) -> str:
    (found,) = [n.id for n in tree.walk() if n.id.startswith("exc") and n.text.startswith(start)]
    return found


def test_a_woman_who_is_not_pregnant_is_not_excluded_by_the_test_she_must_show():
    tree = ctgov_tree("NCT05482516")
    line = node_id(tree, "Women of childbearing potential must have a negative")
    assert statuses(tree, {**WOMAN, "pregnant": False})[line] == "not_met"
    # pregnant: the test cannot be negative, so this way out is open (its unread tail, "prior to
    # initiation of study treatment", is for a person) and the lead-in excludes her
    got = statuses(tree, {**WOMAN, "pregnant": True})
    assert got[line] != "not_met"
    assert got[line.rsplit(".", 1)[0]] == "met"


def test_a_relative_clause_names_whom_the_trial_excludes():
    # "who must be treated with" says who is out, not what is required of those taken
    tree = parse_criteria("", "Patients who must be treated with rituximab during the study")
    (check,) = tree.sections[0].children[0].checks
    assert not check.negated
    tree = parse_criteria("", "Women must not be pregnant")
    (check,) = tree.sections[0].children[0].checks
    assert not check.negated
