"""The exceptions a criterion lists after its requirement, and the people an exclusion says are
eligible all the same: what they name is never a way to fail the criterion.

"Active or history of autoimmune disease ..., with the following exceptions: o Patients with
eczema, psoriasis ... are eligible for the study provided all of following conditions are met:
... No occurrence of acute exacerbations ... requiring ... methotrexate, ... biologic agents, ... or
oral corticosteroids within the previous 12 months" (NCT05482516 exc-3): the drugs and the
diseases of the exception were read as more ways to be excluded, so a patient on dexamethasone
premedication was excluded (audit 10, class B). "Negative HIV test at screening, with the
following exception: patients with a positive HIV test at screening are eligible provided ..."
(NCT05482516 inc-12) required the HIV test negative AND positive (class C).

A list opener ("with the following exception(s)", "exceptions include", "the exception ... would
be") makes the rest of the criterion's text its exceptions (to the closing parenthesis when it
opens inside one); in an exclusion a sentence that says who "is / are / will be eligible" is one
(to the end of the text when it goes on with "provided" or "the following"). extract() keeps them
as the criterion's `exceptions`, read by no check: the matcher leaves to a person what the checks
find against the patient (matching/conditional.py), and never reads the exception against them.
"""

from __future__ import annotations

import re

_OPENER = re.compile(
    r"\b(?:with\s+(?:the\s+)?following\s+exceptions?|(?:the\s+)?following\s+exceptions?\s*(?:apply\s*)?:"
    r"|(?:other\s+)?exceptions?\s+(?:include|includes|are|would\s+be)\b"
    r"|the\s+exception\s*(?:\([^()]*\)\s*)?(?:would\s+be|is)\b)", re.I)
_PERMITS = re.compile(r"(?<!\bnot\s)\b(?:are|is|will\s+be|shall\s+be|would\s+be)\s+(?:also\s+|still\s+)?eligible\b"
                      r"(?!\s+(?:for\s+but|to\b))", re.I)
_GOES_ON = re.compile(r"\s*(?:for\s+(?:the|this)\s+(?:study|trial)\s*)?,?\s*(?:provided|if|as\s+long\s+as|when)\b"
                      r"|[^.;]*\bfollowing\b", re.I)
_SENTENCE_END = re.compile(r"[.;](?=\s|$)")


def may_name(low: str) -> bool:
    """Whether exception_spans may find anything in a lower-cased text (plain substring tests)."""
    return "xception" in low or "eligible" in low


def exception_spans(s: str, section: str) -> list[tuple[int, int]]:
    """The spans of s that are exceptions (see the module), in order, none overlapping."""
    spans: list[tuple[int, int]] = []
    m = _OPENER.search(s)
    if m is not None:
        spans.append((m.start(), _close(s, m.start(), len(s))))
    if section == "exclusion":
        for p in _PERMITS.finditer(s, 0, spans[0][0] if spans else len(s)):
            start = _start(s, p.start())
            if spans and start < spans[-1][1]:
                continue
            if _GOES_ON.match(s, p.end()):
                end = len(s)
            else:
                e = _SENTENCE_END.search(s, p.end())
                end = e.end() if e else len(s)
            end = _close(s, start, end)
            spans.append((start, end))
            if end == len(s):
                break
        spans.sort()
    return spans


def _start(s: str, at: int) -> int:
    """Where the sentence (or the parenthesis left open) holding s[at] starts: after the last
    ".", ";" or ":" before a space, or "(" not closed before at, outside any parenthesis closed
    before at ("... on treatment (Refer to Exclusion Criteria 20 below), are eligible")."""
    closed = 0
    for i in range(at - 1, -1, -1):
        c = s[i]
        if c == ")":
            closed += 1
        elif c == "(":
            if closed == 0:
                return i + 1
            closed -= 1
        elif closed == 0 and c in ".;:" and (i + 1 == len(s) or s[i + 1].isspace()):
            return i + 1
    return 0


def _close(s: str, start: int, end: int) -> int:
    """end, or the closing parenthesis before it of one left open before start."""
    depth = s.count("(", 0, start) - s.count(")", 0, start)
    if depth <= 0:
        return end
    level = 0
    for i in range(start, end):
        if s[i] == "(":
            level += 1
        elif s[i] == ")":
            if level == 0:
                return i
            level -= 1
    return end
