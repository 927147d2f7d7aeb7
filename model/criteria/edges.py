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


# the start and end parts without IGNORECASE, for a lower-cased piece: the engine passes over an
# alternative that opens with a plain letter by one comparison, where IGNORECASE enters each
_EDGE_START_LOW = re.compile(_EDGE_START.pattern)
_EDGE_END_LOW = re.compile(_EDGE_END.pattern)


# the joining words that are one run of word characters (all but "such as", "and / or", "e.g.",
# "i.e." and their spellings, whose last runs are "as", "or", "g" and "e")
_EDGE_ONE_RUN = frozenset(w for w in _EDGE_RUNS if w not in ("such", "e", "g", "i"))
_CLASS_LAST = frozenset(",;:-–/(")      # the end part's characters besides white space


_REV_RUN = re.compile(r"(\W*)(\w+)")      # read on a reversed piece: the gap, then the run before it


def _ends_on_edge(low: str, rev: str) -> bool:
    """Whether _EDGE_LAST matches at the end of low (a lower-cased piece; rev: low reversed):
    its last character is one of the end part's, or its last run of word characters is a joining
    word (after no word character, as the regex's (?<!\\w) asks), or it ends with one of "e.g."'s
    and "i.e."'s spellings ("eg", "e.g", "eg.", "e.g.", "ie", ...). Answered by hand: the regex
    tries each of its fifty words at each of the last sixteen positions."""
    if not low:
        return False
    last = low[-1]
    if last.isspace() or last in _CLASS_LAST:
        return True
    dot = last == "."
    m = _REV_RUN.match(rev, 1 if dot else 0)
    if m is None or m.start(2) != m.start():
        return False        # (no run ends there: the last character is another mark)
    run = m.group(2)[::-1]
    if not dot and run in _EDGE_ONE_RUN:
        return True
    # e\\.?g\\.? and i\\.?e\\.? (after no word character): "eg" / "ie" as a run, or "e.g" / "i.e"
    if run in ("eg", "ie"):
        return True
    i = len(low) - m.end()      # where the run starts in low
    if run in ("g", "e") and i >= 2 and low[i - 1] == "." and low[i - 2] == ("e" if run == "g" else "i"):
        return i == 2 or not (low[i - 3].isalnum() or low[i - 3] == "_")
    return False


def trim(piece: str) -> str:
    """EDGE.sub("", piece) for a piece whose whitespace is single spaces: when no unit of the
    end part ends the piece, only the start part can be shed (the end part's scan of every
    position, backtracking through the words, is most of the cost of an unread clause). When
    one does, the end part is searched for only after the last run of word characters that no
    unit holds: a unit's word starts a run (after no word character) and, to reach the end, ends it, so the part
    shed at the end never starts before such a run ends (for a piece without patterns.FOLDS,
    whose lower case is what the case-blind regex reads, at the same offsets: the regexes read
    that lower case without IGNORECASE)."""
    if not lowers_alike(piece):
        return EDGE.sub("", piece)
    low = piece.lower()
    m = _EDGE_START_LOW.match(low)
    start = m.end() if m else 0
    rev = low[::-1]
    if not _ends_on_edge(low, rev):
        return piece[start:]
    # the end of the last run (after start) that no unit holds, read from the end backwards
    n = len(low)
    bound, at = start, 0
    while m := _REV_RUN.match(rev, at, n - start):
        if m.group(2)[::-1] not in _EDGE_RUNS:
            bound = n - m.end(1)
            break
        at = m.end()
    end = _EDGE_END_LOW.search(low, bound)
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
