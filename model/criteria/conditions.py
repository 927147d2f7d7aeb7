"""When a criterion applies: "If ...", "for women of childbearing potential ...", "unless ...".

A condition is found wherever it stands in a sentence: an "If ..., " opening a sentence, a
subject that narrows who the sentence is about ("Women of childbearing potential must ...",
"In the case of women of childbearing age, ...", "Male participants must ..."), a trailing
", if ..." or "unless ...". The parser (parse.py) reads the condition as a node of its own
(`<id>.if`) and the rest of the sentence as the body it governs.

An "If ..." whose body relaxes a requirement stated beside it ("If used in combination with
immunosuppressants, there is no minimum daily dose requirement") is not a requirement of its
own: it offers another way to meet the criterion (`relaxes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trialview.model.criteria.checks import is_procedure
from trialview.model.criteria.groups import group_note, women_only
from trialview.model.criteria.patterns import finditer_at_words, lower_of, lowers_alike
from trialview.model.criteria.sex_ages import sentences_by_sex
from trialview.model.criteria.tree import Check, check

Span = tuple[int, int]

_SENTENCE_END = re.compile(r"[.;](?=\s|$)")
_SENTENCE_MARKS = (".", ";")     # what each of its matches starts with
_CBP = r"(?:child[- ]?bearing|reproductive)\s+(?:potential|age)"
_WHO = (r"(?:wom[ae]n|females?|(?:female\s+)?(?:patients?|subjects?|participants?|individuals?)|(?:fe)?male\s+"
        r"(?:patients?|subjects?|participants?)|men|males?)")
_NON = r"(?:non[- ]?)?"
# a subject that says who the sentence is about: (phrase, implied checks)
# both sexes named before a subject ("Male and female patients of reproductive potential", "Men
# and women of childbearing potential"): the condition names no sex of its own (implied_checks)
_BOTH = r"(?:(?:wom[ae]n|(?:fe)?males?|men)\s+(?:and|or|and/or|&)\s+)?"
_SUBJECT = (
    r"(?:(?:for|in\s+the\s+case\s+of|in|among)\s+)?"
    r"(?P<who>"
    # "fertile" before the noun ("Fertile women must ...", "in fertile female patients")
    r"(?:sexually\s+active\s+)?fertile\s+(?:(?:(?:fe)?male\s+)?(?:patients?|subjects?|participants?|individuals?|volunteers?)"
    r"|wom[ae]n|men|(?:fe)?males?)(?![\w-])|"
    r"(?:" + _BOTH + _WHO + r"\s+)?(?:(?:not\s+)?of\s+" + _NON + _CBP + r"|who\s+(?:are|is)\s+(?:not\s+)?(?:fertile|of\s+"
    + _NON + _CBP + r")|with\s+(?:fertility|child[- ]?bearing\s+potential))"
    r"|" + _NON + r"WOCBP"
    r"|(?:male\s+(?:patients?|subjects?|participants?)|men|males)(?=\s+(?:must|should|who|with|need|agree)|\s*:)")
_SUBJECT_END = r")(?:\s*\(WOCBP\))?\s*[,:]?"
# women named as the subject opening a sentence ("Female participant must not donate ova ..."),
# as men are above; not later in one ("(except for women who are surgically sterile)")
_WOMEN = r"|(?:female\s+(?:patients?|subjects?|participants?)|women|females)(?=\s+(?:must|should|who|with|need|agree)|\s*:)"
_SUBJECT_RX = re.compile(_SUBJECT + _WOMEN + _SUBJECT_END, re.I)
# the same subject after "for" / "in" later in a sentence
# (also "for all women of childbearing potential", "by women ...", and in brackets of its own:
# "Negative pregnancy test (women of childbearing potential only)", "(if female of childbearing
# potential)")
_WHO_GROUP = _SUBJECT[_SUBJECT.index("(?P<who>"):] + ")"
_SUBJECT_AFTER_RX = re.compile(
    r"(?<=\s)(?:for|in|by|among)\s+(?:all\s+|any\s+)?" + _SUBJECT[_SUBJECT.index("(?P<who>"):] + _SUBJECT_END, re.I)
_SUBJECT_BRACKET_RX = re.compile(r"\((?!\s*(?:non[- ]?)?WOCBP\s*\))\s*(?:(?:for|in|if)\s+)?(?:all\s+|any\s+|an?\s+)?" + _WHO_GROUP
                                 + r"(?:\s*\(WOCBP\))?(?:\s+only)?\s*\)", re.I)
# "If female of childbearing potential must be willing to practice ..." (Chia NCT01701219): an
# "If" naming whom the sentence is for, with no comma after it
_IF_WHO_RX = re.compile(r"(?:if|when)\s+(?:(?:she|he|the\s+(?:patient|subject|participant))\s+is\s+)?(?:an?\s+)?"
                        + _WHO_GROUP + r"(?:\s*\(WOCBP\))?\s*[,:]?\s*", re.I)
# an "If ..., " opening a sentence, or its part after a label ("NOTE: If ...")
_IF_RX = re.compile(r"(?:[A-Z][A-Za-z ]{0,20}:\s*)?\b(?:if|in\s+case|when)\s+(?P<cond>[^,.;]+?)\s*,\s*", re.I)
# (a bare " if " too: "PSA between 2.5 and 10 if 50-60 years of age"; "even if" / "as if" are no condition)
_TRAILING_RX = re.compile(r"\s*(?:,\s*\b(?P<kw>unless|if)|(?P<kw2>\bunless)|(?<!\beven\s)(?<!\bas\s)(?<=\s)(?P<kw3>if))"
                          r"\s+(?P<cond>[^,.;()]+)", re.I)
# a sentence that opens by naming the patients it is for ("For patients not receiving therapeutic
# anticoagulation: INR or aPTT <= 1.5 x ULN", "Note: for HCC patients INR or aPTT should be <= 2 x
# ULN"): a group of patients, named by a word or more before the noun or a clause after it, never
# "all patients"
_FOR_GROUP_RX = re.compile(
    r"(?:[A-Z][A-Za-z ]{0,20}:\s*)?\bfor\s+(?!all\b|each\b|every\b|any\b|the\s+study\b)"
    r"(?P<cond>(?:(?P<pre>(?:[\w'/-]+\s+){1,4}?)(?:patients|subjects|participants|individuals)\b"
    r"(?:\s+(?:who|with|not|on|receiving|taking|without|aged|undergoing|treated)\b[^:,.;]{0,100})?"
    r"|(?:patients|subjects|participants|individuals|those)\s+(?:who|with|not|on|receiving|taking|without|aged|"
    r"undergoing|treated)\b[^:,.;]{0,100}"
    # "For adolescents under 18 years of age, able to provide informed assent ..." (NCT03630471)
    r"|(?:adolescents|children|adults|minors|infants|persons|people)\s+(?:who|with|aged|under|over|older|younger|"
    r"between|below|above)\b[^:,.;]{0,100}))\s*[:,]?\s*", re.I)
# a sentence that opens by naming one sex after "for" and a comma ("For men, during the
# participation, it is mandatory to practice birth control", NCT00739882 inc-4)
_FOR_SEX_RX = re.compile(r"for\s+(?P<cond>(?:(?:fe)?male\s+(?:patients|subjects|participants)|wom[ae]n|men|(?:fe)?males))"
                         r"\s*,\s*", re.I)
# "When signing the informed consent, the age is 18-75 years" (NCT05482568 inc-2): a "when" that
# names the moment a value is taken (consent, screening, enrolment), no condition on the patient
_WHEN_MOMENT_RX = re.compile(
    r"(?:at\s+)?(?:the\s+time\s+of\s+)?(?:(?:signing|signature\s+of|obtaining|giving|providing|"
    r"(?:the\s+)?(?:patient|subject|participant)\s+signs?)\s+(?:the\s+|a\s+)?(?:written\s+)?(?:informed\s+)?"
    r"consent(?:\s+form)?|(?:the\s+)?(?:written\s+)?(?:informed\s+)?consent(?:\s+form)?\s+is\s+(?:signed|obtained|given)|"
    r"(?:the\s+)?(?:screening|enrol(?:l)?ment|randomi[sz]ation|study\s+entry|baseline)(?:\s+visit)?)", re.I)
# "if applicable", "if any": a qualifier, not a condition on the patient; nor "if persistent",
# "if confirmed": how the value itself must hold (audit 12: "white blood cell count <3,000/mm3 if
# persistent" was met by one low count, the persistence a condition that may not apply)
_NOT_A_CONDITION = re.compile(r"(?:applicable|any|needed|necessary|available|required|possible|appropriate|"
                              r"indicated|known|present|persistent|persisting|persists|confirmed|repeated|sustained)\b",
                              re.I)
_RELAXES_RX = re.compile(
    r"\bno\s+(?:\w+\s+){0,3}(?:minimum|maximum|lower|upper|limit|requirement|restriction)s?\b"
    r"|\bnot\s+(?:be\s+)?(?:required|necessary|needed|mandatory|applicable)\b"
    r"|\b(?:is|are)\s+(?:also\s+)?(?:allowed|permitted|acceptable|accepted)\b"
    r"|\b(?:may|can)\s+(?:also\s+)?be\s+(?:enrolled|included|eligible|allowed|permitted)\b"
    r"|\bdoes\s+not\s+apply\b|\bwaived\b", re.I)
# words of a condition the name tables do not read: whom it is about
_CBP_RX = re.compile(r"\b(?:fertile|fertility|" + _CBP + r"|child[- ]?bearing\s+potential|WOCBP)\b", re.I)
_FEMALE_RX = re.compile(r"\b(?:wom[ae]n|females?)\b", re.I)
_MALE_RX = re.compile(r"\b(?:men|males?)\b", re.I)
# "childbearing" (not "fertile", "reproductive"): only a woman
_CHILDBEARING_RX = re.compile(r"child|WOCBP", re.I)
# "not of childbearing potential", "non-WOCBP"
_DENIED_CBP_RX = re.compile(r"(?:\bnot\s+(?:an?\s+)?(?:of\s+)?|\bnon[- ]?)$", re.I)
# a partner named by sex ("female partner(s) of childbearing potential", "male partners")
_PARTNER_RX = re.compile(r"\b(?:wom[ae]n|females?|men|males?)\s+(?:sexual\s+)?partners?\b", re.I)


@dataclass
class Conditional:
    """A sentence (or the whole text) of a criterion that holds only under a condition."""

    sentence: Span                   # the sentence the condition governs
    cond: Span                       # the condition's own words
    negated: bool = False            # "unless": the criterion applies when the condition does NOT hold
    relaxes: bool = False            # the body relaxes what the rest of the criterion requires
    blank: list[Span] = field(default_factory=list)   # what the body reads without (the condition)


def sentences(text: str) -> list[Span]:
    """The sentences of a criterion (cut at ";" and ". "), without their end marks."""
    out: list[Span] = []
    start = 0
    for m in finditer_at_words(_SENTENCE_END, text, _SENTENCE_MARKS):     # (tried at its marks only)
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in out if text[a:b].strip()]


# a criterion without one of these has no condition (one quick search spares the sentences)
_ANY_CONDITION = re.compile(r"\b(?:if|when|in\s+case|unless|for)\b|child|reproductive|fertil|wocbp|\b(?:wo)?m[ae]n\b|"
                            r"\b(?:fe)?males?\b", re.I)
# the same on the lower-cased text, case-sensitive (quicker: no case folding at each position);
# alike for a text with none of patterns.FOLDS (the one whose lower case is its own ASCII)
_ANY_CONDITION_LOW = re.compile(r"\b(?:if|when|unless|in\s+case|for|(?:wo)?m[ae]n|(?:fe)?males?)\b|child|reproductive|fertil|wocbp")


def _may_condition(text: str, low: str) -> bool:
    """Whether text may hold a condition (low: text.lower()): one of the words that open one
    (plain substring tests, quicker than a regex of them), and _ANY_CONDITION matches."""
    if not ("if" in low or "when" in low or "case" in low or "unless" in low or "for" in low or "child" in low
            or "reproductive" in low or "fertil" in low or "wocbp" in low or " men" in low or "male" in low
            or low.startswith("men") or "wom" in low):
        return False
    return any_condition_low(low) if lowers_alike(text) else bool(_ANY_CONDITION.search(text))


_CONDITION_WORDS = ("if", "for", "when", "unless", "men", "man", "male", "males", "women", "woman", "female", "females")
_IN_CASE = re.compile(r"\bin\s+case\b")
_CONDITION_BYTES = frozenset(w.encode("ascii") for w in _CONDITION_WORDS)
# an ASCII byte kept where \w (ASCII's: letters, digits, "_") reads it, else a space
_WORD_BYTES = bytes(c if (chr(c).isalnum() and c < 128) or c == ord("_") else 32 for c in range(256))


def any_condition_low(low: str) -> bool:
    """bool(_ANY_CONDITION_LOW.search(low)), found with substring tests: the regex tries its
    alternatives at every position of the text (a third of the conditions' cost); a word of
    _CONDITION_WORDS is found with str.find and taken where no word character (str.isalnum or
    "_", what \\w is) stands on either side of it, as \\b asks."""
    if _fertility_named(low):
        return True
    if low.isascii():
        # (an ASCII text's words, each a run of [a-z0-9_] as \w reads ASCII, split off a copy
        # with spaces for the rest: a word of _CONDITION_WORDS among them has \b on both sides)
        if not _CONDITION_BYTES.isdisjoint(low.encode("ascii").translate(_WORD_BYTES).split()):
            return True
        return "case" in low and _IN_CASE.search(low) is not None
    n = len(low)
    for word in _CONDITION_WORDS:
        i = low.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_")) and \
                    (j == n or not (low[j].isalnum() or low[j] == "_")):
                return True
            i = low.find(word, i + 1)
    return "case" in low and _IN_CASE.search(low) is not None


def find_conditionals(text: str, section: str = "exclusion") -> list[Conditional]:
    """The conditional sentences of a criterion's text, in order (`section`: the criterion's)."""
    low = lower_of(text)
    # (groups.may_name_group, written out: every criterion passes here)
    group = ("must" in low or "should" in low or "shall" in low or "need" in low or "required" in low
             or "have to" in low) and ("patients" in low or "subjects" in low or "participants" in low
                                       or "individuals" in low or "those" in low)
    may = _may_condition(text, low)
    if not may and not group:
        return []
    out: list[Conditional] = []
    spans = sentences(text)
    # "Women are ... aged 45-70 years. Males are aged 40-70 years.": each sex's sentence for it (sex_ages.py)
    by_sex = sentences_by_sex(text, spans) if len(spans) > 1 and ("wom" in low or "fem" in low) and "age" in low else {}
    for k, (a, b) in enumerate(spans):
        if "unless" in text[a:b] and is_procedure(text[a:b]):
            continue        # "No HIV testing is required unless mandated ...": no condition on the patient
        got = _conditional(text, a, b, section) if may else None
        if got is None and (a, b) in by_sex:
            got = Conditional((a, b), by_sex[(a, b)], blank=[by_sex[(a, b)]])
        if got is None and group:
            # "(Note: Patients with a serum creatinine >= 1.4 ... must demonstrate ...)" (groups.py)
            found = group_note(text, a, b, k == 0, text[a:b].lower())
            if found is not None:
                got = Conditional(found[0], found[1], blank=found[2])
        if got is None and may and section == "exclusion":
            # "Breast-feeding women or fertile women not agreeing to ..." excludes no man (groups.py)
            found = women_only(text, a, b, text[a:b].lower())
            if found is not None:
                got = Conditional(found[0], found[1], blank=found[2])
        if got is not None:
            out.append(got)
    return out


def _fertility_named(low: str) -> bool:
    """Whether a lower-cased text names childbearing or reproductive potential, fertility or
    WOCBP: what a subject of that kind, wherever it stands, holds."""
    return "child" in low or "reproductive" in low or "fertil" in low or "wocbp" in low


def _conditional(text: str, a: int, b: int, section: str) -> Conditional | None:
    low = text[a:b].lower()
    m = _IF_RX.match(text, a, b)
    if m is None and _fertility_named(low):
        m = _IF_WHO_RX.match(text, a, b)
        if m and text[m.end():b].strip():
            return Conditional((a, b), m.span("who"), blank=[(a, m.end())])
        m = None
    if m and low.startswith("when") and _WHEN_MOMENT_RX.fullmatch(m.group("cond")):
        m = None            # the moment of measurement: the sentence holds for every patient
    if m and not _NOT_A_CONDITION.match(m.group("cond")):
        body = text[m.end():b]
        return Conditional((a, b), m.span("cond"), relaxes=bool(_RELAXES_RX.search(body)), blank=[(a, m.end())])
    if "for" in low:
        m = _FOR_GROUP_RX.match(text, a, b)
        if m and m.end() < b and text[m.end():b].strip():
            return Conditional((a, b), m.span("cond"), blank=[m.span()])
        m = _FOR_SEX_RX.match(text, a, b)
        if m and text[m.end():b].strip() and _one_sex(text, m, a, b, "cond"):
            return Conditional((a, b), m.span("cond"), blank=[m.span()])
    # what a subject or a trailing condition needs before its regex is worth a try (plain
    # substrings of the lower-cased sentence, written out: quicker than a regex or a generator
    # over them; "men" is in "women" too)
    if _fertility_named(low) or "men" in low or "male" in low:
        m = _SUBJECT_RX.match(text, a, b)
        if m and m.end() < b and text[m.end():b].strip() and _one_sex(text, m, a, b) and \
                not (section == "inclusion" and _names_the_patients(text, m, b)):
            return Conditional((a, b), m.span("who"), blank=[m.span()])
        m = subject_after(text, a, b, low)     # "... a pregnancy test for women of childbearing potential"
        # (not inside brackets, where it is the bracket's: "Pregnancy (a negative ... pregnancy test
        # should be available for women of child-bearing potential ...) or lactation", Chia
        # NCT02596555, excludes any woman who is breastfeeding)
        if m and _one_sex(text, m, a, b) and text.count("(", a, m.start()) <= text.count(")", a, m.start()):
            return Conditional((a, b), m.span("who"), blank=[m.span()])
    if not ("unless" in low or "if" in low):
        return None
    start = trailing_from(text, a, low)
    if start < 0:
        return None
    for m in _TRAILING_RX.finditer(text, start, b):
        if m.start() > a and not _NOT_A_CONDITION.match(m.group("cond")) and text[a:m.start()].strip():
            if m.group("kw3") and text.count("(", a, m.start()) > text.count(")", a, m.start()):
                continue    # "ALT < 2.5 x ULN (< 5 x ULN if liver metastases)": the "if" governs the brackets
            kw = (m.group("kw") or m.group("kw2") or m.group("kw3")).lower()
            return Conditional((a, b), m.span("cond"), negated=kw == "unless", blank=[m.span()])
    return None


def may_trail(low: str) -> bool:
    """Whether _TRAILING_RX may match in a sentence (low: its lower case, with none of
    patterns.FOLDS): every match holds "if" or "unless" after no word character and before white
    space. (The case-blind regex is tried at every position of each sentence with an "if" in a
    word: "specific", "significant", "modified".)"""
    return trail_start(low) >= 0


def trailing_from(text: str, a: int, low: str) -> int:
    """Where _TRAILING_RX's search of a sentence text[a:...] may start (low: the sentence's
    lower case), or -1 where it matches nowhere: no match starts before the first "if" or
    "unless" that may_trail takes, but for the white space and the comma its match may open
    with; the regex, tried at every position, is tried from there and finds the same matches.
    (A sentence with patterns.FOLDS is searched from its start.)"""
    if not lowers_alike(low):
        return a
    first = trail_start(low)
    if first < 0:
        return -1
    start = a + first
    while start > a and (text[start - 1].isspace() or text[start - 1] == ","):
        start -= 1
    return start


def trail_start(low: str) -> int:
    """The offset of the first "if" or "unless" in low that stands as every match of
    _TRAILING_RX holds one (see may_trail), or -1."""
    n = len(low)
    first = -1
    for word in ("if", "unless"):
        i = low.find(word)
        while i >= 0 and (first < 0 or i < first):
            j = i + len(word)
            if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_")) and j < n and low[j].isspace():
                first = i
                break
            i = low.find(word, i + 1)
    return first


def subject_after(text: str, a: int, b: int, low: str) -> re.Match[str] | None:
    """The first match of _SUBJECT_AFTER_RX or _SUBJECT_BRACKET_RX in text[a:b] (low: its lower
    case), tried only where "for", "in", "by", "among" or "(" starts (every match starts with
    one), not at every position; a text with patterns.FOLDS is searched with both regexes."""
    if not lowers_alike(text):
        found = [m for m in (_SUBJECT_AFTER_RX.search(text, a, b), _SUBJECT_BRACKET_RX.search(text, a, b)) if m]
        return min(found, key=lambda m: m.start()) if found else None
    starts = []
    for word in ("for", "in", "by", "among", "("):
        i = low.find(word)
        while i >= 0:
            starts.append(i)
            i = low.find(word, i + 1)
    for i in sorted(starts):
        m = (_SUBJECT_BRACKET_RX if low[i] == "(" else _SUBJECT_AFTER_RX).match(text, a + i, b)
        if m:
            return m
    return None


def implied_checks(cond: str) -> list[Check]:
    """The checks a condition's words imply that the name tables do not read: "women of
    childbearing potential" is female and of childbearing potential; "WOCBP" and "of
    childbearing potential" say a woman too (a man bears no child; "fertile" and "reproductive
    potential" say no sex); "women not of childbearing potential" cannot bear children."""
    out: list[Check] = []
    cbp = _CBP_RX.search(cond)
    if cbp:
        denied = bool(_DENIED_CBP_RX.search(cond, 0, cbp.start())) or cond[cbp.start():cbp.start() + 3].lower() == "non"
        out.append(check("childbearing_potential", "==", not denied, cbp.span()))
    female, male = _FEMALE_RX.search(cond), _MALE_RX.search(cond)
    if not female and not male and cbp and _CHILDBEARING_RX.search(cbp.group(0)):
        female = cbp
    if female and not male:
        out.append(check("sex", "==", "female", female.span()))
    elif male and not female and not re.search(r"partner", cond, re.I):
        out.append(check("sex", "==", "male", male.span()))
    return out


# what a sentence requires of the people its subject names ("Women who are pre-menopausal must
# have a negative serum pregnancy test")
_REQUIRES_RX = re.compile(r"\b(?:must|should|shall|need|needs|agree|agrees|required|will|have\s+to|has\s+to)\b", re.I)
_PLAIN_SEX_RX = re.compile(r"(?:(?:fe)?male(?:\s+\w+)?|wom[ae]n|(?:fe)?males|men)", re.I)


def _names_the_patients(text: str, m: re.Match[str], b: int) -> bool:
    """Whether an inclusion's subject of one sex, with nothing required of them, says who the
    trial takes rather than whom the sentence is for: "Women with one prior low transverse
    cesarean delivery" (Chia NCT02620904) is not met by a man; "Women who are pre-menopausal must
    have a negative serum pregnancy test" is for women only."""
    return _PLAIN_SEX_RX.fullmatch(m.group("who").strip()) is not None and _REQUIRES_RX.search(text, m.end(), b) is None


def _one_sex(text: str, m: re.Match[str], a: int, b: int, group: str = "who") -> bool:
    """Whether a subject naming one sex ("Women who ...", "Male participants must ...", "WOCBP")
    governs its whole sentence: not where the sentence names the other sex for itself ("Women
    who are pregnant, or men who ...": a man is not out of it). A partner is not the patient."""
    who = m.group(group)
    implied = {c.value for c in implied_checks(who) if c.variable == "sex"}
    if not implied:
        return True
    rest = _PARTNER_RX.sub(" ", text[a:m.start()] + " " + text[m.end():b])
    other = _MALE_RX if "female" in implied else _FEMALE_RX
    return other.search(rest) is None
