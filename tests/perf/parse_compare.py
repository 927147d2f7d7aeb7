"""The parser of this tree against the parser of an older commit, in one run, on the same inputs.

    python -m tests.perf.parse_compare                    # against 6ec15d1 (before coverage and conditions)
    python -m tests.perf.parse_compare --base main --repeat 15
    python -m tests.perf.parse_compare --chia-passes 1 --only new    # one Chia pass, for callgrind
    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*functools_reduce*' \
        python -m tests.perf.parse_compare --only new --warm-pass     # instructions of one warm pass

The older commit is checked out in a temporary `git worktree` (removed at the end) and its
parser imported from that path: the trees of that time import themselves as `model.criteria`,
this tree as `trialview.model.criteria`, so both live in one process. Both parse the same texts
(read by this tree's importers): the 83 ClinicalTrials.gov records of tests/data, the five seed
pages (`parse_criteria(inclusion, exclusion)`, no registry criterion, which the older tree does
not have), and each file of the Chia tuning part as its section (as tests/eval/chia_eval.py reads
it). Each input is parsed once by each tree to warm the caches, then `--repeat` times by each,
alternating which goes first, so that the machine's load falls on both alike. Figures are
medians of CPU time (time.process_time: steadier than wall time on a shared machine): per record
the median of its repeats, then the median over the records; the Chia part as a whole pass.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.corpora import JSON_DIR, SEEDS, XML_DIR, chia_files, chia_holdout

ROOT = Path(__file__).resolve().parents[2]
BASE = "6ec15d1"        # the last commit before coverage (`unread`), conditions and lead-ins


@contextmanager
def checked_out(commit: str) -> Iterator[Path]:
    """A temporary worktree of commit (detached), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="parse-compare-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), commit],
                   check=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)


def old_parser(folder: Path) -> Any:
    """The parse module of the tree in folder (which imports itself as `model.criteria`)."""
    if (folder / "model" / "criteria" / "parse.py").read_text(encoding="utf-8").count("from trialview.model"):
        raise SystemExit(f"{folder} imports itself as trialview.model: it cannot live beside this tree")
    sys.path.insert(0, str(folder))
    module = importlib.import_module("model.criteria.parse")
    assert Path(module.__file__ or "").is_relative_to(folder), module.__file__
    return module


def inputs() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """(inclusion, exclusion) of the ctgov records and of the seed pages; (text, section) of the
    Chia tuning part's files."""
    from trialview.model.sources import SourceError, parse_trials

    def texts(paths: list[Path]) -> list[tuple[str, str]]:
        out = []
        for path in paths:
            try:
                trials = parse_trials(path.read_text(encoding="utf-8"))
            except SourceError:
                continue
            out.extend((t.inclusion_text, t.exclusion_text) for t in trials)
        return out

    records = texts(sorted(JSON_DIR.glob("*.json")) + sorted(XML_DIR.glob("*.xml")))
    seeds = texts(sorted(SEEDS.glob("*.txt")))
    held, files = chia_holdout(), chia_files()
    chia = [(files[n].replace("\r\n", "\n"), "inclusion" if n.endswith("_inc.txt") else "exclusion")
            for n in sorted(files) if n.endswith(".txt") and n.split("_")[0] not in held]
    return records, seeds, chia


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def alternate(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """CPU times of each fn, `repeat` times each, the order turned round every repeat (after
    one warm call each)."""
    names = list(fns)
    for name in names:
        fns[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeat):
        for name in (names if r % 2 == 0 else names[::-1]):
            times[name].append(cpu(fns[name]))
    return times


def _passes(mod: Any, chia: list[tuple[str, str]], passes: int, warm: bool) -> None:
    """`passes` Chia passes; with `warm`, one more to warm the caches and then one inside
    functools.reduce (callgrind --toggle-collect='*functools_reduce*' counts that one alone)."""
    for _ in range(passes + warm):
        for text, section in chia:
            mod.parse_section(text, section)
    if warm:
        functools.reduce(lambda _, pair: mod.parse_section(*pair) and None, chia, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default=BASE, help=f"the commit to compare with (default {BASE})")
    parser.add_argument("--repeat", type=int, default=9, help="timed parses of each input by each tree")
    parser.add_argument("--only", choices=("new", "old"), help="one tree only, no timing (with --chia-passes)")
    parser.add_argument("--chia-passes", type=int, default=0,
                        help="with --only: parse the Chia part this many times and stop (an instruction "
                             "count of N+1 passes minus one of 1 pass is one warm pass)")
    parser.add_argument("--warm-pass", action="store_true",
                        help="with --only: parse the Chia part once to warm the caches, then once more inside "
                             "functools.reduce, which callgrind's --toggle-collect='*functools_reduce*' counts alone")
    args = parser.parse_args(argv)
    gc.collect()
    from trialview.model.criteria import parse as new

    records, seeds, chia = inputs()
    if args.only:
        # (one tree in the process: the other's import would change what the count includes)
        if args.only == "new":
            _passes(new, chia, args.chia_passes, args.warm_pass)
        else:
            with checked_out(args.base) as folder:
                _passes(old_parser(folder), chia, args.chia_passes, args.warm_pass)
        return 0
    with checked_out(args.base) as folder:
        trees = {"new": new, "old": old_parser(folder)}

        def per_input(pairs: list[tuple[str, str]]) -> dict[str, float]:
            medians: dict[str, list[float]] = {"new": [], "old": []}
            for inc, exc in pairs:
                times = alternate({k: (lambda m=m, i=inc, e=exc: m.parse_criteria(i, e)) for k, m in trees.items()},
                                  args.repeat)
                for k, t in times.items():
                    medians[k].append(statistics.median(t))
            return {k: statistics.median(v) for k, v in medians.items()}

        def chia_pass(mod: Any) -> None:
            for text, section in chia:
                mod.parse_section(text, section)

        rec = per_input(records)
        seed = per_input(seeds)
        chia_times = alternate({k: (lambda m=m: chia_pass(m)) for k, m in trees.items()}, args.repeat)
        whole = {k: statistics.median(v) for k, v in chia_times.items()}
    load = os.getloadavg()
    print(f"parse, CPU time, medians: this tree (new) vs {args.base} (old), alternating, "
          f"{args.repeat} repeats; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    rows = [(f"one ctgov record ({len(records)}), ms", rec, 1e3), (f"one seed page ({len(seeds)}), ms", seed, 1e3),
            (f"Chia tuning part ({len(chia)} files), s", whole, 1.0)]
    for label, fig, scale in rows:
        print(f"  {label:<34} new {fig['new'] * scale:8.3f}   old {fig['old'] * scale:8.3f}   "
              f"ratio {fig['new'] / fig['old']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
