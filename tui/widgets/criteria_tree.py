"""The criteria tree of one trial, lit by a match result.

Built once per trial; `show_result` only relabels nodes whose label changed, so a keystroke in
the panel never rebuilds the tree or moves the cursor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from trialview.model.matching.result import MatchResult
from trialview.tui.frames import relabel
from trialview.tui.labels import favour, node_label, plain, section_summary


NO_EXCLUSIONS = "Exclusion criteria: none listed in the trial record"


class CriteriaTreeView(Tree[CriterionNode]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "expand_all", "Expand all", show=False),
        Binding("c", "collapse_all", "Collapse all", show=False),
    ]

    def __init__(self, title: str, tree: CriteriaTree, result: MatchResult | None = None,
                 **kwargs: Any) -> None:
        super().__init__(Text(plain(title, 200), style="bold"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.criteria = tree
        # Lit from the start: the tree takes keys (n, N) as soon as it is focused, which can be
        # before its screen has finished mounting the rest (the patient form).
        self.result: MatchResult | None = result
        self.by_id: dict[str, TreeNode[CriterionNode]] = {}
        self.section_of: dict[str, str | None] = {}
        self._labels: dict[str, Text] = {}
        self._drawn_from: dict[str, object] = {}     # what each label was last built from
        self._pending: str | None = None
        for section in tree.sections:
            self._add(self.root, section, section.section or _guess_section(section))
        if not any((s.section or _guess_section(s)) == "exclusion" for s in tree.sections) \
                and not any(n.id == "inc-notext" for n in tree.walk()):
            # Said, so a clinician knows none was dropped; a line, not a criterion (no data: n,
            # m and the match pass it by).
            self.root.add_leaf(Text("  " + NO_EXCLUSIONS, style="dim italic"))
        self.root.expand()

    def _label(self, node: CriterionNode, section: str | None) -> Text:
        result = self.result
        label = node_label(node, section, result.statuses.get(node.id) if result else None,
                           result is not None and node.kind != "section" and _hand_below(node, result))
        if result is not None and node.kind == "section":
            counts: Counter[str] = Counter(result.statuses[c.id].status for c in node.children
                             if c.id in result.statuses)
            label.append(section_summary(counts, section), style="dim")
        return label

    def _add(self, parent: TreeNode[CriterionNode], node: CriterionNode, section: str | None) -> None:
        label = self._label(node, section)
        if node.children:
            branch = parent.add(label, data=node, expand=node.kind == "section")
            for child in node.children:
                self._add(branch, child, section)
        else:
            branch = parent.add_leaf(label, data=node)
        self.by_id[node.id] = branch
        self.section_of[node.id] = section
        self._labels[node.id] = label

    def show_result(self, result: MatchResult) -> None:
        """Relabel in place the nodes whose status or hand mark changed (a section: its
        children's statuses too), what a label is made of: building all ~40 labels to compare
        them was a quarter of the keystroke's own work (issue 13)."""
        self.result = result
        for node_id, tree_node in self.by_id.items():
            node = tree_node.data
            assert node is not None
            drawn_from = _drawn_from(node, result)
            if drawn_from == self._drawn_from.get(node_id):
                continue
            self._drawn_from[node_id] = drawn_from
            label = self._label(node, self.section_of[node_id])
            if label != self._labels.get(node_id):
                self._labels[node_id] = label
                # Its own line only, in the frame that echoes the keystroke (set_label would
                # repaint the node's whole branch, a turn later: tui/frames.py).
                relabel(self, tree_node, label)

    # --- navigation --------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """Whether n / N / select_id sent the cursor to a node it has not reached yet."""
        return self._pending is not None

    def selected(self) -> CriterionNode | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def select_id(self, node_id: str) -> None:
        tree_node = self.by_id.get(node_id)
        if tree_node is None:
            return
        parent = tree_node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        # The line index is known only after the expansion has been laid out; until then the
        # target counts as the selection, so quick repeated presses of n keep advancing.
        self._pending = node_id
        self.call_after_refresh(self._land, tree_node)

    def _land(self, tree_node: TreeNode[CriterionNode], tries: int = 20) -> None:
        # A node's line is known once the tree has laid out its lines, which it does lazily (on
        # idle or when drawn); `last_line` lays them out, so a press of n right after the screen
        # opened lands on the node rather than on line 0 (the section heading). A key read
        # before the screen was even laid out waits for the next refresh.
        if self._pending != (tree_node.data.id if tree_node.data else None):
            return          # another n or N came since: that one lands
        if self.last_line >= 0 and tree_node.line >= 0:
            self._pending = None
            self.move_cursor(tree_node)
        elif tries > 0:
            self.call_after_refresh(self._land, tree_node, tries - 1)
        else:
            self._pending = None

    def _wanted(self, node_id: str, effects: tuple[str, ...] = ("open", "manual", "bad")) -> bool:
        """Open or failing (or only `effects`): what a clinician has to look at next."""
        if self.result is None:
            return False
        status = self.result.statuses.get(node_id)
        node = self.by_id[node_id].data
        if status is None or node is None or node.kind != "criterion":
            return False
        return favour(self.section_of[node_id], status.status) in effects

    def step(self, direction: int, fill: Callable[[CriterionNode], bool] | None = None,
             against: bool = False) -> str | None:
        """Select the next (1) or previous (-1) open or failing criterion for which `fill` says
        there is something to type (any, without `fill`); with `against`, the next criterion
        against the patient. Its id, or None."""
        effects = ("bad",) if against else ("open", "manual", "bad")
        # Tree order is the order of insertion: sections, then depth-first.
        order = [n.id for n in self.criteria.walk()]
        ids = [i for i in order if i in self.by_id]
        selected = self.selected()
        current_id = self._pending or (selected.id if selected else None)
        count = len(ids)
        # Nothing selected yet (the trial just opened): n starts from the top, N from the bottom.
        start = ids.index(current_id) if current_id in ids else (-1 if direction > 0 else count)
        for step in range(1, count + 1):
            index = (start + direction * step) % count
            node = self.by_id[ids[index]].data
            if self._wanted(ids[index], effects) and node is not None and (fill is None or fill(node)):
                self.select_id(ids[index])
                return ids[index]
        return None

    def action_expand_all(self) -> None:
        self.root.expand_all()

    def action_collapse_all(self) -> None:
        for section in self.root.children:
            section.collapse_all()
            section.expand()


def _hand_below(node: CriterionNode, result: MatchResult) -> bool:
    """Whether a part under node (not node itself) was decided by hand."""
    if not node.children:
        return False
    statuses = result.statuses
    return any((got := statuses.get(d.id)) is not None and got.by_hand for d in node.walk() if d is not node)


def _drawn_from(node: CriterionNode, result: MatchResult) -> object:
    """What `node_label` and `section_summary` read of `result` for this node."""
    status = result.statuses.get(node.id)
    own = (status.status, status.by_hand) if status is not None else None
    if node.kind != "section":
        return (own, _hand_below(node, result)) if node.children else own
    return own, tuple(result.statuses[c.id].status for c in node.children if c.id in result.statuses)


def _guess_section(node: CriterionNode) -> str:
    return "exclusion" if "exc" in f"{node.id} {node.text}".lower() else "inclusion"
