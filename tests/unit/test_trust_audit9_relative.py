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

from tests.corpora import chia_files
from trialview.model.criteria import parse_criteria
from trialview.model.criteria.tree import CriterionNode
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def chia_line(name: str, start: str) -> str:
    (line,) = [line.strip() for line in chia_files()[name].splitlines() if line.strip().startswith(start)]
    return line


def walk(node: CriterionNode) -> list[CriterionNode]:
    return [node, *(n for c in node.children for n in walk(c))]


def results(text: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every node of the exclusion `text`: (its text, its status, its reason) for this patient."""
    tree = parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    found = match_trial("T", "t", tree, panel).statuses
    return [(n.text, found[n.id].status, found[n.id].reason or "") for n in walk(tree.sections[0].children[0])
            if n.id in found]


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
