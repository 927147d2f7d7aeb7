"""trialview TUI benchmark, keystroke latency (run by tests/perf/tui_bench.py, which builds the
store; tests/perf/tui_compare.py runs `keystrokes` against another commit's app).

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

import asyncio
import re
import time
from pathlib import Path

from tests.perf.tui_trial import CYCLE, fmt, hemoglobin_field, hemoglobin_trial, open_on_criterion

KEY_TIMEOUT_S = 30.0
_ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


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


async def keystrokes(db: Path, trial_id: str, node_id: str, size: tuple[int, int],
                     keys: int, where: str = "fields") -> tuple[dict[str, list[float]], bool]:
    """Seconds from each measured keystroke to each event (see the module docstring), and
    whether the criteria tree is on screen beside the form."""
    from textual.widgets import Static

    from trialview.store import Store
    from trialview.tui.app import make_app

    app = make_app(Store(db))
    frames = FrameLog(app)
    out: dict[str, list[float]] = {k: [] for k in ("echo", "header", "tree", "tree_state", "list", "press",
                                                   "layouts", "tree_after_echo")}
    async with app.run_test(size=size) as pilot:
        screen, tree_widget, tree_node = await open_on_criterion(app, pilot, trial_id, node_id)
        field = await hemoglobin_field(app, pilot, screen, where)
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
