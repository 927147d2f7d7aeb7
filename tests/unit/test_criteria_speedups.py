"""Quicker ways the parser finds what it finds: each gives what the plain way it replaced gives.

A speed-up that found one name fewer, or one filler word more, would change what a clinician
reads as read or unread without a word of warning. Each is tried against the plain way on every
real criteria line we hold (Chia tuning part, seed pages, ctgov records) and on generated text
built from the words it reads, in any case, with the non-ASCII letters that fold onto ASCII ones.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES as _LINES
from tests.unit.speedup_helpers import variants as _variants
from trialview.model.criteria import lexicon
from trialview.model.criteria.patterns import lowers_alike
from trialview.model.criteria.scanner import NameScanner




# The name scanner has one branch per word-start character, the most frequent first
# (scanner.NameScanner._starts); it must find the names that one branch per letter (both cases
# in one class, in alphabetical order) finds.
class _ByLetter(NameScanner):
    def _starts(self) -> list[list[str]]:
        by_letter: dict[str, list[str]] = {}
        for c in sorted({c for table in self._pieces for c in table}):
            by_letter.setdefault(c.lower(), []).append(c)
        return list(by_letter.values())


@cache
def _by_letter() -> NameScanner:
    return _ByLetter(lexicon.NAMES.tables)


_NAME_WORDS = ["hemoglobin", "Haemoglobin", "platelets", "ANC", "APTT", "ALT", "AST", "alanine aminotransferase",
               "age", "Aged", "bilirubin", "BMI", "B-cell", "bone marrow transplant", "breast-feeding", "azathioprine",
               "anti-CD20 antibody", "anti-dsDNA", "active lupus nephritis", "24-hour urine protein", "2019 EULAR/ACR",
               "eGFR", "serum creatinine", "Pregnant", "lactating", "HBsAg", "HIV", "rituximab", "Cyclophosphamide",
               "mycophenolate", "prednisone", "belimumab", "SLEDAI-2K", "BILAG", "NYHA", "C3", "C4", "IgG", "CD19",
               "or", "of", "other", "the", "to", "study", "with", "x", "Ø", "10", "g/dL", "-", "(", ")", ",", ";", " "]
_NAME_TEXT = st.lists(st.sampled_from(_NAME_WORDS).flatmap(_variants), min_size=1, max_size=12).map(" ".join)


def test_name_scanner_finds_what_a_branch_per_letter_finds_on_every_real_line() -> None:
    quick, plain = lexicon.NAMES, _by_letter()
    differ = [ln for ln in _LINES if quick.find(ln) != plain.find(ln)]
    assert not differ, differ[:3]
    assert sum(1 for ln in _LINES if any(quick.find(ln))) > 1000      # the lines have names
    # the two are built differently: upper and lower case of a letter in branches of their own
    assert "(?-i:[a])" in quick._compiled[0].pattern and "(?-i:[Aa])" in plain._compiled[0].pattern


@settings(max_examples=300, deadline=None)
@given(text=_NAME_TEXT)
def test_name_scanner_finds_what_a_branch_per_letter_finds_on_generated_text(text: str) -> None:
    assert lexicon.NAMES.find(text) == _by_letter().find(text), text


# Whether a criterion may hold a condition is asked of every criterion: on the lower-cased text,
# the opening words are found with str.find and their word boundaries tested by hand
# (conditions.any_condition_low); it must answer as the regex it replaced does.
_CONDITION_WORDS = ["if", "iffy", "when", "whenever", "unless", "in case", "in  case", "incase", "for", "form",
                    "before", "men", "women", "man", "woman", "male", "males", "female", "semen", "mans", "child",
                    "reproductive", "fertile", "WOCBP", "x_if", "if_", "3if", "é", "-", "(", ")", ",", ".", " ", "\n"]
_CONDITION_TEXT = st.lists(st.sampled_from(_CONDITION_WORDS).flatmap(_variants), min_size=1, max_size=12).map("".join)


def _condition_words_agree(text: str) -> bool:
    from trialview.model.criteria import conditions

    low = text.lower()
    return conditions.any_condition_low(low) == bool(conditions._ANY_CONDITION_LOW.search(low))


def test_condition_words_are_found_as_the_regex_finds_them_on_every_real_line() -> None:
    from trialview.model.criteria import conditions

    assert [ln for ln in _LINES if not _condition_words_agree(ln)][:3] == []
    low = [ln.lower() for ln in _LINES]
    assert sum(1 for ln in low if conditions.any_condition_low(ln)) > 100         # the lines exercise it
    assert sum(1 for ln in low if not conditions.any_condition_low(ln) and "for" in ln) > 100


@settings(max_examples=500, deadline=None)
@given(text=_CONDITION_TEXT)
def test_condition_words_are_found_as_the_regex_finds_them_on_generated_text(text: str) -> None:
    assert _condition_words_agree(text), text


# Whether an unread clause ends on a joining word or mark is answered by hand (edges._ends_on_edge,
# on the lower-cased clause and its reverse): as the regex of the end part's units answers it, for
# a clause without patterns.FOLDS (trim leaves one with them to the regex).
_EDGE_WORDS = ["and", "or", "and / or", "and/or", "nor", "no", "non", "not", "of", "the", "a", "an", "such as",
               "such", "as", "e.g.", "e.g", "eg", "eg.", "i.e.", "i.e", "ie", "ie.", "e", "g", "i", "xe.g", "ae.g.",
               "patients", "patient", "participants", "all", "other", "otherwise", "lupus", "5", "x_y", "_",
               ",", ";", ":", ".", "-", "–", "/", "(", ")", " ", "\n", "é"]
_EDGE_TEXT = st.lists(st.sampled_from(_EDGE_WORDS).flatmap(_variants), min_size=1, max_size=8).map("".join)


def _ends_alike(text: str) -> bool:
    from trialview.model.criteria import edges

    assert lowers_alike(text)
    low = text.lower()
    return edges._ends_on_edge(low, low[::-1]) == bool(edges._EDGE_LAST.search(low))


def test_edge_at_the_end_is_found_as_the_regex_finds_it_on_every_real_line() -> None:
    pieces = [" ".join(ln.split()) for ln in _LINES if lowers_alike(ln)]
    pieces += [p[:k] for p in pieces[:3000] for k in range(1, len(p), 7)]     # and the ends of their parts
    assert [p for p in pieces if not _ends_alike(p)][:3] == []


@settings(max_examples=500, deadline=None)
@given(text=_EDGE_TEXT)
def test_edge_at_the_end_is_found_as_the_regex_finds_it_on_generated_text(text: str) -> None:
    assume(lowers_alike(text))
    assert _ends_alike(text), text


# Three filler phrases are tried only where a word their matches start with starts
# (filler._PHRASE_STARTS): the spans found must be the regex's own, no more and no fewer.
_START_WORDS = ["cannot", "can not", "can", "may not", "will not", "must not", "are not", "is not", "this", "be",
                "participate", "take part", "enrolled", "included", "eligible", "men", "women", "man", "or", "and",
                "and/or", "and / or", "/", "band", "sand/ore", "is", "-", "(", ",", ".", " "]
_START_TEXT = st.lists(st.sampled_from(_START_WORDS).flatmap(_variants), min_size=1, max_size=12).map(" ".join)


def _starts_alike(text: str) -> bool:
    from trialview.model.criteria import filler
    from trialview.model.criteria.patterns import finditer_at_words

    for table in (filler.FILLER, *(t for _, t in filler.COMPANIONS)):
        for (_, _, rx), starts in zip(table.phrases, table.starts, strict=True):
            if starts is not None and \
                    [m.span() for m in finditer_at_words(rx, text, starts)] != [m.span() for m in rx.finditer(text)]:
                return False
    return True


def test_phrases_found_at_their_start_words_on_every_real_line() -> None:
    from trialview.model.criteria import filler

    assert sum(1 for table in filler.TABLES for s in table.starts if s) == 3
    assert [ln for ln in _LINES if not _starts_alike(ln)][:3] == []


@settings(max_examples=400, deadline=None)
@given(text=_START_TEXT)
def test_phrases_found_at_their_start_words_on_generated_text(text: str) -> None:
    assert _starts_alike(text), text


# Quick substring tests spare three regexes most of their runs: "male or non-pregnant women"
# (sexes.may_alternate before _MALE_OR_RX), and what stands before a state ("treatment for
# cancer", "suggestive of infection", "to prevent pregnancy": states._may_treat, _may_mean and
# the words of _PREVENT_BEFORE). A test that said no where its regex matches would drop or add
# a check: each must pass wherever its regex matches.
_STATE_WORDS = ["male", "males", "men", "or", "non-pregnant", "non pregnant", "not pregnant", "nonlactating",
                "not nursing", "non-breast feeding", "breastfeeding", "women", "female", "treatment for", "therapy of",
                "drugs for the", "medications of", "anti-", "anti", "markers of", "suggestive of", "indicative for",
                "concerning for", "suspicious of", "consistent with", "prevent", "preventing a", "avoid any",
                "cancer", "infection", "pregnancy", ",", " ", "-", "(", "."]
_STATE_TEXT = st.lists(st.sampled_from(_STATE_WORDS).flatmap(_variants), min_size=1, max_size=10).map(" ".join)


def _state_gates_hold(text: str) -> bool:
    from trialview.model.criteria import sexes, states

    if sexes._MALE_OR_RX.search(text) and not sexes.may_alternate(text, text.lower()):
        return False
    if not lowers_alike(text):
        return True         # (_states gives such a text _EVERY_WORD: every quick test passes)
    for start in range(len(text) + 1):
        near = text[max(0, start - 50):start].lower()
        if (states._TREATS_BEFORE.search(text, max(0, start - 30), start) and not states._may_treat(near)) or \
                (states._MEANS_BEFORE.search(text, max(0, start - 50), start) and not states._may_mean(near)) or \
                (states._PREVENT_BEFORE.search(text, max(0, start - 20), start)
                 and not ("prevent" in near or "avoid" in near)):
            return False
    return True


def test_state_gates_pass_where_their_regexes_match_on_real_lines() -> None:
    from trialview.model.criteria import states

    lines = [ln for ln in _LINES if any(w in ln.lower() for w in ("male", "men", "treat", "therap", "drug", "anti",
                                                                  "sugg", "indicat", "prevent", "consist"))]
    assert [ln for ln in lines[:4000] if not _state_gates_hold(ln)][:3] == []
    # (the lines exercise them: each matches before a state somewhere)
    cuts = [(ln, m.end()) for ln in lines for m in re.finditer(r"(?:suggestive|treatment)\s+(?:of|for)\s+", ln, re.I)]
    assert any(states._MEANS_BEFORE.search(ln, 0, e) for ln, e in cuts)
    assert any(states._TREATS_BEFORE.search(ln, 0, e) for ln, e in cuts)


@settings(max_examples=300, deadline=None)
@given(text=_STATE_TEXT)
def test_state_gates_pass_where_their_regexes_match_on_generated_text(text: str) -> None:
    assert _state_gates_hold(text), text


def test_a_text_with_folds_passes_every_state_gate() -> None:
    from trialview.model.criteria import states

    near = states._EVERY_WORD
    assert states._may_treat(near) and states._may_mean(near) and ("prevent" in near or "avoid" in near)


_MALE_OR_TEXT = st.tuples(st.sampled_from(["male", "males", "men", "women", "x"]).flatmap(_variants),
                          st.sampled_from([" or ", ", or ", " and "]),
                          st.sampled_from(["non-", "non ", "non", "not ", "no "]).flatmap(_variants),
                          st.sampled_from(["pregnant", "lactating", "nursing", "breast-feeding", "breastfeeding",
                                           "women"]).flatmap(_variants)).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_MALE_OR_TEXT)
def test_male_or_gate_passes_where_its_regex_matches_on_generated_alternatives(text: str) -> None:
    from trialview.model.criteria import sexes

    assert not sexes._MALE_OR_RX.search(text) or sexes.may_alternate(text, text.lower()), text
