"""`trialview import` of N copies of the real records into a fresh store, timed as a user sees it.

    python -m tests.perf.import_bench 2000 --runs 3

The records and their copies are tests/perf/bench.py's (every real record of tests/data and the
five sample pages, each copy under a new NCT id or title); each run imports the same folder into a
new store, in a fresh process (start, reading, parsing on every core, storing). Prints trials/s
of each run and the median, with the load average: the quick form of bench.py's import row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.perf.bench import base_records, replicate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, help="how many trial files to import")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    command = Path(sys.executable).with_name("trialview")
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        work = Path(tmp)
        replicate(base_records(), args.size, work / "files")
        rates = []
        for run in range(args.runs):
            start = time.perf_counter()
            subprocess.run([str(command), "--db", str(work / f"db{run}"), "import", str(work / "files")],
                           check=True, capture_output=True)
            rates.append(args.size / (time.perf_counter() - start))
            print(f"run {run + 1}: {rates[-1]:,.0f} trials/s")
    load = os.getloadavg()
    print(f"import {args.size}: median {statistics.median(rates):,.0f} trials/s; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
