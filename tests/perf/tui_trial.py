"""The store and the open trial the TUI benchmarks share (tui_bench_keys, tui_timeline,
tui_compare, form_ask_bench): the store built as tests/perf/bench.py builds it, the trial whose
hemoglobin criterion every key of CYCLE flips, that trial opened on the criterion in a running
app and its hemoglobin field focused; a figure printed as median [min-max].
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from tests.perf.bench import replicate

HB = "hemoglobin"
CYCLE = ["1", "2", "backspace", "backspace"]    # g/dL: 10 g/L, 120 g/L, 10 g/L, empty


def fmt(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    if not values:
        return "n/a"
    v = [x * scale for x in values]
    return f"{statistics.median(v):.{digits}f} [{min(v):.{digits}f}-{max(v):.{digits}f}]"


def build_store(n: int, records, work: Path) -> Path:
    from trialview.store import Store
    from trialview.store.importing import import_paths

    folder, db = work / f"files{n}", work / f"db{n}"
    replicate(records, n, folder)
    report = import_paths(Store(db), [folder])
    assert not report.errors, report.errors[:3]
    return db


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


def find_tree_node(tree, node_id: str):
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.data is not None and getattr(node.data, "id", None) == node_id:
            return node
        stack.extend(node.children)
    raise AssertionError(f"no tree node {node_id}")


async def until(pilot, condition, timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await pilot.pause(0.01)


async def open_on_criterion(app: Any, pilot: Any, trial_id: str, node_id: str) -> tuple[Any, Any, Any]:
    """(trial screen, criteria tree, tree node): once the list holds its first verdicts, the trial
    opened as the list opens it and its criterion on screen as after "g" on it: its branches
    expanded, the cursor on it (branches below a section start collapsed, which would hide the
    line)."""
    from trialview.tui.screens.main import MainScreen
    from trialview.tui.widgets.trial_list import TrialList

    await until(pilot, lambda: isinstance(app.screen, MainScreen), 120, "the main screen")
    table = app.screen.query_one(TrialList)
    await until(pilot, lambda: table.row_count and len(table.results) >= table.row_count, 300,
                "the list's first verdicts")
    app.open_trial(trial_id)
    await until(pilot, lambda: getattr(app.screen, "id", None) == "trial" and app.screen.is_mounted,
                60, "the trial screen")
    screen = app.screen
    tree_widget = screen.query_one("#criteria")
    tree_node = find_tree_node(tree_widget, node_id)
    parent = tree_node.parent
    while parent is not None:
        parent.expand()
        parent = parent.parent
    await pilot.pause()
    tree_widget.move_cursor(tree_node)
    await pilot.pause()
    return screen, tree_widget, tree_node


async def hemoglobin_field(app: Any, pilot: Any, screen: Any, where: str = "fields") -> Any:
    """The open trial's hemoglobin Input, its unit set to g/dL, focused, the app's workers done:
    in the criterion's fields under the tree, or (`where="form"`) in the full form F2 opens."""
    from textual.widgets import Input, Select

    if where == "form":
        await pilot.press("f2")                 # the full form (replaces the tree when narrow)
        await pilot.pause()
        field = screen.query_one(f"#trial-form #input-{HB}", Input)
        screen.query_one(f"#trial-form #unit-{HB}", Select).value = "g/dL"
    else:                                       # the criterion's fields, under the tree
        await until(pilot, lambda: HB in screen.fields().shown, 10, "the criterion's fields")
        field = screen.fields().query_one(f"#input-{HB}", Input)
        screen.fields().query_one(f"#unit-{HB}", Select).value = "g/dL"
    field.focus()
    await pilot.pause()
    await app.workers.wait_for_complete()
    return field
