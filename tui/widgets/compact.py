"""Compact form widgets that cost what they should.

`Input(compact=True)` sets its `compact` reactive in the constructor; the reactive toggles a CSS
class, and Textual answers a class change by matching the whole stylesheet against the widget
at once, mounted or not (App.update_styles). In a patient form of forty fields that was most of
the time a trial took to open (about 8 ms an Input, measured with pyinstrument). These set the
same class and the same reactive value without that pass: the widget is styled once, when it is
mounted, like any other.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.style import Style as VisualStyle
from textual.geometry import Size
from textual.widget import Widget
from textual import events
from textual.widgets import Checkbox, Footer, Input, Select

COMPACT = "-textual-compact"    # the class Textual's own `compact` reactive toggles
MARK = "▸"                      # the form's cursor mark, readable without colour


class CompactInput(Input):
    """An Input in Textual's compact style (no border).

    `marked`: while it has the cursor and is empty, its placeholder starts with "▸", the form's
    cursor mark (a row's label carries it for the row's main field). For the boxes of a row with
    no label of their own (a lab's ULN, a therapy's name, dates): newcomers reading the screen as
    text typed a ULN and a drug's dates without knowing which box had the cursor."""

    def __init__(self, *args: Any, marked: bool = False, **kwargs: Any) -> None:  # the Textual widget's own options
        super().__init__(*args, **kwargs)
        self.add_class(COMPACT, update=False)
        self.set_reactive(Input.compact, True)
        self._marked = marked
        self._start_checks = 0

    def on_focus(self) -> None:
        if self._marked and not self.placeholder.startswith(MARK):
            self.placeholder = MARK + self.placeholder

    def on_blur(self) -> None:
        if self._marked:
            self.placeholder = self.placeholder.removeprefix(MARK)
        # Left, a value longer than its box shows its start, not the end where the cursor was:
        # at 60x20 a newcomer read "lophosphamide" and "xychloroquine" in the drug column.
        # After the refresh: a completed name's scroll to its end is itself queued for then, and
        # on a busy machine it may come a refresh later still (a Pilot test saw it under load):
        # looked at again after each of the next refreshes.
        self._start_checks = 3
        self.call_after_refresh(self._show_start)

    def _show_start(self) -> None:
        if self.has_focus:
            return
        if self.scroll_x:
            self.scroll_to(x=0, animate=False, immediate=True)
        self._start_checks -= 1
        if self._start_checks > 0:
            self.call_after_refresh(self._show_start)

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size (the text's width + 1) on every keystroke, and that
        # reactive asks for a layout of the whole screen (profiled: one of the three layout
        # passes per key on the trial screen). A one-line input of fixed width only scrolls
        # within it: store the size without the layout; the repaint follows as usual.
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)


class CompactSelect(Select[Any]):
    """A Select in Textual's compact style (no border).

    `in_tab_order=False` (the unit of a field): Tab and the arrows pass it by, a click still
    opens it. A unit is typed after the number ("7.6 g/dL") and a value that fits another unit
    offers it on Enter; a stop on every unit cost a Tab per field and caught Down."""

    def __init__(self, *args: Any, in_tab_order: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)   # the Textual widget's own options
        self.add_class(COMPACT, update=False)
        self.set_reactive(Select.compact, True)
        if not in_tab_order:
            self.can_focus = False


_REVERSED = VisualStyle(reverse=True, bold=True)


class CompactCheckbox(Checkbox):
    """A Checkbox in Textual's compact style (no border), its state readable without colour:
    "[✓]" ticked, "[ ]" not (Textual draws the same "X" both ways, only its colour changes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # the Textual widget's own options
        super().__init__(*args, **kwargs)
        self.add_class(COMPACT, update=False)
        self.set_reactive(Checkbox.compact, True)

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        if self.has_focus:
            # the box reversed: a cursor mark without colour (nc28 saw none over SSH)
            style = style + _REVERSED
        return Content.assemble("[", ("✓" if self.value else " ", style), "]")


class KeyFooter(Footer):
    """The keys at the foot of a screen. Narrower than 80 columns (60x20) the command palette's
    key, listed in the help, gives its place to the screen's own keys: Help and Quit were cut."""

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= 80
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.call_later(self.recompose)
