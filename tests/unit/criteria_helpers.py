"""Readers shared by the tests of checks read from criteria text (tests/unit/test_criteria_*.py):
a phrase parsed as one criterion, its checks described, its one check."""

from __future__ import annotations

from trialview.model.criteria import CriterionNode, parse_section


def crit(text: str, section: str = "inclusion") -> CriterionNode:
    return parse_section(text, section).children[0]


def all_checks(node: CriterionNode) -> list[str]:
    return [c.describe() for n in node.walk() for c in n.checks]


def one(text: str, section: str = "inclusion"):
    node = crit(text, section)
    checks = [c for n in node.walk() for c in n.checks]
    assert len(checks) == 1, [c.describe() for c in checks]
    return checks[0]
