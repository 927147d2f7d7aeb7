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

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select

COMPACT = "-textual-compact"    # the class Textual's own `compact` reactive toggles


class CompactInput(Input):
    """An Input in Textual's compact style (no border)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # the Textual widget's own options
        super().__init__(*args, **kwargs)
        self.add_class(COMPACT, update=False)
        self.set_reactive(Input.compact, True)

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size (the text's width + 1) on every keystroke, and that
        # reactive asks for a layout of the whole screen (profiled: one of the three layout
        # passes per key on the trial screen). A one-line input of fixed width only scrolls
        # within it: store the size without the layout; the repaint follows as usual.
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)


class CompactSelect(Select[Any]):
    """A Select in Textual's compact style (no border)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # the Textual widget's own options
        super().__init__(*args, **kwargs)
        self.add_class(COMPACT, update=False)
        self.set_reactive(Select.compact, True)


class CompactCheckbox(Checkbox):
    """A Checkbox in Textual's compact style (no border)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # the Textual widget's own options
        super().__init__(*args, **kwargs)
        self.add_class(COMPACT, update=False)
        self.set_reactive(Checkbox.compact, True)
