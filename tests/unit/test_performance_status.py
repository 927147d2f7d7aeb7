"""Performance status (trust8, issue 11): oncology trials limit the ECOG (Zubrod, WHO) grade or the
Karnofsky score, and every such criterion was left to a person: `ecog` was no variable. Read from
real wording (Chia's tuning part, the ClinicalTrials.gov records of tests/data) as a person reads
it: "0-1" is at most 1, "0, 1 or 2" at most 2; one scale never answers the other's limit; a
criterion that names a scale twice (its second mention relaxing the first) stays for a person.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.corpora import chia_line, ctgov_tree
from tests.unit.criteria_helpers import all_checks, crit
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import PanelError, parse_panel



def ctgov_criterion(nct: str, start: str) -> tuple[str, str]:
    """(the criterion's text, its section) in a ClinicalTrials.gov XML record of tests/data."""
    tree = ctgov_tree(nct)
    found = [(n.text, s.section) for s in tree.sections for n in s.walk()
             if n.kind == "criterion" and n.text.startswith(start)]
    assert found, start
    return found[0]


def status(text: str, section: str, values: dict[str, Any]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id].status


def test_an_ecog_range_is_read_as_its_highest_grade_and_decides_both_ways():
    text = chia_line("NCT00543712_inc.txt", "ECOG performance status of 0-2")
    assert all_checks(crit(text)) == ["ecog >= 0 score", "ecog <= 2 score"]
    assert crit(text).unread == []
    assert status(text, "inclusion", {"ecog": 1}) == "met"
    assert status(text, "inclusion", {"ecog": 3}) == "not_met"


@pytest.mark.parametrize(("name", "start", "highest"), [
    ("NCT01850147_inc.txt", "ECOG PS: 0,1", 1),
    ("NCT02003339_inc.txt", "WHO (World Health organization) Performance status", 2),
    ("NCT00599924_inc.txt", "Eastern Cooperative Oncology Group (ECOG) 0 or 1", 1),
    ("NCT00183885_inc.txt", "Patients must have a Zubrod performance status of 0-2", 2),
])
def test_grades_listed_or_named_by_another_name_of_the_scale_are_a_highest_ecog(name: str, start: str, highest: int):
    text = chia_line(name, start)
    checks = all_checks(crit(text))
    assert f"ecog <= {highest} score" in checks
    assert status(text, "inclusion", {"ecog": highest}) == "met"
    assert status(text, "inclusion", {"ecog": highest + 1}) == "not_met"


def test_zubrod_and_who_say_what_scale_they_were_read_on():
    zubrod = crit(chia_line("NCT00183885_inc.txt", "Patients must have a Zubrod"))
    assert {c.note for c in zubrod.checks} == {"Zubrod performance status: the ECOG scale"}


def test_ctgov_wordings_of_a_highest_grade():
    text, section = ctgov_criterion("NCT00739830", "ECOG performance status less than or equal to 1")
    assert (section, all_checks(crit(text))) == ("inclusion", ["ecog <= 1 score"])
    text, _ = ctgov_criterion("NCT05380986", "ECOG score is 0~2")
    assert status(text, "inclusion", {"ecog": 2}) == "met"
    assert status(text, "inclusion", {"ecog": 3}) == "not_met"


def test_a_karnofsky_limit_is_read_and_decided():
    text = chia_line("NCT00050349_inc.txt", "Karnofsky Performance Status > 60")
    assert all_checks(crit(text)) == ["karnofsky > 60 %"]
    assert status(text, "inclusion", {"karnofsky": 70}) == "met"
    assert status(text, "inclusion", {"karnofsky": 60}) == "not_met"


def test_a_karnofsky_limit_written_value_first_in_an_exclusion():
    text, section = ctgov_criterion("NCT05381194", "Less than 30 Karnofsky score")
    assert section == "exclusion"
    assert status(text, "exclusion", {"karnofsky": 20}) == "met"
    assert status(text, "exclusion", {"karnofsky": 80}) == "not_met"


def test_one_scale_never_answers_the_others_limit():
    karnofsky = chia_line("NCT00050349_inc.txt", "Karnofsky Performance Status > 60")
    ecog = chia_line("NCT00543712_inc.txt", "ECOG performance status of 0-2")
    # ECOG 0 (fully active) says nothing the reader may take for a Karnofsky score, nor the reverse
    assert status(karnofsky, "inclusion", {"ecog": 0}) == "unknown"
    assert status(ecog, "inclusion", {"karnofsky": 100}) == "unknown"


def test_a_scale_named_again_to_relax_the_first_limit_is_left_to_a_person():
    text = chia_line("NCT01491763_inc.txt", "Performance status 0-2")
    assert "may include patients with performance status > 2" in text
    assert not [c for n in crit(text).walk() for c in n.checks if c.variable == "ecog"]
    # a patient whose poor performance status is due to the disease is not failed on it
    assert status(text, "inclusion", {"ecog": 3}) != "not_met"
    text = chia_line("NCT02858804_inc.txt", "ECOG=1 or if ECOG=2")
    assert status(text, "inclusion", {"ecog": 2}) != "not_met"


def test_another_cohorts_grades_after_the_first_stay_unread():
    text, _ = ctgov_criterion("NCT05382559", "Participant has an ECOG performance status of 0, 1 or 2")
    node = crit(text)
    assert "ecog <= 2 score" in all_checks(node)
    assert any("0 or 1" in u for u in node.unread)
    assert status(text, "inclusion", {"ecog": 1}) != "met"         # which cohort: a person's call
    assert status(text, "inclusion", {"ecog": 3}) == "not_met"     # above every cohort's limit


def test_a_panel_takes_whole_grades_on_each_scale_only():
    assert parse_panel({"values": {"ecog": 2, "karnofsky": 70}}).values["ecog"].canonical == 2
    for bad in ({"ecog": 1.5}, {"ecog": 6}, {"karnofsky": 120}, {"ecog": "good"}):
        with pytest.raises(PanelError):
            parse_panel({"values": bad})

