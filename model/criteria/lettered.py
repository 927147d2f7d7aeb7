"""A clause that opens the next lettered alternative is no qualifier of the check before it.

"... either A) of non-childbearing potential (documented postmenopausal or post hysterectomy) B)
childbearing potential with negative serum or urinary pregnancy test" (Chia NCT03355157 inc-9):
the clause no check reads after "non-childbearing potential" was joined to that check as what it
also requires, so a woman of childbearing potential with a negative test (option B) failed it.
The words up to "B)" qualify the check (all); from "B)" on they are another way to meet it (any).
"""

from __future__ import annotations

import re

# "B) ...", "(b) ...", "2) ...": an item after the first of a list of lettered or numbered items
_NEXT_ITEM = re.compile(r"(?:^|(?<=\s))\(?(?:[B-Hb-h]|[2-9])\)\s")
_FIRST_ITEM = re.compile(r"(?:^|(?<=\s))\(?(?:[Aa]|1)\)\s")


def next_item(piece: str, text: str, at: int) -> tuple[str, str] | None:
    """(the words before the next item's marker, the item from its marker on) of the unread
    clause piece (found at `at` in text) when it opens an item after a first one marked before
    it in text; else None."""
    m = _NEXT_ITEM.search(piece)
    if m is None or not _FIRST_ITEM.search(text, 0, at + m.start()):
        return None
    before, item = piece[:m.start()].strip(" ,;"), piece[m.start():].strip(" ,;")
    return (before, item) if item else None
