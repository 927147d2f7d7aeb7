"""A criteria tree in the compact form the matcher needs: no text, no spans, plain JSON lists.

The store keeps one per trial in its index, so that starting the app and matching a panel
against every trial read a few hundred bytes a trial instead of the full tree (the full tree is
read when a trial is opened or printed). Built from the tree at import, never edited.

A node and a check are named tuples: JSON writes them as plain lists (the index's format).
`kind` is a KIND code, `section` 0 inclusion / 1 exclusion, `logic` 0 all / 1 any, `manual`
0/1, `exceptions` the node's "except ..." clauses joined with "; " ("" when none), `unread` how
many clauses of its text no check reads (each a part only a person can judge), `condition` when
the criterion applies (its text, for the reason "does not apply: ...", and its own compact node),
`text_key` a fingerprint of the node's text, so that a hand decision made on other text is
noticed without the text itself. The note of a check is kept (the therapy matcher reads extra
drug classes from it).

The store's index keeps each trial's compact tree as one JSON text (StoredPlan): reading the
index then makes one string per trial instead of tens of thousands of small lists, and each plan
is parsed only when it is compiled, then dropped (10,000 trials: tests/perf/bench.py).
COMPACT_VERSION changes whenever this shape does: the store rebuilds index rows of another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode, Op
from trialview.model.text import text_key

KINDS = ("section", "all", "any", "criterion")
KIND = {name: code for code, name in enumerate(KINDS)}
SECTIONS = ("inclusion", "exclusion")
LOGICS = ("all", "any")
COMPACT_VERSION = 4


class CompactCheck(NamedTuple):
    variable: str
    op: Op
    value: Any
    unit: str | None
    inferred: int
    window_days: float | None
    negated: int
    note: str | None
    months: int | None


class CompactNode(NamedTuple):
    id: str
    kind: int
    section: int
    logic: int
    manual: int
    checks: list[CompactCheck]
    children: list[CompactNode]
    exceptions: str
    unread: int
    condition: CompactCondition | None
    text_key: int


class CompactCondition(NamedTuple):
    text: str
    node: CompactNode


# A compact node as the store's JSON gives it back: a list in CompactNode's order.
StoredNode = Sequence[Any]
# A trial's compact tree as the index keeps it: its JSON text (plan_text), or already parsed.
StoredPlan = str | Sequence[StoredNode]


def section_of(node: CriterionNode) -> str:
    """A top node's section: as the parser recorded it, else guessed from its id and text."""
    if node.section:
        return node.section
    head = f"{node.id} {node.text}".lower()
    return "exclusion" if "exc" in head else "inclusion"


def compact_check(check: Check) -> CompactCheck:
    return CompactCheck(check.variable, check.op, check.value, check.unit, int(check.inferred),
                        check.window_days, int(bool(check.negated)), check.note, check.months)


def check_of(compact: StoredNode) -> Check:
    """The Check a compact check was made from (without its span): no validation."""
    c = CompactCheck(*compact)
    return Check.model_construct(variable=c.variable, op=c.op, value=c.value, unit=c.unit,
                                 inferred=bool(c.inferred), window_days=c.window_days,
                                 negated=bool(c.negated) or None, span=None, note=c.note, months=c.months)


def _compact_node(node: CriterionNode, section: int) -> CompactNode:
    condition = None
    if node.condition is not None:
        condition = CompactCondition(node.condition.text, _compact_node(node.condition, section))
    return CompactNode(node.id, KIND[node.kind], section, 1 if node.logic == "any" else 0, int(node.manual),
                       [compact_check(c) for c in node.checks],
                       [_compact_node(c, section) for c in node.children], "; ".join(node.exceptions),
                       len(node.unread), condition, text_key(node.text))


def compact_tree(tree: CriteriaTree) -> list[CompactNode]:
    """The tree's sections in compact form."""
    return [_compact_node(s, SECTIONS.index(section_of(s))) for s in tree.sections]


def from_stored(raw: StoredNode) -> CompactNode:
    """A stored compact node (JSON lists) as named tuples all the way down."""
    node = CompactNode(*raw)
    condition = None
    if node.condition is not None:
        text, cond = node.condition
        condition = CompactCondition(text, from_stored(cond))
    return node._replace(checks=[CompactCheck(*c) for c in node.checks],
                         children=[from_stored(c) for c in node.children], condition=condition)


def plan_text(tree: CriteriaTree) -> str:
    """The compact tree as the JSON text the store's index keeps."""
    return json.dumps(compact_tree(tree), ensure_ascii=False, separators=(",", ":"))


def read_plan(stored: StoredPlan) -> Sequence[StoredNode]:
    return json.loads(stored) if isinstance(stored, str) else stored


def walk(nodes: Sequence[StoredNode]) -> Iterator[StoredNode]:
    """Every node, conditions included."""
    for node in nodes:
        yield node
        yield from walk(node[_CHILDREN])
        condition = node[_CONDITION]
        if condition is not None:
            yield from walk((condition[1],))


_CHILDREN, _CHECKS, _CONDITION = (CompactNode._fields.index(f) for f in ("children", "checks", "condition"))

# Derived variables and what panel.md derives them from: a change in any input changes them.
DERIVED_FROM = {"crcl": ("age", "weight", "sex", "creatinine"), "bmi": ("weight", "height")}

# States only a woman can be in. A careful screener writes "does not apply: male" beside
# "pregnant or breastfeeding" rather than asking a man: when the panel does not give one of them
# and its sex is male, it reads "no (male)" (matching/checks.py). So a check on one reads sex too.
# Not childbearing potential: the vocabulary reads "fertile" as it, and "Participants with
# fertility agree to take effective contraceptive measures" asks a man too.
FEMALE_STATES = ("pregnant", "lactating")


def answered_by_sex(values: Mapping[str, Any]) -> tuple[str, ...]:
    """The FEMALE_STATES a panel's values answer by its sex alone: both for a man, none else
    (the matcher reads "no (male)", ask next and the form's walk do not ask him)."""
    sex = values.get("sex")
    return FEMALE_STATES if sex is not None and sex.canonical == "male" else ()


def female_by_state(values: Mapping[str, Any]) -> str | None:
    """The FEMALE_STATES a panel with no sex says yes to (its first): she is a woman."""
    for state in FEMALE_STATES:
        reading = values.get(state)
        if reading is not None and reading.canonical is True:
            return state
    return None


# Every value a check on a variable reads besides itself: a change in any of them can change it.
# (a pregnant patient with childbearing potential not given has it: audit 15)
ALSO_READS: dict[str, tuple[str, ...]] = {**DERIVED_FROM, **dict.fromkeys(FEMALE_STATES, ("sex",)), "sex": FEMALE_STATES,
                                          "childbearing_potential": ("pregnant",)}


def variables_read(nodes: Sequence[StoredNode]) -> tuple[str, ...]:
    """Every variable the checks read, derived variables' inputs included, in reading order."""
    seen: dict[str, None] = {}
    for node in walk(nodes):
        for variable, *_ in node[_CHECKS]:
            seen[variable] = None
            for source in ALSO_READS.get(variable, ()):
                seen[source] = None
    return tuple(seen)
