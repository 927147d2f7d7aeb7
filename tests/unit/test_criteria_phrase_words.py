"""The coverage looks for a filler phrase only where a word it may hold is left uncovered
(filler.Words.phrase_spans_holding): the words listed for each phrase must be every word a match
of it can hold, or a phrase that covers a word ("males or females", "signature of informed
consent") would be left out and the word read as unread."""

from __future__ import annotations

import re
import re._constants as sre_c      # (the parser of the re module: the tree of a pattern, to list its matches)
import re._parser as sre_p

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES, variants
from trialview.model.criteria import coverage, filler


def _matches(items: sre_p.SubPattern | list[tuple[object, object]]) -> set[str] | None:
    """Every string a parsed pattern matches, white space as one space (words are what is
    between white space and marks), or None when they are not a bounded set."""
    out = {""}
    for op, av in items:
        alts: set[str] | None
        if op is sre_c.LITERAL:
            alts = {chr(av)}
        elif op is sre_c.IN:
            alts = set()
            for o, a in av:
                if o is sre_c.LITERAL:
                    alts.add(chr(a))
                elif o is sre_c.CATEGORY and a is sre_c.CATEGORY_SPACE:
                    alts.add(" ")
                else:
                    return None
        elif op is sre_c.SUBPATTERN:
            alts = _matches(av[-1])
        elif op is sre_c.BRANCH:
            alts = set()
            for branch in av[1]:
                got = _matches(branch)
                if got is None:
                    return None
                alts |= got
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, hi, sub = av
            each = _matches(sub)
            if each is None or (hi is sre_c.MAXREPEAT and each != {" "}):
                return None
            if hi is sre_c.MAXREPEAT:
                lo, hi = min(lo, 1), 1      # (runs of white space: one space splits words alike)
            alts = set()
            for n in range(lo, hi + 1):
                cur = {""}
                for _ in range(n):
                    cur = {a + b for a in cur for b in each}
                alts |= cur
        elif op is sre_c.AT:
            alts = {""}
        else:
            return None
        if alts is None:
            return None
        out = {a + b for a in out for b in alts}
    return out


def _words_of(pattern: str) -> frozenset[str] | None:
    found = _matches(sre_p.parse(pattern, re.I))
    return None if found is None else frozenset(w for m in found for w in re.findall(r"[a-z0-9]+", m.lower()))


def test_each_bounded_phrase_lists_the_words_of_its_matches() -> None:
    phrases = [p for table in filler.TABLES for p in table.phrase_patterns]
    assert phrases
    for p in phrases:
        assert filler._PHRASE_WORDS.get(p) == _words_of(p), p
    # the phrase that may hold any word is always looked for
    assert [p for p in phrases if p not in filler._PHRASE_WORDS] == [p for p in phrases if _words_of(p) is None]
    assert any("without" in p for p in phrases if p not in filler._PHRASE_WORDS)


def _alike(text: str, checked: list[tuple[int, int]], variables: list[str]) -> bool:
    """The words left uncovered, the phrases looked for where their words are left, are those
    left with every phrase looked for."""
    cov = coverage.cover(text, checked, variables)
    every = coverage._uncovered(cov._open_words, coverage._merge([*cov.by_checks, *cov._phrase_spans()]))
    return cov.loose() == every


_VARIABLES = [[], ["pregnant"], ["childbearing_potential", "lactating"], ["bilag", "sledai_2k", "hbsag"],
              ["creatinine", "lvef"]]


def test_phrases_looked_for_where_their_words_are_left_on_every_real_line() -> None:
    for text in LINES:
        n = len(text)
        for checked in ([], [(0, n // 3)], [(n // 2, n)]):
            for variables in _VARIABLES:
                assert _alike(text, checked, variables), (text, checked, variables)


_WORDS = ["male", "males", "female", "females", "men", "women", "or", "and", "and/or", "i.e.", "e.g.", "both",
          "sexes", "cannot", "can not", "take part", "participate", "as follows", "signature of", "signing", "ICF",
          "informed consent form", "upper limits of normal", "child-bearing", "breast feeding", "BILAG-2004",
          "SLEDAI 2K", "hepatitis B or C", "CKD-EPI", "New York", "with or without", "patient's", "willing", ",",
          ".", " ", "(", "x"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_WORDS).flatmap(variants), min_size=1, max_size=12),
       cut=st.integers(0, 40), variables=st.sampled_from(_VARIABLES))
def test_phrases_looked_for_where_their_words_are_left_on_generated_text(words: list[str], cut: int,
                                                                          variables: list[str]) -> None:
    text = " ".join(words)
    assert _alike(text, [(cut, cut + 5)], variables), text
