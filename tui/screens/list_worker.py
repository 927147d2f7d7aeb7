"""The list's re-match runs on the app's own event loop, a few trials at a time.

It ran in a worker thread. Python runs one thread at a time, so that thread took turns with the
app's loop (the interpreter hands over every 5 ms, and a thread woken from another costs more on
this loaded machine); it started only once the screen typed in had painted the key. Now a pass
of `ListMatcher.steps`, driven here, starts as soon as that paint is done, with no thread to
start, and gives the loop a turn after every step (ListMatcher.STEP trials or SLICE_S, 2 ms): a
frame or a key that comes meanwhile waits at most one step. Only the first compiling of the
plans, seconds at 10,000 trials, is done in a thread (tui/screens/main.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")


async def stepped(steps: Generator[None, None, T]) -> T:
    """Drive `steps` to its end, giving the loop a turn after each step. Cancelled (a newer
    edit), it is dropped at a step: the matcher keeps nothing of an unfinished pass."""
    try:
        while True:
            try:
                next(steps)
            except StopIteration as done:
                value: T = done.value
                return value
            await asyncio.sleep(0)
    finally:
        steps.close()
