"""Special phrasings read before the numbers: BILAG grades, ACR 1997 counts, disease duration,
dyspnea grade, NYHA class and counts of drugs of a class ("at least 2 immunosuppressants")."""

from __future__ import annotations

import re
from collections.abc import Callable
from bisect import bisect_left
from typing import Protocol, cast

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.numbers import resolve
from trialview.model.criteria.patterns import finditer_at_words, lower_of, lowers_alike
from trialview.model.criteria.clauses import TextIndex, sentence_start
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import Check, Op
from trialview.model.units import UnitError, to_canonical
from trialview.model.drugs import drugs_in_class

_INCLUDING_RX = re.compile(r"\((?:including|incl\.?|e\.g\.?)\s+([^()]*)\)", re.I)
_LIST_SEP_RX = re.compile(r",|\band\b|\bor\b")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CMPG = r"(?P<cmp>(?:" + L.CMP_RX.pattern + r")\s*)?"
# the count of organ systems: never the year in the index's name ("BILAG-2004 A ≥ 1" is one A
# score, not 2004); "a BILAG A score" is one
_BILAG_RX = re.compile(
    r"(?<![\w.-])(?<!BILAG\s)" + _CMPG + r"(?P<n>\d+|one|two|three|four|(?:an?|any)(?=\s+BILAG))\s+(?:(?:organ\s+)?(?:systems?|domains?)\s+with\s+)?(?:BILAG(?:[- ]?2004)?\s+)?(?:Class|Grade)?\s*(?P<grade>[AB])\b(?!-)", re.I)
_ACR_RX = re.compile(
    r"(?P<cmp>at\s+least|≥|>=|more\s+than|>)\s*(?P<n>\d+|four|five)\s+(?:of|out\s+of)\s+(?:the\s+)?(?:11|eleven)\b[^.;]{0,90}?(?:ACR|American\s+College)[^.;]{0,40}?1997|"
    r"(?P<cmp2>)(?=a)b", re.I)
_DURATION_RX = re.compile(
    r"(?:history\s+of\s+(?:SLE|lupus|systemic\s+lupus\s+erythematosus)|(?:SLE|lupus|disease)\s+duration|diagnos\w+\s+(?:with\s+)?(?:SLE|lupus)[^.;]{0,160}?)\s*(?:of\s+|for\s+)?"
    r"(?P<cmp>at\s+least|≥|>=|more\s+than|>|over|no\s+less\s+than|=)\s*(?P<n>" + L.NUM + r"|one|two|three|six)\s*(?P<u>years?|months?|weeks?)", re.I)
_DURATION_WORDS = ("history", "sle", "lupus", "disease", "diagnos")     # how its matches start
_DYSPNEA_RX = re.compile(r"(?P<cmp>(?:" + L.CMP_RX.pattern + r"))\s*(?:CTCAE\s+)?grade\s+(?P<n>[0-5])\s+dyspn(?:o)?ea", re.I)
_NYHA_RX = re.compile(
    r"(?:(?:NYHA|New\s+York\s+Heart\s+Association)\s*(?:\(NYHA\)\s*)?(?:functional\s+)?(?:class|grade)\s*|(?<![\w])class\s+(?=(?:I{1,3}|IV)(?:\s*(?:or|and|-|to|/)\s*(?:I{1,3}|IV))?\s+(?:congestive\s+)?heart\s+failure))"
    r"(?P<a>IV|I{1,3}|[1-4])\b(?:\s*(?:or|and|-|to|/)\s*(?:(?:class|grade)\s*)?(?P<b>IV|I{1,3}|[1-4])\b)?(?P<up>\s+(?:or|and)\s+(?:higher|greater|above|worse|more|over))?", re.I)
_DRUG_COUNT_RX = re.compile(
    r"(?P<cmp>at\s+least|≥|>=|more\s+than|>|=)\s*(?P<n>\d+|one|two|three|four)\s+(?:or\s+more\s+)?(?:(?:different|kinds?\s+of|types?\s+of|of\s+the\s+following)\s+)?(?P<drug>[A-Za-z])", re.I)


# an age written value first: "18 years of age or older", "at least 18 years old", "between 18
# and 65 years of age", "> 18 years of age". "Of age", "old", "older" or "younger" make the
# number an age (a bare "10 years or more" may be how long a disease has lasted)
_AGE_FIRST_RX = re.compile(
    r"(?P<lo>(?<![\d.,])\d{1,3})(?:\s*(?:-|–|to|and)\s*(?P<below>[<=]\s*)?(?P<hi>\d{1,3}))?\s*(?P<u>years?|yrs?|months?)"
    r"(?P<age>\s+of\s+age|[\s-]+old)?(?:\s*,?\s*(?:or|and)\s+(?P<post>older|over|above|younger|under|below)\b)?", re.I)
_DIGITS = tuple("0123456789")
# an age written with the comparator first in words: "Under age 18", "over the age of 18",
# "older than 60 years", and a person's age after the person: "Male or female patient > 18
# years", "Adults over 18 years" (NCT00739752 exc-1, NCT05380414 inc-1 stayed for a person)
_AGE_WORD_OP = {">=": ">=", "<=": "<=", "under": "<", "below": "<", "younger": "<", "less": "<", "over": ">", "above": ">", "older": ">",
                "more": ">", ">": ">", "<": "<", "≥": ">=", "≤": "<="}
_PERSON = (r"(?:patients?|adults?|subjects?|participants?|individuals?|wom[ae]n|men|males?|females?|persons?|people|"
           r"volunteers?)")
# (not a time since something: "patients > 2 years after transplantation")
_NOT_SINCE = r"(?![\w-])(?!\s+(?:after|since|from|post|prior|before|ago|following|of\s+(?!age)))"
_AGE_WORDS_RX = re.compile(
    r"(?<![\w-])(?P<w>under|over|below|above|younger|older|less|more)(?:\s+than)?\s+(?:the\s+)?age\s+(?:of\s+)?"
    r"(?P<n>\d{1,3})(?!\d|[.,]\d)(?!\s*(?:months?|mos?|weeks?|wks?|days?)\b)(?:\s*(?:years?|yrs?)(?:[\s-]+old)?)?"
    r"|(?:^\s*|(?<![\w-])" + _PERSON + r"\s+(?:aged?\s+|who\s+are\s+|(?:must|should)\s+be\s+)?)(?P<w2>younger|older)\s+than\s+"
    r"(?P<n2>\d{1,3})\s*(?:years?|yrs?)(?:[\s-]+old|\s+of\s+age)?" + _NOT_SINCE +
    r"|(?<![\w-])(?P<w4>younger|older)\s+than\s+(?P<n4>\d{1,3})\s*(?:years?|yrs?)(?:[\s-]+old|\s+of\s+age)"
    # "80 or more years old" (NCT05481749 inc-1), "65 or older years of age"
    r"|(?<![\w.,-])(?P<n5>\d{1,3})\s+or\s+(?P<w5>more|older|over|above|less|younger|under|below)\s+"
    r"(?:years?|yrs?)(?:[\s-]+old|\s+of\s+age)"
    r"|(?<![\w-])" + _PERSON + r"\s+(?:aged?\s+)?(?P<w3>over|under|above|below|>=?|<=?|≥|≤)\s*(?P<n3>\d{1,3})\s*"
    r"(?:years?|yrs?)(?:[\s-]+old|\s+of\s+age)?" + _NOT_SINCE, re.I)
# what each match of _AGE_WORDS_RX starts with (a comparator word, a person, a digit; the text's
# start for "^\s*"): it is tried there only (patterns.finditer_at_words), not at every position
_AGE_WORDS_STARTS = ("under", "over", "below", "above", "younger", "older", "less", "more", "patient", "adult", "subject",
                     "participant", "individual", "wom", "men", "male", "female", "person", "people", "volunteer",
                     *_DIGITS)
# the comparator just before it ("at least 18 years old"; "between 18 and 65 years of age")
_AGE_CMP_RX = re.compile(r"(?<![\w.,-])(?:(?P<cmp>" + L.CMP_RX.pattern + r")|between)\s*$", re.I)
_WORD_BEFORE = re.compile(r"[\w.,-]")
_AGE_UP = ("older", "over", "above")


# an age's second limit right after its first: "= 18 years of age and <60 years" (NCT00739908 inc-1)
_AGE_SECOND_RX = re.compile(r"\s*,?\s*(?:and\s+)?(?P<cmp>" + L.CMP_RX.pattern + r")\s*(?P<n>\d{1,3})\s*(?:years?|yrs?)"
                            r"(?:[\s-]+old|\s+of\s+age)?" + _NOT_SINCE, re.I)


# whose age a lost comparator's may be when the sentence names them first: "a patient's relative or
# caregiver (male or female) = 80 year old" (Chia NCT02525991) is no age of the patient's
_SOMEONE_ELSES = re.compile(r"\b(?:caregivers?|carers?|relatives?|partners?|spouses?|donors?|parents?|mothers?|"
                            r"fathers?|guardians?|siblings?|family|families)\b", re.I)


def _ages_first(s: str, section: str, add: _Add) -> None:
    """Checks of the ages written value first (_AGE_FIRST_RX). A lost comparator ("Male or female
    = 18 years of age") is read as the section's usual direction (numbers.LOST_DIRECTION: an
    inclusion's age is a lower limit), flagged inferred; a second limit written right after the
    first ("and <60 years") is the same age's."""
    # (an ASCII text's matches start with an ASCII digit: tried at its digits only)
    read_to = 0         # the end of a second limit read with the age before it
    for m in finditer_at_words(_AGE_FIRST_RX, s, _DIGITS) if s.isascii() else _AGE_FIRST_RX.finditer(s):
        if m.start() < read_to:
            continue
        post = (m.group("post") or "").lower()
        if not (m.group("age") or post):
            continue
        before = _AGE_CMP_RX.search(s, max(0, m.start() - 40), m.start())
        if before is None and m.start() > 0 and _WORD_BEFORE.match(s, m.start() - 1):
            continue        # "COVID-19 years"...: a number glued to a word
        cmp = before.group("cmp") if before else None
        start = before.start() if before else m.start()
        unit = "years" if m.group("u").lower().startswith("y") else "months"
        lo = to_canonical("age", float(m.group("lo")), unit)
        if m.group("hi"):
            below = (m.group("below") or "").strip()
            # ("aged =18 to =65 years": both comparators lost, the range between the numbers)
            lost = cmp is not None and cmp.strip() == "=" and below in ("", "=")
            if (cmp and not lost) or post or float(m.group("hi")) < float(m.group("lo")):
                continue
            add("age", ">=", round(lo, 4), "years", start, m.end(), inferred=lost)
            add("age", "<" if below == "<" else "<=", round(to_canonical("age", float(m.group("hi")), unit), 4),
                "years", start, m.end(), inferred=lost or below == "=")
            continue
        cm = L.CMP_RX.fullmatch(cmp.strip()) if cmp else None
        op = L.cmp_op(cm) if cm else (">=" if post in _AGE_UP else "<=" if post else None)
        inferred = False
        if op == "=" and not post and not _SOMEONE_ELSES.search(s, sentence_start(s, start), start):
            resolved, inferred = resolve(op, "age", section, None)
            op = resolved or "="
        if op and op != "=":
            add("age", op, round(lo, 4), "years", start, m.end(), inferred=inferred)
            second = _AGE_SECOND_RX.match(s, m.end()) if not post else None
            cm2 = L.CMP_RX.fullmatch(second.group("cmp").strip()) if second is not None else None
            if second is not None and cm2 is not None:
                op2, inferred2 = resolve(L.cmp_op(cm2), "age", section, op)
                # (the other side of the first: "and <60", never a second lower limit)
                if op2 and op2 != "=" and (op2[0] == "<") != (op[0] == "<"):
                    add("age", op2, float(second.group("n")), "years", second.start("cmp"), second.end(),
                        inferred=inferred2)
                    read_to = second.end()


def _may_age_words(s: str, low: str) -> bool:
    """Whether _AGE_WORDS_RX may match: "age" after a comparator word, "than" after "older" /
    "younger", or a year after a comparator (plain substring tests)."""
    return ("age" in low and ("under" in low or "over" in low or "below" in low or "above" in low or "than" in low)) or \
        ("than" in low and ("older" in low or "younger" in low)) or (("year" in low or "yr" in low) and (
            ">" in s or "<" in s or "≥" in s or "≤" in s or "over" in low or "under" in low or "above" in low
            or "below" in low or "more" in low or "older" in low or "less" in low or "younger" in low))


# what makes an age no requirement: denied ("not older than 40 years"), or whom a part of the
# sentence is for ("Written parental consent for those under the age of 18", Chia NCT03089086)
_AGE_SCOPE_BEFORE = re.compile(r"(?:\bnot|\bno|\bfor(?:\s+those|\s+\w+)?|\bin\s+those|\bif|\bwhen)\s+$", re.I)


def _ages_words(s: str, add: Callable[[str, str, float, str, int, int], None], ages: int) -> None:
    """Checks of the ages _AGE_WORDS_RX finds; none where another reader has read an age
    already (`ages`: how many): "< 55 years old (it is advisable to include patients over 55
    years ...)" (Chia NCT01491763) asks one age, not two."""
    if ages:
        return
    for m in finditer_at_words(_AGE_WORDS_RX, s, _AGE_WORDS_STARTS, at_start=True):
        if _AGE_SCOPE_BEFORE.search(s, max(0, m.start() - 20), m.start()):
            continue
        word = (m.group("w") or m.group("w2") or m.group("w3") or m.group("w4") or m.group("w5")).lower()
        n = float(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4") or m.group("n5"))
        if m.group("w5"):
            word = {">": ">=", "<": "<="}[_AGE_WORD_OP[word]]       # "80 or more": 80 is in
        if 0 < n <= 120:
            add("age", _AGE_WORD_OP[word], n, "years", m.start(), m.end())


def _may_count(s: str, low: str) -> bool:
    """Whether _DRUG_COUNT_RX is worth a try: it needs a comparator (">", "=", "≥", "at least",
    "more than": "lea", "more" and "than" have no letter that matches a non-ASCII one when case
    is ignored; "least" has, its "s": where low has "lea" but not "least", only a text with
    patterns.FOLDS may still spell it). ("more" or "lea" alone let a third of all criteria by:
    "please", "clear", "more severe".)"""
    return ">" in s or "=" in s or "≥" in s or ("more" in low and "than" in low) or \
        ("lea" in low and ("least" in low or not lowers_alike(s)))


def _may_last(low: str) -> bool:
    """Whether _DURATION_RX runs: words of a disease's history, and a unit it needs ("year",
    "month", "week": no letter of these matches a non-ASCII one when case is ignored but "k",
    and the one that does lowers to "k")."""
    return ("history" in low or "duration" in low or "diagnos" in low) and ("year" in low or "month" in low or "week" in low)


class _Add(Protocol):
    """How the readers below record a check (and take its span)."""

    def __call__(self, var: str, op: str, value: float, unit: str | None, a: int, b: int,
                 inferred: bool = False, note: str | None = None) -> None: ...


def _may_special(s: str, low: str) -> bool:
    """Whether one of the readers' gates in specials() may pass: a piece of text that one of
    them needs at the least (most criteria have none; plain substring tests, quicker than the
    gates or a regex of the pieces): a comparator or "more" / "lea" (drug counts), a unit of time
    (ages, durations), "bilag", "1997", "dyspn", NYHA's words. Each gate tests s or low for one
    of these itself."""
    return (">" in s or "=" in s or "year" in low or "month" in low or "more" in low or "lea" in low
            or "week" in low or "yr" in low or "bilag" in low or "1997" in s or "dyspn" in low or "nyha" in low
            or "new york" in low or "heart failure" in low or "≥" in s or "<" in s or "≤" in s
            or ("age" in low and ("under" in low or "over" in low or "below" in low or "above" in low)))


def specials(s: str, section: str, out: list[Raw], taken: list[tuple[int, int]]) -> None:
    """Checks of the special phrasings in s (their spans are taken before the numbers are read)."""
    low = lower_of(s)
    if not _may_special(s, low):
        return

    def add(var: str, op: str, value: float, unit: str | None, a: int, b: int,
            inferred: bool = False, note: str | None = None) -> None:
        # op comes from the lexicon's comparators, all of them Op values (Check validates it)
        out.append(Raw(Check(variable=var, op=cast(Op, op), value=value, unit=unit, span=(a, b),
                             inferred=inferred, note=note), (a, b)))
        taken.append((a, b))

    # each reader runs only when the words it needs are there (the cheap tests keep parsing fast)
    if "BILAG" in s or "bilag" in low:
        _bilag(s, section, add)
    if _may_age(low):
        _ages_first(s, section, add)
    if _may_age_words(s, low):
        _ages_words(s, add, sum(1 for r in out if r.check is not None and r.check.variable == "age"))
    if "1997" in s:
        _acr_counts(s, add)
    if _may_last(low):
        _durations(s, section, add)
    if "dyspn" in low:
        _dyspnea(s, section, add)
    if "nyha" in low or "new york" in low or "heart failure" in low:
        _nyha(s, add)
    if _may_count(s, low):
        _drug_counts(s, add)


def _may_age(low: str) -> bool:
    """Whether _ages_first runs: a unit of age and a word that makes the number one."""
    return ("year" in low or "yr" in low or "month" in low) and ("age" in low or "old" in low or "young" in low
                                                                 or "over" in low or "above" in low
                                                                 or "under" in low or "below" in low)


def _bilag(s: str, section: str, add: _Add) -> None:
    """BILAG grades: "at least 1 BILAG A or 2 B" (a count without a comparator takes the one
    before it, else ">=")."""
    prev_op = None
    for m in _BILAG_RX.finditer(s):
        raw_op = None
        if m.group("cmp"):
            cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
            raw_op = L.cmp_op(cm) if cm else None
        op = raw_op or prev_op or ">="     # resolve() drops a comparator the section cannot use
        var = "bilag_a" if m.group("grade").upper() == "A" else "bilag_b"
        op2, inferred = resolve(op, var, section, None)
        if op2:
            n = 1.0 if m.group("n").lower() in ("a", "an", "any") else L.number(m.group("n"))
            add(var, op2, n, "domains", m.start("n") if not m.group("cmp") else m.start("cmp"), m.end(), inferred=inferred)
        prev_op = op2


def _acr_counts(s: str, add: _Add) -> None:
    """Counts of the ACR 1997 criteria met ("at least 4 of the 11 ACR 1997 criteria")."""
    for m in _ACR_RX.finditer(s):
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        add("sle_acr_1997_count", L.cmp_op(cm) if cm else ">=", L.number(m.group("n")), "criteria", m.start(), m.end())


def _durations(s: str, section: str, add: _Add) -> None:
    """How long the disease has lasted ("SLE duration of at least 6 months")."""
    for m in finditer_at_words(_DURATION_RX, s, _DURATION_WORDS):
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        op, inferred = resolve(L.cmp_op(cm) if cm else ">=", "sle_duration_months", section, None)
        try:
            months = to_canonical("sle_duration_months", L.number(m.group("n")), m.group("u"))
        except UnitError:
            continue
        if op:
            add("sle_duration_months", op, round(months, 4), "months", m.start("cmp"), m.end(), inferred=inferred)


def _dyspnea(s: str, section: str, add: _Add) -> None:
    """Dyspnea grades ("grade 3 dyspnea or worse": CTCAE)."""
    for m in _DYSPNEA_RX.finditer(s):
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        op, inferred = resolve(L.cmp_op(cm) if cm else "=", "dyspnea_grade", section, None)
        if op:
            add("dyspnea_grade", op, L.number(m.group("n")), "grade", m.start(), m.end(), inferred=inferred)


def _nyha(s: str, add: _Add) -> None:
    """NYHA classes ("NYHA class III or IV"; "class III or higher")."""
    for m in finditer_at_words(_NYHA_RX, s, ("nyha", "new", "class")):
        lo, hi = _ROMAN.get(m.group("a").upper(), 0), _ROMAN.get((m.group("b") or "").upper(), 0)
        if not lo:
            continue
        if hi == 4 or m.group("up"):
            add("nyha_class", ">=", lo, "class", m.start(), m.end())
        elif hi > lo:
            # "NYHA class II-III": both ends (a class IV patient is outside it; audit 13)
            add("nyha_class", ">=", lo, "class", m.start(), m.end())
            add("nyha_class", "<=", hi, "class", m.start(), m.end())
        elif not hi:
            add("nyha_class", "==", lo, "class", m.start(), m.end())


def _drug_counts(s: str, add: _Add) -> None:
    """Counts of drugs of a class ("at least 2 immunosuppressants (including ...)")."""
    index: TextIndex | None = None      # made for the first count of drugs (clause bounds)
    # (a match opens with "at" only before "least" and with "more" only before "than": where the
    # text has not that word, no "at" in "patients" nor "that" is tried. A text with patterns.FOLDS,
    # whose lower case may miss one, is searched whole by finditer_at_words all the same)
    low = lower_of(s)
    starts = ("≥", ">", "=", *(("at",) if "least" in low else ()), *(("more",) if "than" in low else ()))
    for m in finditer_at_words(_DRUG_COUNT_RX, s, starts):
        dm = L.DRUG_NAMES.regex.match(s, m.start("drug"))
        if not dm:
            continue
        cls = L.DRUG_NAMES.ids[int(dm.lastgroup[1:])]  # type: ignore[index]  # a match of named groups only: lastgroup is set
        cm = L.CMP_RX.fullmatch(m.group("cmp").strip())
        op = L.cmp_op(cm) if cm else ">="
        if op in ("=", "?"):
            op = ">="
        index = index or TextIndex(s)
        _, cl_end = index.clause(dm.end())
        inc = _including(index, dm.end(), cl_end)
        note = _including_note(cls, inc) if inc else None
        add(cls, op, int(L.number(m.group("n"))), "drugs", m.start(), inc.end() if inc else dm.end(), note=note)


def _including_note(cls: str, inc: re.Match[str]) -> str:
    """The note of a count whose text lists members ("(including ...)"): names outside the class
    are said, since the count then reads more than the class."""
    note = f"the text counts {inc.group(1).strip()} among them"
    extra = [w.strip() for w in _LIST_SEP_RX.split(inc.group(1)) if w.strip()]
    members = {d.name for d in drugs_in_class(cls)}
    if any(w.lower() not in members for w in extra):
        note += f" ({cls} drugs plus {', '.join(extra)})"
    return note


def _including(index: TextIndex, a: int, b: int) -> re.Match[str] | None:
    """The first "(including ...)" in s[a:b] (the matches have no parenthesis inside: those of the
    whole text are all there are)."""
    found, starts = index.matches(_INCLUDING_RX)
    i = bisect_left(starts, a)
    return found[i] if i < len(found) and found[i].end() <= b else None

