"""A list's bare item numbers are labels; a window's anchor at the first dose is part of the window
(audit 11; session 13).

NCT05380882 and NCT05380934 write "-  5 Receiving any other investigational agent within 4 weeks
before first dose;": the "5" after the bullet numbers the item. Read as words it was left unread,
so "4 Male and female subjects aged 18 to 55 years" was never fully read and a 40-year-old stayed
"?". "prior to first dose of study intervention" (NCT05382364 exc-11) counts from the start of
the study's treatment, as "prior to initiation of study treatment" did: counted from the screening
date (panel.md's as_of) as every window is. "the first dose of Raptiva" is no such anchor.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from tests.verdicts import criterion_id, verdict
from trialview.model.criteria import parse_criteria
from trialview.model.criteria.split import split_items


def test_bare_item_numbers_are_labels_and_the_age_is_read():
    tree = ctgov_tree("NCT05380934")
    inc = criterion_id(tree, "Male and female subjects aged 18 to 55 years")
    assert verdict(tree, inc, values={"age": 40}) == "met"
    assert verdict(tree, inc, values={"age": 60}) == "not_met"


def test_a_numbered_washout_is_read():
    tree = ctgov_tree("NCT05380882")
    exc = criterion_id(tree, "Receiving any other investigational agent within 4 weeks before first dose")
    assert verdict(tree, exc, [{"drug": "other clinical trial", "last_dose": "2026-11-17"}]) == "met"
    assert verdict(tree, exc, []) == "not_met"


def test_a_number_that_is_no_label_stays():
    _, items = split_items("- 3 months of stable therapy\n- Age over 18\n- 2 or more flares")
    assert [it.text for it in items] == ["3 months of stable therapy", "Age over 18", "2 or more flares"]


def test_the_first_dose_of_the_study_drug_anchors_the_window():
    tree = ctgov_tree("NCT05382364")
    exc = criterion_id(tree, "Has had major surgery within 4 weeks prior to first dose")
    assert verdict(tree, exc, [{"drug": "major surgery", "last_dose": "2026-11-20"}]) == "met"
    assert verdict(tree, exc, []) == "not_met"
    tree = parse_criteria("", "Live vaccine within 14 days prior to the first dose of Raptiva")
    ten_days_ago = [{"drug": "live vaccine", "last_dose": "2026-11-21"}]
    assert verdict(tree, "exc-1", ten_days_ago) == "manual"     # another drug's first dose: for a person


def test_within_recent_weeks_is_a_window():
    tree = parse_criteria("", "Patients having received any other investigational product within recent 12 weeks")
    assert verdict(tree, "exc-1", [{"drug": "other clinical trial", "last_dose": "2026-10-01"}]) == "met"
    assert verdict(tree, "exc-1", [{"drug": "other clinical trial", "last_dose": "2026-01-01"}]) == "not_met"
