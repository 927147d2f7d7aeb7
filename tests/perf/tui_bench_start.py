"""trialview TUI benchmark, cold start: to the list's first screenful painted, trialview against a
bare Textual app (run by tests/perf/tui_bench.py, which builds the store).

Cold start (tests/perf/start_probe.py, one fresh process per run, trialview and the bare app
alternating, one discarded warm-up of each first; bytecode cached in the bench's temporary
folder (PYTHONPYCACHEPREFIX), as an installed app has it; both headless at 80x24, so the frames
are composed but not written to a terminal):
- "cold start to the list's first screenful painted" (the target: <= 1.5x the bare app): from
  the parent's instant before spawning the process to the first screen refresh after the list's
  DataTable holds a screenful of rows (a `call_after_refresh` queued when a 2 ms poll saw them);
  "to every row painted": the same once it holds every row. trialview is `make_app(Store(db))`; the bare app is a
  plain Textual App with the same widgets (a Static header, an Input and two Selects in a
  Horizontal, a DataTable with the same 5 columns and the same rows as rich Text, read from a
  JSON file, and a Footer) and nothing else.
- the breakdown: `imported` (interpreter up and textual + app modules imported), `app made`
  (for trialview: the store opened and the app built), `populated` (the poll saw every row),
  `painted`; trialview also `verdicts` (the list's `results` cover every shown row) and
  `verdicts painted` (the refresh after that).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.perf.bench import ROOT
from tests.perf.tui_trial import fmt

PROBE = Path(__file__).with_name("start_probe.py")


def write_rows(db: Path, path: Path) -> int:
    """The list's rows as plain text, for the bare app: verdict placeholder, id, title, status, phase."""
    from trialview.store import Store

    rows = [["…", s.trial_id, s.title or "", s.status or "", s.phase or ""] for s in Store(db).list()]
    path.write_text(json.dumps(rows), encoding="utf-8")
    return len(rows)


def probe_env(work: Path) -> dict[str, str]:
    """Bytecode cached (as after an install) in the bench's own folder, never in the repository,
    even where PYTHONDONTWRITEBYTECODE is set (which makes every start compile from source)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def run_probe(kind: str, target: Path, count: int, env: dict[str, str]) -> dict[str, float]:
    start = time.clock_gettime(time.CLOCK_MONOTONIC)
    out = subprocess.run([sys.executable, str(PROBE), kind, str(target), str(count)], cwd=ROOT,
                         check=False, capture_output=True, text=True, timeout=300, env=env)
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"{kind} probe failed: {out.stderr[-2000:]}")
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    return {k: v if k == "rss_mb" else v - start for k, v in marks.items()}


def bench_start(db: Path, rows: Path, count: int, runs: int, env: dict[str, str], report: dict) -> None:
    run_probe("trialview", db, count, env)   # warm-up: .pyc files, page cache
    run_probe("bare", rows, count, env)
    tv: list[dict] = []
    bare: list[dict] = []
    for i in range(runs):
        order = [("trialview", db, tv), ("bare", rows, bare)]
        for kind, target, into in (order if i % 2 == 0 else order[::-1]):
            into.append(run_probe(kind, target, count, env))

    def col(runs_: list[dict], key: str) -> list[float]:
        return [r[key] for r in runs_ if key in r]

    t, b = statistics.median(col(tv, "first_painted")), statistics.median(col(bare, "first_painted"))
    report[f"cold start to the list's first screenful painted, {count} trials: trialview vs bare "
           f"(s, median of {runs}; ratio)"] = f"{t:.2f} vs {b:.2f}; {t / b:.2f}x"
    t, b = statistics.median(col(tv, "painted")), statistics.median(col(bare, "painted"))
    report[f"cold start to every row of the list painted, {count} trials: trialview vs bare "
           f"(s, median of {runs}; ratio)"] = f"{t:.2f} vs {b:.2f}; {t / b:.2f}x"
    for name, runs_, keys in (("trialview", tv, ["imported", "app_made", "first", "first_painted",
                                                 "populated", "painted", "verdicts", "verdicts_painted"]),
                              ("bare", bare, ["imported", "app_made", "first", "first_painted",
                                              "populated", "painted"])):
        for key in keys:
            report[f"  {name}: {key.replace('_', ' ')} (s from spawn)"] = fmt(col(runs_, key))
    report[f"peak RSS of the app, {count} trials: trialview vs bare (MB, median)"] = \
        f"{statistics.median(col(tv, 'rss_mb')):.0f} vs {statistics.median(col(bare, 'rss_mb')):.0f}"
