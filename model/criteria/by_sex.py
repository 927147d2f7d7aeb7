"""Limits given per sex: "Serum creatinine >1.5 mg/dL in male, >1.4 mg/dL in female" (Chia
NCT01717911 exc-4), "Hemoglobin (Hb) < 115 g/L (7.1 mM) in women and < 120 g/L (7.5 mM) in men"
(NCT03338855 exc-13).

The checks read the first limit alone, as if it held for everyone: a woman with a creatinine of
1.45 mg/dL was "not excluded" (1.45 <= 1.5), though the limit for women is 1.4. Each limit is read
here as a part of its own, for the sex it names (a condition, conditions.py's kind), with the
name of what it limits taken from the first: an exclusion holds when the patient's own limit is
passed, an inclusion asks the patient's own limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from trialview.model.criteria.clauses import masked
from trialview.model.criteria.coverage import cover
from trialview.model.criteria.patterns import lower_of
from trialview.model.criteria.tree import CriterionNode, SectionName, check, criterion

Span = tuple[int, int]

_LIMIT = (r"(?:(?:[<>≤≥]=?|=<|=>|(?:less|more|greater|lower|higher)\s+than(?:\s+or\s+equal\s+to)?|below|above)\s*"
          # (or a range: "BMI 18-30 kg/m2 for women and 18-32 kg/m2 for men")
          r"|\d+(?:[.,]\d+)?\s*(?:-|–|~|to)\s*)"
          r"\d+(?:[.,]\d+)?(?:\s*[^\s\d,;()][^\s,;()]*)?")
# a limit with no sex named, before a bracket that gives the other sex's ("BMI 18 ~ 30 kg/m2
# (18 ~ 32 kg/m2 for men)"): the women's
_PLAIN_LIMIT = re.compile(_LIMIT + r"\s*$", re.I)
_SEX_LIMIT = re.compile(
    r"(?P<limit>" + _LIMIT + r"(?:\s*\([^()]*\))?)\s*,?\s+"
    r"(?P<sex>(?:in|for)\s+(?:men|males?|women|females?)\b|\((?:men|males?|women|females?)\))", re.I)
_FEMALE = re.compile(r"wom|fem", re.I)
_IN_FOR = re.compile(r"^(?:in|for)\s+", re.I)
_OPEN_HEAD = re.compile(r"(?:\(|:|\bdefined\s+as|\bi\.?e\.?,?)\s*$", re.I)


def _open_bracket(text: str, end: int) -> int:
    """The position of the last "(" before end that is not closed before it, or -1."""
    depth = 0
    for i in range(end - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                return i
            depth -= 1
    return -1


def sex_limits(text: str) -> tuple[Span, list[tuple[Span, Span, str]]] | None:
    """(the name's span, [(part's span, the sex words' span, "female" | "male")]) of a text that
    gives one quantity limits for each sex, or None (read_by_sex tests its words first)."""
    found = list(_SEX_LIMIT.finditer(text))
    if len(found) == 1:
        return _limit_and_bracket(text, found[0])
    if len(found) < 2:
        return None
    sexes = ["female" if _FEMALE.search(m.group("sex")) else "male" for m in found]
    if set(sexes) != {"female", "male"} or len(found) != 2:
        return None
    first = found[0]
    # the name the limits are of: what stands before the first limit, back to an opening bracket
    # or the start of its clause
    head_start = max(_open_bracket(text, first.start()), text.rfind(";", 0, first.start()),
                     text.rfind(". ", 0, first.start())) + 1
    name = (head_start, first.start("limit"))
    if not text[name[0]:name[1]].strip():
        return None
    parts = [((name[0], first.end()), first.span("sex"), sexes[0]),
             ((found[1].start(), found[1].end()), found[1].span("sex"), sexes[1])]
    between = text[first.end():found[1].start()]
    if between.strip(" ,") not in ("", "or", "and", "and/or"):
        return None
    return name, parts


def _limit_and_bracket(text: str, m: re.Match[str]) -> tuple[Span, list[tuple[Span, Span, str]]] | None:
    """sex_limits of "<name> <limit> (<limit> for <sex>)": the plain limit the other sex's (its
    sex words' span empty), or None."""
    bracket = _open_bracket(text, m.start())
    closes = text[m.end("sex") - 1] == ")" or text[m.end("sex"):].lstrip().startswith(")")
    if bracket < 0 or not closes or text[bracket + 1:m.start()].strip():
        return None     # (not a bracket that holds the other sex's limit alone)
    plain = _PLAIN_LIMIT.search(text, 0, bracket)
    if plain is None:
        return None
    head_start = max(text.rfind(";", 0, plain.start()), text.rfind(". ", 0, plain.start())) + 1
    name = (head_start, plain.start())
    if not text[name[0]:name[1]].strip():
        return None
    sex = "female" if _FEMALE.search(m.group("sex")) else "male"
    other = "male" if sex == "female" else "female"
    return name, [((head_start, plain.end()), (plain.end(), plain.end()), other),
                  ((m.start(), m.end("sex")), m.span("sex"), sex)]


# a limit with one sex's words closing the text: "Serum creatinine >1.4 mg/dL in female" (Chia)
_ANY_LIMIT = re.compile(_LIMIT, re.I)
_ONE_SEX_END = re.compile(r"(?P<limit>" + _LIMIT + r"(?:\s*\([^()]*\))?)\s*,?\s+(?P<sex>(?:in|for)\s+(?:men|males?|women|females?))\s*[.;,]?\s*$",
                          re.I)


def _one_sex(node: CriterionNode, text: str, section: SectionName,
             fill: Callable[[CriterionNode, str, SectionName], None]) -> bool:
    """Fill node from a text whose one limit is one sex's ("Serum creatinine >1.4 mg/dL in
    female"): the limit with that sex as its condition (a man: "does not apply"); False (node
    untouched) when text is no such text."""
    m = _ONE_SEX_END.search(text)
    if m is None or len(_SEX_LIMIT.findall(text)) != 1 or "(" in text[m.start("sex"):] \
            or len(_ANY_LIMIT.findall(text, 0, m.start("limit"))) > 0:
        # (only a text whose one limit is that sex's: "ALT > 3 x ULN, or creatinine > 1.4 mg/dL
        # in women" keeps the ALT for men too, audit 14 review)
        return False
    sex = "female" if _FEMALE.search(m.group("sex")) else "male"
    words = _IN_FOR.sub("", m.group("sex"))
    cond = criterion(f"{node.id}.if", "criterion", words, section)
    cond.checks = [check("sex", "==", sex, (0, len(words)))]
    body = criterion(node.id, "criterion", node.text, section)
    fill(body, masked(text, [(m.start("sex"), len(text))]), section)
    if not body.checks or len({c.variable for c in body.checks}) > 1:
        return False        # (a limit no check reads, or more than one thing read: as the parser reads it)
    node.checks, node.children, node.unread, node.logic = body.checks, body.children, body.unread, body.logic
    node.manual, node.exceptions = body.manual, body.exceptions
    node.condition = cond
    return True


def read_by_sex(node: CriterionNode, text: str, section: SectionName,
                fill: Callable[[CriterionNode, str, SectionName], None], settle: Callable[[CriterionNode], None]) -> bool:
    """Fill node from a text of limits per sex (sex_limits), one child a limit with the
    condition of its sex; False (node untouched) when text is no such text. `fill` and `settle`:
    the parser's readers of a node's text (parse.py)."""
    # (_SEX_LIMIT matches twice only where a sex is named after "in", "for" or "(" for each
    # sex: plain substring tests first, written out here, as every criterion passes here)
    low = lower_of(text)
    both = ("wom" in low or "fem" in low) and (
        ("in wom" in low or "for wom" in low or "in fem" in low or "for fem" in low or "(wom" in low
         or "(fem" in low) and (" in men" in low or " for men" in low or " in male" in low or " for male" in low
                                or "(men" in low or "(male" in low))
    # (or one sex's limit in a bracket after the other's: "... (18 ~ 32 kg/m2 for men)")
    if not both and not ("men)" in low or "male)" in low or "males)" in low):
        if low.rstrip(" .;,").endswith(("men", "male", "males")):        # (women, females too)
            return _one_sex(node, text, section, fill)
        return False
    got = sex_limits(text)
    if got is None:
        return False
    (a, b), parts = got
    name = " ".join(text[a:b].split())
    children = []
    for k, ((x, y), (sx, sy), sex) in enumerate(parts, 1):
        words = text[x:y] if k == 1 else f"{name} {text[x:y]}"
        # (the sex words at the end of the part, blanked for the body's reading)
        cut = len(words) - (y - sx)
        child = criterion(f"{node.id}.{k}", "criterion", " ".join(words.split()), section)
        sex_words = _IN_FOR.sub("", text[sx:sy].strip("() ")) or ("women" if sex == "female" else "men")
        cond = criterion(f"{child.id}.if", "criterion", sex_words, section)
        cond.checks = [check("sex", "==", sex, (0, len(sex_words)))]
        child.condition = cond
        fill(child, masked(words, [(cut, len(words))]), section)
        settle(child)
        if not child.checks and not child.children:
            return False        # a limit no check reads: left as the parser reads it
        children.append(child)
    # what the text says besides its limits: a head the limits define ("Impaired renal function
    # (...)", "Anemia defined as ...") is read with them; anything else is unread
    head = (0, a) if _OPEN_HEAD.search(text[:a]) else (a, a)
    rest = masked(text, [head, (a, parts[0][0][1]), parts[1][0]])
    node.children = children
    node.logic = "any" if section == "exclusion" else "all"
    node.unread = cover(rest, [], []).unread()
    return True
