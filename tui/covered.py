"""A screen under an opaque one paints nothing: it does not make the screen on top repaint.

Textual (8.2) counts the screen right under the top one as visible whatever the top one is
(`App._background_screens` stops at the first opaque screen *below*, not at an opaque top), so
the list under an open trial is "current" to it. Once anything of the list was marked dirty, its
refresh asks the top screen to repaint the whole terminal and marks the list dirty again
(`Screen._compositor_refresh`); and a covered screen runs that refresh whenever its message queue
empties. The list handles a message or two on every keystroke typed in a trial's fields (its
matching worker's, the callback that starts it), so each keystroke cost one or two full frames of
the trial screen on top of the one that shows the key: 2 of 3 frames drawn, and the list's
re-match waited behind them (tests/perf/tui_timeline.py shows it: issue 13).

`Covered` stops that loop where nothing of the screen can show (the screen on top is opaque): its
dirty regions are dropped, not forwarded. Textual repaints a screen in full when it is shown
again (`Screen._on_screen_resume`), and under a translucent screen (a modal prompt) nothing
changes. Everything else a covered screen does goes on as before (its layout, a resize, its
callbacks).
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.screen import Screen

from trialview.tui.frames import SparseFrames

R = TypeVar("R")


def hidden_under_top(screen: Screen[Any]) -> bool:
    """Whether `screen` is below the top screen and the top screen hides everything under it."""
    app = screen.app
    top = app.screen
    return top is not screen and top.styles.background.a == 1


class Covered(SparseFrames[R]):
    """A screen that, under an opaque screen, no longer repaints the screen on top (see above)."""

    def _compositor_refresh(self) -> None:
        if hidden_under_top(self):
            # Nothing of it shows: what changed is painted when it is shown again (a full repaint).
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            self._repaint_required = False
            return
        super()._compositor_refresh()
