"""A criteria tree in the compact form the matcher needs: no text, no spans, plain JSON lists.

The store keeps one per trial in its index, so that starting the app and matching a panel
against every trial read a few hundred bytes a trial instead of the full tree (the full tree is
read when a trial is opened or printed). Built from the tree at import, never edited.

    node  = [id, kind, section, logic, manual, checks, children, exceptions]
    check = [variable, op, value, unit, inferred, window_days, negated, note]

The note of a check is kept (the therapy matcher reads extra drug classes from it).
`kind` is a KIND code, `section` 0 inclusion / 1 exclusion, `logic` 0 all / 1 any, `manual`
0/1, `exceptions` the node's "except ..." clauses joined with "; " ("" when none).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode

KINDS = ("section", "all", "any", "criterion")
KIND = {name: code for code, name in enumerate(KINDS)}
SECTIONS = ("inclusion", "exclusion")
LOGICS = ("all", "any")

# positions in a compact node / check
N_ID, N_KIND, N_SECTION, N_LOGIC, N_MANUAL, N_CHECKS, N_CHILDREN, N_EXCEPTIONS = range(8)
C_VARIABLE, C_OP, C_VALUE, C_UNIT, C_INFERRED, C_WINDOW, C_NEGATED, C_NOTE = range(8)

CompactNode = list[Any]


def section_of(node: CriterionNode) -> str:
    """A top node's section: as the parser recorded it, else guessed from its id and text."""
    if node.section:
        return node.section
    head = f"{node.id} {node.text}".lower()
    return "exclusion" if "exc" in head else "inclusion"


def compact_check(check: Check) -> list[Any]:
    return [check.variable, check.op, check.value, check.unit, int(check.inferred), check.window_days,
            int(bool(check.negated)), check.note]


def check_of(compact: list[Any]) -> Check:
    """The Check a compact check was made from (without its span): no validation."""
    return Check.model_construct(variable=compact[C_VARIABLE], op=compact[C_OP], value=compact[C_VALUE],
                                 unit=compact[C_UNIT], inferred=bool(compact[C_INFERRED]),
                                 window_days=compact[C_WINDOW], negated=bool(compact[C_NEGATED]) or None,
                                 span=None, note=compact[C_NOTE])


def _compact_node(node: CriterionNode, section: int) -> CompactNode:
    return [node.id, KIND[node.kind], section, 1 if node.logic == "any" else 0, int(node.manual),
            [compact_check(c) for c in node.checks], [_compact_node(c, section) for c in node.children],
            "; ".join(node.exceptions)]


def compact_tree(tree: CriteriaTree) -> list[CompactNode]:
    """The tree's sections in compact form."""
    return [_compact_node(s, SECTIONS.index(section_of(s))) for s in tree.sections]


def walk(nodes: list[CompactNode]) -> Iterator[CompactNode]:
    for node in nodes:
        yield node
        yield from walk(node[N_CHILDREN])


# Derived variables and what panel.md derives them from: a change in any input changes them.
DERIVED_FROM = {"crcl": ("age", "weight", "sex", "creatinine"), "bmi": ("weight", "height")}


def variables_read(nodes: list[CompactNode]) -> tuple[str, ...]:
    """Every variable the checks read, derived variables' inputs included, in reading order."""
    seen: dict[str, None] = {}
    for node in walk(nodes):
        for check in node[N_CHECKS]:
            var = check[C_VARIABLE]
            seen[var] = None
            for source in DERIVED_FROM.get(var, ()):
                seen[source] = None
    return tuple(seen)
