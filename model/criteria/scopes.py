"""How far a denial, an "or" and a measurement's words reach beside the checks of a criterion
(unread.py hangs the unread clauses on the checks by them).

- A denial before "A or B" denies both: "No severe cardiac disease or hepatitis" is neither, so an
  unread B joins the denied check by "all"; a qualifier just before a denied name narrows what is
  denied ("no history of untreated TB": no TB, or a treated one, meets it).
- An organ's disease, or another kind of a state, offered by "or" is another way to meet the
  criterion even when its words are filler or a check's companions ("ALT > 3 x ULN or liver
  disease", "... or treated").
- How values were measured ("measured twice") holds for each limit of the list before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from trialview.model.criteria.lexicon import NOT_A_QUANTITY_WORDS
from trialview.model.criteria.patterns import lower_of, lowers_alike
from trialview.model.criteria.tree import Check

# a word that denies what follows it in its clause ("non-" does not: "non-smokers or ex-smokers
# who quit" offers two ways; "no more than one", "not later than": a quantity, no denial)
DENIAL = re.compile(r"\b(?:no|not|without|never|neither|free\s+(?:of|from)|absen(?:ce|t)\s+of|lack\s+of)\b"
                    r"(?!\s+(?:" + NOT_A_QUANTITY_WORDS + r"|earlier|sooner|higher|lower)\s+than\b)", re.I)
# a qualifier just before the name it qualifies, in one noun phrase ("untreated latent TB")
ADJACENT = re.compile(r"[\s-]*")
# a bare "or" between two names (", or" and "or at least ..." open another way, a clause of its own)
_BARE_OR = re.compile(r"\s*(?:and\s*/\s*)?or\s*", re.I)
# the start of a clause with a verb of its own: another way, not one more denied name ("Is not of
# reproductive potential, or is of reproductive potential and agrees ...")
_CLAUSE_START = re.compile(r"(?:is|are|was|were|has|have|had|be|been|being|will|would|must|should|can|may|does|did|"
                           r"least|who|which|that|if|when|unless|agrees?|willing|able|suspended|stopped|"
                           r"discontinued|completed|received|receiving)\b", re.I)
# how far a denial is looked for past the place it must come before (its lookahead's words)
_DENIAL_AHEAD = 40


def denied_together(text: str, check: Check, first: int, between: str, piece: str) -> bool:
    """Whether check and an unread name beside it, joined by a bare "or" (`between`), are both
    denied by a word before `first` (the start of whichever comes first) in the same part of
    the sentence: "No severe cardiac disease or hepatitis" is neither. Not where the unread
    words qualify the check's own name named again ("No tuberculosis or adequately treated
    tuberculosis": an allowance, another way)."""
    if not _BARE_OR.fullmatch(between) or _CLAUSE_START.match(piece) or not check.span:
        return False
    own = text[check.span[0]:check.span[1]].strip().lower()
    at = text.find(piece, first)
    if own and at >= 0 and text[at + len(piece):at + len(piece) + len(own) + 3].lower().lstrip(" -").startswith(own):
        return False
    return denied_before(text, check, first)


def denied_before(text: str, check: Check, first: int) -> bool:
    """Whether check is denied ("no ...", a negative result) by a word before `first` in the same
    part of the sentence, so that the denial covers what lies between too."""
    if not (check.negated or check.value is False or check.value == "negative"):
        return False
    start = max(text.rfind(";", 0, first), text.rfind(". ", 0, first), text.rfind(":", 0, first)) + 1
    m = DENIAL.search(text, start, first + _DENIAL_AHEAD)
    return m is not None and m.start() < first


# how a measurement was taken, after a list of limits ("measured twice", "confirmed on repeat",
# "(on) two occasions": the unread piece starts after the filler "on" / "at")
HOW_MEASURED = re.compile(r"(?:\(\s*)?(?:if\s+)?(?:(?:as\s+)?measured|confirmed|repeated|documented|persist\w*|sustained|"
                          r"(?:on\s+)?(?:at\s+)?(?:least\s+)?(?:two|2|three|3)\s+(?:separate\s+|consecutive\s+)?"
                          r"(?:occasions?|measurements?|readings?|visits?|samples?)|(?:at\s+)?least\s+twice|twice)\b", re.I)

# "ALT > 3 x ULN or liver disease": an organ's disease offered by "or" is another way, though its
# words are a check's companions ("liver") and filler ("disease"), which cover them beside ALT
# (a patient with cirrhosis and a normal ALT was cleared). Not "with or without ... disease", nor
# "class III or IV heart disease", nor a name its definition follows ("or thrombocytopenia
# (platelets < 75)").
_OR_DISEASE = re.compile(
    r"(?<!\bwith\s)\b(?:or|and\s*/\s*or)\s+(?!(?:I{1,3}|IV|V|\d+|grades?|class|stages?)\b)((?:[\w-]+\s+){0,3}?"
    r"(?:diseases?|disorders?|failure|impairment|insufficiency|dysfunction|an(?:a)?emia))\b"
    r"(?!\s*(?:\(|[,:]?\s*(?:defined|as\s+defined|i\.e\.)))", re.I)
# "Hypertension - untreated (SBP >= 140 or DBP >= 90) or treated": a state's other kind offered
# last, in words that are filler elsewhere ("treated", "previous") -- another way, for a person
_OR_KIND_END = re.compile(r"\b(?:or|and\s*/\s*or)\s+((?:un)?treated|(?:un)?controlled|current|past|previous|prior|"
                          r"active|inactive|resolved|ongoing)\s*[.;)]?\s*$", re.I)
_KIND_END_REACH = 30    # characters from the text's end the kind may start in


def with_or_diseases(text: str, spans: list[tuple[int, int]], unread: list[str]) -> list[str]:
    """The unread clauses (in text order) with the diseases (or kinds of a state) offered by "or"
    that no check reads and no unread clause holds yet, merged in text order. (Each clause is
    placed once: they are in text order; the covered places are looked up by bisection.)"""
    low = lower_of(text)
    found = list(_OR_DISEASE.finditer(text)) if (
        "disease" in low or "disorder" in low or "failure" in low or "impairment" in low or "insufficien" in low
        or "dysfunction" in low or "nemi" in low or not lowers_alike(text)) else []
    if (last := _OR_KIND_END.search(text, max(0, len(text) - _KIND_END_REACH))) is not None:
        found.append(last)
    if not found:
        return unread
    placed: list[tuple[int, str]] = []      # (start, clause); a clause not found where it was read: there
    held: list[tuple[int, int]] = []        # the places of the clauses found
    pos = 0
    for piece in unread:
        at = text.find(piece, pos)
        if at >= 0:
            held.append((at, at + len(piece)))
        else:
            at = pos
        placed.append((at, piece))
        pos = at + len(piece)
    taken = sorted([*spans, *held])
    starts = [x for x, _ in taken]
    reach, furthest = 0, []         # furthest[i]: the latest end of taken[:i + 1]
    for _, y in taken:
        reach = max(reach, y)
        furthest.append(reach)
    more = []
    for m in found:
        a, b = m.span(1)
        # a covered place overlapping [a, b): one starting before b that ends after a
        i = bisect_left(starts, b)
        if i and furthest[i - 1] > a:
            continue
        more.append((a, m.group(1)))
    if not more:
        return unread
    return [piece for _, piece in sorted([*placed, *more], key=lambda p: p[0])]


def measured(piece: str) -> bool:
    """Whether piece says how the value was measured ("if persistent"), or a bracket after the
    value does in one of its parts ("(MDRD-formula, confirmed on a second day)")."""
    if HOW_MEASURED.match(piece):
        return True
    return piece.startswith("(") and any(HOW_MEASURED.match(part.strip(" (")) for part in piece.split(","))
