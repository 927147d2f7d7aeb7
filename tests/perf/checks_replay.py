"""The checks' reading alone: extract's calls of one Chia tuning pass, replayed.

    python -m tests.perf.checks_replay                       # CPU medians of the replays
    python -m tests.perf.checks_replay --repeat 15
    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*functools_reduce*' \
        python -m tests.perf.checks_replay --callgrind extract    # instructions of one warm replay

parse_compare times the whole parser; this times what checks.extract does of it, which a change
to the readers (checks.py, specials.py, numbers.py, therapies.py, the name scanner) moves, without
the rest of the parser around it. One Chia pass (tests/perf/parse_compare.inputs) is parsed with
extract and the name scanner recorded: each criterion text extract is given and each text
`lexicon.NAMES.find` is given (the masked text, and the text with its example lists where it
has one). Then each is replayed `--repeat` times after one warm replay; the figures are medians
of CPU time (time.process_time) of a whole replay. `split_items` is timed on the pass's sections.
With `--callgrind`, one replay of that kind runs warm and then once inside functools.reduce, which
callgrind's --toggle-collect counts alone. Run it in each worktree to compare two trees.
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import time
from collections.abc import Callable

from tests.perf.parse_compare import inputs


def record() -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(extract's (text, section) calls, NAMES.find's texts, the sections' texts) of one Chia
    tuning pass, in the order the parser makes them."""
    from trialview.model.criteria import excepted, parse
    from trialview.model.criteria import lexicon as L
    from trialview.model.criteria.checks import Extraction, extract
    from trialview.model.criteria.name_table import Hit

    _, _, chia = inputs()
    calls: list[tuple[str, str]] = []
    texts: list[str] = []
    find = L.NAMES.find

    def recorded_extract(text: str, section: str) -> Extraction:
        calls.append((text, section))
        return extract(text, section)

    def recorded_find(s: str) -> list[list[Hit]]:
        texts.append(s)
        return find(s)

    parse.extract = excepted.extract = recorded_extract
    L.NAMES.find = recorded_find                # (an attribute of the instance, over the class's method)
    try:
        for text, section in chia:
            parse.parse_section(text, section)
    finally:
        parse.extract = excepted.extract = extract
        del L.NAMES.find                        # the class's own method again
    return calls, texts, [text for text, _ in chia]


def replays() -> dict[str, tuple[str, Callable[[], object]]]:
    """kind -> (label, one replay)."""
    from trialview.model.criteria import lexicon as L
    from trialview.model.criteria.checks import extract
    from trialview.model.criteria.split import split_items

    calls, texts, sections = record()
    find = L.NAMES.find
    return {
        "extract": (f"extract, {len(calls)} calls, ms", lambda: [extract(t, s) for t, s in calls]),
        "find": (f"NAMES.find, {len(texts)} texts, ms", lambda: [find(s) for s in texts]),
        "split": (f"split_items, {len(sections)} sections, ms", lambda: [split_items(t) for t in sections]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=9, help="timed replays of each kind")
    parser.add_argument("--callgrind", choices=("extract", "find", "split"),
                        help="one warm replay of that kind, then one inside functools.reduce (no timing)")
    args = parser.parse_args(argv)
    runs = replays()
    if args.callgrind:
        run = runs[args.callgrind][1]
        run()
        functools.reduce(lambda _, fn: fn() and None, [run], None)
        return 0
    for label, fn in runs.values():
        fn()
        times = []
        for _ in range(args.repeat):
            gc.collect()
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        print(f"  {label:<36} {statistics.median(times) * 1e3:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
