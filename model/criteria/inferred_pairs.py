"""Two lost comparators on one variable read as the interval they can only mean (audit 9, fault 1).

Chia lost "≥" and "≤" as "=": "HbA1c = 6.5 and = 10.0 %" (Chia NCT02985242 inc-6). Each "=" takes
its direction from the variable's usual one (numbers.LOST_DIRECTION: an HbA1c limit is an upper
one) or from the item before it, which gave "HbA1c ≤ 6.5 and ≥ 10.0": a range no value can meet,
so the criterion failed every patient. Two bounds of one value joined by "and" bound it from both
sides; of the two ways to read two lost comparators, only "≥ the lower, ≤ the higher" is one a
patient can meet, so that is how such a pair is read. (The choice: leaving them for a person would
also be honest, but the interval is the only reading the words allow, and both checks stay marked
inferred, so the reason says "comparator inferred" and the detail pane asks to check the wording.)
A pair joined by "or", or with a comparator that was written, is left as read.

Called from numbers.read_values only when it read two items or more, one of them inferred.
"""

from __future__ import annotations

import re

Item = tuple[str, float, str | None, bool, int, int]     # (op, number, unit, inferred, start, end)

_OR_RX = re.compile(r"\bor\b", re.I)


def as_interval(s: str, items: list[Item]) -> list[Item]:
    """items, where two neighbours with inferred comparators make an empty interval ("<= 6.5 and
    >= 10"), turned into the interval between their numbers (">= 6.5", "<= 10")."""
    out = list(items)
    for i in range(len(out) - 1):
        (op1, n1, u1, inf1, a1, b1), (op2, n2, u2, inf2, a2, b2) = out[i], out[i + 1]
        if not (inf1 and inf2) or (u1 and u2 and u1 != u2) or _OR_RX.search(s, b1, a2):
            continue
        low_first = op1 in ("<=", "<") and op2 in (">=", ">") and n1 < n2
        high_first = op1 in (">=", ">") and op2 in ("<=", "<") and n1 > n2
        if low_first:
            out[i], out[i + 1] = (">=", n1, u1, True, a1, b1), ("<=", n2, u2, True, a2, b2)
        elif high_first:
            out[i], out[i + 1] = ("<=", n1, u1, True, a1, b1), (">=", n2, u2, True, a2, b2)
    return out
