"""The store under failure and in shared folders (issue 12): crashes between renames, full
disks, leftovers of killed runs, planted temp files and links, recover run twice, --db file."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials
from trialview.store import Store, StoreDamaged
from trialview.store.recovery import damaged_files, recover
from trialview.store.store import shard_name

SAMPLES = Path(__file__).resolve().parents[2] / "sample_trials"


def _trials():
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        out.extend(parse_trials(path.read_text(encoding="utf-8"), name=path.name))
    return out


class SimulatedCrash(BaseException):
    """The process dies here: nothing after it runs (not even `except Exception`)."""


def _crash_on_nth_replace(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == n:
            raise SimulatedCrash()
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


# --- item 4: a save never leaves the live name missing --------------------------------------

@pytest.mark.parametrize("crash_at", [1, 2, 3, 4, 5, 6])
def test_a_crash_at_any_rename_of_a_save_leaves_every_store_file_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: int) -> None:
    store = Store(tmp_path / "db")
    first = _trials()[0]
    store.add_trials([first])
    # re-importing rewrites the trial's shard, its tree shard and the index: two renames each
    _crash_on_nth_replace(monkeypatch, crash_at)
    with pytest.raises(SimulatedCrash):
        store.add_trials([first])
    monkeypatch.undo()
    for kind in ("trials", "trees"):
        live = tmp_path / "db" / kind / shard_name(first.trial_id)
        assert live.exists(), f"{kind}/{live.name} left missing"
    reopened = Store(tmp_path / "db")
    tree = reopened.tree(first.trial_id)
    assert tree is not None and list(tree.walk())


def test_a_file_missing_beside_its_backup_is_damage_and_recover_restores_it(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = Store(db)
    trial = _trials()[0]
    store.add_trials([trial])
    store.add_trials([trial])            # a second write: the tree shard has a .bak
    store.close()
    live = db / "trees" / shard_name(trial.trial_id)
    os.replace(live, live.with_name(live.name + ".bak"))   # what an old save killed mid-way left
    with pytest.raises(StoreDamaged) as caught:
        Store(db)
    assert caught.value.path == live and "backup" in caught.value.reason
    assert damaged_files(db) == [live]
    actions = recover(db)
    assert any("restored" in line for line in actions)
    tree = Store(db).tree(trial.trial_id)
    assert tree is not None and list(tree.walk())


# --- item 5: recover never destroys what it set aside ---------------------------------------

def test_recover_twice_in_the_same_second_keeps_both_damaged_copies(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = Store(db)
    store.add_trials(_trials()[:1])
    store.add_trials(_trials()[1:2])
    store.close()
    index = db / "index.json"
    index.write_bytes(b"first damage {")
    recover(db)
    index.write_bytes(b"second damage [")
    recover(db)
    kept = sorted(p.read_bytes() for p in db.iterdir() if p.name.startswith("index.json.damaged-"))
    assert kept == [b"first damage {", b"second damage ["]


def test_recover_killed_while_copying_leaves_no_empty_index(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "db"
    store = Store(db)
    store.add_trials(_trials()[:1])
    store.add_trials(_trials()[1:2])
    store.close()
    (db / "index.json").write_bytes(b"{ damaged")

    def killed_half_way(src, dst, *_a: object, **_k: object) -> None:  # type: ignore[no-untyped-def]
        if hasattr(dst, "write"):
            dst.write(src.read(10))
        else:
            Path(dst).write_bytes(Path(src).read_bytes()[:10])
        raise SimulatedCrash()

    import shutil
    monkeypatch.setattr(shutil, "copyfileobj", killed_half_way)
    monkeypatch.setattr(shutil, "copyfile", killed_half_way)
    with pytest.raises(SimulatedCrash):
        recover(db)
    monkeypatch.undo()
    # the live name holds the damaged file still (kept aside too), never a part of the copy
    assert (db / "index.json").read_bytes() == b"{ damaged"
    recover(db)
    assert _trials()[0].trial_id in {s.trial_id for s in Store(db).list()}


# --- item 6: leftovers of killed runs are removed at open, a live writer's are not ---------

def test_leftover_temp_files_of_killed_runs_are_removed_at_open(tmp_path: Path) -> None:
    db = tmp_path / "db"
    Store(db).add_trials(_trials()[:1])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    old_style = db / f".panels.json.{dead_pid}.tmp"
    new_style = db / "trials" / f".07.json.{dead_pid}.k2j_x9.tmp"
    for path in (old_style, new_style):
        path.write_text('{"panels": {"1": {"name": "bed 3"}}}')
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = db / f".index.json.{live.pid}.tmp"
        running.write_text("{}")
        Store(db)
        assert not old_style.exists() and not new_style.exists()
        assert running.exists(), "the temp file of a process still running was removed"
    finally:
        live.kill()
        live.wait()


# --- item 11: temporary files are created exclusively ---------------------------------------

def test_a_symlink_planted_at_the_old_temp_name_receives_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = Store(db)
    victim = tmp_path / "attacker-owned.txt"
    victim.write_text("")
    for name in ("panels.json", "index.json"):
        (db / f".{name}.{os.getpid()}.tmp").symlink_to(victim)
    store.save_panel("bed 12", parse_panel({"values": {"age": 57}}))
    store.add_trials(_trials()[:1])
    assert victim.read_text() == ""
    assert store.load_panel("bed 12") is not None


def test_every_written_file_is_private(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    store.add_trials(_trials()[:2])
    store.save_panel("bed 1", parse_panel({"values": {"age": 40}}))
    store.save_panel("bed 1", parse_panel({"values": {"age": 41}}))
    for path in (tmp_path / "db").rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


# --- item 2 (store side): a full disk leaves the store as it was ----------------------------

def test_a_full_disk_during_a_save_keeps_the_previous_store(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "db")
    store.save_panel("bed 1", parse_panel({"values": {"age": 40}}))

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        store.save_panel("bed 1", parse_panel({"values": {"age": 99}}))
    monkeypatch.undo()
    saved = Store(tmp_path / "db").load_panel("bed 1")
    assert saved is not None and saved.panel.value("age") == 40
    assert not [p for p in (tmp_path / "db").iterdir() if p.name.endswith(".tmp")]


# --- item 13: --db some.json in someone else's folder ---------------------------------------

def test_a_store_named_by_a_file_in_a_shared_folder_keeps_to_a_folder_of_its_own(tmp_path: Path) -> None:
    common = tmp_path / "common"
    common.mkdir()
    os.chmod(common, 0o1777)
    store = Store(common / "trials.json")
    store.save_panel("bed 1", parse_panel({"values": {"age": 40}}))
    assert stat.S_IMODE(common.stat().st_mode) == 0o1777
    assert sorted(p.name for p in common.iterdir()) == ["trials.json.d"]
    assert store.path == common / "trials.json.d"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o700


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    os.chmod(mine, 0o750)
    Store(mine)
    assert stat.S_IMODE(mine.stat().st_mode) == 0o750
    made = Store(tmp_path / "new" / "store")
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o700


def test_a_lock_file_planted_as_a_link_is_refused_not_truncated(tmp_path: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (db / ".lock").symlink_to(victim)
    with pytest.raises(StoreDamaged) as caught:
        Store(db)
    assert ".lock" in str(caught.value.path)
    assert victim.read_text() == "keep me"
