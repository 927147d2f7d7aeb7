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

from tests.corpora import JSON_DIR, SEEDS, chia_criteria_lines
from trialview.model.criteria import lexicon
from trialview.model.criteria.patterns import lowers_alike
from trialview.model.criteria.scanner import NameScanner


def _variants(word: str) -> st.SearchStrategy[str]:
    """A word in some case, a letter perhaps swapped for a non-ASCII one that folds onto it."""
    folds = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}

    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = []
        for ch in word:
            choice = draw(st.integers(0, 3))
            if choice == 1:
                ch = ch.upper()
            elif choice == 2 and ch.lower() in folds:
                ch = draw(st.sampled_from(folds[ch.lower()]))
            out.append(ch)
        return "".join(out)

    return build()


def _real_lines() -> list[str]:
    lines = chia_criteria_lines("inc") + chia_criteria_lines("exc")
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(JSON_DIR.glob("*.json"))]:
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


_LINES = _real_lines()


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
# (coverage._PHRASE_STARTS): the spans found must be the regex's own, no more and no fewer.
_START_WORDS = ["cannot", "can not", "can", "may not", "will not", "must not", "are not", "is not", "this", "be",
                "participate", "take part", "enrolled", "included", "eligible", "men", "women", "man", "or", "and",
                "and/or", "and / or", "/", "band", "sand/ore", "is", "-", "(", ",", ".", " "]
_START_TEXT = st.lists(st.sampled_from(_START_WORDS).flatmap(_variants), min_size=1, max_size=12).map(" ".join)


def _starts_alike(text: str) -> bool:
    from trialview.model.criteria import coverage
    from trialview.model.criteria.patterns import finditer_at_words

    for table in (coverage._FILLER, *(t for _, t in coverage._COMPANIONS)):
        for (_, _, rx), starts in zip(table.phrases, table.starts, strict=True):
            if starts is not None and \
                    [m.span() for m in finditer_at_words(rx, text, starts)] != [m.span() for m in rx.finditer(text)]:
                return False
    return True


def test_phrases_found_at_their_start_words_on_every_real_line() -> None:
    from trialview.model.criteria import coverage

    assert sum(1 for table in coverage._TABLES for s in table.starts if s) == 3
    assert [ln for ln in _LINES if not _starts_alike(ln)][:3] == []


@settings(max_examples=400, deadline=None)
@given(text=_START_TEXT)
def test_phrases_found_at_their_start_words_on_generated_text(text: str) -> None:
    assert _starts_alike(text), text


# Quick substring tests spare three regexes most of their runs: "male or non-pregnant women"
# (sexes.may_alternate before _MALE_OR_RX), and what stands before a state ("treatment for
# cancer", "suggestive of infection", "to prevent pregnancy": checks._may_treat, _may_mean and
# the words of _PREVENT_BEFORE). A test that said no where its regex matches would drop or add
# a check: each must pass wherever its regex matches.
_STATE_WORDS = ["male", "males", "men", "or", "non-pregnant", "non pregnant", "not pregnant", "nonlactating",
                "not nursing", "non-breast feeding", "breastfeeding", "women", "female", "treatment for", "therapy of",
                "drugs for the", "medications of", "anti-", "anti", "markers of", "suggestive of", "indicative for",
                "concerning for", "suspicious of", "consistent with", "prevent", "preventing a", "avoid any",
                "cancer", "infection", "pregnancy", ",", " ", "-", "(", "."]
_STATE_TEXT = st.lists(st.sampled_from(_STATE_WORDS).flatmap(_variants), min_size=1, max_size=10).map(" ".join)


def _state_gates_hold(text: str) -> bool:
    from trialview.model.criteria import checks, sexes

    if sexes._MALE_OR_RX.search(text) and not sexes.may_alternate(text, text.lower()):
        return False
    if not lowers_alike(text):
        return True         # (_states gives such a text _EVERY_WORD: every quick test passes)
    for start in range(len(text) + 1):
        near = text[max(0, start - 50):start].lower()
        if (checks._TREATS_BEFORE.search(text, max(0, start - 30), start) and not checks._may_treat(near)) or \
                (checks._MEANS_BEFORE.search(text, max(0, start - 50), start) and not checks._may_mean(near)) or \
                (checks._PREVENT_BEFORE.search(text, max(0, start - 20), start)
                 and not ("prevent" in near or "avoid" in near)):
            return False
    return True


def test_state_gates_pass_where_their_regexes_match_on_real_lines() -> None:
    from trialview.model.criteria import checks

    lines = [ln for ln in _LINES if any(w in ln.lower() for w in ("male", "men", "treat", "therap", "drug", "anti",
                                                                  "sugg", "indicat", "prevent", "consist"))]
    assert [ln for ln in lines[:4000] if not _state_gates_hold(ln)][:3] == []
    # (the lines exercise them: each matches before a state somewhere)
    cuts = [(ln, m.end()) for ln in lines for m in re.finditer(r"(?:suggestive|treatment)\s+(?:of|for)\s+", ln, re.I)]
    assert any(checks._MEANS_BEFORE.search(ln, 0, e) for ln, e in cuts)
    assert any(checks._TREATS_BEFORE.search(ln, 0, e) for ln, e in cuts)


@settings(max_examples=300, deadline=None)
@given(text=_STATE_TEXT)
def test_state_gates_pass_where_their_regexes_match_on_generated_text(text: str) -> None:
    assert _state_gates_hold(text), text


def test_a_text_with_folds_passes_every_state_gate() -> None:
    from trialview.model.criteria import checks

    near = checks._EVERY_WORD
    assert checks._may_treat(near) and checks._may_mean(near) and ("prevent" in near or "avoid" in near)


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


# Sentence and clause marks are found by trying their regexes only where a mark stands
# (patterns.finditer_at_words), and a section's lead-in (split._PREAMBLE) only where its first
# line ends with ":" or has no word character: the same matches as the plain scans.
_MARK_WORDS = ["following", "criteria:", "all of", "must meet", "required", "eligible", ":", ";", ".", ". ", ".\n",
               ",", ", ", ", positive", ",detectable", ". The", ". the", "e.g.", "3.5", "-", "*", " ", "\n", "\t",
               "\u2003", "_", "x", "Positive", "NOTE"]
_MARK_TEXT = st.lists(st.sampled_from(_MARK_WORDS).flatmap(_variants), min_size=1, max_size=10).map("".join)


def _marks_alike(text: str) -> bool:
    from trialview.model.criteria import conditions, coverage, joins, split
    from trialview.model.criteria.patterns import finditer_at_words

    for rx, marks in ((conditions._SENTENCE_END, conditions._SENTENCE_MARKS),
                      (coverage._CLAUSE_SEP, coverage._CLAUSE_MARKS), (joins._SENTENCE_RX, joins._SENTENCE_MARKS)):
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
        want = next(conditions._SUBJECT_AFTER_RX.finditer(text, a, b), None)
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
