"""Audit 9 (session 11, issue 11), fault 7: Chia NCT03231982 exc-23 "Pregnant or lactating women
and female volunteers of childbearing potential (except for women who are surgically sterile) who
are not willing to use an adequate method of contraception ... during the study". The relative
clause binds the group it follows: two ways to be excluded, (a) pregnant or lactating women, (b)
women of childbearing potential who will not use contraception. Read as (pregnant or lactating)
and not willing, it cleared a woman of childbearing potential, neither pregnant nor lactating,
whose willingness nobody knew: for her the exclusion is open. A woman who cannot bear children,
and a man, are rightly cleared; a pregnant woman is excluded.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.unit.match_helpers import node_results




def results(text: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    return node_results(text, "exclusion", values)


AUDITED = chia_line("NCT03231982_exc.txt", "Pregnant or lactating women and female volunteers")
# the same class of wording
OTHER = ("Pregnant or breastfeeding women and women of childbearing potential who are not willing to use "
         "effective contraception during the study")
WOCBP = {"age": 32, "sex": "female", "childbearing_potential": True, "pregnant": False, "lactating": False}


def test_a_woman_of_childbearing_potential_whose_willingness_is_unknown_is_not_cleared():
    for text in (AUDITED, OTHER):
        got = results(text, WOCBP)
        assert got[0][1] != "not_met", text
        for words, status, reason in got:
            if "childbearing potential" in words and "willing" in words:
                assert status != "not_met", (words, reason)


def test_the_alternatives_still_decide_where_the_panel_says():
    for text in (AUDITED, OTHER):
        assert results(text, {**WOCBP, "pregnant": True})[0][1] == "met", text
        assert results(text, {"age": 45, "sex": "male"})[0][1] == "not_met", text
    # not of childbearing potential, neither pregnant nor lactating: neither group
    assert results(OTHER, {**WOCBP, "childbearing_potential": False})[0][1] == "not_met"
