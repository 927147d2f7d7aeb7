"""Audit 9 (session 11, issue 11), fault 9: Chia NCT03355157 inc-9 "For female patients: The
patients need to be either A) of non-childbearing potential (documented postmenopausal or post
hysterectomy) B) childbearing potential with negative serum or urinary pregnancy test ...". A
part of it told a woman "sex: female (male required)", though no word of the criterion asks for a
man: the denied childbearing potential was read as "male, or not of childbearing potential", the
lead-in that says the criterion is about women having been read as its condition. And option B
was joined to option A as something A also requires, so a woman of childbearing potential with a
negative test failed it. A screener reads: A or B, for women only.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.unit.match_helpers import node_results




def results(text: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    return node_results(text, "inclusion", values)


AUDITED = chia_line("NCT03355157_inc.txt", "For female patients: The patients need to be either")
# the same class: a women-only lead-in over a denied childbearing potential
OTHER = "For female participants: must be of non-childbearing potential (surgically sterile or postmenopausal)"
WOCBP = {"age": 32, "sex": "female", "childbearing_potential": True, "pregnant": False}
POSTMENOPAUSAL = {"age": 62, "sex": "female", "childbearing_potential": False}


def test_no_woman_is_told_a_man_is_required_where_no_word_asks_for_one():
    for text in (AUDITED, OTHER):
        for woman in (WOCBP, POSTMENOPAUSAL):
            for words, _status, reason in results(text, woman):
                assert "male required" not in reason, (text, words, reason)


def test_option_b_is_another_way_not_a_requirement_of_option_a():
    got = results(AUDITED, WOCBP)
    assert got[0][1] != "not_met"
    for words, status, reason in got:
        if "B) childbearing potential with negative" in words:
            assert status != "not_met", (words, reason)
    # a man: the criterion is for women only
    assert results(AUDITED, {"age": 45, "sex": "male"})[0][1] == "met"
