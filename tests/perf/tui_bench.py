"""trialview TUI benchmarks: cold start against a bare Textual app, and keystroke latency.

    python -m tests.perf.tui_bench                        # 2,000 trials
    python -m tests.perf.tui_bench --sizes 200 --runs 3   # a quick run
    python -m tests.perf.tui_bench --skip start           # keystrokes only (or --skip keys)
    python -m tests.perf.tui_compare                      # keystrokes, this tree vs main, alternating

The store is built as tests/perf/bench.py builds it (`base_records` + `replicate` +
`import_paths`); the figure printed is the count of trials the list really shows. Every figure
is a median; min and max follow in brackets.

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

Keystroke latency (in process, `App.run_test(size=...)` + Pilot, at 80x24 and at 120x40), on
the open trial with a hemoglobin criterion (a seed page if one reads hemoglobin), that criterion
shown and under the cursor (as after `g`: branches below a section start collapsed), its patient
form opened with F2 (bedside mode, as the trial screen opens it: only the fields this trial
reads; at 80x24 the form replaces the tree, from 110 columns it sits beside it). The hemoglobin
unit is set to g/dL, then "1", "2", backspace, backspace are typed again and again, so that every
keystroke changes the criterion's status (10 g/L not met, 120 g/L met, not met, open) and thus
the tree, the header verdict and the list's verdict. One such cycle is a warm-up; the next
`--keys` keystrokes are measured, each after the previous one has fully landed (slow typing).
Time zero is `time.perf_counter()` just before `await pilot.press(key)`, which posts the key
event at once. The app's frames are seen by wrapping `app._display` (where a terminal driver
would write a frame): the wrapper renders each frame to its terminal byte string, as the real
driver does, and stamps it; nothing else in the app is touched. Figures:
- "input echo painted": the first frame composed after the Input's value changed (Textual's
  own cost of a keystroke, the floor for the others);
- "header verdict painted": the first frame whose text contains the trial screen's new header
  (the verdict: visible at 80x24, where the form replaces the tree);
- "tree line painted": the first frame whose text contains the criterion's new tree label;
  only where the tree is visible beside the form (>= 110 columns; at 80x24 the form hides it,
  and the figure says "hidden");
- "tree relabelled (state)": the tree node's label object changed (a 1 ms poll), before paint;
- "list verdict updated (state)": the list's matcher (`app.list_matcher()`, run by the list's
  worker in steps on the app's loop, tui/screens/list_worker.py) holds a new result for this
  trial agreeing with the trial screen's verdict (a 1 ms poll): the worker re-matched the trials
  the edit can change. The list is on the screen below, not visible while the form is open: it
  takes the new verdicts onto its rows when it is shown again, so no paint is waited for;
- "pilot.press returned": how long `await pilot.press(key)` took; it includes Pilot's own
  waits (two `wait_for_idle`, >= 2 x 20 ms, longer while any thread uses the CPU, and a message
  round trip to every widget), so it is an upper bound, not what a user sees.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.perf.bench import ROOT, base_records, machine, print_report, replicate

PROBE = Path(__file__).with_name("start_probe.py")
HB = "hemoglobin"
CYCLE = ["1", "2", "backspace", "backspace"]    # g/dL: 10 g/L, 120 g/L, 10 g/L, empty
KEY_TIMEOUT_S = 30.0
_ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def fmt(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    if not values:
        return "n/a"
    v = [x * scale for x in values]
    return f"{statistics.median(v):.{digits}f} [{min(v):.{digits}f}-{max(v):.{digits}f}]"


# --- the store ---------------------------------------------------------------------------------

def build_store(n: int, records, work: Path) -> Path:
    from trialview.store import Store
    from trialview.store.importing import import_paths

    folder, db = work / f"files{n}", work / f"db{n}"
    replicate(records, n, folder)
    report = import_paths(Store(db), [folder])
    assert not report.errors, report.errors[:3]
    return db


def write_rows(db: Path, path: Path) -> int:
    """The list's rows as plain text, for the bare app: verdict placeholder, id, title, status, phase."""
    from trialview.store import Store

    rows = [["…", s.trial_id, s.title or "", s.status or "", s.phase or ""] for s in Store(db).list()]
    path.write_text(json.dumps(rows), encoding="utf-8")
    return len(rows)


def hemoglobin_trial(db: Path) -> tuple[str, str]:
    """(trial id, criterion node id): a trial whose hemoglobin criterion flips at every key of CYCLE,
    a seed page (text) first."""
    import datetime as dt

    from trialview.model.matching.match import match_trial
    from trialview.model.panel import parse_panel
    from trialview.store import Store

    store = Store(db)
    today = dt.date.today().isoformat()
    panels = [parse_panel({"as_of": today, "values": v}) for v in
              ({}, {HB: {"value": 1, "unit": "g/dL"}}, {HB: {"value": 12, "unit": "g/dL"}})]
    candidates = []
    for trial_id, (summary, tree) in sorted(store.trees().items()):
        node = next((nd for nd in tree.walk() if any(c.variable == HB for c in nd.checks)), None)
        if node is None:
            continue
        empty, low, high = (match_trial(trial_id, summary.title, tree, p).statuses[node.id].status
                            for p in panels)
        if empty != low and low != high:
            trial = store.get(trial_id)
            seed = getattr(trial, "source_format", "") == "text-page"
            candidates.append((not seed, trial_id, node.id))
    assert candidates, "no trial with a hemoglobin criterion that the cycle flips"
    _, trial_id, node_id = min(candidates)
    return trial_id, node_id


# --- 1. cold start -----------------------------------------------------------------------------

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


# --- 2. keystroke latency ----------------------------------------------------------------------

class FrameLog:
    """Stamps every frame the app hands to its (headless) driver, rendered as a terminal would get it."""

    def __init__(self, app) -> None:
        self.app = app
        self.frames: list[tuple[float, str, object]] = []
        self.recording = False
        self.watch = lambda: None       # state read at each frame, stored with it
        self._display = app._display
        app._display = self._hook

    def _hook(self, screen, renderable) -> None:
        self._display(screen, renderable)
        if renderable is None or self.app._batch_count or screen is not self.app.screen:
            return      # what the real _display would not write either
        render = getattr(renderable, "render_segments", None)
        text = render(self.app.console) if render else ""
        if self.recording:
            self.frames.append((time.perf_counter(), text, self.watch()))

    def first(self, after: float, needle: str | None = None, unlike: object = None) -> float | None:
        """The first frame stamped after `after` whose text holds `needle` / whose watched state
        differs from `unlike`."""
        for stamp, text, state in self.frames:
            if stamp < after:
                continue
            if needle is not None and needle not in _ANSI.sub("", text):
                continue
            if unlike is not None and state == unlike:
                continue
            return stamp
        return None


def _plain(content) -> str:
    return getattr(content, "plain", None) or str(content)


def _tree_node(tree, node_id: str):
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.data is not None and getattr(node.data, "id", None) == node_id:
            return node
        stack.extend(node.children)
    raise AssertionError(f"no tree node {node_id}")


async def _until(pilot, condition, timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await pilot.pause(0.01)


async def keystrokes(db: Path, trial_id: str, node_id: str, size: tuple[int, int],
                     keys: int, where: str = "fields") -> tuple[dict[str, list[float]], bool]:
    """Seconds from each measured keystroke to each event (see the module docstring), and
    whether the criteria tree is on screen beside the form."""
    from textual.widgets import Input, Select, Static

    from trialview.store import Store
    from trialview.tui.app import make_app
    from trialview.tui.screens.main import MainScreen
    from trialview.tui.widgets.trial_list import TrialList

    app = make_app(Store(db))
    frames = FrameLog(app)
    out: dict[str, list[float]] = {k: [] for k in ("echo", "header", "tree", "tree_state", "list", "press",
                                                   "layouts", "tree_after_echo")}
    async with app.run_test(size=size) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, MainScreen), 120, "the main screen")
        table = app.screen.query_one(TrialList)
        await _until(pilot, lambda: table.row_count and len(table.results) >= table.row_count, 300,
                     "the list's first verdicts")
        app.open_trial(trial_id)
        await _until(pilot, lambda: getattr(app.screen, "id", None) == "trial" and app.screen.is_mounted,
                     60, "the trial screen")
        screen = app.screen
        # The criterion on screen, as after "g" on it: its branches expanded, the cursor on it
        # (branches below a section start collapsed, which would hide the line).
        tree_widget = screen.query_one("#criteria")
        tree_node = _tree_node(tree_widget, node_id)
        parent = tree_node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        await pilot.pause()
        tree_widget.move_cursor(tree_node)
        await pilot.pause()
        if where == "form":
            await pilot.press("f2")                 # the full form (replaces the tree when narrow)
            await pilot.pause()
            field = screen.query_one(f"#trial-form #input-{HB}", Input)
            screen.query_one(f"#trial-form #unit-{HB}", Select).value = "g/dL"
        else:                                       # the criterion's fields, under the tree
            await _until(pilot, lambda: HB in screen.fields().shown, 10, "the criterion's fields")
            field = screen.fields().query_one(f"#input-{HB}", Input)
            screen.fields().query_one(f"#unit-{HB}", Select).value = "g/dL"
        field.focus()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = screen.query_one("#trial-header", Static)
        frames.watch = lambda: field.value
        # Layout passes of the screen (Screen._refresh_layout: every widget placed again).
        layouts = [0]
        refresh_layout = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> object:
            layouts[0] += 1
            return refresh_layout(*args, **kwargs)

        screen._refresh_layout = counted
        sequence = (CYCLE * (keys // len(CYCLE) + 2))[: len(CYCLE) + keys]
        for index, key in enumerate(sequence):
            assert app.focused is field, f"focus moved to {app.focused!r}"
            value, label, head = field.value, _plain(tree_node.label), _plain(header.content)
            matcher = app.list_matcher()
            listed = matcher.results.get(trial_id)
            seen: dict[str, float] = {}

            async def poll() -> None:
                while len(seen) < 3:
                    now = time.perf_counter()
                    if "echo" not in seen and field.value != value:
                        seen["echo"] = now
                    if "tree_state" not in seen and _plain(tree_node.label) != label:
                        seen["tree_state"] = now
                    result = matcher.results.get(trial_id)
                    if ("list" not in seen and result is not None and result is not listed
                            and screen.result is not None and result.verdict == screen.result.verdict):
                        seen["list"] = now
                    await asyncio.sleep(0.001)

            frames.frames.clear()
            frames.recording = True
            layouts_before = layouts[0]
            t0 = time.perf_counter()
            poller = asyncio.ensure_future(poll())
            await pilot.press(key)
            pressed = time.perf_counter() - t0
            try:
                await asyncio.wait_for(poller, KEY_TIMEOUT_S)
            except TimeoutError:
                raise TimeoutError(f"key {index} ({key!r}): saw only {sorted(seen)}") from None
            new_label, new_head = _plain(tree_node.label), _plain(header.content)
            visible = bool(tree_widget.display and screen.query_one("#criteria-pane").display
                           and tree_widget.region.height > 0)

            def painted() -> bool:
                return (new_head == head or frames.first(t0, new_head[:24]) is not None) and \
                    (not visible or frames.first(t0, new_label[:12]) is not None)

            deadline = time.perf_counter() + 5
            while not painted() and time.perf_counter() < deadline:
                await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            frames.recording = False
            if index < len(CYCLE):
                continue                            # warm-up cycle
            echo = frames.first(t0, unlike=value)
            head_frame = frames.first(t0, new_head[:24]) if new_head != head else None
            tree_frame = frames.first(t0, new_label[:12]) if visible else None
            out["press"].append(pressed)
            out["layouts"].append(layouts[0] - layouts_before)
            if echo is not None and tree_frame is not None:
                out["tree_after_echo"].append(tree_frame - echo)
            out["tree_state"].append(seen["tree_state"] - t0)
            out["list"].append(seen["list"] - t0)
            if echo is not None:
                out["echo"].append(echo - t0)
            if head_frame is not None:
                out["header"].append(head_frame - t0)
            if tree_frame is not None:
                out["tree"].append(tree_frame - t0)
    return out, visible


def bench_keys(count: int, db: Path, keys: int, report: dict, places: list[str]) -> None:
    trial_id, node_id = hemoglobin_trial(db)
    report[f"keystroke bench trial ({count} trials)"] = f"{trial_id}, criterion {node_id}"
    for place, size in ((p, s) for p in places for s in ((80, 24), (120, 40))):
        got, tree_visible = asyncio.run(keystrokes(db, trial_id, node_id, size, keys, place))
        where = f"{place}, {size[0]}x{size[1]}, {count} trials"
        n = len(got["press"])
        report[f"keystroke -> layout passes of the screen, {where} (per key, median)"] = fmt(got["layouts"], 1, 0)
        report[f"keystroke -> tree line painted minus echo painted, {where} (ms)"] = (
            fmt(got["tree_after_echo"], 1e3, 1) if tree_visible else "hidden")
        report[f"keystroke -> input echo painted, {where} (ms, median of {n})"] = fmt(got["echo"], 1e3, 1)
        report[f"keystroke -> header verdict painted, {where} (ms)"] = fmt(got["header"], 1e3, 1)
        report[f"keystroke -> tree line painted, {where} (ms)"] = (
            fmt(got["tree"], 1e3, 1) if tree_visible else "hidden (the form replaces the tree)")
        report[f"keystroke -> tree relabelled (state), {where} (ms)"] = fmt(got["tree_state"], 1e3, 1)
        report[f"keystroke -> list verdict updated (state), {where} (ms)"] = fmt(got["list"], 1e3, 1)
        report[f"pilot.press returned, {where} (ms)"] = fmt(got["press"], 1e3, 1)


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
