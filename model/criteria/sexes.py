"""A sex named as one alternative beside the pregnancy states of the other: "Male or non-pregnant,
non-lactating females" (NCT00739778).

Sex is the registry's field and the text's "male or female" is filler; but where "male" stands
as the alternative to women who are not pregnant nor lactating, it is a requirement of its own:
a man meets the criterion by being one, a woman by not being pregnant nor lactating.
"""

from __future__ import annotations

import re

from trialview.model.criteria.patterns import lowers_alike
from trialview.model.criteria.raw_checks import Raw
from trialview.model.criteria.tree import Check

_STATE = r"(?:non[- ]?|not\s+)(?:pregnant|lactating|nursing|breast[- ]?feeding)"
# "Male or non-pregnant, non-lactating female", "Men or non-pregnant women"
_MALE_OR_RX = re.compile(r"(?<![\w-])(?P<sex>males?|men)\s*,?\s+or\s+(?=" + _STATE + r")", re.I)


def may_alternate(s: str, low: str) -> bool:
    """Whether _MALE_OR_RX may match in s (low: s.lower(), or the lower case of a text that s
    blanks parts of): a match holds "non" or "not" and one of the states' words. Plain substring
    tests, where the case-blind regex tried every position of every text naming men; a text with
    one of patterns.FOLDS is left to the regex."""
    return not lowers_alike(s) or (("non" in low or "not" in low) and (
        "pregnant" in low or "lactating" in low or "nursing" in low or "breast" in low))


def sex_alternatives(s: str, out: list[Raw], taken: list[tuple[int, int]]) -> None:
    """The sex checks of s's "Male or non-pregnant ..." alternatives (see the module)."""
    for m in _MALE_OR_RX.finditer(s):
        a, b = m.span("sex")
        out.append(Raw(Check(variable="sex", op="==", value="male", span=(a, b)), (a, b)))
        taken.append((a, b))
