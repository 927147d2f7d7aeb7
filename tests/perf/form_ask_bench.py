"""The patient form's Enter (issue 13): Enter -> the next asked field focused, at 2,000 trials.

    python -m tests.perf.form_ask_bench                 # 2,000 trials, 20 Enters
    python -m tests.perf.form_ask_bench --sizes 200     # a quick run

The store is built as tests/perf/tui_trial.py builds it (`base_records` + `replicate` +
`import_paths`). In process, `App.run_test(size=(80, 24))`: the list settles (verdicts and its
"Ask next" line), F2 opens the form on the first question; then the newcomer's path of
tests/functional/newcomer_script.py: for each question, the patient's value typed if known
(else nothing), then Enter, all posted at once as a burst over SSH would arrive. Time zero is
just before the Enter is posted (the value's keys before it are already posted); the figure is
when the focus has moved to the next question's field (a 1 ms poll of `app.focused`): Enter
waited for the typed keys, committed the field, waited for the list's worker to re-match and
weigh the draft as it now stands, and focused what ask next asks. After a value typed, the
worker has the new value to match and weigh; after a pass (Enter in an empty field) the draft
is the same and only the ranking changes. Each Enter is measured after the previous one settled.
A wait cut at the form's bound (ASK_WAIT_S) falls back to the next field in the form's order:
counted apart. Medians, [min-max].
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.perf.bench import base_records, machine, print_report
from tests.perf.tui_trial import build_store, fmt


def _routine_done(app: Any) -> bool:
    status = app.screen.query("#ask-status")
    return bool(status) and str(status.first().render()).startswith("Routine questions done")


async def _measure(db: Path, enters: int) -> tuple[list[float], list[float], int]:
    from textual.widgets import Input

    from tests.functional.bedside_script import Screener
    from tests.functional.newcomer_script import KEY_CHARS, nothing_left
    from tests.functional.tui_helpers import settle
    from trialview.store import Store
    from trialview.tui.app import make_app
    from trialview.tui.screens.panel import ASK_WAIT_S, PanelScreen

    app = make_app(Store(db), no_save=True)
    typed: list[float] = []
    passed: list[float] = []
    cut = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(600):                    # the list's first weighing of every trial
            if getattr(app.screen, "ask", None) is not None:
                break
            await asyncio.sleep(0.05)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen)
        who = Screener()
        while len(typed) + len(passed) < enters and not nothing_left(app, None):
            if _routine_done(app):      # go on to the rare questions too (not timed)
                app.post_message(_key("enter", None))
                await settle(pilot)
            field = app.focused
            assert isinstance(field, Input), field
            value = who.value_for(field)
            if value:
                who.mark(field)
            for char in value or "":
                key = next((k for k, c in KEY_CHARS.items() if c == char), char)
                app.post_message(_key(key, char))
            start = time.perf_counter()
            app.post_message(_key("enter", None))
            moved = await _focus_moves(app, field, 10.0)
            if moved is None:
                break
            (typed if value else passed).append(moved - start)
            if moved - start >= ASK_WAIT_S:
                cut += 1
            await settle(pilot)
    return typed, passed, cut


def _key(key: str, char: str | None) -> Any:
    from textual import events

    return events.Key(key, char)


async def _focus_moves(app: Any, field: Any, timeout: float) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if app.focused is not field:
            return time.perf_counter()
        await asyncio.sleep(0.001)
    return None         # stayed: a value that does not read, or nothing left to ask


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000", help="comma-separated trial counts (files replicated)")
    parser.add_argument("--enters", type=int, default=20, help="Enters measured")
    args = parser.parse_args(argv)
    records = base_records()
    report: dict[str, str] = {"machine": machine()}
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="trialview-form-ask-bench-"))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            db = build_store(n, records, work)
            typed, passed, cut = asyncio.run(_measure(db, args.enters))
            both = typed + passed
            report[f"{n} trials: Enter -> next asked field focused, ms (n={len(both)})"] = fmt(both, 1000, 1)
            report[f"{n} trials:   after a value typed (n={len(typed)})"] = fmt(typed, 1000, 1)
            report[f"{n} trials:   after a pass, Enter in an empty field (n={len(passed)})"] = fmt(passed, 1000, 1)
            report[f"{n} trials:   waits cut at the bound (next field in form order)"] = str(cut)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load average (1 min) at start / end"] = f"{load[0]:.2f} / {os.getloadavg()[0]:.2f}"
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
