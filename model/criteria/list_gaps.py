"""What a list of names that share one limit or window leaves unread between them.

"cyclosporine, tacrolimus, sirolimus, or mycophenolate mofetil within 8 weeks" (Chia NCT02687724):
each check read from a name of the list takes the shared tail ("within 8 weeks") in its span, so
the first check's span runs over the whole list, and a name no check reads ("sirolimus", no drug
of the vocabulary) was covered by it: neither checked nor unread, and a therapy history marked
complete cleared it. What a listed check covers is its own name (and an acronym after it) and the
shared tail: the words between two names are left to coverage, where a name no check reads stays
unread (joining words and commas are filler).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trialview.model.criteria.checks import Raw

Span = tuple[int, int]

# "alanine transaminase (ALT) or ...": the acronym after a name is the name's
ACRONYM_AFTER = re.compile(r"\s*(?:\([A-Za-z0-9-]{1,12}\)|\[[A-Za-z0-9-]{1,12}\])")


def listed_spans(text: str, raws: Sequence[Raw], spans: list[Span]) -> list[Span] | None:
    """spans (the checks' spans, in raws' order) with each one that runs over the next listed
    name cut back to its own name; None when no span does (most criteria: nothing to redo)."""
    out: list[Span] | None = None
    for k in range(len(raws) - 1):
        a, b = spans[k]
        core, nxt = raws[k].core, raws[k + 1].core
        if not (a <= core[1] < nxt[0] < b):
            continue
        if out is None:
            out = list(spans)
        end = core[1]
        acronym = ACRONYM_AFTER.match(text, end)
        out[k] = (a, acronym.end() if acronym else end)
    return out
