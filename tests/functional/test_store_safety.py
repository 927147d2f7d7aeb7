"""Crash safety and concurrent writers, with real processes: kill -9 and two importers at once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.corpora import XML_DIR
from trialview.store import Store, StoreDamaged
from trialview.store.recovery import recover

ROOT = Path(__file__).resolve().parents[2]
XML = XML_DIR

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from trialview.model.panel import parse_panel
    from trialview.model.sources import parse_trials
    from trialview.store import Store
    store = Store(sys.argv[1])
    files = sorted(Path(sys.argv[2]).glob("*.xml"))
    n = 0
    while True:
        for path in files:
            store.add_trials(parse_trials(path.read_text(encoding="utf-8")))
            n += 1
            store.save_panel(f"bed {n % 7}", parse_panel({"values": {"age": 30 + n % 50}}))
            print(f"ack {path.stem} {n}", flush=True)
""")


def test_kill_9_at_any_moment_leaves_the_acknowledged_state(tmp_path: Path) -> None:
    db = tmp_path / "store"
    rng = random.Random(7)
    acknowledged: set[str] = set()
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(XML)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        # Wait for the first write: on a loaded machine the interpreter's start alone can take
        # longer than any fixed sleep, and a kill before any write tests nothing.
        first = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 1.0))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        out = first + out
        acknowledged |= {line.split()[1] for line in out.splitlines() if line.startswith("ack ")}
        store = Store(db)   # must open: no truncated or half-written file
        stored = {s.trial_id for s in store.list()}
        assert acknowledged <= stored
        if acknowledged:        # each "ack" follows a saved panel
            assert store.list_panels()
        store.close()
    assert len(acknowledged) > 0


CONCURRENT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from trialview.model.sources import parse_trials
    from trialview.store import Store
    store = Store(sys.argv[1])
    for name in sys.argv[2:]:
        store.add_trials(parse_trials(Path(name).read_text(encoding="utf-8")))
""")


def test_two_concurrent_importers_of_disjoint_files_keep_every_trial(tmp_path: Path) -> None:
    db = tmp_path / "store"
    files = sorted(str(p) for p in XML.glob("*.xml"))
    halves = files[::2], files[1::2]
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(db), *half], cwd=ROOT)
             for half in halves]
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    stored = {s.trial_id for s in Store(db).list()}
    assert stored == {Path(f).stem for f in files}


def test_a_damaged_store_is_reported_set_aside_and_restored_from_backup(tmp_path: Path) -> None:
    db = tmp_path / "store"
    store = Store(db)
    from trialview.model.sources import parse_trials
    store.add_trials(parse_trials((XML / "NCT00055081.xml").read_text()))
    store.add_trials(parse_trials((XML / "NCT00055354.xml").read_text()))
    store.close()
    index = db / "index.json"
    index.write_bytes(index.read_bytes()[:100])   # a truncated file
    try:
        Store(db).list()
        raise AssertionError("a truncated store opened silently")
    except StoreDamaged as exc:
        assert "index.json" in str(exc.path)
    actions = recover(db)
    assert any("kept aside" in a for a in actions)
    assert any(p.name.startswith("index.json.damaged-") for p in db.iterdir())
    # the backup is the state before the last write: the first trial is there
    assert "NCT00055081" in {s.trial_id for s in Store(db).list()}


def test_cli_names_a_damaged_store_without_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "store"
    Store(db).close()
    (db / "index.json").write_text("garbage{{{")
    env = {**os.environ, "TRIALVIEW_DB": str(db)}
    result = subprocess.run([sys.executable, "-m", "trialview.tui.cli", "list"], cwd=ROOT, env=env,
                            check=False, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "index.json" in result.stderr and "recover" in result.stderr
    result = subprocess.run([sys.executable, "-m", "trialview.tui.cli", "recover"], cwd=ROOT, env=env,
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0 and "kept aside" in result.stdout
    listed = subprocess.run([sys.executable, "-m", "trialview.tui.cli", "list", "--json"], cwd=ROOT, env=env,
                            check=False, capture_output=True, text=True)
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


def test_a_damaged_trial_shard_is_named_and_recovered(tmp_path: Path) -> None:
    from trialview.model.sources import parse_trials
    from trialview.store.store import shard_name

    db = tmp_path / "store"
    store = Store(db)
    store.add_trials(parse_trials((XML / "NCT00055081.xml").read_text()))
    store.add_trials(parse_trials((XML / "NCT00055081.xml").read_text()))   # a second write: a .bak
    shard = db / "trials" / shard_name("NCT00055081")
    shard.write_bytes(shard.read_bytes()[:50])
    env = {**os.environ, "TRIALVIEW_DB": str(db)}
    shown = subprocess.run([sys.executable, "-m", "trialview.tui.cli", "show", "NCT00055081"], cwd=ROOT, env=env,
                           check=False, capture_output=True, text=True)
    assert shown.returncode == 2 and "Traceback" not in shown.stderr
    assert shard.name in shown.stderr and "recover" in shown.stderr
    actions = recover(db)
    assert any(shard.name in a and "kept aside" in a for a in actions)
    assert Store(db).get("NCT00055081").nct_id == "NCT00055081"
