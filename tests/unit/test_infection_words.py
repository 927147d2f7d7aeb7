"""An infection named beside another is not read by the other's check (audit 11; session 13).

A hepatitis's words were "companions" of every infection check: "Knowingly affected by HIV or
Hepatitis." (Chia NCT02884401) read as "HIV" alone, so an HIV-negative patient with hepatitis
was cleared of it; "treponemal antibodies" (a syphilis test) beside an HIV check was taken as
read. "Acquired Immune Deficiency Syndrome (AIDS) antibodies" (NCT05380934 exc-16) is the HIV
test, not the patient's own immunodeficiency. And "any active infection including HBV, HCV and
HIV" (Chia NCT01631058) names kinds of an active infection: an active pneumonia excludes the
patient whatever her HIV status, where it had been read as "active infection and HIV".
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line, ctgov_tree
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def status(tree: Any, node_id: str, values: dict[str, Any]) -> str:
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 40, "sex": "female", **values}})
    return match_trial("T", "t", tree, panel).statuses[node_id].status


def test_hepatitis_beside_hiv_is_not_read_by_the_hiv_check():
    tree = parse_criteria("", chia_line("NCT02884401_exc.txt", "Knowingly affected by HIV or Hepatitis"))
    assert status(tree, "exc-1", {"hiv": "negative"}) != "not_met"


def test_a_syphilis_test_beside_hiv_stays_for_a_person():
    tree = parse_criteria("", "Positive HIV, treponemal antibodies")
    assert status(tree, "exc-1", {"hiv": "positive"}) == "met"
    assert status(tree, "exc-1", {"hiv": "negative"}) != "not_met"
    tree = parse_criteria("", "Syphilis (treponemal antibodies) positive")       # its own test's words
    assert status(tree, "exc-1", {"syphilis": "negative"}) == "not_met"


def test_aids_antibodies_are_the_hiv_test():
    tree = ctgov_tree("NCT05380934")
    (exc,) = [n.id for n in tree.walk() if n.kind == "criterion" and n.text.startswith("Positive screening for viral")]
    assert status(tree, exc, {"hiv": "positive"}) == "met"
    assert status(tree, exc, {"hiv": "negative", "immunodeficiency": True}) != "met"
    assert status(tree, exc, {"hiv": "negative"}) != "not_met"        # hepatitis, syphilis: unread


def test_the_kinds_an_infection_includes_are_more_ways_to_be_excluded():
    tree = parse_criteria("", chia_line("NCT01631058_exc.txt", "Patients with any active infection including"))
    assert status(tree, "exc-1", {"active_infection": True, "hiv": "negative"}) == "met"
    assert status(tree, "exc-1", {"active_infection": False, "hiv": "positive"}) == "met"
    tree = parse_criteria("", "Any active infection including tuberculosis and HIV")
    assert status(tree, "exc-1", {"active_infection": True, "tuberculosis": "negative", "hiv": "negative"}) == "met"
    assert status(tree, "exc-1", {"active_infection": False, "tuberculosis": "negative",
                                  "hiv": "negative"}) == "not_met"


def test_required_values_after_including_are_still_all_required():
    tree = parse_criteria("Adequate organ function including ANC >= 1.5 x 10^9/L and platelets >= 100 x 10^9/L", "")
    assert status(tree, "inc-1", {"anc": 1.0, "platelets": 150}) == "not_met"


def test_hepatitis_listed_before_hiv_is_another_way_to_be_excluded():
    tree = parse_criteria("", chia_line("NCT02531971_exc.txt", "Active positive Hepatitis B, C and HIV serologies"))
    assert status(tree, "exc-1", {"hiv": "positive"}) == "met"
    assert status(tree, "exc-1", {"hiv": "negative"}) != "not_met"       # hepatitis B, C: for a person
