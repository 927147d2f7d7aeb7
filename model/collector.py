"""One pause of Python's cyclic garbage collector, shared by the parser and the matcher.

Both make tens of thousands of small acyclic objects at once (matches, checks and nodes while a
long text is read; compiled plans and results while a list is matched). Reference counting frees
them; the collector walking them again and again cost a third to a half of a matching pass
(tests/perf/bench.py) and made 10x the text cost 12-15x to parse, not 10x
(tests/perf/parse_scaling.py).

Pauses nest and may overlap across threads (the list's pass on the app's loop, ask next's in a
worker thread, a pause the app holds until a pass's verdicts are out: tui/screens/main.py): the
collector runs again when the last of them ends, not when the first does, and only if it was
running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

class _Pauses:
    """How many pauses are running, and whether the collector ran when the first began."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.was_enabled = False


_PAUSES = _Pauses()


def pause_gc() -> None:
    """One more pause of the collector (end it with resume_gc)."""
    pauses = _PAUSES
    with pauses.lock:
        if pauses.depth == 0:
            pauses.was_enabled = gc.isenabled()
            gc.disable()
        pauses.depth += 1


def resume_gc() -> None:
    """End one pause_gc: the last one to end turns the collector back on if it was on."""
    pauses = _PAUSES
    with pauses.lock:
        if pauses.depth == 0:
            return      # nothing paused (a resume called twice): never below zero
        pauses.depth -= 1
        if pauses.depth == 0 and pauses.was_enabled:
            gc.enable()


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off for the block, back to what it was after (see the pauses above)."""
    pause_gc()
    try:
        yield
    finally:
        resume_gc()


def collect_young() -> None:
    """Collect the youngest generation now (where nothing waits), not at the next allocation
    over the threshold, wherever that falls: what a pass made is there. Only that one: a
    collection of the two young ones counts towards a full one (gc.collect(1) after every pass
    made a full collection, 275 ms in the app at 2,000 trials, come every ten or so)."""
    gc.collect(0)
