"""trialview TUI benchmarks: cold start against a bare Textual app, and keystroke latency.

    python -m tests.perf.tui_bench                        # 2,000 trials
    python -m tests.perf.tui_bench --sizes 200 --runs 3   # a quick run
    python -m tests.perf.tui_bench --skip start           # keystrokes only (or --skip keys)
    python -m tests.perf.tui_compare                      # keystrokes, this tree vs main, alternating

The store is built as tests/perf/bench.py builds it (`base_records` + `replicate` +
`import_paths`); the figure printed is the count of trials the list really shows. Every figure
is a median; min and max follow in brackets.

Cold start: tests/perf/tui_bench_start.py; keystroke latency: tests/perf/tui_bench_keys.py; the
store and the open trial they share: tests/perf/tui_trial.py. Each module's docstring says what
its figures are.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tests.perf.bench import base_records, machine, print_report
from tests.perf.tui_bench_keys import bench_keys
from tests.perf.tui_bench_start import bench_start, probe_env, write_rows
from tests.perf.tui_trial import build_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000", help="comma-separated trial counts (files replicated)")
    parser.add_argument("--runs", type=int, default=7, help="cold starts of each app (after one warm-up)")
    parser.add_argument("--keys", type=int, default=20, help="keystrokes measured (after one warm-up cycle)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: start, keys")
    parser.add_argument("--type-in", default="fields,form",
                        help="where the keys are typed: fields (under the tree), form (F2), or both")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    records = base_records()
    report: dict[str, str] = {"machine": machine(), "base records": str(len(records))}
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="trialview-tui-bench-"))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            db = build_store(n, records, work)
            count = write_rows(db, work / f"rows{n}.json")
            report[f"trials in the list ({n} files)"] = str(count)
            if "start" not in skip:
                bench_start(db, work / f"rows{n}.json", count, args.runs, probe_env(work), report)
            if "keys" not in skip:
                bench_keys(count, db, args.keys, report, args.type_in.split(","))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load average (1 min) at start / end"] = f"{load[0]:.2f} / {os.getloadavg()[0]:.2f}"
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
