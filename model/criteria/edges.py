"""An unread clause's edges: the joining words and punctuation it sheds at its ends, and the
brackets and commas that bound it (coverage.py cuts the clauses; these trim them).
"""

from __future__ import annotations

import re

from trialview.model.criteria.patterns import lowers_alike

# what an unread clause sheds at its ends: punctuation and words that only join
_EDGE_WORDS = (r"non|no|not|and|or|and\s*/\s*or|nor|with|of|the|a|an|in|to|for|by|as|who|which|that|those|these|is|are|be|"
               r"been|have|has|had|including|such\s+as|e\.?g\.?|i\.?e\.?|patients?|subjects?|participants?|"
               r"individuals?|any|all|other|at|on|from")
EDGE = re.compile(r"^(?:[\s,;:.\-–/)]|(?:" + _EDGE_WORDS + r")(?!\w))+|(?:[\s,;:\-–/(]|(?<!\w)(?:" + _EDGE_WORDS
                   + r"))+$", re.I)
# the same two parts apart: what a piece sheds at its start, and the last unit of what it
# sheds at its end (no piece ends with one: nothing to shed there, no regex scan of it)
_EDGE_START = re.compile(r"(?:[\s,;:.\-–/)]|(?:" + _EDGE_WORDS + r")(?!\w))+", re.I)
_EDGE_LAST = re.compile(r"(?:[\s,;:\-–/(]|(?<!\w)(?:" + _EDGE_WORDS + r"))$", re.I)
_EDGE_LONGEST = 16      # characters of the longest unit ("participants", "and / or"; pieces hold single spaces)


# the end part alone; the runs of word characters its words are made of ("e.g": "e", "g")
_EDGE_END = re.compile(r"(?:[\s,;:\-–/(]|(?<!\w)(?:" + _EDGE_WORDS + r"))+$", re.I)
_EDGE_RUNS = frozenset((
    "non", "no", "not", "and", "or", "nor", "with", "of", "the", "a", "an", "in", "to", "for", "by", "as", "who",
    "which", "that", "those", "these", "is", "are", "be", "been", "have", "has", "had", "including", "such", "e",
    "g", "eg", "i", "ie", "patient", "patients", "subject", "subjects", "participant", "participants",
    "individual", "individuals", "any", "all", "other", "at", "on", "from"))
_RUN = re.compile(r"\w+")


def trim(piece: str) -> str:
    """EDGE.sub("", piece) for a piece whose whitespace is single spaces: when no unit of the
    end part ends the piece, only the start part can be shed (the end part's scan of every
    position, backtracking through the words, is most of the cost of an unread clause). When
    one does, the end part is searched for only after the last run of word characters that no
    unit holds: a unit's word starts a run (after no word character) and, to reach the end, ends it, so the part
    shed at the end never starts before such a run ends (for a piece without patterns.FOLDS,
    whose lower case is what the case-blind regex reads)."""
    if not _EDGE_LAST.search(piece, max(0, len(piece) - _EDGE_LONGEST)):
        m = _EDGE_START.match(piece)
        return piece[m.end():] if m else piece
    if not lowers_alike(piece):
        return EDGE.sub("", piece)
    m = _EDGE_START.match(piece)
    start = m.end() if m else 0
    bound = start
    for run in _RUN.finditer(piece, start):
        if run.group().lower() not in _EDGE_RUNS:
            bound = run.end()
    end = _EDGE_END.search(piece, bound)
    return piece[start:end.start()] if end else piece[start:]


_BRACKET_OR_COMMA = re.compile(r"[(),]")


def commas(text: str, a: int, b: int) -> list[int]:
    """Offsets of the commas in text[a:b] that are outside brackets and not inside a number."""
    depth = text.count("(", 0, a) - text.count(")", 0, a)
    out = []
    for m in _BRACKET_OR_COMMA.finditer(text, a, b):
        ch, i = m.group(0), m.start()
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth <= 0 and not text[i + 1:i + 4].isdigit():
            out.append(i)
    return out


def balance(text: str, a: int, b: int, lo: int, hi: int) -> str:
    """text[a:b], widened within [lo, hi) to close a bracket it opens or open one it closes."""
    piece = text[a:b]
    if piece.count("(") > piece.count(")"):
        close = text.find(")", b, hi)
        if close >= 0:
            b = close + 1
    elif piece.count(")") > piece.count("("):
        opening = text.rfind("(", lo, a)
        if opening >= 0:
            a = opening
    return text[a:b]


def unbracket(piece: str) -> str:
    """piece without a bracket at its end that it does not open (or at its start that it does
    not close): the rest of the pair is in a check's words."""
    if piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].rstrip()
    if piece.startswith("(") and piece.count("(") > piece.count(")"):
        piece = piece[1:].lstrip()
    return piece
