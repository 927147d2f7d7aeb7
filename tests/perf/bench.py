"""trialview benchmarks: prints every figure of the performance issue with the machine it ran on.

    python -m tests.perf.bench                 # 2,000 and 10,000 trials, then the app at 2,000
    python -m tests.perf.bench --sizes 500 --tui-size 200     # a quick run

The corpus is the real records of tests/data (v2 JSON, legacy XML) and the five seed
pages, replicated under new ids. Figures are medians; ratios are measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.corpora import JSON_DIR, XML_DIR, chia_files, chia_holdout

ROOT = Path(__file__).resolve().parents[2]
PANEL = {
    "label": "bench", "as_of": "2026-11-22",
    "values": {"age": 34, "sex": "female", "hemoglobin": {"value": 9.5, "unit": "g/dL"},
               "wbc": 4.2, "anc": 2.1, "alc": 1.0, "platelets": 180, "alt": 1.0, "ast": 0.9,
               "creatinine": 0.8, "weight": 60, "sledai_2k": 10, "selena_sledai": 10,
               "anti_dsdna": "positive", "pregnant": False, "lactating": False, "hbsag": "negative"},
    "therapies": [{"drug": "hydroxychloroquine", "start": "2020-03-01"},
                  {"drug": "mycophenolate mofetil", "start": "2021-01-10"}],
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def base_records() -> list[tuple[str, str]]:
    """(suffix, text) of every real record that imports."""
    from trialview.model.sources import SourceError, parse_trials

    out = []
    files = sorted(JSON_DIR.glob("*.json")) + \
        sorted(XML_DIR.glob("*.xml")) + sorted((ROOT / "sample_trials").glob("*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            parse_trials(text)
        except SourceError:
            continue
        out.append((path.suffix, text))
    return out


def replicate(records: list[tuple[str, str]], n: int, folder: Path) -> None:
    """n files: the real records again and again, each copy under a new NCT id or title."""
    folder.mkdir(parents=True, exist_ok=True)
    nct = re.compile(r"NCT\d{8}")
    for i in range(n):
        suffix, text = records[i % len(records)]
        new_id = f"NCT9{i:07d}"
        text = nct.sub(new_id, text)
        if suffix == ".txt":
            # a page without an NCT number of its own gets its id from its content (an NCT
            # number of another trial in its text is not enough): change its first line too
            first, _, rest = text.partition("\n")
            text = f"{first} (copy {i})\n{rest}"
        (folder / f"t{i:05d}{suffix}").write_text(text, encoding="utf-8")


def print_report(report: dict[str, str]) -> None:
    """One figure a line, the values aligned."""
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")


def median_time(fn, repeat: int, number: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def run_cli(db: Path, *args: str, out: Path | None = None) -> float:
    """Seconds for one `trialview` command, process start to exit (stdout to a file, as a script
    would read it)."""
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        subprocess.run([sys.executable, "-m", "trialview.tui.cli", "--db", str(db), *args], cwd=ROOT, check=True,
                       stdout=sink)
    return time.perf_counter() - start


# The child's own peak: VmHWM of its memory map, which starts afresh at exec. Not
# getrusage(RUSAGE_SELF).ru_maxrss: Linux carries the parent's peak across fork and exec into the
# child's ru_maxrss, so it printed this bench process's own size (214 MB at 2,000 and 10,000
# trials alike, the corpus and stores it had built), not the probe's.
_PEAK_PROBE = """
import resource, sys
try:
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):      # not Linux: ru_maxrss (KB on Linux, bytes on macOS)
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
print(kb, file=sys.stderr)
"""


def peak_rss_mb(code: str) -> float:
    """Peak resident memory of a fresh child process running `code` (MB)."""
    out = subprocess.run([sys.executable, "-c", code + _PEAK_PROBE], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def cli_peak_rss_mb(db: Path, *args: str) -> float:
    """Peak resident memory of one `trialview` command (its output to /dev/null, as run_cli)."""
    code = f"""
import os, runpy, sys
sys.argv = ["trialview", "--db", {str(db)!r}, *{list(args)!r}]
sys.stdout = open(os.devnull, "w", encoding="utf-8")
try:
    runpy.run_module("trialview.tui.cli", run_name="__main__", alter_sys=True)
except SystemExit as done:
    assert not done.code, done.code
"""
    return peak_rss_mb(code)


# What the app does with the store (tui/app.py list_matcher): read the index's compact plans,
# compile them with the collector paused, freeze them, match the panel against every trial.
LOAD_AND_MATCH = """
import gc
from trialview.store import Store
from trialview.model.collector import paused_gc
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.plan import compile_plan
from trialview.model.panel import parse_panel
with paused_gc():
    plans = {{t: (s.title, compile_plan(c)) for t, (s, c) in Store({db!r}).plans().items()}}
gc.freeze()
matcher = ListMatcher(plans)
results = matcher.update(parse_panel({panel!r}))
assert len(results) == {n}
"""


def bench_size(n: int, records, work: Path, report: dict) -> None:
    import gc

    from trialview.model.collector import paused_gc
    from trialview.model.matching.list import ListMatcher
    from trialview.model.matching.match import match_plan
    from trialview.model.matching.plan import compile_plan
    from trialview.model.panel import parse_panel
    from trialview.store import Store

    folder, db = work / f"files{n}", work / f"db{n}"
    replicate(records, n, folder)
    # the command a user runs: process start, reading, parsing (on every core), storing
    elapsed = run_cli(db, "import", str(folder))
    report[f"import {n} trials with `trialview import` (trials/s, parsing included)"] = f"{n / elapsed:,.0f}"

    if n <= 2000:
        panel = parse_panel(PANEL)
        store = Store(db)
        with paused_gc():
            start = time.perf_counter()
            stored = store.plans()
            loaded = time.perf_counter()
            plans = {t: (s.title, compile_plan(c)) for t, (s, c) in stored.items()}
            compiled = time.perf_counter()
        gc.freeze()
        report[f"read {n} compact plans from the index; compile them (ms)"] = \
            f"{(loaded - start) * 1e3:.0f}; {(compiled - loaded) * 1e3:.0f}"
        # a typical trial: the copy of the seed trial with the most checks
        trees = store.tree_dicts()
        one_id = max(trees, key=lambda t: json.dumps(trees[t]).count('"variable"'))
        title, plan = plans[one_id]
        one = median_time(lambda: match_plan(one_id, title, plan, panel), repeat=30, number=50)
        report["match one panel x one trial (µs, median; the seed trial with the most checks)"] = f"{one * 1e6:.1f}"
        every = median_time(lambda: ListMatcher(plans).update(panel), repeat=7)
        report[f"match one panel x all {n} in process (ms, median)"] = f"{every * 1e3:.1f} ({every / n * 1e6:.1f} µs a trial)"

        # an edit in the panel form: the list re-matches only the trials that read the value
        matcher = ListMatcher(plans)
        matcher.update(panel)
        edits = []
        counts = []
        for hb in (7.1, 7.2, 7.3, 7.4, 7.5, 7.6, 7.7, 7.8, 7.9):
            edited = parse_panel({**PANEL, "values": {**PANEL["values"], "hemoglobin": {"value": hb, "unit": "g/dL"}}})
            start = time.perf_counter()
            matcher.update(edited)
            edits.append(time.perf_counter() - start)
            counts.append(matcher.last_rematched)
        report[f"re-match the list of {n} after a hemoglobin edit (ms, median)"] = \
            f"{statistics.median(edits) * 1e3:.1f} ({statistics.median(counts):.0f} trials read hemoglobin)"
        gc.unfreeze()

        from tests.perf.ask_bench import bench_ask      # what to ask next (issue 14)

        bench_ask(stored, PANEL, report)

        panel_path = work / "panel.json"
        panel_path.write_text(json.dumps(PANEL))
        for label, extra in (("", ()), (" --json", ("--json",))):
            run_cli(db, "match", "--patient", str(panel_path), *extra, one_id)   # warm the page cache
            singles, alls = [], []
            for _ in range(5):      # alternated, so both see the same machine load
                singles.append(run_cli(db, "match", "--patient", str(panel_path), *extra, one_id))
                alls.append(run_cli(db, "match", "--patient", str(panel_path), *extra))
            m1, ma = statistics.median(singles), statistics.median(alls)
            report[f"`trialview match{label}` over {n} vs over 1 (s, median; ratio)"] = \
                f"{ma:.2f} vs {m1:.2f}; {ma / m1:.2f}x"
        show = statistics.median(run_cli(db, "show", one_id) for _ in range(5))
        report[f"`trialview show` one trial of {n} (s, median)"] = f"{show:.2f}"

    panel_path = work / "panel.json"
    panel_path.write_text(json.dumps(PANEL))
    report[f"peak RSS, `trialview match --json` over {n} trials (MB)"] = \
        f"{cli_peak_rss_mb(db, 'match', '--patient', str(panel_path), '--json'):.0f}"
    code = LOAD_AND_MATCH.format(db=str(db), panel=PANEL, n=n)
    report[f"peak RSS, read plans and match all {n} trials (MB)"] = f"{peak_rss_mb(code):.0f}"
    sizes = {p.name: p.stat().st_size for p in db.iterdir() if p.is_file()}
    shards = sum(p.stat().st_size for p in db.glob("*/*.json"))
    report[f"store of {n}: index.json; shards (MB)"] = f"{sizes['index.json'] / 1e6:.1f}; {shards / 1e6:.1f}"


def median_cpu(fn, repeat: int) -> float:
    """Median CPU time of fn (seconds): steadier than wall time on a shared, loaded machine."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def bench_parse(records, report: dict) -> None:
    from trialview.model.criteria import parse_criteria, parse_section
    from trialview.model.sources import parse_trials


    trials = [parse_trials(text)[0] for _, text in records]
    per_trial = []
    for trial in trials:
        per_trial.append(median_cpu(lambda t=trial: parse_criteria(t.inclusion_text, t.exclusion_text), repeat=5))
    report["parse one trial (ms CPU, median over the real records)"] = \
        f"{statistics.median(per_trial) * 1e3:.2f} (max {max(per_trial) * 1e3:.1f}, {len(trials)} records)"
    seeds = [t for t in trials if t.source_format == "text-page"]
    seed_times = [median_cpu(lambda t=t: parse_criteria(t.inclusion_text, t.exclusion_text), repeat=9)
                  for t in seeds]
    report["parse one seed trial (ms CPU, median)"] = f"{statistics.median(seed_times) * 1e3:.2f}"
    # the Chia tuning part, each file as its section, as tests/eval/chia_eval.py reads it
    held, files = chia_holdout(), chia_files()
    chia = [(files[n].replace("\r\n", "\n"), "inclusion" if n.endswith("_inc.txt") else "exclusion")
            for n in sorted(files) if n.endswith(".txt") and n.split("_")[0] not in held]

    def parse_chia() -> None:
        for text, section in chia:
            parse_section(text, section)

    parse_chia()        # first parse fills the caches, as the records' first parses did
    report[f"parse the Chia tuning part ({len(chia)} files; s CPU, median)"] = f"{median_cpu(parse_chia, 5):.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated trial counts")
    parser.add_argument("--tui-size", type=int, default=2000,
                        help="trials for the app's benchmark (tests/perf/tui_bench.py); 0 skips it")
    args = parser.parse_args(argv)
    records = base_records()
    report: dict[str, str] = {"machine": machine(), "base records": str(len(records)),
                              "load average (1 min) at start": f"{os.getloadavg()[0]:.2f}"}
    bench_parse(records, report)
    work = Path(tempfile.mkdtemp(prefix="trialview-bench-"))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            bench_size(n, records, work, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load average (1 min) at end"] = f"{os.getloadavg()[0]:.2f}"
    print_report(report)
    if args.tui_size:
        # the app itself: cold start against a bare Textual app, keystroke latency, its memory
        from tests.perf import tui_bench

        print(flush=True)
        return tui_bench.main(["--sizes", str(args.tui_size)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
