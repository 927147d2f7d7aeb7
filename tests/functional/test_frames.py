"""A keystroke's frame renders only what changed, and the terminal shows what it showed before
(tui/frames.py): the partial frames, applied to a model of the terminal cell by cell, leave the
same screen as a full render; each partial frame is byte for byte the one Textual's own
compositor draws from the same dirty regions (less cursor moves that write nothing); and the Textual internals tui/frames.py relies on
are still shaped as it reads them (pyproject.toml pins the Textual versions they were read on)."""

from __future__ import annotations

import inspect
import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input, Select, Tree
from textual.widgets.tree import TreeNode

from tests.functional.tui_helpers import app_for, fresh_store, open_on_field, settle, sync
from trialview.tui.frames import SparseCompositor, cover, uncovered
from trialview.tui.widgets.criteria_tree import CriteriaTreeView

Cell = tuple[str, Style | None]


def _cells_of(segments: Any, rows: list[list[Cell]], x: int = 0, y: int = 0) -> None:
    """Write segments into `rows` as a terminal would: moves where they say, text cell by cell."""
    for segment in segments:
        if segment.control:
            for code in segment.control:
                if code[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = code[1], code[2]
            continue
        if segment.text == "\n":
            continue
        style = segment.style.clear_meta_and_links() if segment.style else None
        for char in segment.text:
            width = cell_len(char)
            if 0 <= y < len(rows) and 0 <= x < len(rows[y]):
                rows[y][x] = (char, style)
                for pad in range(1, width):
                    if x + pad < len(rows[y]):
                        rows[y][x + pad] = ("", style)
            x += width


def _whole(screen: Screen[Any]) -> list[list[Cell]]:
    width, height = screen.size
    rows: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]
    for y, strip in enumerate(screen._compositor.render_strips()):
        _cells_of(list(strip), rows, 0, y)
    return rows


class Terminal:
    """The screen a terminal shows: every frame the app writes, applied in order."""

    def __init__(self, app: Any, size: tuple[int, int]) -> None:
        self.app = app
        width, height = size
        self.rows: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]
        self.partial = 0
        display = app._display

        def written(screen: Screen[Any], update: Any) -> None:
            display(screen, update)
            if update is None or app._batch_count or screen is not app.screen:
                return          # what Textual's _display does not write either
            if isinstance(update, LayoutUpdate):
                for y, line in enumerate(update.strips, update.region.y):
                    _cells_of([seg for strip in line for seg in strip], self.rows, update.region.x, y)
            else:
                assert isinstance(update, ChopsUpdate), type(update)
                self.partial += 1
                _cells_of(list(update.__rich_console__(app.console, app.console.options)), self.rows)

        app._display = written

    def text(self, rows: list[list[Cell]] | None = None) -> str:
        return "\n".join("".join(c for c, _ in row) for row in (rows or self.rows))


async def _painted(pilot: Any) -> Screen[Any]:
    await settle(pilot)
    screen: Screen[Any] = pilot.app.screen
    for _ in range(50):
        if not screen._compositor._dirty_regions and not screen._dirty_widgets:
            break
        await pilot.pause(0.02)
    return screen


# A cursor move followed by another move (or a line's end) or by nothing: it writes nothing. Textual writes one for
# a chop that starts where a dirty span ends (ChopsUpdate skips `x > x2`, not `x >= x2`); where
# no widget in front paints that chop, SparseCompositor has not rendered its widget, and it has
# none to write.
_IDLE_MOVE = re.compile(r"\x1b\[\d+;\d+H(?=\n*(?:\x1b\[\d+;\d+H|$))")


def _written(frame: str) -> str:
    """A frame's bytes without the cursor moves that write nothing."""
    return _IDLE_MOVE.sub("", frame)


def _compare_with_textual(record: dict[str, list[int]]) -> Any:
    """SparseCompositor.render_partial_update, checked against Textual's own on the same dirty
    regions (byte for byte), counting the widgets each renders."""
    ours = SparseCompositor.render_partial_update

    def both(self: SparseCompositor) -> ChopsUpdate | None:
        regions = set(self._dirty_regions)
        rendered = [0]
        get_renders = self._get_renders

        def counted(crop: Any = None) -> Any:
            for render in get_renders(crop):
                rendered[0] += 1
                yield render

        self._get_renders = counted  # type: ignore[method-assign]  # counts the widgets rendered
        try:
            theirs = Compositor.render_partial_update(self)
            textual_count, rendered[0] = rendered[0], 0
            self._dirty_regions.update(regions)
            update = ours(self)
        finally:
            del self._get_renders
        if update is not None and theirs is not None:
            console = Console(width=self.size.width, color_system="truecolor", force_terminal=True)
            assert _written(update.render_segments(console)) == _written(theirs.render_segments(console))
            record.setdefault("textual", []).append(textual_count)
            record.setdefault("ours", []).append(rendered[0])
            record.setdefault("visible", []).append(len(self.visible_widgets))
        else:
            assert update is None and theirs is None
        return update

    return both


def _labels(tree: CriteriaTreeView) -> dict[str, str]:
    return {node_id: node.label.plain for node_id, node in tree.by_id.items()}


@sync
async def test_typing_under_the_tree_at_120x40_draws_the_screen_a_full_render_draws(sample_store_template,
                                                                                    tmp_path, monkeypatch):
    # At 120 columns the patient form sits beside the tree: a keystroke in the hemoglobin field
    # changes the header (top line), the criterion's line and its section's count in the tree,
    # the detail pane, the field, and the form's copy of the field on the right.
    record: dict[str, list[int]] = {}
    monkeypatch.setattr(SparseCompositor, "render_partial_update", _compare_with_textual(record))
    lines_drawn = [0]
    render_line = CriteriaTreeView.render_line

    def counted_line(self: CriteriaTreeView, y: int) -> Any:
        lines_drawn[0] += 1
        return render_line(self, y)

    monkeypatch.setattr(CriteriaTreeView, "render_line", counted_line)
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        terminal = Terminal(app, (120, 40))
        screen, field = await open_on_field(pilot, "hemoglobin")
        assert screen.form() is not None and screen.form().display, "the form beside the tree"
        tree = screen.tree_view()
        await _painted(pilot)
        relabelled = 0
        for key in ("7", "5", "backspace", "9", "0", "backspace", "backspace"):
            record.clear()
            lines_drawn[0] = 0
            labels = _labels(tree)
            await pilot.press(key)
            painted = await _painted(pilot)
            changed = [i for i, text in _labels(tree).items() if text != labels[i]]
            assert terminal.text() == terminal.text(_whole(painted)), key
            assert terminal.rows == _whole(painted), f"styles differ after {key!r}"
            assert record.get("ours"), f"no partial frame after {key!r}"
            # Only the widgets under what changed were rendered, not the ~230 of the screen.
            assert max(record["ours"]) * 4 < min(record["visible"]), record
            # A relabelled criterion repaints its own line (and its section's), not the branch.
            assert lines_drawn[0] <= len(changed), (key, changed, lines_drawn[0])
            relabelled += len(changed)
        assert field.value == "7"
        assert relabelled >= 2      # 75 g/L: the criterion and its section turned against


@sync
async def test_typing_and_moving_at_80x24_draws_the_screen_a_full_render_draws(sample_store_template,
                                                                               tmp_path, monkeypatch):
    record: dict[str, list[int]] = {}
    monkeypatch.setattr(SparseCompositor, "render_partial_update", _compare_with_textual(record))
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        terminal = Terminal(app, (80, 24))
        await _painted(pilot)
        for key in ("down", "down", "up"):          # the list
            await pilot.press(key)
            assert terminal.rows == _whole(await _painted(pilot)), key
        screen, _field = await open_on_field(pilot, "hemoglobin")
        for key in ("8", "5", "backspace", "escape", "down", "down"):   # the field, then the tree
            await pilot.press(key)
            assert terminal.rows == _whole(await _painted(pilot)), key
        # The F2 form (it replaces the tree here), its readers pane docked over the last rows.
        await pilot.press("f2")
        await _painted(pilot)
        form_field = screen.query_one("#trial-form #input-hemoglobin", Input)
        screen.query_one("#trial-form #unit-hemoglobin", Select).value = "g/dL"
        form_field.value = ""
        form_field.focus()
        await _painted(pilot)
        arranged: list[bool] = []
        arrange = Compositor._arrange_root

        def counted_arrange(self: Compositor, root: Any, size: Any, visible_only: bool = True) -> Any:
            if self is screen._compositor:      # the trial screen's (not the list's, below it)
                arranged.append(visible_only)
            return arrange(self, root, size, visible_only)

        monkeypatch.setattr(Compositor, "_arrange_root", counted_arrange)
        for key in ("1", "2", "backspace"):         # 1 g/dL, 12 g/dL, 1 g/dL: no line comes or goes
            await pilot.press(key)
            assert terminal.rows == _whole(await _painted(pilot)), key
        assert form_field.value == "1"
        # The tree, detail pane and fields it hides, updated at each key, no longer make the
        # whole screen be laid out again (Textual's full map), nor does the readers pane: that
        # was one or more a key. (Under load one may still come, rarely, from a lookup of a
        # hidden widget's size after something else invalidated the map: at most one.)
        assert arranged.count(False) <= 1, arranged
        assert record.get("ours") and terminal.partial


def test_the_textual_internals_tui_frames_relies_on_are_still_shaped_as_it_reads_them():
    # The compositor: a screen makes its own in __init__; a partial update renders through
    # _render_chops, which asks _get_renders(crop) for each widget's lines.
    assert "self._compositor = Compositor()" in inspect.getsource(Screen.__init__)
    partial = inspect.getsource(Compositor.render_partial_update)
    assert "self._dirty_regions" in partial and "self._render_chops(" in partial
    assert "self._get_renders(crop)" in inspect.getsource(Compositor._render_chops)
    assert list(inspect.signature(Compositor._get_renders).parameters) == ["self", "crop"]
    assert "visible_widgets" in inspect.getsource(Compositor._get_renders)
    # update_widgets: dirty widgets not on screen invalidate the full map; their regions come
    # from the visible ones only.
    update = inspect.getsource(Compositor.update_widgets)
    assert "self._full_map_invalidated = True" in update and "self.visible_widgets.keys() & widgets" in update
    # The tree: set_label is "count an update, keep the processed label, repaint the branch",
    # and a line's cache key holds the update counts of the nodes on its path.
    set_label = inspect.getsource(TreeNode.set_label)
    assert "self._updates += 1" in set_label and "self._label = " in set_label
    assert "process_label(" in set_label and "_refresh_node" in set_label
    assert "node._updates for node in line.path" in inspect.getsource(Tree._render_line)


def test_a_widget_whose_line_stops_short_leaves_the_rest_to_the_widgets_behind_it():
    # Textual's _render_chops takes a chop from the front-most widget whose strip reaches the
    # chop's end (Strip.divide drops the cuts past a strip's length); the cells a short strip
    # does not reach stay to paint for the widgets behind it.
    line_cuts = [[0, 4, 8, 10]]
    rows = {0: [(0, 10)]}
    cover(Region(0, 0, 10, 1), [Strip.blank(6)], rows, line_cuts)
    assert rows == {0: [(4, 10)]}          # painted up to the cut at 4 only
    cover(Region(4, 0, 6, 1), [Strip.blank(6)], rows, line_cuts)
    assert rows == {0: []}
    rows = {0: [(2, 9)]}
    cover(Region(0, 0, 10, 1), [], rows, line_cuts)       # no strip: no line painted
    assert rows == {0: [(2, 9)]}
    assert uncovered(Region(0, 0, 3, 1), rows) and not uncovered(Region(9, 0, 1, 1), rows)
