"""The name scanner's alternatives open with one character each (patterns.each_first), where they
opened with a class of the characters a letter matches ("(?-i:[Rr])..."): the regex engine passes
over an alternative that opens with a character by a comparison, over one that opens with a class
by a call of its test, at every word. Built either way, the scanner must find the same names, at
the same places, on every real criteria line we hold and on generated text of names, stop words
and their near misses, in any case, with the non-ASCII letters that fold onto ASCII ones.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES, variants
from trialview.model.criteria import lexicon, name_table, patterns, scanner
from trialview.model.criteria.patterns import char_class, each_first, not_stop
from trialview.model.criteria.scanner import NameScanner


def _as_class(chars: list[str] | set[str] | frozenset[str], rest: str) -> list[str]:
    """What each_first replaced: one alternative, its characters in a class."""
    return [char_class(sorted(chars)) + rest]


@cache
def _by_class() -> NameScanner:
    with pytest.MonkeyPatch.context() as mp:
        for module in (patterns, name_table, scanner):
            mp.setattr(module, "each_first", _as_class)
        plain = NameScanner(lexicon.NAMES.tables)
        assert plain._compiled      # built (and cached on it) while the class form is in place
    return plain


def test_each_first_matches_what_the_class_matched() -> None:
    alts = each_first({"r", "R"}, "al")
    assert alts == ["(?-i:r)al", "(?-i:R)al"]       # small letters first: most words open with one
    one = re.compile("(?:" + "|".join(alts) + ")")
    for word in ("ral", "Ral", "rAl", "oral", "al", "ſal"):
        assert bool(one.fullmatch(word)) == bool(re.fullmatch(char_class(["R", "r"]) + "al", word))


def test_a_stop_word_is_refused_in_any_case_and_fold() -> None:
    stop = re.compile(not_stop(("the", "is", "weeks?")) + r"\w+")
    for word in ("the", "THE", "tHe", "is", "\u0130s", "\u0131S", "weeks", "WEEK"):
        assert stop.match(word) is None, word
    for word in ("then", "ish", "weekly", "he"):
        assert stop.match(word) is not None, word


def test_the_scanner_finds_what_its_class_form_finds_on_every_real_line() -> None:
    quick, plain = lexicon.NAMES, _by_class()
    assert quick._compiled[0].pattern != plain._compiled[0].pattern
    differ = [ln for ln in LINES if quick.find(ln) != plain.find(ln)]
    assert not differ, differ[:3]
    assert sum(1 for ln in LINES if any(quick.find(ln))) > 1000      # the lines have names


_WORDS = ["oral corticosteroids", "organ transplant", "other autoimmune disease", "obinutuzumab", "ocrelizumab",
          "albumin", "alanine aminotransferase", "age", "aged", "ANA", "anti-dsDNA", "azathioprine", "active infection",
          "the", "The", "then", "is", "isoniazid", "weeks", "weekly", "or", "of", "on", "only", "ritux", "rituximab",
          "Pregnant", "pregnancy", "HBsAg", "HIV", "hemoglobin", "platelets", "SLEDAI-2K", "x", "10", "-", "(", ",", " "]
_TEXT = st.lists(st.sampled_from(_WORDS).flatmap(variants), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_the_scanner_finds_what_its_class_form_finds_on_generated_text(text: str) -> None:
    assert lexicon.NAMES.find(text) == _by_class().find(text)
