"""A sex named with an age: "Women aged 18-45", "Males are aged ≥ 40", "men aged 50 or older",
"Female participants aged 18 to 45 years".

The age was read and the sex left unread, so a man stayed open on "Women aged 18-45" and a woman
of 30 could never meet it. A sentence that opens with one sex and goes straight on to an age
(optionally through "are" / "is") says whom the trial takes: the sex is read as a check of its
own, bound to the age ("with": a woman AND that age, in an exclusion too, where a bare comma
would make them alternatives). Where the sentence asks something of them ("Female patients
must be aged ...", "Women ... aged 18-45 must have a negative pregnancy test"), the sex is whom
the sentence is for: conditions.py reads it, or it stays as it was. A sentence that names the
other sex too ("Women aged 18-45 or men aged 18-60") is left as it was.

Two sentences of one criterion that each open with their own sex and age ("Women are
post-menopausal (...) and aged = 45 and = 70 years. Males are aged = 40 years and = 70 years.",
Chia NCT03338855) give each sex its own limits: each sentence holds for its sex only, a
condition (`sentences_by_sex`, read by conditions.find_conditionals), never one requirement
that a woman be a man.

Gated by the caller: "age" and a sex's word in the lowered text.
"""

from __future__ import annotations

import re

from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import Check

Span = tuple[int, int]

# one sex as the sentence's subject, then its age straight after ("are" / "is" between)
_SUBJECT = re.compile(
    r"(?P<who>(?P<sex>wom[ae]n|females?|men|males?)(?:\s+(?:patients?|subjects?|participants?|volunteers?|adults?|"
    r"individuals?))?)(?=\s+(?:(?:who\s+)?(?:are|is)\s+)?(?P<age>aged?\b|between\s+\d|\d|[<>≥≤]))", re.I)
_FEMALE = re.compile(r"\b(?:wom[ae]n|females?)\b", re.I)
_MALE = re.compile(r"\b(?:men|males?)\b", re.I)
_ASKS = re.compile(r"\b(?:must|should|shall|need|needs|agree|agrees|required|will|have\s+to|has\s+to)\b", re.I)
_SENTENCE_END = re.compile(r"[.;](?=\s|$)")


def _sentences(text: str) -> list[Span]:
    """The sentences of text (cut at ";" and ". "), each without the white space before it."""
    out: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in out if text[a:b].strip()]


def _subject(text: str, a: int, b: int) -> re.Match[str] | None:
    """The sex subject opening text[a:b] (see the module), or None."""
    m = _SUBJECT.match(text, a, b)
    if m is None:
        return None
    other = _MALE if _FEMALE.fullmatch(m.group("sex")) else _FEMALE
    if other.search(text, m.end(), b):
        return None         # "Women aged 18-45 or men aged 18-60": both sexes, left as it was
    return m


def _sex(m: re.Match[str]) -> str:
    return "female" if _FEMALE.fullmatch(m.group("sex")) else "male"


def may_name_sex(s: str, low: str, out: list[Raw]) -> bool:
    """Whether sex_with_age may read something: an age read (a walk over the few checks, before
    any test of the text), then a sex's word in low."""
    for r in out:
        if r.check is not None and r.check.variable == "age":
            return "wom" in low or "fem" in low or "men" in low or "male" in low
    return False


def sex_with_age(s: str, out: list[Raw], taken: list[Span]) -> None:
    """A sex check for each sentence of s that opens with one sex and its age (see the module),
    bound to the age read after it. `out`: the checks read so far, ages among them."""
    ages = [r for r in out if r.check is not None and r.check.variable == "age"]
    if not ages:
        return
    for a, b in _sentences(s):
        m = _subject(s, a, b)
        if m is None or _ASKS.search(s, m.end(), b):
            continue
        # (an age read from the person on: "Women aged over 50 years" is one age check whose
        # span holds "Women", which it does not read as a sex)
        # (its own age, read where the lookahead found it: not another's later in the sentence,
        # "Female subjects between 16 and 40 years or women older than 40 years ...", Chia
        # NCT01177891, whose first range no check reads)
        first = min((r for r in ages if m.start() <= r.core[0] <= m.start("age") + 6), key=lambda r: r.core, default=None)
        if first is None:
            continue
        end = first.check.span[1] if first.check is not None and first.check.span else first.core[1]
        mine = [r for r in ages if first.core[0] <= r.core[0] < end]
        span = m.span("who")
        if any(r.check is not None and r.check.variable != "age" and r.core[0] < span[1]
                           and span[0] < r.core[1] for r in out):
            continue
        out.append(Raw(Check(variable="sex", op="==", value=_sex(m), span=span), span))
        taken.append(span)
        for r in mine:
            r.join = "with"     # the sex AND its ages, in an exclusion as in an inclusion


# a sentence's subject of one sex, as it opens a sentence that goes on to its age later
# ("Women are post-menopausal (...) and aged = 45 and = 70 years")
_OPENS = re.compile(
    r"(?P<who>(?P<sex>wom[ae]n|females?|men|males?)(?:\s+(?:patients?|subjects?|participants?|volunteers?|adults?|"
    r"individuals?))?)(?=\s+(?:are|is|aged?)\b)", re.I)
_AGED = re.compile(r"\baged?\b", re.I)


def sentences_by_sex(text: str, spans: list[Span]) -> dict[Span, Span]:
    """{sentence: its subject's span} for the sentences (of `spans`) that each open with their
    own sex and go on to an age, when they name both sexes (see the module); {} otherwise."""
    found: dict[Span, Span] = {}
    sexes = set()
    for a, b in spans:
        m = _OPENS.match(text, a, b)
        if m is not None and _AGED.search(text, m.end(), b) and \
                not (_MALE if _sex(m) == "female" else _FEMALE).search(text, m.end(), b):
            found[(a, b)] = m.span("who")
            sexes.add(_sex(m))
    return found if len(sexes) == 2 else {}
