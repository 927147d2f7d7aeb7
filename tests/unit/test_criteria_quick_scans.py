"""Quicker scans of the readers and of coverage (regexes tried only where a mark or a word their
matches start with stands; quick substring tests before case-blind regexes): each finds what the
plain scan finds, on every real criteria line we hold and on generated text in any case, with
the non-ASCII letters that fold onto ASCII ones (see test_criteria_speedups.py)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES as _LINES
from tests.unit.speedup_helpers import variants as _variants
from trialview.model.criteria import lexicon
from trialview.model.criteria.patterns import lowers_alike


# Sentence and clause marks are found by trying their regexes only where a mark stands
# (patterns.finditer_at_words), and a section's lead-in (split._PREAMBLE) only where its first
# line ends with ":" or has no word character: the same matches as the plain scans.
_MARK_WORDS = ["following", "criteria:", "all of", "must meet", "required", "eligible", ":", ";", ".", ". ", ".\n",
               ",", ", ", ", positive", ",detectable", ". The", ". the", "e.g.", "3.5", "-", "*", " ", "\n", "\t",
               "\u2003", "_", "x", "Positive", "NOTE"]
_MARK_TEXT = st.lists(st.sampled_from(_MARK_WORDS).flatmap(_variants), min_size=1, max_size=10).map("".join)


def _marks_alike(text: str) -> bool:
    from trialview.model.criteria import conditions, split
    from trialview.model.criteria.patterns import finditer_at_words

    # (the unread clauses' cuts and an exclusion's sentences are plain scans again: their
    # regexes open with a class of characters, which the engine skips to by itself)
    for rx, marks in ((conditions._SENTENCE_END, conditions._SENTENCE_MARKS),):
        if [m.span() for m in finditer_at_words(rx, text, marks)] != [m.span() for m in rx.finditer(text)]:
            return False
    return not split._PREAMBLE.search(text) or split._may_be_preamble(text)


def test_marks_are_found_as_the_plain_scans_find_them_on_every_real_line() -> None:
    from trialview.model.criteria import split

    assert [ln for ln in _LINES if not _marks_alike(ln)][:3] == []
    assert sum(1 for ln in _LINES if split._PREAMBLE.search(ln)) > 10       # the lines exercise it


@settings(max_examples=400, deadline=None)
@given(text=_MARK_TEXT)
def test_marks_are_found_as_the_plain_scans_find_them_on_generated_text(text: str) -> None:
    assert _marks_alike(text), text


# An "If ..." clause (lexicon.IF_CLAUSE_RX) is looked for only where an "if" opens the text or
# follows ". ", "; " or ": " (checks._may_open_if): it must pass wherever the regex matches.
_IF_WORDS = ["If", "if", "IF", "iffy", "specified", "significant", "if,", " ", "  ", "\n", ".", ";", ":", ",", "x",
             "patients", "positive", "(", "-"]
_IF_TEXT = st.lists(st.sampled_from(_IF_WORDS).flatmap(_variants), min_size=1, max_size=10).map("".join)


def _if_gate_holds(text: str) -> bool:
    from trialview.model.criteria import checks

    return not lexicon.IF_CLAUSE_RX.search(text) or checks._may_open_if(text)


def test_if_gate_passes_where_its_regex_matches_on_every_real_line() -> None:
    assert [ln for ln in _LINES if not _if_gate_holds(ln)][:3] == []
    assert sum(1 for ln in _LINES if lexicon.IF_CLAUSE_RX.search(ln)) > 10     # the lines exercise it


@settings(max_examples=400, deadline=None)
@given(text=_IF_TEXT)
def test_if_gate_passes_where_its_regex_matches_on_generated_text(text: str) -> None:
    assert _if_gate_holds(text), text


# The "except ..." and "such as ..." clauses (lexicon.EXCEPT_RX, EXAMPLES_RX) are tried only
# where a word their matches start with starts (checks._EXCEPT_STARTS, _EXAMPLES_STARTS): the
# same matches as the regexes' own scans.
_MASK_WORDS = ["(", ")", "except", "except for", "unless", "other than", "but excluding", "excluding", "including",
               "including but not limited to", "includes", "such as", "e.g.", "eg", "i.e.", "for example", "like",
               "if", "Gilbert's", "in case", "in patients with", "for patients with", "ANC > 1500", "other", "but",
               ",", ";", ".", " ", "x"]
_MASK_TEXT = st.lists(st.sampled_from(_MASK_WORDS).flatmap(_variants), min_size=1, max_size=12).map(" ".join)


def _masks_alike(text: str) -> bool:
    from trialview.model.criteria import checks
    from trialview.model.criteria.patterns import finditer_at_words

    return all([m.span() for m in finditer_at_words(rx, text, starts)] == [m.span() for m in rx.finditer(text)]
               for rx, starts in ((lexicon.EXCEPT_RX, checks._EXCEPT_STARTS),
                                  (lexicon.EXAMPLES_RX, checks._EXAMPLES_STARTS)))


def test_masks_are_found_as_the_regexes_find_them_on_every_real_line() -> None:
    assert [ln for ln in _LINES if not _masks_alike(ln)][:3] == []
    assert sum(1 for ln in _LINES if lexicon.EXCEPT_RX.search(ln)) > 10      # the lines exercise them
    assert sum(1 for ln in _LINES if lexicon.EXAMPLES_RX.search(ln)) > 10


@settings(max_examples=400, deadline=None)
@given(text=_MASK_TEXT)
def test_masks_are_found_as_the_regexes_find_them_on_generated_text(text: str) -> None:
    assert _masks_alike(text), text


# A one-line list's " - " separators (split._INLINE_DASH) and an age written number first
# (specials._AGE_FIRST_RX, in an ASCII text) are tried only at a dash / a digit: the same
# matches as the regexes' own scans.
_DASH_AGE_WORDS = ["-", "–", "•", " - ", "- ", "18", "65", "2", "3.5", "1,000", "years", "yrs", "months", "of age",
                   "old", "or older", "and over", "to", "and", "< ", "x", "(A", "'b", "\"c", " ", "  ", "\t"]
_DASH_AGE_TEXT = st.lists(st.sampled_from(_DASH_AGE_WORDS).flatmap(_variants), min_size=1, max_size=12).map("".join)


def _dash_age_alike(text: str) -> bool:
    from trialview.model.criteria import specials, split
    from trialview.model.criteria.patterns import finditer_at_words

    pairs = [(split._INLINE_DASH, split._DASH_MARKS)] + ([(specials._AGE_FIRST_RX, specials._DIGITS)]
                                                         if text.isascii() else [])
    return all([m.span() for m in finditer_at_words(rx, text, starts)] == [m.span() for m in rx.finditer(text)]
               for rx, starts in pairs)


def test_dashes_and_ages_are_found_as_the_regexes_find_them_on_every_real_line() -> None:
    from trialview.model.criteria import specials, split

    assert [ln for ln in _LINES if not _dash_age_alike(ln)][:3] == []
    assert sum(1 for ln in _LINES if len(split._INLINE_DASH.findall(ln)) >= 2) >= 2      # the lines exercise them
    assert sum(1 for ln in _LINES if specials._AGE_FIRST_RX.search(ln)) > 100


@settings(max_examples=400, deadline=None)
@given(text=_DASH_AGE_TEXT)
def test_dashes_and_ages_are_found_as_the_regexes_find_them_on_generated_text(text: str) -> None:
    assert _dash_age_alike(text), text


# An age written in words (specials._AGE_WORDS_RX: "under the age of 18", "patients older than
# 65 years", "80 or more years old") is tried only where a comparator word, a person or a digit
# starts, and at the text's start ("^\\s*older than ..."): the same matches as its own scan.
_AGE_WORDS = ["under", "over", "below", "above", "younger", "older", "less", "more", " than", "the age of", "age", " ",
              "  ", "\t", "patients", "Adults", "subjects", "participant", "individuals", "women", "woman", "men", "male",
              "females", "persons", "people", "volunteers", "aged", "who are", "must be", "18", "65", "100", "3.5",
              "years", "yrs", "old", "of age", " or ", ">", "<=", "≥", "-", ",", "after", "months", "x"]
_AGE_TEXT = st.lists(st.sampled_from(_AGE_WORDS).flatmap(_variants), min_size=1, max_size=12).map("".join)


def _age_words_alike(text: str) -> bool:
    from trialview.model.criteria import specials
    from trialview.model.criteria.patterns import finditer_at_words

    rx = specials._AGE_WORDS_RX
    found = finditer_at_words(rx, text, specials._AGE_WORDS_STARTS, at_start=True)
    return [m.span() for m in found] == [m.span() for m in rx.finditer(text)]


def test_ages_in_words_are_found_as_their_regex_finds_them_on_every_real_line() -> None:
    from trialview.model.criteria import specials

    assert [ln for ln in _LINES if not _age_words_alike(ln)][:3] == []
    assert sum(1 for ln in _LINES if specials._AGE_WORDS_RX.search(ln)) > 20      # the lines exercise it
    # (and at the text's start, before its white space: "  older than 65 years" is one match)
    text = "  older than 65 years"
    assert _age_words_alike(text) and [m.span() for m in specials._AGE_WORDS_RX.finditer(text)] == [(0, len(text))]


@settings(max_examples=400, deadline=None)
@given(text=_AGE_TEXT)
def test_ages_in_words_are_found_as_their_regex_finds_them_on_generated_text(text: str) -> None:
    assert _age_words_alike(text), text


# Whether a criterion's "except ..." mask is worth its regex (checks._may_except) now searches
# only the three words of _EXCEPT_GATE that can be left at its end, each where its word is; and
# a subject later in a sentence ("... a pregnancy test for women of childbearing potential",
# conditions.subject_after) is tried where "for" / "in" starts: both answer as before.
_EXC_WORDS = ["in case", "in  case", "incase", "patients with", "patients  with", "other than", "otherthan", "case",
              "with", "than", "(", "except", "unless", "excluded", "if", "Gilbert", "other", "for", "in", "women",
              "of childbearing potential", "WOCBP", "males", "men", "must", "informed", ",", ".", ";", " "]
_EXC_TEXT = st.lists(st.sampled_from(_EXC_WORDS).flatmap(_variants), min_size=1, max_size=12).map(" ".join)


def _except_and_subject_alike(text: str) -> bool:
    from trialview.model.criteria import checks, conditions

    low = text.lower()
    before = not lowers_alike(text) or (
        ("(" in text or "except" in low or "unle" in low or "other" in low or "exclud" in low)
        and ("except" in low or "unless" in low or "exclud" in low or "if" in low or "gilbert" in low
             or bool(("case" in low or "with" in low or "than" in low) and checks._EXCEPT_GATE.search(low))))
    if checks._may_except(text, low) != before:
        return False
    for a, b in conditions.sentences(text):
        got = conditions.subject_after(text, a, b, text[a:b].lower())
        found = [m for m in (conditions._SUBJECT_AFTER_RX.search(text, a, b),
                             conditions._SUBJECT_BRACKET_RX.search(text, a, b)) if m]
        want = min(found, key=lambda m: m.start()) if found else None
        if (got and got.span()) != (want and want.span()):
            return False
    return True


def test_except_gate_and_later_subjects_as_before_on_every_real_line() -> None:
    from trialview.model.criteria import conditions

    assert [ln for ln in _LINES if not _except_and_subject_alike(ln)][:3] == []
    assert sum(1 for ln in _LINES if conditions._SUBJECT_AFTER_RX.search(ln)) >= 4      # the lines exercise it


@settings(max_examples=400, deadline=None)
@given(text=_EXC_TEXT)
def test_except_gate_and_later_subjects_as_before_on_generated_text(text: str) -> None:
    assert _except_and_subject_alike(text), text


_SUBJECT_TEXT = st.tuples(st.sampled_from(["A pregnancy test", "Negative test", "x", "Contraception; use"]),
                          st.sampled_from([" for ", " in ", " in the case of ", "in ", " for", ", for "]).flatmap(_variants),
                          st.sampled_from(["women of childbearing potential", "WOCBP", "males must", "men who agree",
                                           "female participants of reproductive age", "women"]).flatmap(_variants),
                          st.sampled_from(["", ".", " is required", "; and"])).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_SUBJECT_TEXT)
def test_later_subjects_as_before_on_generated_sentences(text: str) -> None:
    assert _except_and_subject_alike(text), text


# An unread clause that names an exception (unread._in_exception) has its regex run only where
# the clause, or what stands before it in its sentence, passes the exception's quick test.
def _in_exception_plain(text: str, piece: str) -> bool:
    from trialview.model.criteria import unread

    if unread._EXCEPTION.search(piece):
        return True
    at = text.find(piece)
    if at < 0:
        return False
    if unread._LIMIT_FIRST.match(piece) and unread._OR_BEFORE.search(text, max(0, at - 8), at):
        return True
    start = max(text.rfind(". ", 0, at), text.rfind(";", 0, at)) + 1
    return bool(unread._EXCEPTION.search(text, start, at))


def _exceptions_alike(text: str) -> bool:
    from trialview.model.criteria import unread

    pieces = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    return all(unread._in_exception(text, p, True) == _in_exception_plain(text, p) for p in pieces)


_EXCEPTION_WORDS = ["except", "exceptions", "apart from", "excluding", "eligible", "provided", "allowed", "permitted",
                    "acceptable", "acceptable methods", "separate", "not be excluded", "waived", "or", "< 5 x ULN",
                    "up to 3", "patients", "with", "are", "ALT", ",", ";", ".", ". ", " "]
_EXCEPTION_TEXT = st.lists(st.sampled_from(_EXCEPTION_WORDS).flatmap(_variants), min_size=1, max_size=12).map(" ".join)


def test_exception_clauses_as_before_on_every_real_line() -> None:
    assert [ln for ln in _LINES if not _exceptions_alike(ln)][:3] == []


@settings(max_examples=400, deadline=None)
@given(text=_EXCEPTION_TEXT)
def test_exception_clauses_as_before_on_generated_text(text: str) -> None:
    assert _exceptions_alike(text), text
