"""Parsing stays linear in the length of a line (issue 12 item 7): no wall clock here.

A 1 MB record whose criteria were "no rituximab " repeated ran past 120 s: for each name found,
the parser rescanned the rest of its clause (a loop of str.replace over every later name, and
the clause's bounds found again from the start of the line). These tests count the work instead
of timing it: the Python and built-in calls one parse makes, for a line and for the same line ten
times as long. Linear work gives a ratio of about 10; the old loop gave hundreds. The speed itself
is measured by `python -m tests.perf.parse_scaling` (medians).
"""

from __future__ import annotations

import sys
from types import FrameType

import pytest

from tests.perf.parse_scaling import PATTERNS, pathological_text
from trialview.model.criteria import CriterionNode, parse_section


def _calls(text: str) -> int:
    """Function calls (Python and built-in) made by parsing text as one exclusion criterion."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        parse_section(text, "exclusion")
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_ten_times_the_text_is_at_most_twelve_times_the_work(pattern: str) -> None:
    parse_section(pathological_text(PATTERNS[pattern], 2_000), "exclusion")    # compiles the tables
    small = _calls(pathological_text(PATTERNS[pattern], 3_000))
    large = _calls(pathological_text(PATTERNS[pattern], 30_000))
    assert large <= 12 * small, f"{pattern}: {small} calls for 3,000 characters, {large} for 30,000"


def test_a_line_of_200000_characters_of_denied_rituximab_is_kept_whole_for_a_person() -> None:
    # the record, a fifth of it: "no rituximab no rituximab ..." says neither when nor
    # ever ("no prior rituximab" would), so nothing is machine-read; the line is kept, whole
    text = pathological_text("no rituximab ", 200_000)
    root = parse_section(text, "exclusion")
    assert [(n.text, n.manual, n.checks) for n in root.children] == [(text.strip(), True, [])]


def test_a_denied_list_of_three_therapies_denies_each_one() -> None:
    # The old gap loop shortened the text it measured as it blanked each name, so the third name
    # of a list fell outside it and the whole denial was dropped (NCT-style wording).
    root = parse_section("No rituximab, belimumab or cyclophosphamide within 6 months before screening", "exclusion")
    got = {(c.variable, c.op, c.value, c.negated) for node in root.walk() for c in node.checks}
    assert got == {(d, "within", 180.0, True) for d in ("rituximab", "belimumab", "cyclophosphamide")}


def test_a_list_indented_deeper_on_every_line_keeps_every_item_without_recursing_that_deep() -> None:
    # each line two spaces further in: the parser used to recurse once per level (RecursionError
    # at about a thousand); deep items are kept as siblings at a depth no real list reaches
    text = "\n".join(" " * (2 * i) + f"- item {i}" for i in range(3000))
    root = parse_section(text, "inclusion")
    texts = [n.text for n in root.walk() if n.kind == "criterion"]
    assert texts == [f"item {i}" for i in range(3000)]

    def depth(node: CriterionNode) -> int:
        return 1 + max((depth(c) for c in node.children), default=0)

    assert depth(root) < 50
