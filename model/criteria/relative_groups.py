"""Two groups of people in one exclusion, the second with a relative clause of its own.

"Pregnant or lactating women and female volunteers of childbearing potential (except for women
who are surgically sterile) who are not willing to use an adequate method of contraception ...
during the study" (Chia NCT03231982 exc-23): the relative clause binds the group it follows, not
the whole. Two ways to be excluded: (a) pregnant or lactating women; (b) women of childbearing
potential who will not use contraception. Read as (pregnant or lactating) and not willing, with
the second group folded under "lactating", it cleared a woman of childbearing potential whose
willingness nobody knew. Here the sentence is cut into its two groups: the first read as a
criterion of its own, the second with its group as its condition and the relative clause as its
body (parse.py builds them).
"""

from __future__ import annotations

import re

_STATE = r"(?:pregnant|lactating|breast[- ]?feeding|nursing)"
# "Pregnant or lactating women and ": the states, their people, "and"
_FIRST_GROUP = re.compile(rf"\s*(?P<a>{_STATE}(?:\s*(?:,|or|and/or|and)\s*{_STATE})*\s+"
                          r"(?:wom[ae]n|females?|subjects|patients|participants|volunteers|mothers))\s*,?\s+and\s+", re.I)
# the second group: people named by sex or childbearing potential ("female volunteers of
# childbearing potential", "women of child-bearing potential", "WOCBP")
_SECOND_GROUP = re.compile(r"(?:(?:fe)?males?|wom[ae]n|wocbp)\b[^.;()]{0,60}?(?=\s*\(|\s+who\b)", re.I)
_WHO = re.compile(r"\bwho\b", re.I)
_SENTENCE_END = re.compile(r";|\.(?=\s+[A-Z]|\s*$)")


def two_groups(text: str) -> tuple[int, int, int, int] | None:
    """(end of the first group, start and end of the second group's words, end of its
    sentence) when text opens with "<pregnancy states> <people> and <people> ... who ...";
    else None."""
    if "who" not in text or " and " not in text:
        return None     # (most criteria: no lower case made)
    low = text.lower()
    if not ("pregn" in low or "lactat" in low or "breast" in low or "nursing" in low):
        return None
    first = _FIRST_GROUP.match(text)
    if first is None:
        return None
    second = _SECOND_GROUP.match(text, first.end())
    if second is None:
        return None
    end_mark = _SENTENCE_END.search(text, second.end())
    end = end_mark.start() if end_mark else len(text)
    # the relative clause: a "who" after the group's words, outside any bracket
    at, depth = second.end(), 0
    while at < end:
        ch = text[at]
        depth += ch == "(" or ch == "["
        depth -= (ch == ")" or ch == "]") and depth > 0
        if depth == 0 and _WHO.match(text, at) and (at == 0 or not text[at - 1].isalnum()):
            return first.end("a"), second.start(), second.end(), end
        at += 1
    return None
