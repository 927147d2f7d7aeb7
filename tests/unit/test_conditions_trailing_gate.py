"""conditions.may_trail: the quick test before the trailing condition's regex (", unless ...",
"... if ...": conditions._TRAILING_RX, case-blind, tried at every position of a sentence). Where
the test says no, the regex must find nothing: a condition missed would leave a criterion that
only applies to some patients deciding for all of them."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES
from trialview.model.criteria.conditions import _TRAILING_RX, may_trail, sentences, trailing_from
from trialview.model.criteria.patterns import lowers_alike


def _parts(line: str) -> list[tuple[int, int]]:
    """The line whole, its sentences, and the stretches between its commas."""
    cuts = [0, *(i for i, ch in enumerate(line) if ch == ","), len(line)]
    return [(0, len(line)), *sentences(line), *pairwise(cuts)]


def test_the_quick_test_passes_wherever_the_regex_matches_on_every_real_line() -> None:
    found = 0
    for line in LINES:
        if not lowers_alike(line):
            continue
        for a, b in _parts(line):
            if _TRAILING_RX.search(line, a, b):
                found += 1
                assert may_trail(line[a:b].lower()), line[a:b]
    assert found > 200          # the lines have trailing conditions


def test_the_quick_test_says_no_to_ifs_inside_words() -> None:
    for text in ("a specific diagnosis", "significant disease", "modified dose", "unlessx", "if", "x if"):
        assert not may_trail(text.lower()), text
    for text in ("if pregnant", "x, unless y", "x unless\ty", "(if applicable)"):
        assert may_trail(text.lower()), text


_WORDS = ["if", "IF", "If", "unless", "UNLESS", "Unless", "specific", "even", "as", "x", "_", "(", ")", ",", ";",
          ".", " ", "\t", "\n", "diff", "ifx", "xunless", "unlessly"]
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_the_quick_test_passes_wherever_the_regex_matches_on_generated_text(text: str) -> None:
    if _TRAILING_RX.search(text):
        assert may_trail(text.lower()), text


def _matches_from_the_start_and_from_trailing_from(text: str, a: int, b: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    plain = [m.span() for m in _TRAILING_RX.finditer(text, a, b)]
    start = trailing_from(text, a, text[a:b].lower())
    quick = [] if start < 0 else [m.span() for m in _TRAILING_RX.finditer(text, start, b)]
    return plain, quick


def test_the_search_from_trailing_from_finds_what_the_search_from_the_start_finds_on_every_real_line() -> None:
    found = 0
    for line in LINES:
        for a, b in _parts(line):
            plain, quick = _matches_from_the_start_and_from_trailing_from(line, a, b)
            assert quick == plain, line[a:b]
            found += bool(plain)
    assert found > 200          # the lines have trailing conditions


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + ["x,", ", ", " ,", "a"]), min_size=1, max_size=14).map("".join),
       st.integers(0, 3))
def test_the_search_from_trailing_from_finds_what_the_search_from_the_start_finds_on_generated_text(
        text: str, a: int) -> None:
    a = min(a, len(text))
    plain, quick = _matches_from_the_start_and_from_trailing_from(text, a, len(text))
    assert quick == plain, (text, a)
