"""Keys act in the order they were typed, each where the screen was when it was typed.

Over SSH keys arrive in bursts, and Textual hands a key to the focused widget before the key
before it has finished: "34", Tab, "f" in one burst put "34f" in the first field, because the
Tab reached the form's binding (it bubbles up from the field) after the "f" was already handed
to the field. `KeyOrder` holds each key until the one before it has travelled its whole way:
through the widget it was handed to and each parent up to the app, and one turn of the app's
queue more for what the key's action queued there (a focus move). A burst then behaves like the
same keys typed slowly.

Terminals also send Esc as the byte that starts an escape sequence, so Esc and the key typed
right behind it, read together, come in as alt+key (Textual's reading): "Esc n" in one burst
typed "n" into the field instead of leaving it. trialview binds no alt key, so an alt+key is
taken as the two keys it was.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

# A key whose way could not be followed (its widget closed under it) frees the next after this.
STUCK_S = 0.5


def split_escape(event: events.Key) -> list[events.Key]:
    """The keys `event` stands for: Esc and the key behind it when the terminal merged them."""
    key = event.key
    if not key.startswith("alt+") or key == "alt+escape":
        return [event]
    rest = key[len("alt+"):]
    if rest.startswith("shift+") and len(rest) == len("shift+") + 1:
        rest = rest[-1].upper()         # alt+shift+n was "Esc N"
    return [events.Key("escape", "\x1b"), events.Key(rest, event.character)]


class KeyOrder:
    """Dispatches the app's keys one at a time (see the module's docstring)."""

    def __init__(self, app: App[Any], dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self._app = app
        self._dispatch = dispatch       # the app's own handling of one key
        self._pending: deque[events.Key] = deque()
        self._busy_since: float | None = None
        self._watching = False
        self._sent = 0                  # keys sent: a late follow-up of an unstuck key is ignored

    async def take(self, event: events.Key) -> None:
        for key in split_escape(event):
            if self._busy_since is not None and time.monotonic() - self._busy_since < STUCK_S:
                self._pending.append(key)
                self._watch()
            else:
                await self._send(key)

    async def _send(self, key: events.Key) -> None:
        app = self._app
        handed_to: DOMNode = app.focused or app.screen     # where a key no priority binding takes goes
        self._busy_since = time.monotonic()
        self._sent += 1
        await self._dispatch(key)
        self._follow(handed_to, self._sent)

    def _follow(self, node: DOMNode | None, sent: int) -> None:
        """Run once `node` has handled what it was handed, then its parents in turn: a key not
        taken bubbles up, and the app checks the bindings when it arrives there."""
        app = self._app
        while node is not None and node is not app:
            if node.call_later(self._follow, node.parent, sent):
                return
            node = node.parent          # closed: nothing more will run there
        app.call_later(self._app_turn, sent)

    def _app_turn(self, sent: int) -> None:
        self._app.call_later(self._next, sent)     # one more turn: what the key's action queued

    async def _next(self, sent: int | None = None) -> None:
        if sent is not None and sent != self._sent:
            return                      # this key was let go as stuck; a later one is on its way
        self._busy_since = None
        if self._pending:
            await self._send(self._pending.popleft())

    def _watch(self) -> None:
        if not self._watching:
            self._watching = True
            self._app.set_timer(STUCK_S, self._unstick)

    async def _unstick(self) -> None:
        self._watching = False
        if not self._pending:
            return
        if self._busy_since is not None and time.monotonic() - self._busy_since < STUCK_S:
            self._watch()
            return
        await self._next()
