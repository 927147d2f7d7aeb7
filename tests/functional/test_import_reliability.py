"""Imports that meet a slow file, a full disk or many files at once (issue 12 items 2, 3, 7)."""

from __future__ import annotations

import errno
import os
import gc
import time
from pathlib import Path

import pytest

from tests.functional.tui_helpers import app_for, fresh_store, settle, sync
from trialview.store import Store, import_workers, importing, storage
from trialview.tui.cli import main
from trialview.tui.widgets.trial_list import TrialList

SAMPLE = Path(__file__).resolve().parents[2] / "sample_trials" / "000_cc9c7aa6d262c8f4.txt"
SAMPLE_ID = "NCT06801119"


def _copies(folder: Path, count: int, first: int = 0) -> list[Path]:
    """`count` small trial pages, each its own trial (its own NCT number)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    out = []
    for n in range(first, first + count):
        path = folder / f"trial{n:03d}.txt"
        path.write_text(text.replace(SAMPLE_ID, f"NCT0900{n:04d}"), encoding="utf-8")
        out.append(path)
    return out


def _cli(argv: list[str]) -> int:
    try:
        return main(argv)
    finally:
        gc.enable()          # main() pauses the collector for a one-shot command


_real_prepare = importing._prepare


def _slow_when_named_slow(path: str) -> importing.FileOutcome:
    if "slow" in Path(path).name:
        time.sleep(120)      # a file the reader never finishes: only a kill ends it
    return _real_prepare(path)


def test_a_file_past_its_time_bound_is_reported_and_the_others_are_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    good = _copies(tmp_path / "in", 5)
    slow = tmp_path / "in" / "slow.txt"
    slow.write_text(good[0].read_text())
    monkeypatch.setattr(importing, "_prepare", _slow_when_named_slow)
    monkeypatch.setattr(import_workers, "FILE_TIME_LIMIT_S", 1.0)
    started = time.monotonic()
    code = _cli(["--db", str(tmp_path / "db"), "import", *map(str, good[:2]), str(slow), *map(str, good[2:])])
    assert time.monotonic() - started < 60, "the import waited for the slow file"
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if "slow.txt" in line]
    assert len(lines) == 1 and "longer than 1 s" in lines[0]
    stored = {s.trial_id for s in Store(tmp_path / "db").list()}
    assert stored == {f"NCT0900{n:04d}" for n in range(5)}


def test_import_on_a_full_disk_is_one_line_per_file_and_exit_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    files = _copies(tmp_path / "in", 3)
    Store(tmp_path / "db").close()           # the store existed before the disk filled up

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_temp_beside", full)
    code = _cli(["--db", str(tmp_path / "db"), "import", *map(str, files)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    err_lines = captured.err.splitlines()
    assert len(err_lines) == 3
    for path, line in zip(files, err_lines, strict=True):
        assert str(path) in line and "No space left on device" in line
    assert "0 trial(s) imported" in captured.out
    monkeypatch.undo()
    assert Store(tmp_path / "db").list() == []


@sync
async def test_the_app_imports_a_folder_of_120_files(sample_store_template, tmp_path):
    folder = tmp_path / "many"
    _copies(folder, 120)
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TrialList)
        before = len(table.shown)
        await pilot.press("i")
        await pilot.pause()
        for char in str(folder):
            await pilot.press(char)
        await pilot.press("enter")
        for _ in range(600):                 # the import runs in worker processes
            await pilot.pause(0.1)
            if any("Imported" in n.message for n in app._notifications):
                break
        await settle(pilot)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("Imported 120 trial(s)." in m for m in messages), messages
        assert len(table.shown) == before + 120


def _dies_when_named_dies(path: str) -> importing.FileOutcome:
    if "dies" in Path(path).name:
        os._exit(137)        # what the kernel's out-of-memory killer leaves: no reply at all
    return _real_prepare(path)


def test_a_reader_that_dies_costs_its_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _copies(tmp_path / "in", 3)
    dies = tmp_path / "in" / "dies.txt"
    dies.write_text(good[0].read_text())
    monkeypatch.setattr(importing, "_prepare", _dies_when_named_dies)
    store = Store(tmp_path / "db")
    report = importing.import_paths(store, [str(good[0]), str(dies), str(good[1]), str(good[2])])
    assert [(Path(p).name, "stopped" in e) for p, e in report.errors] == [("dies.txt", True)]
    assert {s.trial_id for s in store.list()} == {f"NCT0900{n:04d}" for n in range(3)}
