"""The words that carry no requirement of their own, in tables coverage.py reads the text with.

The filler (`FILLER`) is read beside every criterion's checks; each companion table beside the
checks of its variables only (`COMPANIONS`: "women" beside "pregnant"). A table's one-word
patterns are looked up word by word (`bits_of`: one dictionary look-up per word for all the
tables at once); its phrases (with spaces, hyphens or dots) are searched for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from trialview.model.criteria.patterns import finditer_at_words, lowers_alike

Span = tuple[int, int]

_ONE_WORD = re.compile(r"(?:[a-z0-9?*+]|\\w|\[[a-z0-9]+\]|\((?:\?:)?[a-z0-9|?]+\)[?*]?)+", re.I)


class Words:
    """Word patterns: those of one word (`word`) are looked up word by word in `VOCABULARY`
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
        self.phrase_patterns = phrases      # (as written: the keys of _PHRASE_GATES and the like)
        # which phrases may hold a given word (those that may hold any word: always)
        self._anyword = tuple(k for k, p in enumerate(phrases) if p not in _PHRASE_WORDS)
        self._by_word: dict[str, tuple[int, ...]] = {}
        for k, p in enumerate(phrases):
            for word in _PHRASE_WORDS.get(p, ()):
                self._by_word[word] = (*self._by_word.get(word, ()), k)

    def phrase_spans(self, text: str, low: str, out: list[Span]) -> None:
        """Add the spans of this table's phrases in text (low: text.lower()) to out. A text with
        a letter that folds onto an ASCII one (patterns.FOLDS: "as followſ") is searched for every
        phrase: its lower case may lack a gate that the case-blind regex finds all the same."""
        alike = lowers_alike(text)
        for k in range(len(self.phrases)):
            self._search(k, text, low, alike, out)

    def phrase_spans_holding(self, text: str, low: str, words: set[str], out: list[Span]) -> None:
        """phrase_spans for the phrases that may hold one of words (lower-cased; for a text without
        patterns.FOLDS): a match of another holds none of them, and covers none of them. (The
        coverage asks for the words nothing else covers: most phrases need not be looked for.)"""
        picked = self._anyword
        for word in words:
            more = self._by_word.get(word)
            if more is not None:
                picked = (*picked, *more)
        for k in sorted(set(picked)) if len(picked) > 1 else picked:
            self._search(k, text, low, True, out)

    def _search(self, k: int, text: str, low: str, alike: bool, out: list[Span]) -> None:
        """Add the spans of phrase k in text to out (alike: patterns.lowers_alike(text), its gate
        is tested first)."""
        gate, times, rx = self.phrases[k]
        if alike:
            if times == 0:          # gate: pieces, any of which will do
                if not any(g in low for g in gate.split("|")):
                    return
            elif gate not in low or (times > 1 and low.count(gate) < times):
                return
        starts = self.starts[k]
        found = rx.finditer(text) if starts is None else finditer_at_words(rx, text, starts)
        out.extend(m.span() for m in found)


# "Pregnant or nursing women cannot participate in this study": what an exclusion says already
_NOT_ADMITTED = (r"(?:cannot|can\s*not|may\s+not|will\s+not|must\s+not|are\s+not|is\s+not)\s+(?:be\s+)?"
                 r"(?:participate|take\s+part|enrolled|included|eligible)")
# "Pregnant patients or those who are breastfeeding will be deemed ineligible" (audit 14)
_DEEMED_INELIGIBLE = r"(?:will|shall|would)\s+be\s+(?:deemed|considered)\s+(?:ineligible|not\s+eligible)"
_SIGNING = r"(?:signing|signature\s+of)\s+(?:the\s+)?(?:ICF|informed\s+consent(?:\s+form)?)"
# "At least 18 years old at the start of Screening Visit", "at the time of signing the ICF": a value
# of the screening date, which the panel's is (audit 16; not "at the time of diagnosis")
_AT_SCREENING = (r"at\s+(?:the\s+)?(?:start|time|beginning)\s+of\s+(?:the\s+)?(?:screening(?:\s+visit)?|enrol(?:l)?ment|"
                 r"study\s+entry|randomi[sz]ation|inclusion|registration|study|" + _SIGNING + r")")
# "there is no gender limitation" (NCT05482568 inc-2): whom the trial admits, no requirement
_NO_SEX_LIMIT = r"no\s+(?:gender|sex)\s+(?:limitations?|restrictions?|limits?)"
# What a match of these phrases always holds in the lower-cased text, and how many times, where
# _gate's pick is common ("and", ".", "men"); 0 times: one of the pieces between "|" (a match
# of "i.e." holds "i.e", one of "e.g." holds "e.g": most texts have a dot, few either). They
# are tested on texts without patterns.FOLDS only (phrase_spans searches a text with one for
# every phrase). (tests/unit/test_criteria_prechecks.py checks them against their regexes.)
_PHRASE_GATES: dict[str, tuple[str, int]] = {
    _NOT_ADMITTED: ("not", 1),
    _DEEMED_INELIGIBLE: ("deemed|considered", 0),
    r"and\s*/\s*or": ("/", 1),
    r"i\.e\.?|e\.g\.?": ("i.e|e.g", 0),
    r"(?:fe)?males?\s+(?:or|and|and\s*/\s*or)\s+(?:fe)?males?": ("male", 2),
    r"(?:wo)?men\s+(?:or|and)\s+(?:wo)?men": ("men", 2),
    # (_gate finds no letters outside its groups: without this one, every text was searched)
    _SIGNING: ("sign", 1),
    _AT_SCREENING: ("start|time|beginning", 0),
    _NO_SEX_LIMIT: ("gender|sex", 0),
}


# The words (runs of letters and digits, lower-cased) that a match of each phrase may hold: a
# phrase covers a word that nothing else covers only if it is one of them, so the coverage looks
# for a phrase only where such a word is left (Words.phrase_spans_holding). A phrase not here may
# hold any word ("with or without <whatever follows>"): it is always looked for. (Every phrase
# with a bounded set of matches must be here: tests/unit/test_criteria_phrase_words.py lists the
# words of each from its regex.)
# "corticosteroids (topical or systemic)": every route, no narrowing of the drug
_EVERY_ROUTE = r"topical\s+(?:or|and|and\s*/\s*or)\s+systemic|systemic\s+(?:or|and|and\s*/\s*or)\s+topical"
_PHRASE_WORDS: dict[str, frozenset[str]] = {
    _NOT_ADMITTED: frozenset({"are", "be", "can", "cannot", "eligible", "enrolled", "included", "is", "may", "must",
                              "not", "part", "participate", "take", "will"}),
    _DEEMED_INELIGIBLE: frozenset({"be", "considered", "deemed", "eligible", "ineligible", "not", "shall", "will",
                                   "would"}),
    r"(?:fe)?males?\s+(?:or|and|and\s*/\s*or)\s+(?:fe)?males?": frozenset({"and", "female", "females", "male",
                                                                        "males", "or"}),
    r"(?:wo)?men\s+(?:or|and)\s+(?:wo)?men": frozenset({"and", "men", "or", "women"}),
    _EVERY_ROUTE: frozenset({"and", "or", "systemic", "topical"}),
    r"(?:both|either|any)\s+sex(?:es)?": frozenset({"any", "both", "either", "sex", "sexes"}),
    r"and\s*/\s*or": frozenset({"and", "or"}),
    r"following\s+criteria": frozenset({"criteria", "following"}),
    r"as\s+follows": frozenset({"as", "follows"}),
    _SIGNING: frozenset({"consent", "form", "icf", "informed", "of", "signature", "signing", "the"}),
    r"status[- ]post": frozenset({"status", "post"}),
    r"s/p": frozenset({"s", "p"}),
    _AT_SCREENING: frozenset({"at", "the", "start", "time", "beginning", "of", "screening", "visit", "enrolment",
                              "enrollment", "study", "entry", "randomization", "randomisation", "inclusion",
                              "registration", "consent", "form", "icf", "informed", "signature", "signing"}),
    _NO_SEX_LIMIT: frozenset({"gender", "limit", "limitation", "limitations", "limits", "no", "restriction",
                              "restrictions", "sex"}),
    r"i\.e\.?|e\.g\.?": frozenset({"e", "g", "i"}),
    r"upper\s+limits?\s+of\s+normal": frozenset({"limit", "limits", "normal", "of", "upper"}),
    r"of\s+any\s+gender": frozenset({"any", "gender", "of"}),
    r"both\s+genders?": frozenset({"both", "gender", "genders"}),
    r"all\s+genders?": frozenset({"all", "gender", "genders"}),
    r"child[- ]?bearing": frozenset({"bearing", "child", "childbearing"}),
    r"breast[- ]?feeding": frozenset({"breast", "breastfeeding", "feeding"}),
    r"bilag(?:[- ]?2004)?": frozenset({"2004", "bilag", "bilag2004"}),
    r"sledai(?:[- ]?2k)?": frozenset({"2k", "sledai", "sledai2k"}),
    r"hepatitis(?:\s+[bc](?:\s+(?:or|and)\s+[bc])?)?": frozenset({"and", "b", "c", "hepatitis", "or"}),
    r"ckd-epi": frozenset({"ckd", "epi"}),
    r"new\s+york": frozenset({"new", "york"}),
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


def _words(*alts: str) -> Words:
    return Words(*alts)


# words that carry no requirement of their own, whatever the criterion reads
FILLER = _words(
    r"with\s+or\s+without\s+[\w\s-]+?(?=[,;.)]|$)",   # "with or without microscopic hematuria": no requirement
    # "Pregnant or nursing women cannot participate in this study": what the section says already
    _NOT_ADMITTED,
    _DEEMED_INELIGIBLE,
    _EVERY_ROUTE,
    r"(?:fe)?males?\s+(?:or|and|and\s*/\s*or)\s+(?:fe)?males?", r"(?:wo)?men\s+(?:or|and)\s+(?:wo)?men",
    r"(?:both|either|any)\s+sex(?:es)?", r"adults?", r"status", r"status[- ]post", r"s/p",
    r"a", r"an", r"the", r"of", r"in", r"on", r"at", r"to", r"for", r"with", r"by", r"from", r"as", r"and",
    r"or", r"and\s*/\s*or", r"nor", r"either", r"both", r"any", r"all", r"other", r"others", r"another",
    r"this", r"these", r"those", r"that", r"which", r"who", r"whom", r"whose", r"it", r"its", r"their", r"they",
    r"is", r"are", r"was", r"were", r"be", r"been", r"being", r"has", r"have", r"had", r"having", r"must",
    r"should", r"shall", r"will", r"would", r"can", r"could", r"may", r"do", r"does", r"did",
    r"patients?", r"subjects?", r"participants?", r"individuals?", r"persons?", r"people", r"volunteers?",
    r"following", r"criteria", r"criterion", r"one", r"only", r"least", r"also", r"following\s+criteria",
    r"history", r"presence", r"evidence", r"known", r"documented", r"diagnosed", r"diagnosis", r"confirmed",
    r"current", r"currently", r"concurrent", r"concurrently", r"ongoing", r"recent", r"recently", r"present", r"existing", r"defined", r"as\s+follows",
    r"meet", r"meets", r"met", r"meeting", r"fulfil\w*", r"satisf\w+", r"eligible", r"eligibility",
    r"inclusion", r"exclusion", r"included", r"excluded", r"enrol\w*", r"participat\w*",
    r"levels?", r"values?", r"ranges?", r"counts?", r"scores?", r"points?", r"results?", r"tests?", r"testing", r"serum",
    r"blood", r"plasma", r"measured", r"titers?", r"titres?", r"functions?",
    r"screening", r"baseline", r"randomi[sz]\w*", r"random", r"allocation", r"assignment", r"study", r"trial",
    r"visit", r"period", r"prior", r"previous", r"previously", r"before", r"within", r"during", r"last",
    r"past", r"received", r"receiving", r"receive", r"receipt",
    _SIGNING, _AT_SCREENING, r"use", r"used", r"using", r"usage", r"treated",
    r"treatment", r"therapy", r"therapies", r"administration", r"administered", r"exposure", r"exposed",
    r"positive", r"positivity", r"negative", r"detectable", r"undetectable", r"detected", r"reactive",
    r"no", r"not", r"non", r"without", r"never", r"free", r"undergone", r"underwent", r"undergo", r"performed",
    r"given", r"taken", r"taking", r"requirements?", r"required", r"diseases?", r"disorders?", r"conditions?",
    r"acceptable", r"allowed", r"permitted", r"accepted", r"including", r"ie", r"eg", r"i\.e\.?|e\.g\.?", r"peripheral", r"combined", r"accompanied", r"concomitant", r"coexisting", r"uln", r"upper\s+limits?\s+of\s+normal",
    r"age", r"aged", r"inclusive", r"regardless", r"genders?", r"sex", r"of\s+any\s+gender",
    r"both\s+genders?", r"all\s+genders?", _NO_SEX_LIMIT, r"there",
)
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# words that only restate what a check of these variables reads ({variable prefix: words})
COMPANIONS: tuple[tuple[tuple[str, ...], Words], ...] = (
    # a pregnancy test's words restate a check of pregnancy, not one of breastfeeding ("must have
    # a negative serum HCG test ... and must not be lactating": the test is not read by "lactating")
    (("pregnant",), _words(r"wom[ae]n", r"females?", r"mothers?", r"pregnancy", r"urine", r"urinary", r"hcg")),
    # "Women not of childbearing potential": whom it is about, what the check reads
    (("childbearing_potential",), _words(r"wom[ae]n", r"females?", r"wocbp", r"potential", r"child[- ]?bearing")),
    # ("actively breast-feeding": breastfeeding now, what the check reads, audit 14)
    (("lactating",), _words(r"wom[ae]n", r"females?", r"mothers?", r"lactation", r"nursing", r"breast[- ]?feeding",
                            r"actively")),
    (("sle_",), _words(
        r"sle", r"systemic", r"lupus", r"erythematosus", r"classification", r"diagnostic", r"according",
        r"recommended", r"acr", r"eular", r"american", r"college", r"rheumatology", r"european", r"league",
        r"against", r"rheumatism", r"records?", r"show")),
    (("bilag",), _words(r"bilag(?:[- ]?2004)?", r"organ", r"systems?", r"domains?", r"class", r"grade", r"mobility")),
    (("sledai", "selena"), _words(r"sledai(?:[- ]?2k)?", r"selena")),
    (("malignancy_history",), _words(r"tumou?rs?", r"neoplasms?", r"carcinomas?", r"solid", r"h(?:a)?ematologic(?:al)?",
                                     r"malignan\w+", r"cancers?")),
    (("hbsag", "hbcab", "hbv_dna", "hcv_ab", "hcv_rna", "hiv", "cmv_dna", "ebv_dna", "syphilis", "tuberculosis"),
     _words(r"virus", r"viral", r"infections?", r"infected", r"antibod\w*", r"antigens?",
            r"dna", r"rna", r"copies", r"loads?", r"above", r"exceeding", r"detection",
            r"threshold", r"limits?", r"upper", r"normal", r"serolog(?:y|ies|ical)", r"seropositive", r"carriers?",
            r"reconfirmed", r"seropositivity")),
    # a hepatitis's words restate a check of hepatitis, a syphilis test's one of syphilis: beside
    # an HIV check alone, "treponemal antibodies" is a test no check read (NCT05380934 exc-16)
    (("hbsag", "hbcab", "hbv_dna", "hcv_ab", "hcv_rna"),
     _words(r"hepatitis(?:\s+[bc](?:\s+(?:or|and)\s+[bc])?)?", r"hbv", r"hcv")),
    (("syphilis",), _words(r"rpr", r"tpha", r"vdrl", r"treponem\w*")),
    # (not "intravenous": an infection "requiring intravenous antibiotics" is narrower than the
    # panel's one needing treatment, audit 15)
    (("active_infection",), _words(r"uncontroll\w+", r"active", r"severe", r"serious", r"suspected", r"requiring",
                                   r"antibiotics?", r"antivirals?", r"antifungals?", r"systemic",
                                   r"bacterial", r"viral", r"fungal", r"parasitic", r"pathogens?", r"infections?")),
    # ("rituximab at any dose within 12 months": the dose says nothing more of the exposure)
    (("@therapy",), _words(r"agents?", r"drugs?", r"products?", r"medications?", r"medicines?", r"regimens?",
                           r"doses?", r"dosages?")),
    (("anc", "alc", "wbc", "hemoglobin", "platelets"), _words(r"bone", r"marrow", r"h(?:a)?ematolog\w*")),
    # a count's abnormality named beside the count's limit: "thrombocytopenia (Platelet count <75)"
    (("platelets",), _words(r"thrombocytop(?:a)?eni\w*", r"thrombocytos[ie]s")),
    (("hemoglobin",), _words(r"an(?:a)?emi\w*")),
    (("anc",), _words(r"neutrop(?:a)?eni\w*")),
    (("wbc",), _words(r"leu[ck]op(?:a)?eni\w*", r"leu[ck]ocytos[ie]s")),
    (("alc",), _words(r"lymphop(?:a)?eni\w*")),
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
    # "years old" reads an age; elsewhere "in recent years" says how long ago, which a check of
    # "ever" does not read
    (("age",), _words(r"old", r"years?", r"range", r"between", r"when", r"obtaining", r"informed", r"consent", r"child(?:ren)?",
                      r"adolescents?", r"adults?", r"infants?", r"p(?:a)?ediatric")),
)


# Every word table at once, for the look-up of a word: table k's bit is 1 << k (the filler is
# table 0, the companions follow in order). A word's bits are found once (words recur).
TABLES: tuple[Words, ...] = (FILLER, *(table for _, table in COMPANIONS))
VOCABULARY: dict[str, int] = {}       # word -> the bits of the tables it is a word of


def learn(word: str) -> int:
    if len(VOCABULARY) > 100_000:     # a vocabulary, not a leak: start again
        VOCABULARY.clear()
    bits = 0
    for k, table in enumerate(TABLES):
        if table.word is not None and table.word.fullmatch(word):
            bits |= 1 << k
    VOCABULARY[word] = bits
    return bits


@lru_cache(maxsize=4096)
def companions(variables: frozenset[str]) -> tuple[int, tuple[Words, ...]]:
    """The bits and the tables (the filler's and the companion tables') that a set of variables
    reads with (the same sets recur from criterion to criterion: looked up once each)."""
    bits, tables = 1, [FILLER]
    for k, (prefixes, table) in enumerate(COMPANIONS, 1):
        if any(v.startswith(prefixes) for v in variables):
            bits |= 1 << k
            tables.append(table)
    return bits, tuple(tables)


def bits_of(word: str) -> int:
    got = VOCABULARY.get(word)
    return learn(word) if got is None else got
