"""The app as its screens, widgets and commands see it.

Textual types `self.app` as a plain `App`; trialview's screens also read the store, the patient
draft and the app's own actions. `app_of(self)` is `self.app` typed as `TrialviewApp`, so mypy
checks every such use against the real class (no `self.app.<attr>` guesses). Every screen and
widget of trialview runs inside `TrialviewApp` (`make_app`), which is what makes the cast true.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:   # for the type only: the app imports the screens, so not at run time
    from textual.app import App

    from trialview.tui.app import TrialviewApp


class _InApp(Protocol):
    """A widget, a screen or a command provider: anything Textual gives an `app`."""

    @property
    def app(self) -> App[Any]: ...


def app_of(node: _InApp) -> TrialviewApp:
    """`node.app`, typed as the trialview app it runs in."""
    return cast("TrialviewApp", node.app)
