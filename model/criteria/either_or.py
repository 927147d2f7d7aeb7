"""What stands before "either" in a clause: required beside the alternatives, not one of them.

"Have Chronic HCV infection prior to transplantation with documented HCV viremia = 1,000 IU/ml at
screening and either documented HCV Ab positivity or HCV viremia = 1,000 IU/ml at least 6 months
prior to enrollment" (Chia NCT02902120 inc-3) is A and (B or C): the "either ... or" groups only
its own two alternatives. An unread clause A that stands before "either" and the check of B is
joined as the section joins clauses (unread.py), never as a third alternative of B.
"""

from __future__ import annotations

import re

# the "either" that opens the alternatives, with the "and" / "," that joins them to what stands before
_EITHER = re.compile(r"(?:\s*,)?(?:\s+(?:and|as\s+well\s+as|plus))?\s*\beither\b", re.I)
_OR_OR_END = re.compile(r"\bor\b|[;]|\.(?=\s|$)", re.I)


def before_either(span: str, piece: str) -> str | None:
    """The words of the unread clause `piece` before "either", where `span` is the text from the
    piece's start to the check just after it and its last "either" has no "or" (nor sentence
    end) after it: the check is the first alternative, the words before are no alternative."""
    found = max(_EITHER.finditer(span), key=lambda m: m.start(), default=None)     # the last one
    if found is None or _OR_OR_END.search(span, found.end()):
        return None
    head = piece[:min(len(piece), found.start())].strip(" ,;")
    return head if head and not _ONLY_VERBS.fullmatch(head) else None


# a head that only says the alternatives are required ("The patients need to be either A) ...
# B) ...", Chia NCT03355157): no clause of its own
_ONLY_VERBS = re.compile(r"(?:\s*\b(?:the|patients?|subjects?|participants?|wom[ae]n|men|need|needs|must|should|shall|"
                         r"will|has|have|had|is|are|be|been|to|meet|meets|fulfil\w*|satisfy|satisfies)\b)*\s*", re.I)
