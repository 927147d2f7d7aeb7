"""The time since a therapy, written before it: "At least 5 years since prior biologic response
modifiers" (audit 16: it had asked for a biologic ever), "Less than 4 weeks since prior
chemotherapy", "Patients must be at least 4 weeks from major surgery"."""

from __future__ import annotations

import re

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.clauses import sentence_end

# the time since a therapy, written before it ("At least 5 years since prior biologic response
# modifiers", "Less than 4 weeks since prior chemotherapy"): at least / more than that long since
# it is "not within" (a patient who never had it has gone that long), less than that is "within"
# (audit 16: "at least 4 weeks since prior rituximab" had asked for rituximab ever)
_SINCE_BEFORE = re.compile(
    r"(?:\b(?P<word>at\s+least|more\s+than|greater\s+than|longer\s+than|over|(?:a\s+)?minimum\s+of|less\s+than|"
    r"fewer\s+than|under|shorter\s+than)|(?P<sign>≥|>=|>|≤|<=|<))\s*(?P<n>" + L.NUMW + r")\s*[- ]?(?P<unit>days?|weeks?|wks?|months?|years?|yrs?)"
    r"\s+(?:(?:must\s+)?(?:have|has)\s+(?:passed|elapsed)\s+)?(?P<since>since|from|after)\s+"
    # (the words between it and the therapy: a bag of filler, "the last dose of any prior oral")
    r"(?:(?:the|a|an|any|all|last|final|most|recent|completion|end|discontinuation|stopping|of|with|in|dose|doses|"
    r"treatment|treatments|therapy|therapies|administration|course|use|exposure|infusion|prior|previous|oral|"
    r"systemic|intravenous|iv|parenteral|receipt|participation)\s+){0,6}$", re.I)
# what may stand before "at least N weeks from / after X" in its clause: the time is then the
# patient's since X ("Patients must be at least 4 weeks from major surgery"), not one after
# another event ("Relapse less than 6 months after the last dose of rituximab", review 16)
_SINCE_LEADS = re.compile(r"\s*(?:(?:patients?|subjects?|participants?|it|there)\s+)?(?:(?:must|should|will)\s+)?"
                          r"(?:(?:be|have|has)\s+)?(?:been\s+)?$", re.I)
# what, after the therapies of "at least N weeks since prior X", says more than that time: another
# time or a number ("or 5 half-lives", "6 months for ...", "B cells >= 20"), a case, a bracket
_SINCE_MORE = re.compile(r"\d|\bwhichever\b|\bif\b|\bunless\b|\bexcept|\(|\bhalf-?lives?\b", re.I)


def time_since(s: str, a: int, start: int) -> tuple[float, int | None, bool, int] | None:
    """(days, calendar months, not within, where its words start) of a time since the therapy
    at `start`, written right before it in its clause s[a:start] ("at least 4 weeks since prior")."""
    m = _SINCE_BEFORE.search(s, max(a, start - 160), start)
    if m is None or (m["since"].lower() != "since" and not _SINCE_LEADS.match(s, a, m.start())):
        return None
    n = L.number(m["n"])
    word = (m["word"] or m["sign"]).lower()
    not_within = word.startswith(("at", "more", "greater", "longer", "over", "min", "a ", "≥", ">"))
    return L.days(n, m["unit"]), L.months(n, m["unit"]), not_within, m.start()


def says_more(text: str, end: int) -> bool:
    """Whether the rest of the sentence after a therapy read with a time since it says more than
    that time (another time, a number, a case, a bracket): then the time alone decides nothing."""
    return _SINCE_MORE.search(text, end, sentence_end(text, end)) is not None
