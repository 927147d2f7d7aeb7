"""Builders shared by the matcher's tests (tests/unit/test_match_*.py): criteria trees and panels
built by hand, a trial matched against them, and the checks several of those files use."""

from __future__ import annotations

from typing import Any

from trialview.model.criteria import parse_criteria
from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode
from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult
from trialview.model.panel import parse_panel


AS_OF = "2026-11-22"


def crit(node_id: str, *checks: Check, text: str | None = None, logic: str = "all",
         children: list[CriterionNode] | None = None, manual: bool = False,
         exceptions: list[str] | None = None, kind: str = "criterion") -> CriterionNode:
    return CriterionNode(id=node_id, kind=kind, text=text or node_id, checks=list(checks),
                         children=children or [], logic=logic, manual=manual,
                         exceptions=exceptions or [])


def chk(variable: str, op: str, value: Any = None, unit: str | None = None, **kw: Any) -> Check:
    return Check(variable=variable, op=op, value=value, unit=unit, **kw)


def tree(inclusion: list[CriterionNode] = (), exclusion: list[CriterionNode] = ()) -> CriteriaTree:
    sections = [CriterionNode(id="inc", kind="section", text="Inclusion Criteria", section="inclusion",
                              children=list(inclusion))]
    sections.append(CriterionNode(id="exc", kind="section", text="Exclusion Criteria", section="exclusion",
                                  children=list(exclusion)))
    for section in sections:
        for node in section.walk():
            node.section = section.section
    return CriteriaTree(sections=sections)


def panel(values: dict[str, Any] | None = None, therapies: list[dict] | None = None,
          screening: dict[str, dict[str, Any]] | None = None, as_of: str = AS_OF, history: str | None = None):
    data: dict[str, Any] = {"as_of": as_of, "values": values or {}, "therapies": therapies or []}
    if screening:
        data["screening"] = screening
    if history:
        data["therapy_history"] = history
    return parse_panel(data)


def run(t: CriteriaTree, p, trial_id: str = "NCT00000001") -> MatchResult:
    return match_trial(trial_id, "A trial", t, p)


def status(result: MatchResult, node_id: str) -> str:
    return result.statuses[node_id].status


HB_80 = chk("hemoglobin", ">=", 80, "g/L")
PREGNANT = chk("pregnant", "==", True)
LACTATING = chk("lactating", "==", True)


def walk(node: CriterionNode) -> list[CriterionNode]:
    """node and every node under it, in tree order."""
    return [node, *(n for c in node.children for n in walk(c))]


def node_results(text: str, section: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every node of the first criterion of `text` read as `section` ("inclusion" or
    "exclusion"): (its text, its status, its reason) for a patient with these values."""
    t = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    p = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    found = match_trial("T", "t", t, p).statuses
    return [(n.text, found[n.id].status, found[n.id].reason or "") for n in walk(t.sections[0].children[0])
            if n.id in found]
