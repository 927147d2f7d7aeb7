"""Ask next, timed (issue 14: ≤ 20 ms for 2,000 trials after each committed value).

    python -m tests.perf.ask_bench --size 2000      # its own store of replicated real records
    python -m tests.perf.ask_bench --size 10000 --memory    # peak RSS only (fresh processes)
    python -m tests.perf.bench                      # also runs it, at every size up to 2,000

What is timed is what the app does after the list's worker re-matched (tui/app.py ask_next):
`AskRanker.update` with the list matcher's results, then `best()`; medians. Figures: the first
ranking of every trial (the list's first match), the same hemoglobin edits as the list's own
benchmark, edits that cross the trials' hemoglobin thresholds, and a panel filled in one committed
value at a time.

Memory (`--memory`): the peak RSS of a fresh process that does what the app does with the store
(tui/app.py list_matcher: read the compact plans, compile them as split plans, match; then ask
next's first ranking and the panel's values one by one), against the same process without ask.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from trialview.model.collector import paused_gc
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.parts import split_plan
from trialview.model.matching.ask import AskRanker
from trialview.model.panel import Panel, parse_panel


def _timed(ranker: AskRanker, matcher: ListMatcher, panel: Panel,
           rematches: list[float] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    results = matcher.update(panel)
    if rematches is not None:
        rematches.append(time.perf_counter() - start)
    assert results is not None
    start = time.perf_counter()
    with paused_gc():
        ranker.update(panel, results)
        ranker.best()
    return time.perf_counter() - start, ranker.last_recomputed


def bench_ask(stored: dict[str, tuple[Any, list[Any]]], panel_data: dict[str, Any], report: dict[str, str]) -> None:
    """`stored`: Store.plans() (summary, compact plan) by trial id; `panel_data`: a full panel."""
    n = len(stored)
    compacts = {t: compact for t, (_summary, compact) in stored.items()}
    with paused_gc():     # as the app compiles them (tui/app.py list_matcher)
        plans = {t: (summary.title, split_plan(compact)) for t, (summary, compact) in stored.items()}
    gc.freeze()
    try:
        base = {**panel_data, "values": {k: v for k, v in panel_data["values"].items() if k in ("age", "sex")},
                "therapies": []}
        matcher, ranker = ListMatcher(plans), AskRanker(compacts)
        first, _ = _timed(ranker, matcher, parse_panel(base))
        report[f"ask next: first ranking of all {n} trials, age and sex known (ms)"] = f"{first * 1e3:.0f}"

        # the panel filled in one committed value at a time, in the panel's order
        steps, counts = [], []
        values: dict[str, Any] = dict(base["values"])
        for key, value in panel_data["values"].items():
            if key in values:
                continue
            values[key] = value
            took, count = _timed(ranker, matcher, parse_panel({**base, "values": dict(values)}))
            steps.append(took)
            counts.append(count)
        took, count = _timed(ranker, matcher, parse_panel({**base, "values": values,
                                                           "therapies": panel_data.get("therapies", [])}))
        steps.append(took)
        counts.append(count)
        report[f"ask next after each committed value, {len(steps)} values entered one by one (ms, median; max)"] = \
            f"{statistics.median(steps) * 1e3:.1f}; {max(steps) * 1e3:.1f} " \
            f"({statistics.median(counts):.0f} trials re-evaluated, median)"

        full = {**base, "values": values, "therapies": panel_data.get("therapies", [])}
        # the list benchmark's edits: hemoglobin 7.1 ... 7.9 g/dL; the list's re-match timed too
        edits, counts, rematches = [], [], []
        for hb in (7.1, 7.2, 7.3, 7.4, 7.5, 7.6, 7.7, 7.8, 7.9):
            panel = parse_panel({**full, "values": {**values, "hemoglobin": {"value": hb, "unit": "g/dL"}}})
            took, count = _timed(ranker, matcher, panel, rematches)
            edits.append(took)
            counts.append(count)
        report[f"re-match the list of {n} after a hemoglobin edit, split plans as the app has them (ms, median)"] = \
            f"{statistics.median(rematches) * 1e3:.1f} ({matcher.last_rematched} trials read hemoglobin)"
        report[f"ask next after a hemoglobin edit, {n} trials (ms, median)"] = \
            f"{statistics.median(edits) * 1e3:.1f} ({statistics.median(counts):.0f} trials re-evaluated)"

        # edits across the trials' thresholds: every criterion reading hemoglobin is tried again
        crossing = []
        for hb in (12.0, 7.5, 12.5, 7.0, 13.0, 6.5, 11.5, 8.5, 14.0):
            panel = parse_panel({**full, "values": {**values, "hemoglobin": {"value": hb, "unit": "g/dL"}}})
            took, _count = _timed(ranker, matcher, panel)
            crossing.append(took)
        report["ask next after a hemoglobin edit across the trials' thresholds (ms, median)"] = \
            f"{statistics.median(crossing) * 1e3:.1f}"
    finally:
        gc.unfreeze()


# What the app does (tui/app.py list_matcher and ask_next), in a fresh process; ASK=False skips
# ask next, for the difference.
APP_MEMORY = """
import gc
from trialview.store import Store
from trialview.model.collector import paused_gc
from trialview.model.matching.ask import AskRanker
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.parts import split_plan
from trialview.model.panel import parse_panel
with paused_gc():
    stored = Store({db!r}).plans()
    plans = {{t: (s.title, split_plan(c)) for t, (s, c) in stored.items()}}
gc.freeze()
matcher, ranker = ListMatcher(plans), AskRanker({{t: c for t, (_s, c) in stored.items()}})
full = {panel!r}
values = {{k: v for k, v in full["values"].items() if k in ("age", "sex")}}
steps = [dict(values)]
for k, v in full["values"].items():
    values[k] = v
    steps.append(dict(values))
for step in steps:
    panel = parse_panel({{**full, "values": step, "therapies": []}})
    results = matcher.update(panel)
    assert len(results) == {n}
    if {ask}:
        with paused_gc():
            ranker.update(panel, results)
            ranker.best()
"""


def bench_memory(db: Path, n: int, panel_data: dict[str, Any], report: dict[str, str]) -> None:
    from tests.perf.bench import peak_rss_mb

    with_ask = peak_rss_mb(APP_MEMORY.format(db=str(db), panel=panel_data, n=n, ask=True))
    without = peak_rss_mb(APP_MEMORY.format(db=str(db), panel=panel_data, n=n, ask=False))
    report[f"peak RSS, read plans, match and ask next for {n} trials, the panel entered value by value: "
           "with ask; without (MB)"] = f"{with_ask:.0f}; {without:.0f} (ask: {with_ask - without:.0f})"


def main(argv: list[str] | None = None) -> int:
    from tests.perf.bench import PANEL, base_records, machine, print_report, replicate, run_cli
    from trialview.store import Store

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2000, help="trials")
    parser.add_argument("--memory", action="store_true", help="peak RSS only, in fresh processes")
    args = parser.parse_args(argv)
    import os

    report: dict[str, str] = {"machine": machine(), "load average (1 min) at start": f"{os.getloadavg()[0]:.2f}"}
    work = Path(tempfile.mkdtemp(prefix="trialview-ask-bench-"))
    try:
        replicate(base_records(), args.size, work / "files")
        run_cli(work / "db", "import", str(work / "files"))
        if args.memory:
            bench_memory(work / "db", args.size, PANEL, report)
        else:
            bench_ask(Store(work / "db").plans(), PANEL, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load average (1 min) at end"] = f"{os.getloadavg()[0]:.2f}"
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
