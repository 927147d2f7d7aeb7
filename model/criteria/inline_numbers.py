"""Numbered items written on one line: "1) Refusal of epidural catheter 2) Pregnancy 3) Bleeding
History ..." (Chia NCT02056301) is eight criteria, not one.

A line is cut before each "N) " marker only where the markers run in order, 1, 2, 3 ..., the
first "1)" opening the line; or 2, 3 ... after a first item whose "1)" was lost ("Patients age 8-
18 years 2) Patients undergoing ... 3) American Society of Anesthesiology Status I-III", the same
trial). A number out of that order is the text's own ("type 2) diabetes", a value "3) "), and a
run inside a sentence is one criterion's alternatives, not a list of criteria: "for which either
1) the frequency ... or 2) the frequency ..." (Chia NCT01117181) is not cut, nor is a run whose
marker follows "or" / "and".

split.py asks it of a line only where the line holds "2)", which every run holds.
"""

from __future__ import annotations

import re

# "2) " after a space or the line's start: not "(2)", not "type2)", not "12)" read as "2)"
_MARK = re.compile(r"(?<![\w(])(\d{1,2})\)\s+(?=\S)")
_JOINED_BEFORE = re.compile(r"(?:\b(?:or|and|either|nor|and/or)|[(/])\s*$", re.I)


def numbered_run(line: str) -> list[str] | None:
    """The items of a line of numbered items (see the module), each with its marker, or None when
    the line is not one. `line` is stripped."""
    marks: list[re.Match[str]] = []
    for m in _MARK.finditer(line):
        want = int(marks[-1].group(1)) + 1 if marks else (1 if m.start() == 0 else 2)
        if int(m.group(1)) == want:
            marks.append(m)
        elif not marks and m.start() == 0:
            return None         # a line opening with another number: a list of its own (split.py)
    if len(marks) < 2:
        return None
    if any(m.start() and _JOINED_BEFORE.search(line, max(0, m.start() - 10), m.start()) for m in marks):
        return None             # "either 1) ... or 2) ...": one criterion's alternatives
    cuts = [m.start() for m in marks]
    if cuts[0] > 0:
        cuts.insert(0, 0)       # the first item, its "1)" lost
    parts = [line[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(line)], strict=True)]
    return parts if all(parts) else None
