"""What a criterion's checks cover, and what is left unread.

Coverage is a first-class result of reading a criterion: the character spans its checks read
(with the example lists and exceptions kept beside them), and the spans of filler words that
carry no requirement of their own ("patients", "must have", "history of", "at screening").
Whatever else the text says is `unread`: the clauses no check covers, cut at the clause
boundaries (";", ". ", ",", ":") and at the checks, each trimmed of filler at its ends.

Filler is general: words that never carry a requirement, and words that only restate what a
check of a given variable already reads ("women" beside "pregnant", "SLE" beside the 2019
EULAR/ACR criteria). A word with a meaning of its own is never filler: "willing to adopt
contraceptive measures" is unread however many checks stand beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from bisect import bisect_right
from functools import lru_cache

from trialview.model.criteria.edges import balance, commas, trim, unbracket
from trialview.model.criteria.patterns import finditer_at_words, lower_of, lowers_alike

Span = tuple[int, int]


_ONE_WORD = re.compile(r"(?:[a-z0-9?*+]|\\w|\[[a-z0-9]+\]|\((?:\?:)?[a-z0-9|?]+\)[?*]?)+", re.I)


class _Words:
    """Word patterns: those of one word (`word`) are looked up word by word in `_VOCABULARY`
    (one dictionary look-up per word of a text for all the tables at once, not a scan of every
    position); the phrases (with spaces, hyphens or dots) are searched for."""

    def __init__(self, *alts: str) -> None:
        words = [a for a in alts if _ONE_WORD.fullmatch(a)]
        phrases = [a for a in alts if not _ONE_WORD.fullmatch(a)]
        self.word = re.compile("(?:" + "|".join(words) + ")", re.I) if words else None
        # each phrase with a word it cannot match without: searched for only where that is (as
        # many times as _PHRASE_GATES says; once, for the longest run of letters it always holds)
        self.phrases = [(*_PHRASE_GATES.get(p, (_gate(p) if "\\." not in p else ".", 1)),
                         re.compile(r"(?<!\w)(?:" + p + r")(?!\w)", re.I)) for p in phrases]
        self.starts = [_PHRASE_STARTS.get(p) for p in phrases]

    def phrase_spans(self, text: str, low: str, out: list[Span]) -> None:
        """Add the spans of this table's phrases in text (low: text.lower()) to out. A text with
        a letter that folds onto an ASCII one (patterns.FOLDS: "as followſ") is searched for every
        phrase: its lower case may lack a gate that the case-blind regex finds all the same."""
        alike = lowers_alike(text)
        for (gate, times, rx), starts in zip(self.phrases, self.starts, strict=True):
            if alike:
                if times == 0:          # gate: pieces, any of which will do
                    if not any(g in low for g in gate.split("|")):
                        continue
                elif gate not in low or (times > 1 and low.count(gate) < times):
                    continue
            found = rx.finditer(text) if starts is None else finditer_at_words(rx, text, starts)
            out.extend(m.span() for m in found)


# "Pregnant or nursing women cannot participate in this study": what an exclusion says already
_NOT_ADMITTED = (r"(?:cannot|can\s*not|may\s+not|will\s+not|must\s+not|are\s+not|is\s+not)\s+(?:be\s+)?"
                 r"(?:participate|take\s+part|enrolled|included|eligible)")
_SIGNING = r"(?:signing|signature\s+of)\s+(?:the\s+)?(?:ICF|informed\s+consent(?:\s+form)?)"
# What a match of these phrases always holds in the lower-cased text, and how many times, where
# _gate's pick is common ("and", ".", "men"); 0 times: one of the pieces between "|" (a match
# of "i.e." holds "i.e", one of "e.g." holds "e.g": most texts have a dot, few either). They
# are tested on texts without patterns.FOLDS only (phrase_spans searches a text with one for
# every phrase). (tests/unit/test_criteria_prechecks.py checks them against their regexes.)
_PHRASE_GATES: dict[str, tuple[str, int]] = {
    _NOT_ADMITTED: ("not", 1),
    r"and\s*/\s*or": ("/", 1),
    r"i\.e\.?|e\.g\.?": ("i.e|e.g", 0),
    r"(?:fe)?males?\s+(?:or|and|and\s*/\s*or)\s+(?:fe)?males?": ("male", 2),
    r"(?:wo)?men\s+(?:or|and)\s+(?:wo)?men": ("men", 2),
    # (_gate finds no letters outside its groups: without this one, every text was searched)
    _SIGNING: ("sign", 1),
}


# The words every match of a phrase starts with (patterns.finditer_at_words tries the phrase only
# where one starts, not at every position: the case-blind scan of these three cost most)
_PHRASE_STARTS: dict[str, tuple[str, ...]] = {
    _NOT_ADMITTED: ("can", "may", "will", "must", "are", "is"),
    r"(?:wo)?men\s+(?:or|and)\s+(?:wo)?men": ("wo", "men"), r"and\s*/\s*or": ("and",)}


def _gate(pattern: str) -> str:
    """The longest run of letters a match of pattern always holds (outside groups, not made
    optional); "" when there is none."""
    best, run, depth, i = "", "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            best, run, i = max(best, run, key=len), "", i + 2
            continue
        if ch.isalpha() and depth == 0:
            run += ch.lower()
        else:
            if ch in "?*" and run:
                run = run[:-1]
            best = max(best, run, key=len)
            run = ""
            depth += (ch == "(") - (ch == ")")
            if ch == "[":
                i = pattern.index("]", i)
        i += 1
    return max(best, run, key=len)


def _words(*alts: str) -> _Words:
    return _Words(*alts)


# words that carry no requirement of their own, whatever the criterion reads
_FILLER = _words(
    r"with\s+or\s+without\s+[\w\s-]+?(?=[,;.)]|$)",   # "with or without microscopic hematuria": no requirement
    # "Pregnant or nursing women cannot participate in this study": what the section says already
    _NOT_ADMITTED,
    r"(?:fe)?males?\s+(?:or|and|and\s*/\s*or)\s+(?:fe)?males?", r"(?:wo)?men\s+(?:or|and)\s+(?:wo)?men",
    r"(?:both|either|any)\s+sex(?:es)?", r"adults?", r"status",
    r"a", r"an", r"the", r"of", r"in", r"on", r"at", r"to", r"for", r"with", r"by", r"from", r"as", r"and",
    r"or", r"and\s*/\s*or", r"nor", r"either", r"both", r"any", r"all", r"other", r"others", r"another",
    r"this", r"these", r"those", r"that", r"which", r"who", r"whom", r"whose", r"it", r"its", r"their", r"they",
    r"is", r"are", r"was", r"were", r"be", r"been", r"being", r"has", r"have", r"had", r"having", r"must",
    r"should", r"shall", r"will", r"would", r"can", r"could", r"may", r"do", r"does", r"did",
    r"patients?", r"subjects?", r"participants?", r"individuals?", r"persons?", r"people", r"volunteers?",
    r"following", r"criteria", r"criterion", r"one", r"only", r"least", r"also", r"following\s+criteria",
    r"history", r"presence", r"evidence", r"known", r"documented", r"diagnosed", r"diagnosis", r"confirmed",
    r"current", r"currently", r"recent", r"recently", r"present", r"existing", r"defined", r"as\s+follows",
    r"meet", r"meets", r"met", r"meeting", r"fulfil\w*", r"satisf\w+", r"eligible", r"eligibility",
    r"inclusion", r"exclusion", r"included", r"excluded", r"enrol\w*", r"participat\w*",
    r"levels?", r"values?", r"counts?", r"scores?", r"points?", r"results?", r"tests?", r"testing", r"serum",
    r"blood", r"plasma", r"measured", r"titers?", r"titres?", r"functions?",
    r"screening", r"baseline", r"randomi[sz]\w*", r"random", r"allocation", r"assignment", r"study", r"trial",
    r"visit", r"period", r"prior", r"previous", r"previously", r"before", r"within", r"during", r"last",
    r"past", r"received", r"receiving", r"receive", r"receipt",
    _SIGNING, r"use", r"used", r"using", r"usage", r"treated",
    r"treatment", r"therapy", r"therapies", r"administration", r"administered", r"exposure", r"exposed",
    r"positive", r"positivity", r"negative", r"detectable", r"undetectable", r"detected", r"reactive",
    r"no", r"not", r"non", r"without", r"never", r"free", r"undergone", r"underwent", r"undergo", r"performed",
    r"given", r"taken", r"taking", r"requirements?", r"required", r"diseases?", r"disorders?", r"conditions?",
    r"acceptable", r"allowed", r"permitted", r"accepted", r"including", r"ie", r"eg", r"i\.e\.?|e\.g\.?", r"peripheral", r"combined", r"accompanied", r"concomitant", r"coexisting", r"uln", r"upper\s+limits?\s+of\s+normal",
    r"age", r"aged", r"old", r"years?", r"inclusive", r"regardless", r"genders?", r"sex", r"of\s+any\s+gender",
    r"both\s+genders?", r"all\s+genders?",
)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# words that only restate what a check of these variables reads ({variable prefix: words})
_COMPANIONS: tuple[tuple[tuple[str, ...], _Words], ...] = (
    # a pregnancy test's words restate a check of pregnancy, not one of breastfeeding ("must have
    # a negative serum HCG test ... and must not be lactating": the test is not read by "lactating")
    (("pregnant",), _words(r"wom[ae]n", r"females?", r"mothers?", r"pregnancy", r"urine", r"urinary", r"hcg")),
    # "Women not of childbearing potential": whom it is about, what the check reads
    (("childbearing_potential",), _words(r"wom[ae]n", r"females?", r"wocbp", r"potential", r"child[- ]?bearing")),
    (("lactating",), _words(r"wom[ae]n", r"females?", r"mothers?", r"lactation", r"nursing", r"breast[- ]?feeding")),
    (("sle_",), _words(
        r"sle", r"systemic", r"lupus", r"erythematosus", r"classification", r"diagnostic", r"according",
        r"recommended", r"acr", r"eular", r"american", r"college", r"rheumatology", r"european", r"league",
        r"against", r"rheumatism", r"records?", r"show")),
    (("bilag",), _words(r"bilag(?:[- ]?2004)?", r"organ", r"systems?", r"domains?", r"class", r"grade", r"mobility")),
    (("sledai", "selena"), _words(r"sledai(?:[- ]?2k)?", r"selena")),
    (("malignancy_history",), _words(r"tumou?rs?", r"neoplasms?", r"carcinomas?", r"solid", r"h(?:a)?ematologic(?:al)?",
                                     r"malignan\w+", r"cancers?")),
    (("hbsag", "hbcab", "hbv_dna", "hcv_ab", "hcv_rna", "hiv", "cmv_dna", "ebv_dna", "syphilis", "tuberculosis"),
     _words(r"hepatitis(?:\s+[bc](?:\s+(?:or|and)\s+[bc])?)?", r"virus", r"viral", r"infections?", r"infected", r"antibod\w*", r"antigens?",
            r"dna", r"rna", r"hbv", r"hcv", r"copies", r"loads?", r"above", r"exceeding", r"detection",
            r"threshold", r"limits?", r"upper", r"normal", r"serology", r"seropositive", r"carriers?", r"rpr",
            r"tpha", r"vdrl", r"treponem\w*", r"reconfirmed", r"seropositivity")),
    (("active_infection",), _words(r"uncontroll\w+", r"active", r"severe", r"serious", r"suspected", r"requiring",
                                   r"antibiotics?", r"antivirals?", r"antifungals?", r"systemic", r"intravenous",
                                   r"bacterial", r"viral", r"fungal", r"parasitic", r"pathogens?", r"infections?")),
    (("@therapy",), _words(r"agents?", r"drugs?", r"products?", r"medications?", r"medicines?", r"regimens?")),
    (("anc", "alc", "wbc", "hemoglobin", "platelets"), _words(r"bone", r"marrow", r"h(?:a)?ematolog\w*")),
    (("alt", "ast", "total_bilirubin", "albumin"), _words(r"liver", r"hepatic")),
    (("creatinine", "egfr", "crcl", "upcr", "urine_protein_24h"), _words(
        r"kidney", r"renal", r"cockcroft", r"gault", r"mdrd", r"ckd-epi", r"formula", r"equation", r"calculated",
        r"estimated", r"urinary", r"urine")),
    (("inr", "pt", "aptt"), _words(r"coagulation")),
    (("lvef", "nyha_class", "severe_cardiac_disease"), _words(
        r"cardiac", r"heart", r"echocardiograph\w*", r"echo", r"assessment", r"cardiovascular", r"new\s+york",
        r"association", r"nyha", r"class", r"congestive", r"failure", r"CHF")),
    (("spo2", "dyspnea_grade"), _words(r"lung", r"pulmonary", r"pulse", r"oximetry", r"while", r"breathing",
                                       r"indoor", r"room", r"ambient", r"air", r"ctcae", r"oxygenated",
                                       r"oxygen")),
    (("age",), _words(r"range", r"between", r"when", r"obtaining", r"informed", r"consent", r"child(?:ren)?",
                      r"adolescents?", r"adults?", r"infants?", r"p(?:a)?ediatric")),
)
# what separates clauses: a ";" or a sentence's end (commas stay inside a clause: "nervous
# system diseases, lung diseases, liver diseases" is one unread clause)
_CLAUSE_SEP = re.compile(r";|\.(?=\s|$)|\n")
_CLAUSE_MARKS = (";", ".", "\n")     # what each of its matches starts with
_WORD = re.compile(r"[^\W_]+", re.U)

class Coverage:
    """Which characters of `text` the checks and the filler words cover."""

    def __init__(self, text: str, by_checks: tuple[Span, ...], tables: tuple[_Words, ...], bits: int,
                 open_words: list[Span]) -> None:
        self.text = text
        self.by_checks = by_checks
        self._tables = tables               # the filler tables its variables read with
        self._bits = bits                   # and their bits in _VOCABULARY
        self._open_words = open_words       # the words that are not filler and no check covers, in order
        self._phrases: list[Span] | None = None
        self._loose_words: tuple[Span, ...] | None = None

    def _phrase_spans(self) -> list[Span]:
        """The spans of the filler phrases and possessives (spans, not words): looked for only
        when asked, and asked only when a word is left after the checks."""
        if self._phrases is None:
            text = self.text
            low = lower_of(text)
            spans: list[Span] = []
            for table in self._tables:
                table.phrase_spans(text, low, spans)
            if "'" in text or "’" in text:
                spans.extend(m.span() for m in _POSSESSIVE.finditer(text))
            self._phrases = spans
        return self._phrases

    @property
    def by_filler(self) -> tuple[Span, ...]:
        """The filler's spans, merged, in text order."""
        words = [m.span() for m in _WORD.finditer(self.text) if _bits_of(m[0]) & self._bits]
        return tuple(_merge([*self._phrase_spans(), *words]))

    def covered(self) -> list[Span]:
        """Every covered span, merged, in text order."""
        return _merge([*self.by_checks, *self.by_filler])

    @property
    def _loose(self) -> tuple[Span, ...]:
        """The words that no span covers: of the words that are not filler (a filler word is
        covered by its own span), those that the checks' and the phrases' spans do not cover.
        Words never touch one another (each is all the letters and digits in a row), so a word
        that the merged spans of everything cover is covered by the merged spans of the checks
        and phrases alone: the filler words need not be merged in; and a word the checks cover
        needs no phrase (the phrases are looked for only when a word is left)."""
        if self._loose_words is None:
            out = self._open_words
            if out:
                out = _uncovered(out, _merge([*self.by_checks, *self._phrase_spans()]))
            self._loose_words = tuple(out)
        return self._loose_words

    def loose(self) -> list[Span]:
        """The words nothing covers: each has a meaning of its own that no check reads."""
        return list(self._loose)

    def unread(self) -> list[str]:
        """The clauses no check covers: within each clause (between ";" / ". " and the checks),
        the comma-parts that hold a word with a meaning of its own, trimmed of joining words."""
        loose = self._loose
        if not loose:
            return []
        text = self.text
        seps = [p for m in finditer_at_words(_CLAUSE_SEP, text, _CLAUSE_MARKS) for p in m.span()]
        cuts = sorted({0, len(text), *seps, *(p for span in self.by_checks for p in span)})
        out: list[str] = []
        k, n = 0, len(loose)
        while k < n:
            # the clause [a, b) between two cuts that holds the next loose word, and its last one
            first = loose[k]
            i = bisect_right(cuts, first[0])
            a, b = cuts[i - 1], cuts[i]
            while k + 1 < n and loose[k + 1][0] < b:
                k += 1
            last = loose[k]
            k += 1
            # the whole of the comma-parts that hold the unread words, trimmed of joining words
            # (the commas found in order: the last before the first word, the first after the last)
            lo = hi = -1
            if text.find(",", a, first[0]) >= 0:
                lo = max(commas(text, a, first[0]), default=-1)
            if text.find(",", last[1], b) >= 0:
                hi = min(commas(text, last[1], b), default=-1)
            lo = lo + 1 if lo >= 0 else a
            hi = hi if hi >= 0 else b
            piece = trim(unbracket(" ".join(balance(text, lo, hi, a, b).split())))
            if piece and (not out or out[-1] != piece):
                out.append(piece)
        return out


def _uncovered(words: list[Span] | tuple[Span, ...], merged: list[Span] | tuple[Span, ...]) -> list[Span]:
    """The words (in text order) that no span of merged (merged, in text order) covers: one walk
    along the two (a word is covered when the last span starting at or before it reaches its end)."""
    out = []
    i, n = -1, len(merged)
    for w in words:
        a = w[0]
        while i + 1 < n and merged[i + 1][0] <= a:
            i += 1
        if i < 0 or merged[i][1] < w[1]:
            out.append(w)
    return out


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):      # (empty spans skipped here: the order of the rest is the same)
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# Every word table at once, for the look-up of a word: table k's bit is 1 << k (the filler is
# table 0, the companions follow in order). A word's bits are found once (words recur).
_TABLES: tuple[_Words, ...] = (_FILLER, *(table for _, table in _COMPANIONS))
_VOCABULARY: dict[str, int] = {}       # word -> the bits of the tables it is a word of


def _learn(word: str) -> int:
    if len(_VOCABULARY) > 100_000:     # a vocabulary, not a leak: start again
        _VOCABULARY.clear()
    bits = 0
    for k, table in enumerate(_TABLES):
        if table.word is not None and table.word.fullmatch(word):
            bits |= 1 << k
    _VOCABULARY[word] = bits
    return bits


@lru_cache(maxsize=4096)
def _companions(variables: frozenset[str]) -> tuple[int, tuple[_Words, ...]]:
    """The bits and the tables (the filler's and the companion tables') that a set of variables
    reads with (the same sets recur from criterion to criterion: looked up once each)."""
    bits, tables = 1, [_FILLER]
    for k, (prefixes, table) in enumerate(_COMPANIONS, 1):
        if any(v.startswith(prefixes) for v in variables):
            bits |= 1 << k
            tables.append(table)
    return bits, tuple(tables)


def _bits_of(word: str) -> int:
    got = _VOCABULARY.get(word)
    return _learn(word) if got is None else got


def cover(text: str, checked: Iterable[Span], variables: Iterable[str]) -> Coverage:
    """The coverage of text by the spans its checks read and by its filler words (the spans of
    the filler words are not kept: a filler word covers itself and nothing else, see _loose)."""
    bits, tables = _companions(frozenset(variables))
    merged = _merge(checked)
    return Coverage(text, tuple(merged), tables, bits, _open(text, merged, bits))


_WORD_CHAR = re.compile(r"[^\W_]")      # a character of a _WORD
# an ASCII text's bytes with every character that is no ASCII letter or digit made a space: its
# words (the runs of [A-Za-z0-9], what _WORD finds in ASCII) at their offsets, for str.split
_ONLY_WORDS = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")     # (a letter or digit among them: _WORD's words)


def _open(text: str, merged: list[Span], bits: int) -> list[Span]:
    """The words of text (in order) that are not filler (of the tables in bits) and that no span
    of merged (merged, in text order) covers, found in the gaps between the spans only: a word is
    covered when all of it lies in one merged span (merged spans neither touch nor overlap), so a
    word that is not has a character in a gap. Each gap is read from the start of the word it
    opens in (a word that begins inside the span before it), and a word is read to its end
    however far past the gap it goes (into the next span)."""
    if not text.isascii() and any(c.isalnum() for c in _NOT_ASCII.findall(text)):
        return _open_unicode(text, merged, bits)
    # (the words split off a copy of text with spaces for the rest, "≥" and "’" too, each one
    # character as "?" is: str.split and str.find in C, where a regex's match object for each
    # word cost most of the coverage's reading)
    spaced = text.encode("ascii", "replace").translate(_ONLY_WORDS).decode("ascii")
    out: list[Span] = []
    get = _VOCABULARY.get
    n = len(text)
    done = 0            # where the last word read ends: a word over a span is in two gaps
    for g0, g1 in _gaps(merged, n):
        if g0 >= g1:
            continue
        if g0 > 0 and spaced[g0] != " " and spaced[g0 - 1] != " ":
            g0 = max(done, spaced.rfind(" ", 0, g0) + 1)       # the start of the word it opens in
        elif g0 < done:
            g0 = done
        end = g1        # past the end of the word the gap closes in
        if g1 < n and spaced[g1 - 1] != " " and spaced[g1] != " ":
            end = spaced.find(" ", g1)
            end = n if end < 0 else end
        at = g0
        for word in spaced[g0:end].split():
            a = spaced.find(word, at)
            at = done = a + len(word)
            got = get(word)
            if got is None:
                got = _learn(word)
            if not got & bits:
                out.append((a, done))
    return out


def _open_unicode(text: str, merged: list[Span], bits: int) -> list[Span]:
    """_open of a text with a letter or digit that is not ASCII (its words: _WORD's, Unicode's)."""
    out: list[Span] = []
    get = _VOCABULARY.get
    n = len(text)
    done = 0
    for g0, g1 in _gaps(merged, n):
        if g0 > 0 and g0 < g1 and _WORD_CHAR.match(text, g0) and _WORD_CHAR.match(text, g0 - 1):
            g0 = max(done, _word_start(text, g0))
        for m in _WORD.finditer(text, g0):
            a = m.start()
            if a >= g1:
                break
            if a < done:
                continue
            done = m.end()
            word = m[0]
            got = get(word)
            if got is None:
                got = _learn(word)
            if not got & bits:
                out.append((a, done))
    return out


def _gaps(merged: list[Span], n: int) -> list[Span]:
    """The stretches of [0, n) between the merged spans (empty ones left out)."""
    out, at = [], 0
    for a, b in merged:
        if a > at:
            out.append((at, min(a, n)))
        at = max(at, b)
    if at < n:
        out.append((at, n))
    return out


def _word_start(text: str, i: int) -> int:
    """The start of the word that holds text[i]."""
    while i > 0 and _WORD_CHAR.match(text, i - 1):
        i -= 1
    return i
