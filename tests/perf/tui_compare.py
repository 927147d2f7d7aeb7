"""Keystroke latency of this tree against another commit's, alternating, in one run.

    python -m tests.perf.tui_compare                           # against main: 2,000 trials, 80x24
    python -m tests.perf.tui_compare --base HEAD~1 --rounds 6 --screens 80x24,120x40
    python -m tests.perf.tui_compare --timeline     # tui_timeline's figures: posted keys, CPU times

The measurement is tests/perf/tui_bench_keys.py's `keystrokes` (keys typed in the criterion's fields
under the tree, or `--type-in form`): its docstring says what each figure is. With `--timeline`, it
is tests/perf/tui_timeline.py's instead (keys posted as a terminal sends them, each phase's stamp
and the CPU time of the app's thread, which moves less with this machine's load than wall time). Each round runs it
once for each tree, in a fresh process, the order turned round every round, so that the load of
this shared machine falls on both alike; the figures are the medians over every measured key of
every round, and their ratio (this tree / the other). The other commit is checked out in a
temporary `git worktree` (removed at the end) and imported as `trialview` through a folder of
links put first on its process's path; both processes run this tree's benchmark code on one store,
built by this tree.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.perf.bench import ROOT, base_records, machine, print_report
from tests.perf.parse_compare import checked_out
from tests.perf.tui_bench_keys import keystrokes
from tests.perf.tui_trial import build_store, hemoglobin_trial

FIGURES = {"echo": "input echo painted", "list": "list verdict updated (state)",
           "header": "header verdict painted", "press": "pilot.press returned"}
# --timeline: tests/perf/tui_timeline.py's figures (keys posted as a terminal sends them, no Pilot)
TIMELINE = {"list updated": "list's result (posted keys)", "frame drawn": "trial screen's frame drawn",
            "pass start": "list's pass started", "cpu total": "CPU time of the loop's thread, key to list",
            "cpu typed": "CPU, the keystroke's own work", "cpu frame": "CPU, the trial screen's frame",
            "cpu pass": "CPU, the list's pass", "gc": "garbage collection before the list's result"}


def shim(tree: Path, into: Path) -> Path:
    """A folder that makes `import trialview` load `tree` (as the editable install maps it)."""
    package = into / "trialview"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in ("model", "store", "tui", "sample_trials"):
        (package / name).symlink_to(tree / name, target_is_directory=True)
    return into


def run_child(args: dict[str, object], path: Path | None) -> dict[str, list[float]]:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    out = subprocess.run([sys.executable, "-m", "tests.perf.tui_compare", "--child", json.dumps(args)], cwd=ROOT,
                         check=False, capture_output=True, text=True, timeout=900, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"keystroke child failed: {out.stderr[-3000:]}")
    got: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return got


def child(spec: str) -> int:
    import trialview.tui

    args = json.loads(spec)
    width, height = args["size"]
    if args.get("timeline"):
        from tests.perf.tui_timeline import per_key_figures, timeline

        got = per_key_figures(asyncio.run(timeline(Path(args["db"]), args["trial"], args["node"], (width, height),
                                                   args["keys"])))
        print(json.dumps({**got, "from": [str(Path(str(trialview.tui.__file__)).parent)]}))
        return 0
    got, _visible = asyncio.run(keystrokes(Path(args["db"]), args["trial"], args["node"], (width, height),
                                           args["keys"], args["where"]))
    print(json.dumps({**got, "from": [str(Path(str(trialview.tui.__file__)).parent)]}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main", help="the commit to compare with (default main)")
    parser.add_argument("--size", type=int, default=2000, help="trials in the store (files replicated)")
    parser.add_argument("--rounds", type=int, default=4, help="runs of each tree, alternating")
    parser.add_argument("--keys", type=int, default=20, help="keystrokes measured per run (after a warm-up cycle)")
    parser.add_argument("--screens", default="80x24", help="comma-separated screen sizes")
    parser.add_argument("--type-in", default="fields", choices=("fields", "form"))
    parser.add_argument("--timeline", action="store_true",
                        help="tests/perf/tui_timeline.py's figures (posted keys, CPU times) instead of the bench's")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)
    report: dict[str, str] = {"machine": machine(), "compared with": args.base}
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="trialview-tui-compare-"))
    try:
        db = build_store(args.size, base_records(), work)
        trial_id, node_id = hemoglobin_trial(db)
        report[f"keystroke bench trial ({args.size} files)"] = f"{trial_id}, criterion {node_id}"
        with checked_out(args.base) as folder:
            trees = {"this": None, "base": shim(folder, work / "shim")}
            for screen in args.screens.split(","):
                width, height = (int(x) for x in screen.split("x"))
                spec = {"db": str(db), "trial": trial_id, "node": node_id, "size": [width, height],
                        "keys": args.keys, "where": args.type_in, "timeline": args.timeline}
                got: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
                for r in range(args.rounds):
                    for name in (list(trees) if r % 2 == 0 else list(trees)[::-1]):
                        for key, values in run_child(spec, trees[name]).items():
                            got[name].setdefault(key, []).extend(values)
                assert got["base"]["from"][0].startswith(str(work)) and not got["this"]["from"][0].startswith(str(work))
                # the bench's figures are in seconds, the timeline's in ms
                figures, scale = (TIMELINE, 1.0) if args.timeline else (FIGURES, 1e3)
                where = "posted keys" if args.timeline else args.type_in
                for key, label in figures.items():
                    this, base = got["this"].get(key, []), got["base"].get(key, [])
                    if not this or not base:
                        continue
                    t, b = statistics.median(this) * scale, statistics.median(base) * scale
                    ratio = f"{t / b:.2f}x" if b else "n/a"
                    report[f"keystroke -> {label}, {where}, {screen}, {args.size} trials: this vs "
                           f"{args.base} (ms, medians of {len(this)} / {len(base)}; ratio)"] = \
                        f"{t:.1f} vs {b:.1f}; {ratio}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load average (1 min) at start / end"] = f"{load[0]:.2f} / {os.getloadavg()[0]:.2f}"
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
