"""An exception that belongs to one value among several: "ALT and AST <= 2.5 x ULN, total bilirubin
< 2.0 mg/dL (Gilbert syndrome subjects total bilirubin < 3.0 mg/dL)".

The matcher leaves a criterion whose checks find against the patient to a person when its text
names exceptions, but only where the checks read one thing: beside several, a high ALT is no
Gilbert syndrome. Which value an exception speaks for is what its own words read (a bilirubin
limit, "skin cancer"); the checks of that value are moved into a sub-criterion that carries the
exception, so that the exception holds that value open, and only that one, and a blocker found by
another value does not name it.
"""

from __future__ import annotations

import re

from trialview.model.criteria.checks import extract
from trialview.model.criteria.tree import Check, CriterionNode, assign, criterion

# what an exception names that no check of its words reads
_NAMED = ((re.compile(r"\bgilbert", re.I), "total_bilirubin"),)
# the word that opens an exception (read by itself, it would mask the rest again)
_OPENING = re.compile(r"^\W*(?:except(?:\s+for)?|other\s+than|but\s+excluding|excluding|unless|apart\s+from)\b",
                      re.I)


def owners(exceptions: list[str]) -> set[str]:
    """The variables the words of the exceptions read."""
    out: set[str] = set()
    for words in exceptions:
        out.update(r.check.variable for r in extract(_OPENING.sub("", words), "inclusion").checks if r.check is not None)
        out.update(var for rx, var in _NAMED if rx.search(words))
    return out


def hold_exceptions(node: CriterionNode) -> None:
    """Move node's exceptions onto the checks of the value they belong to (see the module), when
    node reads several values and its exceptions speak for some of them only."""
    placed: list[tuple[CriterionNode, Check]] = []
    _placed(node, placed)
    variables = {c.variable for _, c in placed}
    if len(variables) < 2:
        return
    mine = owners(node.exceptions) & variables
    if not mine or mine == variables:
        return
    for holder, check in placed:
        if check.variable not in mine:
            continue
        holder.checks = [c for c in holder.checks if c is not check]
        a, b = check.span or (0, len(node.text))
        child = criterion(f"{holder.id}.{len(holder.children) + 1}", "criterion",
                          node.text[a:b].strip() or node.text, node.section)
        assign(child, "checks", [check])
        assign(child, "exceptions", list(node.exceptions))
        holder.children.append(child)
    assign(node, "exceptions", [])


def _placed(node: CriterionNode, out: list[tuple[CriterionNode, Check]]) -> None:
    """(holder, check) of node's checks and those of the all/any groups under it."""
    out.extend((node, c) for c in node.checks)
    for child in node.children:
        if child.kind in ("all", "any"):
            _placed(child, out)
