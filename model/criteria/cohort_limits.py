"""A limit that a sentence widens for a cohort: "X subjects may be ..." is another way to meet it.

"Healthy obese male and female volunteers aged 18 to 55 years, inclusive. Heterozygous subjects
may be 18 to 65 years inclusive." and "Body Mass Index of 30-40 kg/m2, inclusive. Heterozygous
subjects may have a broader BMI range; to be eligible heterozygous subjects may have a BMI 27 -55
kg/ m2, inclusive." (Chia NCT02431442): the second sentence was left unread (the age) or read as
one more requirement beside the first (the BMI), and a woman of 62 with a BMI of 27.3 failed
both, though as a heterozygous subject she would meet them. Whether the patient is in the cohort
the panel does not say: the first limit, or the cohort (for a person) and its limit. A value
outside the first limit and inside the second is then open, outside both it fails, inside the
first it meets. The widened limit is read with the words that name the first ("aged 18 to 55
years": "aged" + "18 to 65 years") when its own sentence does not name the value.
"""

from __future__ import annotations

import re

from trialview.model.criteria.checks import extract
from trialview.model.criteria.tree import Check, CriterionNode, criterion, for_a_person

# "<cohort> subjects may be|have", at the start of a sentence (the cohort: up to four words)
_MAY = re.compile(r"\b(?:subjects|patients|participants|volunteers|individuals|carriers)\s+may\s+(?:be|have)\b", re.I)
_ELIGIBLE = re.compile(r"to\s+be\s+eligible,?\s+", re.I)
_SENTENCE_START = re.compile(r"[.;]\s")
_SENTENCE_END = re.compile(r";|\.(?=\s|$)")
_DIGIT = re.compile(r"\d")


def widen_for_cohorts(node: CriterionNode, text: str) -> None:
    """Read node's (an inclusion's) limits that a cohort sentence of text widens as "the first
    limit, or the cohort and its own" (see the module); node is left as it was when a part
    cannot be placed so."""
    found = _cohort_sentences(text)
    if not found:
        return
    start = found[0][0]
    last = _SENTENCE_END.search(text, found[-1][1])
    end = last.end() if last else len(text)
    work = node.model_copy(deep=True)
    placed: list[tuple[CriterionNode, Check]] = []
    _placed(work, placed)
    first = [(h, c) for h, c in placed if c.span and c.span[1] <= start]
    wider = [(h, c) for h, c in placed if c.span and start <= c.span[0] < end]
    names = {c.variable for _, c in first}
    widened = [c for _, c in wider if c.variable in names] or _read_wider(text, found, end, first)
    variables = {c.variable for c in widened}
    limits = [c for _, c in first if c.variable in variables]
    if not widened or not limits:
        return
    gone = {id(c) for c in limits} | {id(c) for _, c in wider}
    _prune(work, gone, text, start, end)
    if work.logic == "any" and (work.checks or work.children or work.unread):
        return      # (what else it offers is no requirement beside the limits: left as it was)
    group = criterion(f"{node.id}.{len(work.children) + 1}", "any", text[min(c.span[0] for c in limits if c.span):end]
                      .strip(" ;.") or text, node.section)
    group.logic = "any"
    a = min(c.span[0] for c in limits if c.span)
    b = max(c.span[1] for c in limits if c.span)
    narrow = criterion(f"{group.id}.1", "all", text[a:b].strip() or text, node.section)
    narrow.checks = limits
    cohort = criterion(f"{group.id}.2", "all", text[start:end].strip(" ;.") or text, node.section)
    cohort.checks = widened
    cohort.children = [for_a_person(f"{cohort.id}.1", found[0][2], node.section)]
    group.children = [narrow, cohort]
    work.children.append(group)
    work.logic = "all"
    node.checks, node.children, node.unread, node.logic = work.checks, work.children, work.unread, work.logic


def _cohort_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the cohort's words) of each "<cohort> subjects may be|have" that opens a
    sentence of text ("Heterozygous subjects may be", "to be eligible heterozygous subjects may
    have"): a few words before the people, none of another clause."""
    if " may be " not in text and " may have " not in text:
        return []       # (most texts: no regex run)
    out: list[tuple[int, int, str]] = []
    for m in _MAY.finditer(text):
        opens = [s.end() for s in _SENTENCE_START.finditer(text, 0, m.start())]
        start = opens[-1] if opens else 0
        eligible = _ELIGIBLE.match(text, start)
        head = text[eligible.end() if eligible else start:m.start()]
        if len(head.split()) > 4 or "," in head:
            continue
        people = m.group(0).split()[0]
        out.append((start, m.end(), f"{head}{people}".strip()))
    return out


def _read_wider(text: str, found: list[tuple[int, int, str]], end: int,
                first: list[tuple[CriterionNode, Check]]) -> list[Check]:
    """The widened limits read with the first limit's naming words, when the cohort's sentences
    name no value of their own ("Heterozygous subjects may be 18 to 65 years")."""
    out: list[Check] = []
    names = {c.variable for _, c in first}
    for _, after, _who in found:
        stop = _SENTENCE_END.search(text, after)
        tail_end = stop.start() if stop else end
        digit = _DIGIT.search(text, after, tail_end)
        if digit is None:
            continue
        for _, c in first:
            if c.span is None:
                continue
            head_digit = _DIGIT.search(text, c.span[0], c.span[1])
            head = text[c.span[0]:head_digit.start()] if head_digit else ""
            if not head.strip():
                continue
            read = extract(head + text[digit.start():tail_end], "inclusion").checks
            got = [r.check for r in read if r.check is not None and r.check.variable in names]
            if got:
                for check in got:
                    check.span = (digit.start(), tail_end)
                out.extend(got)
                break
    return out


def _placed(node: CriterionNode, out: list[tuple[CriterionNode, Check]]) -> None:
    """(holder, check) of node's checks and those of the all/any groups under it."""
    out.extend((node, c) for c in node.checks)
    for child in node.children:
        if child.kind in ("all", "any"):
            _placed(child, out)


def _prune(node: CriterionNode, gone: set[int], text: str, start: int, end: int) -> None:
    """Drop from node's structure the checks in `gone`, the clauses no check reads that lie in
    the cohort's sentences [start, end), and the groups left with nothing."""
    node.checks = [c for c in node.checks if id(c) not in gone]
    node.unread = [u for u in node.unread if not start <= text.find(u) < end]
    kept: list[CriterionNode] = []
    for child in node.children:
        if child.kind in ("all", "any"):
            _prune(child, gone, text, start, end)
            if child.checks or child.children or child.unread:
                kept.append(child)
        elif child.manual and not child.checks and not child.children and start <= text.find(child.text) < end:
            continue        # a clause of the cohort's sentences, for a person, read now
        else:
            kept.append(child)
    node.children = kept
