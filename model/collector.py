"""One pause of Python's cyclic garbage collector, shared by the parser and the matcher.

Both make tens of thousands of small acyclic objects at once (matches, checks and nodes while a
long text is read; compiled plans and results while a list is matched). Reference counting frees
them; the collector walking them again and again cost a third to a half of a matching pass
(tests/perf/bench.py) and made 10x the text cost 12-15x to parse, not 10x
(tests/perf/parse_scaling.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off for the block, back to what it was after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
