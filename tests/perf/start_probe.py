"""One cold start, timed from inside: run by tests/perf/tui_bench.py as a fresh subprocess.

    python tests/perf/start_probe.py trialview DB_FOLDER N
    python tests/perf/start_probe.py bare ROWS_JSON N

Runs the app headless at 80x24 and prints one JSON line of CLOCK_MONOTONIC instants (system-wide
on Linux, so the parent subtracts the instant it spawned this process):
- `main`: the first statement of this script ran (interpreter start-up done);
- `imported`: textual and the app's modules imported;
- `first`: the trial list (a DataTable on the current screen) holds a screenful of rows (as many
  as its height shows, or N if fewer); `first_painted`: the first frame the app hands to its
  (headless) driver while the list holds them, i.e. the first screenful on screen (seen by
  wrapping `app._display`, where a terminal driver writes a frame; the bare app adds every row
  before its first paint; trialview paints one screenful, then adds the rest in steps);
- `populated`: the trial list holds N rows; polled every 2 ms from a `set_interval` the probe
  starts (no app code is changed);
- `painted`: a `call_after_refresh` callback queued at `populated` ran, i.e. a screen refresh
  after the rows were added (in headless mode the frame is composed but not written);
- trialview only: `verdicts` (the list's `results` cover every row) and `verdicts_painted`;
- `rss_mb` (not an instant): the process's own peak resident memory (VmHWM), in MB.
The probe exits the app once it has everything it waits for.
"""

from __future__ import annotations

import time

T_MAIN = time.clock_gettime(time.CLOCK_MONOTONIC)

# After T_MAIN on purpose: the clock starts before any other import is paid for.
import json  # noqa: E402  # see above
import sys  # noqa: E402  # see above
from pathlib import Path  # noqa: E402  # see above

ROOT = Path(__file__).resolve().parents[2]
POLL_S = 0.002


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def bare_app(rows_path: str):
    """The same kinds of widgets as trialview's list screen, filled from a JSON file, nothing else."""
    from rich.text import Text
    from textual.app import App
    from textual.containers import Horizontal
    from textual.widgets import DataTable, Footer, Input, Select, Static

    class BareApp(App):
        CSS = """
        #header { height: 1; padding: 0 1; background: $panel; }
        #filters { height: 1; margin-bottom: 1; }
        #search { width: 1fr; }
        #status { width: 22; }
        #phase { width: 16; }
        #table { height: 1fr; }
        """

        def compose(self):
            yield Static("", id="header", markup=False)
            with Horizontal(id="filters"):
                yield Input(placeholder="/ search", id="search", compact=True)
                yield Select([], prompt="any status", id="status", compact=True)
                yield Select([], prompt="any phase", id="phase", compact=True)
            yield DataTable(id="table", cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            rows = json.loads(Path(rows_path).read_text(encoding="utf-8"))
            table = self.query_one(DataTable)
            for key, label, width in (("verdict", "Fit", 5), ("id", "Trial", 14), ("title", "Title", 30),
                                      ("status", "Status", 12), ("phase", "Phase", 9)):
                table.add_column(label, key=key, width=width)
            for column, select_id in ((3, "#status"), (4, "#phase")):
                values = sorted({r[column] for r in rows if r[column]})
                self.query_one(select_id, Select).set_options([(v, v) for v in values])
            for row in rows:
                table.add_row(*(Text(cell or "") for cell in row), key=row[1])
            self.query_one("#header", Static).update(f"{len(rows)} of {len(rows)} trials")
            table.focus()

    return BareApp()


def trialview_app(db: str):
    sys.path.insert(0, str(ROOT))
    from trialview.store import Store
    from trialview.tui.app import make_app

    return make_app(Store(db))


def main() -> int:
    kind, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    import textual.app  # noqa: F401  (counted in `imported` for both apps)

    if kind == "trialview":
        sys.path.insert(0, str(ROOT))
        import trialview.tui.app  # noqa: F401  (imported to be timed, as textual.app above)
        from trialview.tui.widgets.trial_list import TrialList as ListWidget
    else:
        from textual.widgets import DataTable as ListWidget
    marks: dict[str, float] = {"main": T_MAIN, "imported": now()}
    app = trialview_app(target) if kind == "trialview" else bare_app(target)
    marks["app_made"] = now()
    wanted = {"first", "first_painted", "populated", "painted"} | ({"verdicts", "verdicts_painted"} if kind == "trialview" else set())

    def mark(name: str) -> None:
        if name not in marks:
            marks[name] = now()
        if wanted <= marks.keys():
            app.exit()

    def check() -> None:
        try:
            tables = list(app.screen.query(ListWidget).results(ListWidget))
        except Exception:
            return
        if not tables:
            return
        table = tables[0]
        screenful = min(n, max(1, table.size.height - 1))     # rows under the column headers
        if "first" not in marks and table.size.height and table.row_count >= screenful:
            mark("first")
        if "populated" not in marks and table.row_count >= n:
            mark("populated")
            app.screen.call_after_refresh(mark, "painted")
        if kind == "trialview" and "verdicts" not in marks and table.row_count >= n:
            results = getattr(table, "results", {})
            if len(results) >= table.row_count and all(r in results for r in table.shown):
                mark("verdicts")
                app.screen.call_after_refresh(mark, "verdicts_painted")

    display = app._display

    def frame(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is None or app._batch_count or screen is not app.screen:
            return      # not written to a terminal either
        tables = list(screen.query(ListWidget).results(ListWidget))
        if tables and tables[0].size.height:
            rows = tables[0].row_count
            if "first_painted" not in marks and rows >= min(n, max(1, tables[0].size.height - 1)):
                mark("first_painted")

    app._display = frame

    async def probe(pilot) -> None:
        pilot.app.set_interval(POLL_S, check, name="start-probe")

    app.run(headless=True, size=(80, 24), auto_pilot=probe)
    marks["exited"] = now()
    # peak resident memory of the whole run (verdicts included for trialview), in MB
    print(json.dumps({**marks, "rss_mb": peak_rss_kb() / 1024}))
    return 0


def peak_rss_kb() -> int:
    """This process's own peak: VmHWM, which starts afresh at exec (as tests/perf/bench.py reads
    it). Not getrusage's ru_maxrss: Linux carries the parent's peak across fork and exec into a
    child's, so a bench that had built large stores printed its own size, not the app's."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):    # not Linux: ru_maxrss (KB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)


if __name__ == "__main__":
    sys.exit(main())
