"""Where the time of one keystroke goes, from the key to the list's new verdict: a timeline.

    python -m tests.perf.tui_timeline                 # 2,000 trials, 80x24, 40 keys
    python -m tests.perf.tui_timeline --keys 20 --size 120x40 --db /tmp/my-store

The setup is tests/perf/tui_bench_keys.py's (tests/perf/tui_trial.py: its store, its trial with a
hemoglobin criterion opened on that criterion, the criterion's field under the tree, the same cycle
of keys), but each key is posted as a terminal would send it (no Pilot waits) and the next one only
after the list holds its new result. Stamps, in ms from posting the key (medians over the keys):
- `typed` / `typed done`: the field's value changed and the trial screen re-matched, relabelled
  its tree and header inside the keystroke (CriterionFields._typed);
- `frame start` / `frame drawn`: the trial screen's first screen update after it (Screen.
  _on_timer_update) and the frame handed to the driver (whole screen or only changed lines);
- `pass start` / `pass end`: the list's re-match (ListMatcher.steps) on the app's loop;
- per key: garbage collections (ms spent, generation) and frames drawn, whole and partial, inside
  the window; "whole frames" should be 0 (a covered screen repainting the one on top did that:
  tui/covered.py);
- CPU time of the loop's thread (time.thread_time) from posting the key to the list's result
  (`total`, this tool's polling included), in the keystroke's own work (`typed`), in the
  trial screen's frames and in the list's pass (its steps; the collector, paused for the pass,
  runs again only once the app is idle after the verdicts: tui/screens/main.py):
  on this shared machine the wall-clock stamps above move with the other processes' load (the
  scheduler takes the core away for ~4 ms at a time), CPU time much less.
This is a diagnosis tool: it wraps private Textual methods to stamp them; figures for the issue
come from tui_bench / tui_compare.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.perf.bench import base_records
from tests.perf.tui_trial import CYCLE, build_store, hemoglobin_field, hemoglobin_trial, open_on_criterion

Stamps = list[tuple[str, float]]


def _wrap(cls: Any, name: str, before: Callable[[Any], None], after: Callable[[Any], None]) -> None:
    original = getattr(cls, name)

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        before(self)
        try:
            return original(self, *args, **kwargs)
        finally:
            after(self)

    setattr(cls, name, wrapped)


def instrument(stamps: Stamps) -> None:
    from textual.screen import Screen

    from trialview.model.matching.list import ListMatcher
    from trialview.tui.widgets.criterion_fields import CriterionFields

    def stamp(name: str) -> Callable[[Any], None]:
        return lambda _self: stamps.append((name, time.perf_counter()))

    def cpu(name: str) -> tuple[Callable[[Any], None], Callable[[Any], None]]:
        began: list[float] = []
        return (lambda _self: began.append(time.thread_time()),
                lambda _self: stamps.append((name, time.thread_time() - began.pop())))

    typed_cpu, frame_cpu = cpu("cpu typed"), cpu("cpu frame")
    _wrap(CriterionFields, "_typed", lambda s: (stamp("typed")(s), typed_cpu[0](s)),
          lambda s: (typed_cpu[1](s), stamp("typed done")(s)))
    _wrap(Screen, "_on_timer_update", lambda s: (stamp("frame start")(s), frame_cpu[0](s)), frame_cpu[1])
    steps = ListMatcher.steps

    def stamped_steps(self: ListMatcher, panel: Any) -> Any:
        stamps.append(("pass start", time.perf_counter()))
        inner, spent = steps(self, panel), 0.0
        try:
            while True:     # yield from, with the CPU time of each step counted
                began = time.thread_time()
                try:
                    next(inner)
                except StopIteration as done:
                    stamps.append(("cpu pass", spent + time.thread_time() - began))
                    stamps.append(("pass end", time.perf_counter()))
                    return done.value
                spent += time.thread_time() - began
                yield
        finally:
            inner.close()

    ListMatcher.steps = stamped_steps  # type: ignore[method-assign]  # a stamp around the pass
    started: list[float] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            stamps.append((f"gc{info['generation']}", time.perf_counter() - started[0]))

    gc.callbacks.append(collected)


async def timeline(db: Path, trial_id: str, node_id: str, size: tuple[int, int], keys: int) -> list[Stamps]:
    from textual import events

    from trialview.store import Store
    from trialview.tui.app import make_app

    stamps: Stamps = []
    instrument(stamps)
    app = make_app(Store(db))
    display = app._display

    def drawn(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:      # Textual's LayoutUpdate: the whole screen
            whole = type(renderable).__name__ == "LayoutUpdate"
            stamps.append(("whole frame" if whole else "frame drawn", time.perf_counter()))

    app._display = drawn  # type: ignore[method-assign]  # stamps each frame
    per_key: list[Stamps] = []
    async with app.run_test(size=size) as pilot:
        screen, _, _ = await open_on_criterion(app, pilot, trial_id, node_id)
        await hemoglobin_field(app, pilot, screen)
        matcher = app.list_matcher()
        for index, key in enumerate((CYCLE * (keys // len(CYCLE) + 2))[: len(CYCLE) + keys]):
            listed = matcher.results.get(trial_id)
            await pilot.pause(0.05)
            stamps.clear()
            t0, cpu0 = time.perf_counter(), time.thread_time()
            app.post_message(events.Key(key, None if key == "backspace" else key))
            while matcher.results.get(trial_id) is listed:
                await asyncio.sleep(0.0005)
            end, cpu = time.perf_counter(), time.thread_time() - cpu0
            if index >= len(CYCLE):
                per_key.append([(n, t * 1e3 if n.startswith(("gc", "cpu")) else (t - t0) * 1e3) for n, t in stamps]
                               + [("list updated", (end - t0) * 1e3), ("cpu total", cpu * 1e3)])
            await app.workers.wait_for_complete()
    return per_key


def report(per_key: list[Stamps]) -> None:
    order = ["typed", "typed done", "frame start", "frame drawn", "pass start", "pass end", "list updated"]
    print(f"{len(per_key)} keys; ms from posting the key (median [min-max]):")
    for name in order:
        firsts = [next(t for n, t in key if n == name) for key in per_key if any(n == name for n, _ in key)]
        if firsts:
            print(f"  {name:14s} {statistics.median(firsts):7.1f} [{min(firsts):.1f}-{max(firsts):.1f}]  (n={len(firsts)})")
    end = {id(k): next(t for n, t in k if n == "list updated") for k in per_key}
    for label, pick in (("whole frames", "whole frame"), ("partial frames", "frame drawn")):
        counts = [sum(1 for n, t in k if n == pick and t <= end[id(k)]) for k in per_key]
        print(f"  {label} before the list's result, per key: median {statistics.median(counts)}, max {max(counts)}")
    gcs = [sum(t for n, t in k if n.startswith("gc")) for k in per_key]
    print(f"  garbage collection per key (ms): median {statistics.median(gcs):.1f}, max {max(gcs):.1f}")
    for name in ("cpu typed", "cpu frame", "cpu pass", "cpu total"):
        spent = [sum(t for n, t in k if n == name and t) for k in per_key]
        print(f"  {name[4:]}: CPU time per key up to the list's result (ms, thread time): "
              f"median {statistics.median(spent):.2f} [{min(spent):.2f}-{max(spent):.2f}]")


def per_key_figures(per_key: list[Stamps]) -> dict[str, list[float]]:
    """Each key's figures by name (ms): its first stamp of each event, its summed CPU times (the
    loop's thread, `cpu total` from posting the key to the list's result, this tool's polling
    included) and garbage collections; tests/perf/tui_compare.py --timeline compares them."""
    out: dict[str, list[float]] = {}
    for key in per_key:
        for name in ("frame drawn", "pass start", "pass end", "list updated"):
            first = next((t for n, t in key if n == name), None)
            if first is not None:
                out.setdefault(name, []).append(first)
        for name in ("cpu typed", "cpu frame", "cpu pass", "cpu total"):
            out.setdefault(name, []).append(sum(t for n, t in key if n == name))
        out.setdefault("gc", []).append(sum(t for n, t in key if n.startswith("gc")))
    return out


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--db", type=Path, help="an existing store (else one is built)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="trialview-timeline-"))
    try:
        db = args.db or build_store(args.trials, base_records(), work)
        trial_id, node_id = hemoglobin_trial(db)
        width, height = (int(x) for x in args.size.split("x"))
        load = os.getloadavg()[0]
        report(asyncio.run(timeline(db, trial_id, node_id, (width, height), args.keys)))
        print(f"  load average (1 min) at start / end: {load:.2f} / {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
