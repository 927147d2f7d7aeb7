"""Textual internals bent so that a keystroke's frame renders what changed, not the screen.

A keystroke in a criterion's field dirties the header (top line), the criterion's tree lines,
the detail pane, the field and, at 120x40, the form's copy of the field on the right. Two things
made that frame cost ~18 ms of CPU at 120x40 (issue 13; tests/perf/tui_timeline.py, "frame"),
a third ~6 ms of each frame in the F2 form at 80x24 (see `SparseCompositor.update_widgets`):

1. The bounding box. Textual (8.2) draws a partial frame from the bounding box of all the
   screen's dirty regions: `Compositor.render_partial_update` takes `Region.from_union` of them,
   and `_render_chops` asks every widget overlapping that box for its lines (`Widget.
   render_lines`, ~0.25 ms a widget for its style bookkeeping even when its lines are cached),
   although only the dirty lines' spans are written to the terminal. Here the box was the whole
   screen: 226 of its 231 widgets. `SparseCompositor` renders, in a partial frame, only the
   widgets that show a dirty cell: going front to back (Textual's order), a widget is rendered
   if it covers a dirty cell that no widget in front of it has painted (the rows of the F2 form
   behind its docked readers pane are not). Everything else (the cuts, the chops, which spans
   are written) is Textual's. The frame written is the same: each chop it writes lies in a
   dirty span and is taken from the front-most widget that has it, which is rendered, in the
   same order.
2. A relabelled tree node repaints its whole branch. `TreeNode.set_label` refreshes the node
   and every line below it (`Tree._refresh_node`, on the tree's next turn), and every one of
   those lines misses the tree's line cache (its key holds the `_updates` of each node on the
   line's path). The section's heading counts its criteria, so each keystroke that flips a
   criterion re-rendered the whole section, 16 lines. A label is drawn on its own line only:
   `relabel` sets it as `set_label` does and repaints that line alone.

tests/functional/test_frames.py checks the frames against Textual's own path and against a full
render on real screens, and fails if the internals used here change shape (pyproject.toml pins
the Textual versions they were read on). `SparseFrames` is the screen base that installs the
compositor (the list, the trial screen, the form).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import TypeVar

from rich.text import Text
from textual._compositor import ChopsUpdate, Compositor
from textual.dom import DOMNode
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

R = TypeVar("R")
T = TypeVar("T")

Rows = dict[int, list[tuple[int, int]]]   # line -> dirty spans (x, end) on it


def dirty_rows(regions: Iterable[Region]) -> Rows:
    rows: Rows = {}
    for x, y, width, height in regions:
        for line in range(y, y + height):
            rows.setdefault(line, []).append((x, x + width))
    return rows


def uncovered(visible: Region, rows: Rows) -> bool:
    """Whether `visible` holds a dirty cell that no widget in front of it has painted yet."""
    x, y, width, height = visible
    right = x + width
    get = rows.get
    for line in range(y, y + height):
        for start, end in get(line, ()):
            if start < right and x < end:
                return True
    return False


def cover(visible: Region, strips: list[Strip], rows: Rows, cuts: list[list[int]]) -> None:
    """Take out of `rows` the cells a widget's `strips` paint. `_render_chops` takes each chop
    (the cells between two cuts) from the front-most widget that has it, and a widget has the
    chops its line's strip reaches to the end of (`Strip.divide` drops the cuts past its
    length): the chops it leaves are taken from the widgets behind, as in Textual."""
    x, y, width, height = visible
    right = x + width
    # As _render_chops pairs them: a widget with fewer strips than lines paints fewer lines.
    for line, strip in zip(range(y, y + height), strips, strict=False):
        spans = rows.get(line)
        if not spans:
            continue
        line_cuts = cuts[line]
        reach = min(right, x + strip.cell_length)
        painted = line_cuts[bisect_right(line_cuts, reach) - 1] if reach > x else x
        if painted <= x:
            continue
        left: list[tuple[int, int]] = []
        for start, end in spans:
            if start < painted and x < end:
                if start < x:
                    left.append((start, x))
                if painted < end:
                    left.append((painted, end))
            else:
                left.append((start, end))
        rows[line] = left


def displayed(widget: Widget, top: Widget | None = None) -> bool:
    """Whether neither the widget nor a widget it is in (below `top`, if given) is `display: none`."""
    node: DOMNode | None = widget
    while isinstance(node, Widget) and node is not top:
        if not node.display:
            return False
        node = node.parent
    return True


class SparseCompositor(Compositor):
    """Textual's compositor; a partial frame renders only the widgets that show a dirty cell."""

    _rows: Rows | None = None     # set for the duration of one partial update

    def render_partial_update(self) -> ChopsUpdate | None:
        self._rows = dirty_rows(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._rows = None

    def update_widgets(self, widgets: set[Widget]) -> None:
        # Textual lays out every widget of the screen again (its "full map", on the next lookup
        # of a widget's region) whenever a widget marked dirty is not on screen, to catch new
        # ones; a widget under `display: none` is in no map, so it changes nothing there. At 80x24
        # the F2 form hides the tree, the detail pane and the criterion's fields, each updated at
        # every keystroke: ~6 ms of each frame went to laying out the form's 226 widgets again.
        super().update_widgets({widget for widget in widgets if displayed(widget)})

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        rows = self._rows
        if rows is None:            # a full frame, a screenshot: Textual's own
            yield from super()._get_renders(crop)
            return
        cuts = self.cuts
        for widget, (region, clip) in self.visible_widgets.items():      # front to back
            visible = region.intersection(clip)
            if visible.area and uncovered(visible, rows):
                # The widget's visible part, in its own coordinates, as Textual asks for it.
                strips = widget.render_lines(visible.translate(-region.offset))
                cover(visible, strips, rows, cuts)
                yield region, clip, strips


class SparseFrames(Screen[R]):
    """A screen whose partial frames render only the widgets under what changed (see above)."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._compositor = SparseCompositor()


def relabel(tree: Tree[T], node: TreeNode[T], label: Text) -> None:
    """`node.set_label(label)`, repainting only the node's own line, now (see above): in the
    frame that echoes the keystroke that changed it."""
    node._label = tree.process_label(label)
    node._updates += 1          # the line cache's key for the node's own line
    # A hidden tree (the F2 form replaces it at 80x24) is painted whole when shown again; asking
    # its size meanwhile can make Textual lay out the whole screen to find it.
    if node.line >= 0 and displayed(tree):
        tree.refresh(Region(0, node.line - tree.scroll_offset.y, tree.size.width, 1))
