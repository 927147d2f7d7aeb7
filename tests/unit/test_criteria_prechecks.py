"""The parser's quick pre-checks never skip a regex that would have matched.

Eight regexes run only where a hand-written substring test (`_may_*`) says they can match; a test
that answered "no" where the regex matches would silently drop a check. Each pre-check is tried
against its regex on every real criteria line we hold and on generated text built from the words
the regexes read, in any case, with the non-ASCII letters that Python folds onto ASCII ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpora import JSON_DIR, SEEDS, chia_criteria_lines
from tests.unit.speedup_helpers import variants
from trialview.model.criteria import checks, lexicon, specials, therapies, unread
from trialview.model.criteria.patterns import FOLDS
from trialview.model.criteria.scanner import NameScanner

Gate = Callable[[str], bool]

# (name, regex the pre-check guards, the pre-check on a text)
_PAIRS: list[tuple[str, re.Pattern[str], Gate]] = [
    ("_may_except", lexicon.EXCEPT_RX, lambda s: checks._may_except(s, s.lower())),
    ("_may_give_examples", lexicon.EXAMPLES_RX, lambda s: checks._may_give_examples(s, s.lower())),
    ("_may_count", specials._DRUG_COUNT_RX, lambda s: specials._may_count(s, s.lower())),
    ("_may_last", specials._DURATION_RX, lambda s: specials._may_last(s.lower())),
    ("_may_deny", re.compile(f"{therapies._THERAPY_DENIED.pattern}|{therapies._THERAPY_NEGATION.pattern}", re.I),
     lambda s: therapies._may_deny(s.lower())),
    ("_may_name_exception", unread._EXCEPTION, lambda s: unread._may_name_exception(s, s.lower())),
    ("list_any_words", checks._LIST_ANY_RX, lambda s: checks.list_any_words(s) is not None),
    ("may_window", lexicon.WINDOW_RX, lambda s: lexicon.may_window(s.lower())),
]

# words the eight regexes read, and a few that sit beside them in real criteria
_WORDS = [
    "except", "except for", "unless", "excluding", "but excluding", "other than", "if", "in case",
    "in patients with", "for patients with", "Gilbert's", "including", "includes", "such as", "e.g.",
    "e g", "eg", "i.e.", "for example", "like", "at least", "≥", ">=", ">", "=", "more than", "2", "two",
    "four", "different", "kinds of", "of the following", "immunosuppressants", "rituximab", "history of",
    "SLE", "lupus", "disease duration", "diagnosed with", "diagnosis", "year", "years", "months", "weeks",
    "no", "not", "non-", "without", "never", "free of", "use of", "prior", "received", "been", "(", ")",
    ",", ";", ".", " ", "  ", "\n", "patients", "with", "than", "case", "exception", "exceptions", "apart from",
    "eligible", "allowed", "permitted", "acceptable", "provided", "separate", "not be excluded", "waived",
    "previously", "treated with", "treatment with", "therapy with", "undergone", "exposure to", "exposed to",
    "participated", "administration", "within", "during", "over the past", "in the last", "6", "day", "days",
    "week", "wk", "wks", "month", "year", "yrs", "any of the following", "one of the following", "at least one", "≥1 of the following", "either", "following",
]


_TEXT = st.lists(st.sampled_from(_WORDS).flatmap(variants), min_size=1, max_size=12).map(" ".join)


def _real_lines() -> list[str]:
    lines = chia_criteria_lines("inc") + chia_criteria_lines("exc")
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(JSON_DIR.glob("*.json"))]:
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


_LINES = _real_lines()


@pytest.mark.parametrize("name, rx, gate", _PAIRS, ids=[p[0] for p in _PAIRS])
def test_precheck_passes_every_real_line_its_regex_matches(name: str, rx: re.Pattern[str], gate: Gate) -> None:
    missed = [ln for ln in _LINES if rx.search(ln) and not gate(ln)]
    assert not missed, f"{name} skips {len(missed)} lines its regex matches, e.g. {missed[:3]}"
    assert any(rx.search(ln) for ln in _LINES), f"{name}: no real line exercises its regex"


@pytest.mark.parametrize("name, rx, gate", _PAIRS, ids=[p[0] for p in _PAIRS])
@settings(max_examples=150, deadline=None)
@given(text=_TEXT)
def test_precheck_passes_generated_text_its_regex_matches(name: str, rx: re.Pattern[str], gate: Gate,
                                                          text: str) -> None:
    if rx.search(text):
        assert gate(text), f"{name} says no to {text!r}, which its regex matches"


def test_fold_letters_are_the_ones_the_prechecks_know() -> None:
    # the pre-checks' docstrings rely on exactly these letters folding onto ASCII ones
    folding = {c for c in map(chr, range(0x80, 0x3000)) if any(re.fullmatch(a, c, re.I) for a in "abcdefghijklmnopqrstuvwxyz")}
    assert folding == set(FOLDS)


# The conditions' quick search runs case-sensitively on the lower-cased text (conditions.py): it
# must find a condition's opening word exactly where the case-blind regex does.
_CONDITION_WORDS = ["if", "when", "in case", "unless", "child", "childbearing", "reproductive", "fertile",
                    "WOCBP", "men", "women", "man", "male", "males", "female", "Males", "semen", "in", "case",
                    "iffy", "whenever", "-", "(", ")", ",", ".", " ", "  ", "\n", "the", "patients"]
_CONDITION_TEXT = st.lists(st.sampled_from(_CONDITION_WORDS).flatmap(variants), min_size=1,
                           max_size=12).map(" ".join)


def _condition_gates_agree(text: str) -> bool:
    from trialview.model.criteria import conditions
    from trialview.model.criteria.patterns import lowers_alike

    case_blind = bool(conditions._ANY_CONDITION.search(text))
    if lowers_alike(text) and case_blind != bool(conditions._ANY_CONDITION_LOW.search(text.lower())):
        return False
    opens = any(w in text.lower() for w in ("if", "when", "case", "unless", "child", "reproductive", "fertil",
                                            "wocbp", " men", "male")) or text.lower().startswith("men")
    # where an opening word is there and the regex matches, the gate lets the sentences be read
    return conditions._may_condition(text, text.lower()) or not (case_blind and opens)


def test_condition_gate_agrees_with_its_regex_on_every_real_line() -> None:
    disagree = [ln for ln in _LINES if not _condition_gates_agree(ln)]
    assert not disagree, disagree[:3]
    assert sum(1 for ln in _LINES if re.search(r"\bif\b", ln, re.I)) > 10      # the lines exercise it


@settings(max_examples=300, deadline=None)
@given(text=_CONDITION_TEXT)
def test_condition_gate_agrees_with_its_regex_on_generated_text(text: str) -> None:
    assert _condition_gates_agree(text), text


# The coverage's filler phrases are searched for only where their gate is in the lower-cased
# text (as many times as it says): a gate that said no where its phrase matches would leave
# filler words ("males and females") unread.
def _phrase_gates() -> list[tuple[str, int, re.Pattern[str]]]:
    from trialview.model.criteria import filler

    return [p for table in (filler.FILLER, *(t for _, t in filler.COMPANIONS)) for p in table.phrases]


def _phrase_gate_misses(text: str) -> list[str]:
    """The phrases whose matches in text the gated search (phrase_spans) does not find."""
    from trialview.model.criteria import filler

    misses = []
    for table in (filler.FILLER, *(t for _, t in filler.COMPANIONS)):
        found: list[tuple[int, int]] = []
        table.phrase_spans(text, text.lower(), found)
        misses += [rx.pattern for _, _, rx in table.phrases
                   if any(m.span() not in found for m in rx.finditer(text))]
    return misses


_PHRASE_WORDS = ["male", "males", "female", "females", "men", "women", "man", "or", "and", "and/or", "and / or",
                 "/", "i.e.", "e.g.", "ie", "eg", "both", "sexes", "sex", "any", "gender", "with or without",
                 "upper limits of normal", "as follows", ",", ".", " ", "\n", "patients",
                 "signing", "signature of", "the", "ICF", "informed consent form"]
_PHRASE_TEXT = st.lists(st.sampled_from(_PHRASE_WORDS).flatmap(variants), min_size=1, max_size=10).map(" ".join)


def test_phrase_gates_pass_every_real_line_their_phrase_matches() -> None:
    missed = [(ln, _phrase_gate_misses(ln)) for ln in _LINES if _phrase_gate_misses(ln)]
    assert not missed, missed[:3]
    assert any(rx.search(ln) for ln in _LINES for _, times, rx in _phrase_gates() if times > 1)


@settings(max_examples=300, deadline=None)
@given(text=_PHRASE_TEXT)
def test_phrase_gates_pass_generated_text_their_phrase_matches(text: str) -> None:
    assert not _phrase_gate_misses(text), text


# An unread clause sheds joining words at its ends (edges.EDGE); trim finds the end part
# from after the last word that no joining word is, not by the regex's scan of every position:
# it must shed exactly what the regex sheds.
_TRIM_WORDS = ["and", "or", "and / or", "and/or", "nor", "no", "non", "not", "nothing", "of", "the", "a", "an",
               "andrew", "lupus", "nephritis", "such as", "such", "e.g.", "e.g", "eg", "i.e.", "ie", "patients",
               "subject", "participants", "individuals", "any", "all", "other", "otherwise", "at", "on", "from",
               "including", "been", "5", "x_y", ",", ";", ":", ".", "-", "–", "/", "(", ")", "who", "which"]
_TRIM_TEXT = st.lists(st.tuples(st.sampled_from(_TRIM_WORDS).flatmap(variants), st.sampled_from(["", " "])),
                      min_size=1, max_size=10).map(lambda parts: " ".join("".join(a + b for a, b in parts).split()))


def _trims_alike(piece: str) -> bool:
    from trialview.model.criteria import edges

    return edges.trim(piece) == edges.EDGE.sub("", piece)


def test_trim_sheds_what_the_regex_sheds_on_every_real_line() -> None:
    pieces = [" ".join(ln.split()) for ln in _LINES]
    assert [p for p in pieces if not _trims_alike(p)][:3] == []


@settings(max_examples=400, deadline=None)
@given(piece=_TRIM_TEXT)
def test_trim_sheds_what_the_regex_sheds_on_generated_text(piece: str) -> None:
    assert _trims_alike(piece), piece


# The name scanner tries a word's tables only where its next two characters can go on a name of
# one of them (scanner.NameScanner._second): the names it finds are those it finds without that
# look-ahead, on real lines and on generated text of names, their near misses, cases and folds.
_NAME_WORDS = ["hemoglobin", "haemoglobin", "platelets", "platelet count", "ANC", "APTT", "ALT", "AST", "ALC",
               "alanine aminotransferase", "absolute neutrophil count", "age", "aged", "ages", "bilirubin", "BMI", "body weight", "B-cell",
               "B cell depleting therapy", "bone marrow transplant", "breast-feeding", "azathioprine",
               "anti-CD20 antibody", "anti-dsDNA", "active lupus nephritis", "asthma", "24-hour urine protein",
               "2019 EULAR/ACR", "eGFR", "serum creatinine", "pregnant", "lactating", "HBsAg", "HIV",
               "rituximab", "cyclophosphamide", "mycophenolate", "prednisone", "belimumab", "an", "as", "ab",
               "be", "the", "patients", "with", "or", "of", "to", "in", "study", "history", "albumin", "ALB",
               "AL", "ANA", "anaphylaxis", "antinuclear", "IgG", "CD19", "NYHA", "C3", "C4", "-", "(", ")", ",", ";", ".", " ", "\n", "x", "Ø", "10", "g/dL"]
_NAME_TEXT = st.lists(st.sampled_from(_NAME_WORDS).flatmap(variants), min_size=1, max_size=12).map(" ".join)


@cache
def _plain_scanner() -> NameScanner:
    plain = NameScanner(lexicon.NAMES.tables)
    plain._second = lambda chars: ""  # type: ignore[method-assign]  # the scanner without the look-ahead
    return plain


def test_name_scanner_finds_what_it_finds_without_its_lookahead_on_every_real_line() -> None:
    quick, plain = lexicon.NAMES, _plain_scanner()
    differ = [ln for ln in _LINES if quick.find(ln) != plain.find(ln)]
    assert not differ, differ[:3]
    assert sum(1 for ln in _LINES if any(quick.find(ln))) > 1000      # the lines have names


@settings(max_examples=300, deadline=None)
@given(text=_NAME_TEXT)
def test_name_scanner_finds_what_it_finds_without_its_lookahead_on_generated_text(text: str) -> None:
    assert lexicon.NAMES.find(text) == _plain_scanner().find(text), text


# The words of past use before a therapy (therapies._EVER_HEAD, a lookahead) are looked for only
# where a word of _EVER_STARTS starts: they must be the ones its scan of every position finds.
def _ever_agrees(text: str) -> bool:
    from trialview.model.criteria.clauses import TextIndex

    words = therapies._Words(text, [], TextIndex(text))._ever()
    found = [m.span(1) for m in therapies._EVER_HEAD.finditer(text)]
    return words == ([a for a, _ in found], [b for _, b in found])


def test_past_use_words_are_found_as_the_lookahead_finds_them_on_every_real_line() -> None:
    disagree = [ln for ln in _LINES if not _ever_agrees(ln)]
    assert not disagree, disagree[:3]
    assert sum(1 for ln in _LINES if therapies._EVER_HEAD.search(ln)) > 10      # the lines exercise it


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_past_use_words_are_found_as_the_lookahead_finds_them_on_generated_text(text: str) -> None:
    assert _ever_agrees(text), text


# Coverage reads an ASCII text's words with a plain class ([A-Za-z0-9]+) in place of [^\W_]+:
# on ASCII text the two must find the same words, "_" and every other ASCII character included.
def test_open_words_of_a_spaced_copy_are_the_regexs() -> None:
    """coverage._open splits the words off a copy of the text with spaces for what is no ASCII
    letter or digit ("≥" and "’" too); a text with a letter or digit beyond ASCII goes to
    _open_unicode, whose regex (_WORD) reads Unicode's words. Both find the same words not
    covered, with any spans over them (cutting words in two, at their ends, touching none)."""
    from trialview.model.criteria import coverage, filler

    texts = [*_LINES, "".join(map(chr, range(128))), "a_b c-d e1 2f_ G\tH", "≥ 5 µg/L", "x ≤3 – y’s z"]
    every = sum(1 << k for k in range(len(filler.TABLES)))
    for text in texts:
        n = len(text)
        for merged in ([], [(0, n)], [(1, 3)], [(2, max(3, n // 3)), (n // 2, n // 2 + 4)], [(n - 5, n + 3)],
                       [(k, k + 2) for k in range(1, n, 7)]):
            spans = coverage._merge(merged)
            for bits in (1, every):
                assert coverage._open(text, spans, bits) == coverage._open_unicode(text, spans, bits), (text, spans)
