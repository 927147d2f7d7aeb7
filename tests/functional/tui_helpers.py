"""Shared by the TUI's pilot and snapshot tests: a store with the sample trials, a fixed date."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import shutil
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input
from textual.worker import WorkerCancelled

from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from trialview.store import Store
from trialview.tui.app import fill_with_samples, make_app
from trialview.tui.screens.panel import PanelScreen
from trialview.tui.screens.trial import TrialScreen

TODAY = dt.date(2026, 11, 22)      # snapshots must not depend on the clock
SEED = "NCT06801119"               # the seed trial with "Hb ≥80g/L"


def build_template(folder: Path) -> Path:
    store = Store(folder)
    fill_with_samples(store)
    store.close()
    return folder


def fresh_store(template: Path, tmp_path: Path) -> Store:
    target = tmp_path / "store"
    shutil.copytree(template, target)
    return Store(target)


def app_for(store: Store, tmp_path: Path, **kwargs):
    return make_app(store, today=TODAY, export_dir=tmp_path, **kwargs)


CHARS = {"full_stop": ".", "space": " ", "minus": "-", "tab": "\t", "enter": "\r", "escape": "\x1b"}


def burst(app: Any, *keys: str) -> None:
    """Keys posted all at once, before the app reads any of them (a burst over SSH)."""
    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else key[-1] if key.startswith("alt+") else None)
        app.post_message(events.Key(key, char))


def node_reading(tree: CriteriaTree, variable: str) -> CriterionNode:
    """The first criterion node with a check of `variable` (however the parser nests it)."""
    for node in tree.walk():
        if any(c.variable == variable for c in node.checks):
            return node
    raise AssertionError(f"no criterion reads {variable}")


# A burst's keys still held after this long: the test fails here rather than hang.
KEYS_SETTLE_S = 120.0


async def keys_settled(app: Any) -> None:
    """Wait until every key posted so far has acted. The app holds each key until the one
    before it has travelled its whole way (tui/keys.py), outside any widget's queue: on a loaded
    machine Pilot's pause found the queues empty and the process idle (waiting for a core) with
    half a burst still held, and the test read the form before those keys were typed."""
    await _app_turn(app)
    try:
        await asyncio.wait_for(app._keys.until_settled(), KEYS_SETTLE_S)
    except TimeoutError:
        raise AssertionError(f"keys still held after {KEYS_SETTLE_S:.0f} s") from None


async def _app_turn(app: Any) -> None:
    """One turn of the app's queue: the keys posted to it before now are taken."""
    turned = asyncio.Event()
    if app.call_later(turned.set):
        await turned.wait()


async def settle(pilot) -> None:
    """Let the keys posted so far act, the list's matching worker finish and its results land
    on screen."""
    await pilot.pause()
    await keys_settled(pilot.app)
    for _ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:     # a later edit replaced it (exclusive workers): wait for that one
            await pilot.pause()
    await pilot.pause()


def sync(test):
    """Run an async test body on its own event loop (no async pytest plugin is a dependency)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


HOSTILE_ID = "NCT09999999"
HOSTILE = "[bold]Evil[/] trial [@click=app.quit]"


def hostile_study_file(folder: Path) -> Path:
    """A ClinicalTrials.gov v2 study whose title and criteria are Textual/Rich markup."""
    import json

    study = {"protocolSection": {
        "identificationModule": {"nctId": HOSTILE_ID, "briefTitle": HOSTILE},
        "statusModule": {"overallStatus": "RECRUITING"},
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": "[red]Sponsor[/]"}},
        "conditionsModule": {"conditions": ["Lupus [@click=app.quit]"]},
        "eligibilityModule": {"eligibilityCriteria":
            "Inclusion Criteria:\n\n* Hb >= 80 g/L [bold]now[/]\n* Consent [@click=app.quit] given\n\n"
            "Exclusion Criteria:\n\n* Pregnant [/] or [link=http://x]lactating[/link]\n"},
    }}
    path = folder / "hostile.json"
    path.write_text(json.dumps(study), encoding="utf-8")
    return path


async def open_trial_screen(pilot: Any, trial_id: str = SEED) -> TrialScreen:
    """The trial screen of `trial_id`, opened as the list's Enter opens it, settled."""
    await settle(pilot)
    pilot.app.open_trial(trial_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrialScreen)
    return screen


async def open_on_reader(pilot: Any, variable: str, trial_id: str = SEED) -> TrialScreen:
    """The trial screen of `trial_id` on its first criterion that reads `variable`, settled."""
    screen = await open_trial_screen(pilot, trial_id)
    screen.tree_view().select_id(node_reading(screen.criteria, variable).id)
    await settle(pilot)
    return screen


async def open_on_field(pilot: Any, variable: str, trial_id: str = SEED) -> tuple[TrialScreen, Input]:
    """The trial screen of `trial_id` on its first criterion that reads `variable`, that field
    under the tree focused."""
    screen = await open_on_reader(pilot, variable, trial_id)
    field = screen.fields().first_input(variable)
    assert field is not None
    field.focus()
    await pilot.pause()
    return screen, field


async def open_full_form(pilot: Any) -> PanelScreen:
    """F2 from the list: the full patient form."""
    await settle(pilot)
    await pilot.press("f2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PanelScreen)
    return screen
