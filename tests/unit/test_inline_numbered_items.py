"""Numbered items on one line (trust8, issue 11): Chia NCT02056301 writes its exclusions as
"1) Refusal of epidural catheter 2) Pregnancy 3) Bleeding History 4) ..." on one line. A person
reads eight exclusions, each deciding on its own; the parser read one criterion, so "Pregnancy"
was one clause among seven left to a person. Numbers inside a sentence that are not a list of
criteria ("either 1) ... or 2) ...") stay one criterion.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_files
from trialview.model.criteria import parse_criteria, parse_section
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def section(name: str) -> str:
    return chia_files()[name].replace("\r\n", "\n")


def statuses(inclusion: str, exclusion: str, values: dict[str, Any]) -> dict[str, str]:
    tree = parse_criteria(inclusion, exclusion)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    return {k: v.status for k, v in match_trial("T", "t", tree, panel).statuses.items()}


def test_a_line_of_numbered_exclusions_is_one_criterion_each():
    root = parse_section(section("NCT02056301_exc.txt"), "exclusion")
    texts = [c.text for c in root.children]
    assert texts[:3] == ["Refusal of epidural catheter", "Pregnancy", "Bleeding History"]
    assert len(texts) == 8 and texts[-1] == "Developmental delay"
    # "Pregnancy" decides on its own: a pregnant patient is excluded by it, whatever the others say
    got = statuses("", section("NCT02056301_exc.txt"), {"pregnant": True})
    assert got["exc-2"] == "met"
    assert statuses("", section("NCT02056301_exc.txt"), {"pregnant": False})["exc-2"] == "not_met"


def test_a_first_item_whose_number_was_lost_is_an_item_of_its_own():
    # "Patients age 8- 18 years 2) Patients undergoing ... 3) American Society of Anesthesiology Status I-III"
    root = parse_section(section("NCT02056301_inc.txt"), "inclusion")
    assert [c.text for c in root.children] == [
        "Patients age 8- 18 years",
        "Patients undergoing minimally invasive pectus excavatum repair via Nuss procedure",
        "American Society of Anesthesiology Status I-III",
    ]
    # the age limit is the first criterion's whole reading: a 12-year-old meets it, a 30-year-old not
    assert statuses(section("NCT02056301_inc.txt"), "", {"age": 12})["inc-1"] == "met"
    assert statuses(section("NCT02056301_inc.txt"), "", {"age": 30})["inc-1"] == "not_met"


def test_numbered_alternatives_inside_a_sentence_stay_one_criterion():
    # Chia NCT01117181: "Clinically significant agitation /aggression for which either 1) the
    # frequency ... or 2) the frequency ..." is one exclusion, its numbers its alternatives
    text = section("NCT01117181_exc.txt")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    root = parse_section(text, "exclusion")
    assert len(root.children) == len(lines)
    assert any("either 1)" in c.text and "or 2)" in c.text for c in root.children)
    # and a number out of order is the text's own: "type 2) diabetes" cuts nothing
    one = parse_section("1) Age over 18 years 2) Diabetes (type 2) treated with insulin 3) HbA1c above 7 %",
                        "inclusion")
    assert [c.text for c in one.children] == ["Age over 18 years", "Diabetes (type 2) treated with insulin",
                                             "HbA1c above 7 %"]
