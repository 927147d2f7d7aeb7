"""The and/or shape of one criterion's checks, from the words between them, hung on its node.

A criterion's checks are read in text order (checks.py); here they are cut into segments at
";" (an exclusion also at ". " before a capital), each segment joined by the words between its
checks ("with" binds first, then "or", then "and"; ", or" splits first), and the shape hung on
the criterion's node as checks and all/any groups (parse.py calls `shape`, then `attach`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Literal, TypeAlias

from trialview.model.criteria.checks import Raw, list_any
from trialview.model.criteria.lexicon import PATHOGEN
from trialview.model.criteria.tree import Check, CriterionNode, SectionName, assign, criterion, for_a_person

# (an "or" of a comparator's words, "greater than or equal to", "18 years or older", joins nothing)
_OR_RX = re.compile(r"\bor\b(?!\s+(?:equal|more|less|older|younger|greater|higher|lower|above|below|over|under)\b)"
                    r"|and\s*/\s*or", re.I)
_AND_RX = re.compile(r"\band\b|(?<!treatment )(?<!treated )(?<!therapy )\bwith\b|[.;]", re.I)
_SEMI_RX = re.compile(r";")
_COMMA_CONJ_RX = re.compile(r",\s*(?:or|and|and\s*/\s*or)\b", re.I)
_WITH_RX = re.compile(r"(?<!treatment )(?<!treated )(?<!therapy )\bwith\b", re.I)
# "and" opening another group of people in an exclusion ("... and young children aged < 18")
_OTHER_PEOPLE = re.compile(r"\band\s+(?:(?:young|older|elderly|all|any)\s+)?(?:children|infants|minors|adolescents|"
                           r"neonates|newborns|men|women|males|females|patients|subjects|persons|individuals|those|"
                           r"people|participants)\b", re.I)
_PLAIN_AND_RX = re.compile(r"\band\b|[.;]", re.I)
_STOP_RX = re.compile(r"[.;]")
_SENTENCE_RX = re.compile(r";|\.\s+(?=[A-Z])|,\s*(?=(?i:positive|detectable)\b)")
# Infection markers (lexicon.PATHOGEN): "A and B" of two different infections in an exclusion are
# two ways to be excluded ("CMV DNA and EBV DNA exceeding the upper limits"); of one infection they
# confirm each other ("hepatitis C antibody and detectable HCV RNA").
# "Pregnant and breastfeeding women", "Pregnancy and lactation" in an exclusion: either excludes
# (read as both, a pregnant woman who is not breastfeeding was cleared)
_PREGNANT_OR_NURSING = {"pregnant", "lactating"}
# "any active infection including tuberculosis and HIV": a kind of what the check before names,
# one more way to meet it, not one more thing required with it (an active pneumonia, with no
# tuberculosis and no HIV, cleared the patient; Chia NCT01631058 "any active infection including
# HBV, HCV and HIV")
_INCLUDING_RX = re.compile(r"\b(?:including|such\s+as|e\.?\s?g\.?|for\s+example)\W", re.I)
# (not a group of people: "HBsAg positive, including patients with HBV DNA < 2000 IU/mL" narrows)
_PEOPLE_RX = re.compile(r"\b(?:patients|subjects|participants|individuals|those|persons|people|women|men)\b", re.I)
_TAIL_OR = re.compile(r"\s*,\s*(?:or|and\s*/\s*or)\s", re.I)
_POLARITY_BEFORE = re.compile(r"(?:positive|negative|detectable|undetectable)\s+$", re.I)


def shape(raws: list[Raw], work: str, text: str, section: SectionName) -> Raw | Expr:
    """The and/or shape of raws (in text order; `work`: the text they were read from)."""
    if len(raws) == 1 and 0 <= raws[0].core[0] <= len(text):
        return raws[0]      # (most criteria read one check: no segments to cut, nothing to join)
    # Segments: "A; B; C" -- in an exclusion each is a way to be excluded (any), in an inclusion
    # each is one more requirement (all); "any of the following" makes them alternatives anywhere.
    # (the engine skips to the marks a match starts with by itself: a regex that opens with a
    # class of characters is searched for as quickly as str.find, quicker than trying it at each
    # mark found by patterns.finditer_at_words)
    cuts = [m.start() for m in (_SENTENCE_RX if section == "exclusion" else _SEMI_RX).finditer(work)]
    segments: list[list[Raw]] = []
    bounds = [0, *cuts, len(text) + 1]
    i = 0           # raws are in text order: one walk along them and the cuts (linear time)
    for a, b in pairwise(bounds):
        seg = []
        while i < len(raws) and raws[i].core[0] < b:
            if raws[i].core[0] >= a:
                seg.append(raws[i])
            i += 1
        if seg:
            segments.append(seg)
    exprs = [_expr(seg, work, section) for seg in segments]
    if len(exprs) == 1:
        return exprs[0]
    # (the lead-in's words asked only where there are segments to join)
    return ("any" if section == "exclusion" or list_any(work) else "all", exprs)


Expr: TypeAlias = "tuple[Literal['all', 'any'], Sequence[Raw | Expr]]"


def _names_a_kind(prev: Raw, cur: Raw, between: str) -> bool:
    """Whether cur names a kind of what prev names ("infection including tuberculosis"): both a
    state or therapy the patient has (not "nephritis including proteinuria > 0.5 g/day", which
    may say what it requires), and no group of people between them."""
    low = between.lower()
    return ("includ" in low or "such" in low or "e.g" in low or "eg" in low or "example" in low) \
        and _INCLUDING_RX.search(between) is not None and _PEOPLE_RX.search(between) is None \
        and _a_kind(prev) and _a_kind(cur)


def _a_kind(raw: Raw) -> bool:
    """Whether raw's check names a state or therapy the patient has (a kind of a class named
    before it may be one), not a value's limit."""
    c = raw.check
    return c is not None and not c.negated and (
        (c.op == "==" and c.value in (True, "positive")) or (c.op == "within" and c.unit == "days"))


def _expr(seg: list[Raw], work: str, section: SectionName) -> Raw | Expr:
    if len(seg) == 1:
        return seg[0]
    joins: list[str] = []
    loose: list[bool] = []      # ", or" / ", and": the comma puts the join above the others
    withs: list[bool] = []      # "HBcAb positive with detectable HBV DNA": "with" binds first
    ranges: list[bool] = []     # "aged 18-45": the two ends of one range (_one_range)
    groups: list[bool] = []     # "Pregnant women and young children": two groups of people
    for prev, cur in pairwise(seg):
        pspan = prev.check.span if prev.check is not None else None
        tail = pspan[1] if pspan and pspan[1] <= cur.core[0] else prev.core[1]
        between = work[tail: cur.core[0]] if cur.core[0] > tail else ""
        groups.append(section == "exclusion" and "and" in between and _OTHER_PEOPLE.search(between) is not None)
        loose.append(bool(_COMMA_CONJ_RX.search(between)) and not cur.join)
        ranges.append(_one_range(prev, cur))
        withs.append(cur.join == "with" or (bool(_WITH_RX.search(between)) and not _OR_RX.search(between)
                                            and "," not in between and not _PLAIN_AND_RX.search(between)
                                            and not cur.join))
        if ranges[-1]:
            joins.append("and")     # both ends of one range hold together, in an exclusion too
        elif cur.join:
            # (a forced "with": an "and" that binds first, kinds.py)
            joins.append("and" if cur.join == "with" else cur.join)
        elif _STOP_RX.search(between):
            joins.append("and")
        elif _OR_RX.search(between) or _names_a_kind(prev, cur, between):
            joins.append("or")
        elif _AND_RX.search(between):
            joins.append("and")
        else:
            joins.append(",")
    # a bare comma takes the next explicit conjunction ("A, B or C"), or the "or" that opens a
    # last item no check reads ("pregnant, lactating, or planning to become pregnant", Chia
    # NCT01742117: read as "pregnant and ..."); failing that, the section's
    last = seg[-1]
    closing = "or" if _TAIL_OR.match(work, last.check.span[1] if last.check and last.check.span else last.core[1]) else None
    later: list[str | None] = [None] * len(joins)      # the first conjunction after each join
    if joins:
        later[-1] = closing
    for i in range(len(joins) - 2, -1, -1):
        # (a range's own "and" is no conjunction of the text: a comma looks past it)
        later[i] = joins[i + 1] if joins[i + 1] != "," and not ranges[i + 1] else later[i + 1]
    resolved: list[str] = []
    for i, j in enumerate(joins):
        if j == ",":
            j = later[i] or ("or" if section == "exclusion" else "and")
        prev, cur = seg[len(resolved)], seg[len(resolved) + 1]
        if j == "and" and section == "exclusion" and prev.check is not None and cur.check is not None:
            a, b = PATHOGEN.get(prev.check.variable), PATHOGEN.get(cur.check.variable)
            if (a and b and a != b) or (
                    {prev.check.variable, cur.check.variable} == _PREGNANT_OR_NURSING
                    and prev.check.value is True and cur.check.value is True):
                j = "or"
        if j == "and" and groups[i] and not cur.join:
            # "Pregnant women and young children aged <18 years" (audit 15): two groups, each
            # excluded (read as both, a pregnant woman of 30 was taken)
            j = "or"
        if j == "and" and prev.check is not None and cur.check is not None and _apart(prev.check, cur.check):
            # "Patients < 18 years of age and > 70 years of age" (audit 14): no age is both; the
            # text lists two ways (read as both, the exclusion excluded no one)
            j = "or"
        if j == "or" and prev.check is not None and cur.check is not None and (
                (prev.check.negated and cur.check.negated) or (prev.check.value is False and cur.check.value is False)
                or _dose_of(prev.check.variable, cur.check.variable) or _dose_of(cur.check.variable, prev.check.variable)):
            # "no X or Y within 7 days", "not pregnant or breastfeeding": neither; "corticosteroids
            # (> 10 mg/day prednisone or equivalent) within 14 days": the dose qualifies the use
            j = "and"
        resolved.append(j)
    withs = [w and j == "and" for w, j in zip(withs, resolved, strict=True)]
    if "or" in resolved:
        # "malignancy or aged 40-70": the range binds before the "or" (where all is "and", it
        # needs no group of its own)
        withs = [w or r for w, r in zip(withs, ranges, strict=True)]
    for k, (prev, cur) in enumerate(pairwise(seg)):
        if resolved[k] == "and" and _denied_adjectives(prev, cur, work):
            withs[k] = True     # "non-pregnant, non-lactating females": one noun's, they bind first
    free = [is_loose for is_loose, r in zip(loose, seg[1:], strict=True) if not r.join]     # forced joins stay inside
    if any(free) and not all(free):
        # "HBsAg positive, or HBcAb positive with detectable HBV DNA": split at ", or" first
        subs: list[Raw | Expr] = []
        top: list[str] = []
        start = 0
        for k, is_loose in enumerate(loose):
            if is_loose:
                subs.append(_group(seg[start:k + 1], resolved[start:k], withs[start:k]))
                top.append(resolved[k])
                start = k + 1
        subs.append(_group(seg[start:], resolved[start:], withs[start:]))
        return _group(subs, top, [False] * len(top))
    return _group(seg, resolved, withs)


def _one_range(prev: Raw, cur: Raw) -> bool:
    """Whether prev and cur are the two ends of one range ("aged 18-45", "SLEDAI-2K between 6 and
    12", "18 to 45 years"): one variable, a floor and a ceiling, the second read inside the first's
    words. A range holds when both ends do; joined as alternatives (an exclusion's default for
    checks side by side), every value would meet one end and the exclusion would exclude everyone."""
    p, c = prev.check, cur.check
    if p is None or c is None or p.variable != c.variable or p.span is None or c.span is None:
        return False
    ends = {p.op[:1], c.op[:1]}
    return ends == {">", "<"} and c.span[0] < p.span[1]


def _apart(p: Check, c: Check) -> bool:
    """Whether p and c are a floor and a ceiling of one variable that no value meets together
    ("< 18 years and > 70 years")."""
    pv, cv = p.value, c.value
    if p.variable != c.variable or p.negated or c.negated or p.window_days is not None or c.window_days is not None \
            or isinstance(pv, bool) or isinstance(cv, bool) \
            or not isinstance(pv, (int, float)) or not isinstance(cv, (int, float)):
        return False
    if p.op in (">", ">=") and c.op in ("<", "<="):
        (low, low_op), (high, high_op) = (pv, p.op), (cv, c.op)
    elif c.op in (">", ">=") and p.op in ("<", "<="):
        (low, low_op), (high, high_op) = (cv, c.op), (pv, p.op)
    else:
        return False
    both = low < high or (low == high and low_op == ">=" and high_op == "<=")
    return not both


# a dose variable and what it is the dose of: its own drug and that drug's class ("prednisone
# > 20 mg/day or methylprednisolone pulse" names another drug: an alternative)
_DOSE_OF = {"prednisone_dose": frozenset({"prednisone", "glucocorticoid"})}


_NON_STATE = re.compile(r"\s*,?\s*(?:and\s+)?non[- ]?$", re.I)


def _denied_adjectives(prev: Raw, cur: Raw, work: str) -> bool:
    """Whether prev and cur are denied states written as adjectives of one noun, next to each
    other ("non-pregnant, non-lactating"): a comma between them, "non-" before the second."""
    p, c = prev.check, cur.check
    if p is None or c is None or p.value is not False or c.value is not False or cur.join:
        return False
    b, a = (p.span or prev.core)[1], (c.span or cur.core)[0]
    return 0 <= a - b <= 12 and bool(_NON_STATE.match(work[b:a]))


def _dose_of(dose: str, therapy: str) -> bool:
    """Whether `dose` is the dose of the therapy (a drug or class id) `therapy`."""
    return therapy in _DOSE_OF.get(dose, ())


def _group(items: Sequence[Raw | Expr], joins: list[str], withs: list[bool]) -> Raw | Expr:
    """items joined by joins: "with" binds first, then "or", then "and" ("ALT or AST <= 2.5 x
    ULN and bilirubin <= 1.5 x ULN" is (ALT or AST) and bilirubin)."""
    units: list[list[Raw | Expr]] = [[items[0]]]
    unit_joins: list[str] = []
    for j, w, it in zip(joins, withs, items[1:], strict=True):
        if w:
            units[-1].append(it)
        else:
            units.append([it])
            unit_joins.append(j)
    parts0: list[Raw | Expr] = [u[0] if len(u) == 1 else ("all", u) for u in units]
    groups: list[list[Raw | Expr]] = [[parts0[0]]]
    for j, p in zip(unit_joins, parts0[1:], strict=True):
        if j == "or":
            groups[-1].append(p)
        else:
            groups.append([p])
    parts: list[Raw | Expr] = [g[0] if len(g) == 1 else ("any", g) for g in groups]
    return parts[0] if len(parts) == 1 else ("all", parts)


def attach(node: CriterionNode, expr: Raw | Expr, full: str) -> None:
    """Hang expr on node; `full` is the text the spans index (node texts below are slices of it)."""
    if isinstance(expr, Raw):
        if expr.check is None:
            node.children.append(_manual_child(node, expr))
        else:
            node.checks.append(expr.check)
        return
    kind, items = expr
    assign(node, "logic", kind)
    for it in items:
        if isinstance(it, Raw):
            if it.check is None:
                node.children.append(_manual_child(node, it))
            else:
                node.checks.append(it.check)
        else:
            child = criterion(f"{node.id}.{len(node.children) + 1}", it[0], _group_text(full, it), node.section)
            attach(child, it, full)
            node.children.append(child)


def _manual_child(node: CriterionNode, raw: Raw) -> CriterionNode:
    return for_a_person(f"{node.id}.{len(node.children) + 1}", raw.manual or "", node.section)


def _group_text(text: str, expr: Expr) -> str:
    spans = list(_flat(expr))
    if not spans:
        return text
    a, b = min(s[0] for s in spans), max(s[1] for s in spans)
    pol = _POLARITY_BEFORE.search(text, max(0, a - 14), a)
    if pol and pol.end() == a:
        a = pol.start()     # "positive HBsAg or positive HBcAb", not "HBsAg or positive HBcAb"
    elif text.endswith(("non-", "Non-", "non ", "Non "), max(0, a - 4), a):
        a -= 4              # "non-pregnant, non-lactating", not "pregnant, non-lactating"
    return text[a:b].strip() or text


def _flat(expr: Raw | Expr) -> Iterator[tuple[int, int]]:
    if isinstance(expr, Raw):
        span = expr.check.span if expr.check is not None else expr.core
        if span:
            yield span
    else:
        for it in expr[1]:
            yield from _flat(it)


def dedupe(raws: list[Raw]) -> list[Raw]:
    if len(raws) < 2:
        return list(raws)
    seen: set[tuple[object, ...]] = set()
    out: list[Raw] = []
    for r in raws:
        c = r.check
        if c is None:
            out.append(r)
            continue
        key = (c.variable, c.op, repr(c.value), c.window_days, c.negated)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out
