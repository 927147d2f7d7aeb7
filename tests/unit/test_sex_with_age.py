"""A sex named with an age (trust8, issue 11): "Women age 18-45" (Chia NCT02267616) read the age
and left "Women" unread, so a man of 30 stayed open and a woman of 30 could never meet it. A
person reads whom the trial takes: a woman, of that age. Where one criterion gives each sex its
own ages ("Women are post-menopausal (...) and aged = 45 and = 70 years. Males are aged = 40
years and = 70 years.", Chia NCT03338855), each sentence holds for its own sex: a man of 42 was
failed on the women's 45.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def status(text: str, section: str, values: dict[str, Any]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id].status


def test_women_of_an_age_take_a_woman_of_that_age_and_no_man():
    for name, start, inside, outside in (("NCT02267616_inc.txt", "Women age 18-45", 30, 50),
                                         ("NCT02951832_inc.txt", "Women aged 20-49", 30, 19),
                                         ("NCT00317148_inc.txt", "Women between 40 to 70 years", 55, 39)):
        text = chia_line(name, start)
        assert status(text, "inclusion", {"sex": "female", "age": inside}) == "met", text
        assert status(text, "inclusion", {"sex": "female", "age": outside}) == "not_met", text
        assert status(text, "inclusion", {"sex": "male", "age": inside}) == "not_met", text


def test_another_age_later_in_the_sentence_is_not_the_subjects():
    # Chia NCT01177891: "Female subjects between 16 and 40 years or women older than 40 years with a
    # cessation of ovarian function ...": the first range is not read, so a woman of 30 stays open,
    # never failed on the second alternative's "older than 40"
    text = chia_line("NCT01177891_inc.txt", "Female subjects between 16 and 40 years")
    assert status(text, "inclusion", {"sex": "female", "age": 30}) != "not_met"
    # and "Males are aged = 40 years and = 70 years" (NCT03338855) is a man's age: see below
    assert status("Males are aged = 40 years and = 70 years.", "inclusion", {"sex": "male", "age": 50}) == "met"
    assert status("Males are aged = 40 years and = 70 years.", "inclusion", {"sex": "female", "age": 50}) == "not_met"


def test_each_sex_its_own_ages_in_one_criterion():
    text = chia_line("NCT03338855_inc.txt", "Women are post-menopausal")
    assert "Males are aged = 40 years and = 70 years" in text
    # a man of 42 is within the men's ages: not failed on the women's 45 (the veins stay for a person)
    assert status(text, "inclusion", {"sex": "male", "age": 42}) != "not_met"
    # a woman of 42 is below the women's 45; a man of 75 above the men's 70
    assert status(text, "inclusion", {"sex": "female", "age": 42}) == "not_met"
    assert status(text, "inclusion", {"sex": "male", "age": 75}) == "not_met"
