"""Performance status: "ECOG performance status 0-1", "ECOG PS ≤ 2", "ECOG 0, 1 or 2",
"Zubrod 0-1", "WHO performance status: 0, 1 or 2", "Karnofsky ≥ 70%", "Karnofsky performance
status of at least 60", "Less than 30 Karnofsky score".

Two scales, two variables (vocabulary: `ecog`, 0-5; `karnofsky`, 0-100 %). Zubrod and the WHO
performance status are the ECOG scale under other names; a "performance status" that names no
scale and is given in 0-5 is read on it too (a Karnofsky score is a percentage, in tens).
The two scales are never converted into each other: published tables that map one to the other
disagree at the edges (Karnofsky 70 is ECOG 1 in some, 2 in others), so a Karnofsky limit is not
answered by an ECOG value: a patient with only the other scale leaves the limit open.

A range "0-1" is `>= 0` and `<= 1`; a list of consecutive grades "0, 1 or 2" is `<= 2` (and
`>= 1` for "1 or 2"). A lone "=" ("ECOG=1") is not read (an "equals" or a lost "≤"?). A
criterion that names one scale twice outside what was read ("Performance status 0-2 ... may
include patients with performance status > 2 attributable to LAL", Chia NCT01491763; "ECOG=1 or
if ECOG=2 but ...") is left to a person: its second mention often relaxes the first.

Everything here runs only where the lowered text holds one of the scales' words (`may_name`).
"""

from __future__ import annotations

import re
from typing import cast

from trialview.model.criteria import lexicon as L
from trialview.model.criteria.patterns import finditer_at_words
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import Check, Op


def may_name(low: str) -> bool:
    """Whether a lowered text may name a performance status (the gate before any regex): four
    substring tests of every criterion's text. (A bare "KPS" or an "Eastern Cooperative Oncology
    Group" with neither "ECOG" nor "performance" beside it is not looked for: rare, and left to a
    person; a fifth and sixth test of every text cost more than they read.)"""
    return "ecog" in low or "performance" in low or "karnofsky" in low or "zubrod" in low


_PAREN = r"(?:\s*\((?:ECOG|WHO|PS|KPS|Zubrod|World\s+Health\s+Organi[sz]ation|Eastern\s+Cooperative\s+Oncology\s+Group)\))?"
_STATUS = r"(?:performance\s+(?:status|score|scale)|PS\b)"
_TAIL = r"(?:\s*\((?:PS|KPS)\))?(?:\s+(?:score|scale|grade|rating|status))?"
# (group name, scale): the names, longest first
_ECOG_NAME = (r"(?:Eastern\s+Cooperative\s+Oncology\s+Group|ECOG|Zubrod)" + _PAREN + r"(?:[\s-]+" + _STATUS + r")?"
              r"|(?:WHO|World\s+Health\s+Organi[sz]ation)" + _PAREN + r"\s+" + _STATUS +
              r"|performance\s+status" + _PAREN)
_KPS_NAME = r"Karnofsky" + _PAREN + r"(?:\s+" + _STATUS + r"|\s+index)?(?:\s*\(KPS\))?|KPS"
_NAME = r"(?:(?P<kps>" + _KPS_NAME + r")|(?P<ecog>" + _ECOG_NAME + r"))" + _TAIL
# what stands between a name and its value
_GAP = r"(?:\s*:\s*|\s+(?:of|is|must\s+be|should\s+be|be|was|at|between)\b\s*|\s*,\s*|\s+)*?"
_N = r"\d{1,3}(?!\s*[.,]\d)"
_CMP = r"(?P<cmp>" + L.CMP_RX.pattern + r")\s*"
_VALUE = (r"(?:" + _CMP + r"(?P<n>" + _N + r")\s*%?(?P<post>\s*(?:or|and)\s+(?:more|greater|higher|above|over|less|lower|below|under)\b)?"
          r"|(?:between\s+)?(?P<lo>\d{1,3})\s*%?\s*(?:-|–|~|to|and|through)\s*(?P<hi>\d{1,3})(?!\d|[.,]\d)\s*%?"
          r"|(?P<list>\d(?:\s*(?:,|/|or|and|,\s*or)\s*\d)+)(?!\d|[.,]\d)"
          r"|(?P<n2>" + _N + r")\s*%?(?P<post2>\s*(?:or|and)\s+(?:more|greater|higher|above|over|less|lower|below|under)\b))")
# "... of 0 or 1 on the Eastern Cooperative Oncology Group (ECOG) scale": the scale named after
_ON_SCALE = r"(?:\s+(?:on|by|according\s+to)\s+(?:the\s+)?(?:" + _ECOG_NAME + r"|" + _KPS_NAME + r")" + _TAIL + r")?"
_NAME_FIRST_RX = re.compile(r"(?<![\w-])" + _NAME + _GAP + _VALUE + _ON_SCALE, re.I)
# the value first: "Less than 30 Karnofsky score at enrolment", "≥ 70% Karnofsky" (looked for just
# before a name: a regex tried at every position of the text cost more than the rest)
_VALUE_BEFORE_RX = re.compile(r"(?<![\w-])" + _CMP + r"(?P<n>" + _N + r")\s*%?\s+(?:on\s+(?:the\s+)?)?$", re.I)
_MENTION_RX = re.compile(r"(?<![\w-])" + _NAME, re.I)
# what every name starts with: the regexes are tried there only (patterns.finditer_at_words)
_STARTS = ("eastern", "ecog", "zubrod", "who", "world", "performance", "karnofsky", "kps")
_UP = ("more", "greater", "higher", "above", "over")
_HIGH = {"ecog": 5, "karnofsky": 100}
Span = tuple[int, int]


def _scale(m: re.Match[str]) -> str:
    return "karnofsky" if m.group("kps") else "ecog"


def performance(s: str, out: list[Raw], taken: list[Span]) -> None:
    """Checks of the performance-status limits in s (see the module); their spans are taken."""
    mentions = list(finditer_at_words(_MENTION_RX, s, _STARTS))
    if not mentions:
        return
    # (span, scale, limits, the name's match)
    found: list[tuple[Span, str, list[tuple[str, float]], re.Match[str]]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken) and not any(a < y and x < b for (x, y), *_ in found)

    for m in finditer_at_words(_NAME_FIRST_RX, s, _STARTS):
        if free(*m.span()) and (limits := _limits(m.groupdict(), _scale(m))):
            found.append((m.span(), _scale(m), limits, m))
    for m in mentions:
        before = _VALUE_BEFORE_RX.search(s, max(0, m.start() - 40), m.start())
        if before is not None and free(before.start(), m.end()) and \
                (limits := _limits(before.groupdict(), _scale(m))):
            found.append(((before.start(), m.end()), _scale(m), limits, m))
    if not found:
        return
    # a scale named twice: its second mention may relax the first (see the module)
    for var in {v for _, v, _, _ in found}:
        mine = [span for span, v, _, _ in found if v == var]
        if len(mine) > 1 or any(_scale(m) == var and not any(a <= m.start() < b for a, b in mine) for m in mentions):
            found = [f for f in found if f[1] != var]
    for span, var, limits, name in sorted(found):
        note = _note(name, var)
        for k, (op, value) in enumerate(limits):
            # the comparators come from the lexicon's, all of them Op values (Check validates it)
            out.append(Raw(Check(variable=var, op=cast(Op, op), value=value, unit="score" if var == "ecog" else "%",
                                 span=span, note=note), span if k == 0 else (span[1] - 1, span[1]),
                           # (a range's two limits bind first: "ECOG 0-1 or Karnofsky ≥ 70" is not
                           # "ECOG ≥ 0 or ...")
                           join="with" if k else None))
        taken.append(span)


def _limits(g: dict[str, str | None], var: str) -> list[tuple[str, float]]:
    """[(op, value)] of one match's groups, or [] when its values are no limit on the scale."""
    out: list[tuple[str, int]]
    low_end, high_end, listed, cmp = g.get("lo"), g.get("hi"), g.get("list"), g.get("cmp")
    if low_end is not None and high_end is not None:
        lo, hi = int(low_end), int(high_end)
        if not lo <= hi:
            return []
        out = [(">=", lo), ("<=", hi)]
    elif listed:
        grades = [int(d) for d in re.findall(r"\d", listed)]
        if var != "ecog" or grades != list(range(grades[0], grades[-1] + 1)):
            return []       # "0 or 2": not one run of grades
        out = [(">=", grades[0]), ("<=", grades[-1])] if grades[0] else [("<=", grades[-1])]
    else:
        n = int(g.get("n") or g.get("n2") or 0)
        post = g.get("post") or g.get("post2")
        if cmp:
            if post:
                return []       # "≥ 2 or more": said twice, left to a person
            cm = L.CMP_RX.fullmatch(cmp.strip())
            op = L.cmp_op(cm) if cm else "="
        elif post:
            op = ">=" if post.split()[-1].lower() in _UP else "<="
        else:
            return []
        if op == "=":
            return []           # "ECOG=1": an equality or a lost "≤" (see the module)
        out = [(op, n)]
    if any(not 0 <= v <= _HIGH[var] for _, v in out):
        return []               # "ECOG 10", "performance status 70": not this scale's value
    return [(op, float(v)) for op, v in out]


def _note(m: re.Match[str], var: str) -> str | None:
    """What the reader read a named scale as, when the text does not name the ECOG's own."""
    if var != "ecog":
        return None
    name = m.group("ecog").lower()
    if name.startswith("zubrod"):
        return "Zubrod performance status: the ECOG scale"
    if name.startswith(("who", "world")):
        return "WHO performance status: the ECOG scale"
    if name.startswith("performance"):
        return "a performance status of 0-5: the ECOG scale"
    return None
