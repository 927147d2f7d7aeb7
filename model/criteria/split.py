"""Section text -> criteria items: numbered and bulleted lists, one-line " - " lists, nesting.

An item keeps the verbatim text of its own line(s) (children excluded) and its children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from trialview.model.criteria.inline_numbers import numbered_run
from trialview.model.criteria.patterns import finditer_at_words

_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>(?:[•●▪◦·*\-–—]\s*)?(?:\d{1,2}[.)](?!\d)|\(\d{1,2}\)|\([a-z]\)|[a-z][.)](?=\s)|\([ivx]{1,4}\)|[ivx]{1,4}[.)](?=\s))"
    r"|[•●▪◦·*\-–—](?=\s|[A-Za-z(]))\s*"
)
# " - " between items written on one line ("...; - Age range ...; - ..."): a dash with spaces
# around it, not between two numbers ("18 - 65") and not a minus sign ("-5").
# (The dash comes first, and then what stands before it: "(?<!\S.)" after the dash is "at the
# start or after a space" before it, and a pattern that opens with a class is quick to search.)
_INLINE_DASH = re.compile(r"[-–•](?<!\S.)\s+(?=[A-Za-z(\"'])")
_DASH_MARKS = ("-", "–", "•")       # what each of its matches starts with
_PREAMBLE = re.compile(
    r"(?:following|criteria|all\s+of|any\s+of|one\s+of|eligible|enrolled|must\s+(?:meet|have)|required)\b[^:]*:\s*$"
    r"|^\W*$", re.I)
_WORD_CHAR = re.compile(r"\w")


def _may_be_preamble(text: str) -> bool:
    """Whether _PREAMBLE may match text: its first part ends with ":" and white space only (what
    str.rstrip strips is what \\s matches), its second needs a text without a word character.
    (The case-blind regex tried its words at every position of every section's first line.)"""
    return text.rstrip().endswith(":") or _WORD_CHAR.search(text) is None


@dataclass
class Item:
    text: str
    indent: int = 0
    marker: str = ""
    children: list[Item] = field(default_factory=list)


_DIGIT = re.compile(r"\d")
_ROMAN = re.compile(r"\(?[ivx]+[.)]")
_ALPHA = re.compile(r"\(?[a-z][.)]")
_DASHES = re.compile(r"[-–•\s]*")


@lru_cache(maxsize=512)
def _marker_kind(marker: str) -> str:
    """"num", "roman", "alpha" or "bullet" (a list has few kinds of markers: remembered)."""
    m = marker.strip()
    if _DIGIT.search(m):
        return "num"
    if _ROMAN.search(m):
        return "roman"
    if _ALPHA.search(m):
        return "alpha"
    return "bullet"


def _inline_split(line: str) -> list[str] | None:
    """Split a one-line list on its " - " separators, or None when the line is not one."""
    if "-" not in line and "–" not in line and "•" not in line:
        return None             # (no separator: the regex, tried at each dash only, has nothing to find)
    cuts = [m.start() for m in finditer_at_words(_INLINE_DASH, line, _DASH_MARKS)]
    if len(cuts) < 2 and not (cuts and cuts[0] == len(line) - len(line.lstrip())):
        return None
    parts: list[str] = []
    prev = 0
    for c in cuts:
        parts.append(line[prev:c])
        prev = c
    parts.append(line[prev:])
    return [p for p in (p.strip() for p in parts) if p and not _DASHES.fullmatch(p)]


def _lines(text: str) -> list[str]:
    """The section's lines, one-line lists cut into their items; "" for a blank line (every
    other line has something besides white space)."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            out.append("")
            continue
        if len(stripped) > 120 and (parts := _inline_split(stripped)) and len(parts) >= 2:
            out.extend(parts)
        elif "2)" in stripped and (parts := numbered_run(stripped)):    # "1) A 2) B 3) C" (inline_numbers.py)
            indent = raw[:len(raw) - len(raw.lstrip())]
            out.extend(indent + p for p in parts)
        else:
            out.append(raw.rstrip())
    return out


def split_items(text: str) -> tuple[str | None, list[Item]]:
    """(preamble, items) for one section's text."""
    lines = [(ln, _MARKER.match(ln) if ln else None) for ln in _lines(text)]
    marked = [m is not None for ln, m in lines if ln]
    use_markers = sum(marked) >= 2 or (len(marked) > 0 and (sum(marked) == len(marked) or marked[0]))
    flat: list[Item] = []
    blank_before = False
    for ln, marker in lines:
        if not ln:
            blank_before = True
            continue
        m = marker if use_markers else None
        if m:
            body = ln[m.end():].strip()
            indent = len(m.group("indent").expandtabs(4))
            flat.append(Item(body, indent, _marker_kind(m.group("marker"))))
        elif use_markers and flat and _continues(flat[-1], ln, blank_before):
            flat[-1].text = flat[-1].text + " " + ln.strip()   # a wrapped line continues its item
        elif not use_markers and flat and not blank_before and ")" in ln and "(" in flat[-1].text and \
                flat[-1].text.count("(") > flat[-1].text.count(")") and ln.count(")") > ln.count("("):
            # an unmarked line whose bracket is still open goes on in the next one ("sedative
            # premedication severe immune deficiency (diabetes, steroid or antihistamine" /
            # "medication, cancer, ...), ", NCT05380778): one item, not two halves of a list
            # (only a line that closes it: a bracket never closed would swallow the list)
            flat[-1].text = flat[-1].text + " " + ln.strip()
        else:
            indent = len(ln) - len(ln.lstrip())
            flat.append(Item(ln.strip(), indent, "none"))
        blank_before = False
    if len(flat) > 1 and flat[0].indent == 0 and flat[0].marker != "none":
        # a section's text is stripped, and its first item with it: it stands where the items
        # of its kind stand, not above them (else the whole list nests under it)
        alike = [it.indent for it in flat[1:] if it.marker == flat[0].marker]
        if alike and min(alike) > 0:
            flat[0].indent = min(alike)
    if len(flat) >= 3 and flat[0].text[:1].isdigit():
        _bare_numbers(flat)
    preamble = None
    if len(flat) > 1 and flat[0].marker == "none" and _may_be_preamble(flat[0].text) and \
            _PREAMBLE.search(flat[0].text):
        preamble = flat.pop(0).text
    return preamble, _nest(flat)


# an item's own number written after its bullet, with no dot ("-  5 Receiving any other
# investigational agent ...", NCT05380882): a label, not a number the criterion says
_BARE_NUMBER = re.compile(r"(\d{1,2})\s+(?=[A-Z(])")


def _bare_numbers(flat: list[Item]) -> None:
    """Drop the bare numbers that label a list's items: only when the items that start with one
    are at least three and count 1, 2, 3, ... in order (one item's "3 months" is no label)."""
    found = [(it, m) for it in flat if (m := _BARE_NUMBER.match(it.text))]
    if len(found) < 3 or [int(m.group(1)) for _, m in found] != list(range(1, len(found) + 1)):
        return
    for it, m in found:
        it.text = it.text[m.end():]


def _continues(prev: Item, line: str, blank_before: bool) -> bool:
    """Whether an unmarked line is the wrapped rest of the item above (ctgov XML wraps at ~70)."""
    indent = len(line) - len(line.lstrip())
    first = line.strip()[:1]
    if prev.text.rstrip().endswith(":"):
        return False
    if indent > prev.indent and not blank_before:
        return True
    return first.islower() and not prev.text.rstrip().endswith((".", ";"))


# Lists nest a few levels; a text indented a step further on each of thousands of lines would
# make a tree that deep, and the parser and the tree's JSON recurse once per level.
_MAX_DEPTH = 16


def _nest(flat: list[Item]) -> list[Item]:
    roots: list[Item] = []
    stack: list[Item] = []
    top_kind = flat[0].marker if flat else ""
    for it in flat:
        while stack:
            top = stack[-1]
            if it.indent > top.indent + 1:
                break           # indented under the item above
            if (it.indent >= top.indent and it.marker != top.marker and it.marker != top_kind
                    and top.text.rstrip().endswith(":")):
                break           # a list of another kind opened by "...:"
            stack.pop()
        del stack[_MAX_DEPTH:]  # deeper than any real list: a sibling of the deepest item kept
        if stack:
            stack[-1].children.append(it)
        else:
            roots.append(it)
        stack.append(it)
    return roots
