"""Keys act in the order they were typed, each where the screen was when it was typed.

Over SSH keys arrive in bursts, and Textual hands a key to the focused widget before the key
before it has finished: "34", Tab, "f" in one burst put "34f" in the first field, because the
Tab reached the form's binding (it bubbles up from the field) after the "f" was already handed
to the field. `KeyOrder` holds each key until the one before it has travelled its whole way:
through the widget it was handed to and each parent up to the app, and one turn of the app's
queue more for what the key's action queued there (a focus move). A burst then behaves like the
same keys typed slowly.

However long that takes: a key is never let go because the one before is slow. It was, after
half a second, and on a loaded machine (six test runs on two cores) a key's way took longer than
that at every key: the keys behind a Tab went to the field it was leaving again. A key's way
ends only when it has been followed to the app, or when a widget on it stopped running before
it got there (closed with the key's follow-up unread): looked at every CHECK_S, not timed.

Terminals also send Esc as the byte that starts an escape sequence, so Esc and the key typed
right behind it, read together, come in as alt+key (Textual's reading): "Esc n" in one burst
typed "n" into the field instead of leaving it. trialview binds no alt key, so an alt+key is
taken as the two keys it was.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

# How often a key still on its way is looked at: is the widget holding its follow-up still
# running? (Only a closed widget lets the next key go; a slow one is waited for.)
CHECK_S = 0.5


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
        self._busy = False              # a key is on its way
        self._holder: DOMNode | None = None     # where its follow-up waits in the queue
        self._watching = False
        self._sent = 0                  # keys sent: a late follow-up of a let-go key is ignored
        self._settled: list[asyncio.Future[None]] = []

    @property
    def settled(self) -> bool:
        """No key on its way and none waiting: every key taken has acted."""
        return not self._busy and not self._pending

    async def until_settled(self) -> None:
        """Return once every key taken so far has acted (what a test waits for after a burst:
        on a loaded machine the app's queues can be empty while keys still wait here)."""
        while not self.settled:
            self._watch()
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._settled.append(waiter)
            await waiter

    async def take(self, event: events.Key) -> None:
        for key in split_escape(event):
            if self._busy or self._pending:
                self._pending.append(key)       # behind the keys typed before it, however long
                self._watch()
            else:
                await self._send(key)

    async def _send(self, key: events.Key) -> None:
        app = self._app
        handed_to: DOMNode = app.focused or app.screen     # where a key no priority binding takes goes
        self._busy = True
        self._holder = None
        self._sent += 1
        sent = self._sent
        await self._dispatch(key)
        self._follow(handed_to, sent)

    def _follow(self, node: DOMNode | None, sent: int) -> None:
        """Run once `node` has handled what it was handed, then its parents in turn: a key not
        taken bubbles up, and the app checks the bindings when it arrives there."""
        app = self._app
        while node is not None and node is not app:
            if node.call_later(self._reached, node, sent):
                self._holder = node
                return
            node = node.parent          # closed: nothing more will run there
        self._holder = app
        app.call_later(self._app_turn, sent)

    def _reached(self, node: DOMNode, sent: int) -> None:
        if sent == self._sent and self._holder is node:    # else let go already (see _check)
            self._follow(node.parent, sent)

    def _app_turn(self, sent: int) -> None:
        self._app.call_later(self._next, sent)     # one more turn: what the key's action queued

    async def _next(self, sent: int | None = None) -> None:
        if sent is not None and sent != self._sent:
            return                      # this key was let go; a later one is on its way
        self._busy, self._holder = False, None
        if self._pending:
            await self._send(self._pending.popleft())
            return
        waiters, self._settled = self._settled, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def _watch(self) -> None:
        if not self._watching:
            self._watching = True
            self._app.set_timer(CHECK_S, self._check)

    async def _check(self) -> None:
        """A key still on its way: let the next go only if the widget holding its follow-up
        stopped running (its follow-up will never run); a running one is only slow."""
        self._watching = False
        holder = self._holder
        if self._busy and holder is not None and holder is not self._app and not holder.is_running:
            self._follow(holder.parent, self._sent)     # on up its way, from where it stopped
        if self._busy and (self._pending or self._settled):
            self._watch()
