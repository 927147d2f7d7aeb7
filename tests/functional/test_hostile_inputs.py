"""Hostile and unlucky inputs (issue 12 items 9, 10, 12, 14, 15): bad panel files, a bad file in
a parse batch, planted worksheet names, trial ids that are paths, bidirectional controls."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.functional.tui_helpers import TODAY, app_for, fresh_store, settle, sync
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.text import strip_controls
from trialview.model.trial import Trial
from trialview.model.worksheet import worksheet_markdown
from trialview.store import Store
from trialview.store.files import write_private_new
from trialview.tui.widgets.trial_list import TrialList

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_trials"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def run(*args: str, db: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIALVIEW_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "trialview.tui.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store")
    assert run("import", str(SAMPLES), db=path).returncode == 0
    return path


# --- item 9: bad panel files ----------------------------------------------------------------

def _panels(folder: Path) -> dict[str, Path]:
    deep = folder / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    digits = folder / "digits.json"
    digits.write_text('{"values": {"age": ' + "9" * 5000 + "}}")
    big = folder / "big.json"
    big.write_text('{"values": {"age": 40}, "label": "' + "x" * (1024 * 1024) + '"}')
    fifo = folder / "fifo.json"
    os.mkfifo(fifo)
    return {"deep": deep, "digits": digits, "big": big, "fifo": fifo, "zero": Path("/dev/zero")}


@pytest.mark.parametrize("kind", ["deep", "digits", "big", "fifo", "zero"])
def test_a_bad_panel_file_is_one_line_naming_it(db: Path, tmp_path: Path, kind: str) -> None:
    path = _panels(tmp_path)[kind]
    result = run("match", "--patient", str(path), db=db, timeout=30)   # a FIFO must not hang
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0], result.stderr[-500:]


def test_a_panel_with_a_utf8_byte_order_mark_is_read(db: Path, tmp_path: Path) -> None:
    panel = tmp_path / "bom.json"
    panel.write_bytes(b"\xef\xbb\xbf" + json.dumps({"values": {"age": 40}}).encode())
    result = run("match", "--patient", str(panel), "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5


# --- item 10: one bad file in a parse batch -------------------------------------------------

def test_parse_json_over_a_folder_with_an_empty_file_prints_every_file(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Inclusion Criteria:\n- Age 18 years or older\n")
    empty = tmp_path / "b.txt"
    empty.write_text("  \n  ")
    other = tmp_path / "c.txt"
    other.write_text("Exclusion Criteria:\n- Pregnancy\n")
    result = run("parse", "--json", str(good), str(empty), str(other), db=tmp_path / "db")
    entries = json.loads(result.stdout)
    assert [e["path"] for e in entries] == [str(good), str(empty), str(other)]
    assert entries[1]["criteria"] == [] and "empty" in entries[1]["error"]
    assert entries[0]["criteria"] and entries[2]["criteria"]
    assert "error" not in entries[0] and "error" not in entries[2]


# --- item 12: worksheets are new files, 0600 ------------------------------------------------

def test_write_private_new_never_writes_through_a_planted_file_or_link(tmp_path: Path) -> None:
    wanted = tmp_path / "worksheet-NCT06801119-bed12-2026-11-22.md"
    wanted.write_text("planted")
    os.chmod(wanted, 0o666)
    target = tmp_path / "attacker.txt"
    target.write_text("")
    wanted.with_name("worksheet-NCT06801119-bed12-2026-11-22-2.md").symlink_to(target)
    written = write_private_new(wanted, "patient values")
    assert written == tmp_path / "worksheet-NCT06801119-bed12-2026-11-22-3.md"
    assert written.read_text() == "patient values"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert wanted.read_text() == "planted" and target.read_text() == ""


@sync
async def test_the_worksheet_key_leaves_a_planted_file_alone(sample_store_template, tmp_path):
    store = fresh_store(sample_store_template, tmp_path)
    planted = tmp_path / f"worksheet-NCT06801119-patient-{TODAY.isoformat()}.md"
    planted.write_text("planted")
    os.chmod(planted, 0o666)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        trial, tree = store.get("NCT06801119"), store.tree("NCT06801119")
        app.write_worksheet(trial, tree, None)
        await pilot.pause()
        await pilot.press("enter")          # the dialog's suggested path: the planted name
        await pilot.pause()
        assert planted.read_text() == "planted"
        written = app.last_worksheet
        assert written != planted and written.read_text().startswith("# Screening worksheet: NCT06801119")
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


# --- item 14: trial ids ---------------------------------------------------------------------

def _study(nct_id: str, title: str = "A trial") -> dict[str, object]:
    return {"protocolSection": {
        "identificationModule": {"nctId": nct_id, "briefTitle": title},
        "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Age 18 years or older\n"}}}


def test_a_record_whose_id_is_a_path_is_refused_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "evil.json"
    bad.write_text(json.dumps(_study("NCT1/../../x")))
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_study("NCT01234567")))
    result = run("import", str(bad), str(good), db=tmp_path / "db")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "evil.json" in line]
    assert len(lines) == 1 and "NCT" in lines[0]
    stored = [s.trial_id for s in Store(tmp_path / "db").list()]
    assert stored == ["NCT01234567"]


def test_the_store_refuses_an_id_that_is_not_a_trial_id(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    with pytest.raises(ValueError):
        store.add_trials([Trial(trial_id="../../x", title="t")])
    assert store.list() == []


# --- item 15: bidirectional controls --------------------------------------------------------

def test_strip_controls_removes_every_bidi_control() -> None:
    assert strip_controls(f"Lupus{BIDI} trial") == "Lupus trial"


def _bidi_store(folder: Path) -> Store:
    store = Store(folder)
    # Stored as is (not through a reader that cleans it): what an older store may hold.
    store.add_trials([Trial(trial_id="NCT01234567", title="Safe \u202eevil\u202c trial\u2066x\u2069",
                            inclusion_text="Age 18 years or older")])
    return store


def test_bidi_controls_never_reach_the_cli_or_the_worksheet(tmp_path: Path) -> None:
    store = _bidi_store(tmp_path / "db")
    listed = run("list", db=tmp_path / "db")
    shown = run("show", "NCT01234567", db=tmp_path / "db")
    for output in (listed.stdout, shown.stdout):
        assert "Safe evil trialx" in output
        assert not any(c in output for c in BIDI)
    as_json = run("list", "--json", db=tmp_path / "db").stdout
    assert not any(c in as_json for c in BIDI)             # escaped: \u202e, the data intact
    assert json.loads(as_json)[0]["title"].startswith("Safe \u202eevil")
    trial, tree = store.get("NCT01234567"), store.tree("NCT01234567")
    panel = parse_panel({"values": {"age": 40}})
    sheet = worksheet_markdown(trial, tree, match_trial(trial.trial_id, trial.title, tree, panel), panel)
    assert not any(c in sheet for c in BIDI)


@sync
async def test_bidi_controls_never_reach_the_app_screen(tmp_path):
    app = app_for(_bidi_store(tmp_path / "db"), tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        cell = app.screen.query_one(TrialList).get_cell("NCT01234567", "title").plain
        assert "Safe evil trialx" in cell
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Safe evil trialx" in screen and not any(c in screen for c in BIDI)


def test_parse_reads_standard_input_within_the_file_bound(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import gc
    import io

    from trialview.store import importing
    from trialview.tui.cli import main

    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Inclusion Criteria: age 18 or older. " * 10))
    try:
        code = main(["parse", "--json", "-"])
    finally:
        gc.enable()
    entries = json.loads(capsys.readouterr().out)
    assert code == 1 and len(entries) == 1
    assert entries[0]["path"] == "-" and entries[0]["criteria"] == [] and "too large" in entries[0]["error"]
