"""Audit 9 (session 11, issue 11), fault 12: Chia NCT03256864's exclusion "History of malignancy
of any organ system (other than localized basal cell carcinoma of the skin), treated or untreated,
within the past 5 years, ...". The exception was read on the criterion only; the sub-criterion
whose own text is "malignancy of any organ system (other than localized basal cell carcinoma of the
skin), treated or untreated" said "met" on "malignancy: yes" for a patient whose cancer the panel
does not name. Whether it is a localized basal cell carcinoma only a person can tell: no node
whose text holds the exception may call it met.
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


WOMAN = {"age": 62, "sex": "female", "malignancy_history": {"value": True, "date": "2024-11-15"}}
AUDITED = (chia_line("NCT03256864_exc.txt", "History of malignancy of any organ system"),
           "other than localized basal cell carcinoma")
# the same class: the exception inside a part of the criterion that a group of its own reads
OTHER = ("Any malignancy of any organ system (other than localized squamous cell carcinoma of the skin), treated or "
         "untreated, within the past 3 years", "other than localized squamous cell carcinoma")


def test_no_node_whose_text_names_the_exception_excludes_on_a_malignancy_alone():
    for text, exception in (AUDITED, OTHER):
        got = results(text, WOMAN)
        assert got[0][1] != "met", text
        named = [(words, status, reason) for words, status, reason in got if exception in words]
        assert len(named) >= 2, named         # the criterion and the part that reads the malignancy
        for words, status, reason in named:
            assert status != "met", (words, reason)
            assert "unless an exception applies" in reason and exception in reason, (words, reason)
