"""trialview benchmarks: prints every figure of the performance issue with the machine it ran on.

    python -m tests.perf.bench                 # 2,000 and 10,000 trials
    python -m tests.perf.bench --sizes 500     # a quick run

The corpus is the real records of ../shared/corpora (v2 JSON, legacy XML) and the five seed
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

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
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
    from model.sources import SourceError, parse_trials

    out = []
    files = sorted((SHARED / "corpora" / "ctgov-json").glob("*.json")) + \
        sorted((SHARED / "corpora" / "ctgov-xml").glob("*.xml")) + sorted((ROOT / "sample_trials").glob("*.txt"))
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
        if nct.search(text):
            text = nct.sub(new_id, text)
        else:   # pages without an NCT number get their id from the content: change the title
            first, _, rest = text.partition("\n")
            text = f"{first} (copy {i})\n{rest}"
        (folder / f"t{i:05d}{suffix}").write_text(text, encoding="utf-8")


def median_time(fn, repeat: int, number: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def run_cli(db: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss_mb(code: str) -> float:
    probe = code + "\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def bench_size(n: int, records, work: Path, report: dict) -> None:
    from store import Store
    from store.importing import import_paths

    folder, db = work / f"files{n}", work / f"db{n}"
    replicate(records, n, folder)
    start = time.perf_counter()
    result = import_paths(Store(db), [folder])
    elapsed = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    report[f"import rate, {n} trials (trials/s, parsing included)"] = f"{n / elapsed:,.0f}"

    if n <= 2000:
        from model.match import match_trial
        from model.panel import parse_panel

        panel = parse_panel(PANEL)
        store = Store(db)
        trees = store.trees()
        # a typical trial: the seed trial with the most criteria-reading checks among the copies
        one_id = max(trees, key=lambda t: sum(len(n.checks) for n in trees[t][1].walk()))
        summary, tree = trees[one_id]
        match_trial(one_id, summary.title, tree, panel)
        one = median_time(lambda: match_trial(one_id, summary.title, tree, panel), repeat=30, number=50)
        every = median_time(lambda: [match_trial(t, s.title, tr, panel) for t, (s, tr) in trees.items()], repeat=7)
        report[f"match one panel x one trial (µs, median)"] = f"{one * 1e6:.1f}"
        report[f"match one panel x all {n} in process (ms, median)"] = f"{every * 1e3:.1f} ({every / n * 1e6:.1f} µs a trial)"

        panel_path = work / "panel.json"
        panel_path.write_text(json.dumps(PANEL))
        run_cli(db, "match", "--patient", str(panel_path), "--json", one_id)  # warm the page cache
        singles = [run_cli(db, "match", "--patient", str(panel_path), "--json", one_id) for _ in range(5)]
        alls = [run_cli(db, "match", "--patient", str(panel_path), "--json") for _ in range(5)]
        m1, ma = statistics.median(singles), statistics.median(alls)
        report[f"`trialview match` over {n} vs over 1 (s, median; ratio)"] = f"{ma:.2f} vs {m1:.2f}; {ma / m1:.2f}x"

    code = (f"from store import Store; from model.panel import parse_panel; from model.match import match_trial\n"
            f"s = Store({str(db)!r}); p = parse_panel({PANEL!r})\n"
            f"r = [match_trial(t, su.title, tr, p) for t, (su, tr) in s.trees().items()]")
    report[f"peak RSS, load and match {n} trials (MB)"] = f"{peak_rss_mb(code):.0f}"


def bench_parse(records, report: dict) -> None:
    from model.criteria import parse_criteria
    from model.sources import parse_trials

    trials = [parse_trials(text)[0] for _, text in records]
    per_trial = []
    for trial in trials:
        per_trial.append(median_time(lambda: parse_criteria(trial.inclusion_text, trial.exclusion_text), repeat=5))
    report["parse one trial (ms, median over the real records)"] = \
        f"{statistics.median(per_trial) * 1e3:.2f} (max {max(per_trial) * 1e3:.1f}, {len(trials)} records)"
    seeds = [t for t in trials if t.source_format == "text-page"]
    seed_times = [median_time(lambda: parse_criteria(t.inclusion_text, t.exclusion_text), repeat=9) for t in seeds]
    report["parse one seed trial (ms, median)"] = f"{statistics.median(seed_times) * 1e3:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated trial counts")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    records = base_records()
    report: dict[str, str] = {"machine": machine(), "base records": str(len(records))}
    bench_parse(records, report)
    work = Path(tempfile.mkdtemp(prefix="trialview-bench-"))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            bench_size(n, records, work, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
