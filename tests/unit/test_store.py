"""The store: trials in, trials out, re-import in place, panels private, schema recorded."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from model.panel import parse_panel
from model.sources import parse_trials
from store import SCHEMA_VERSION, Store, StoreDamaged

SAMPLES = Path(__file__).resolve().parents[2] / "sample_trials"


def _seed_trials():
    trials = []
    for path in sorted(SAMPLES.glob("*.txt")):
        trials.extend(parse_trials(path.read_text(encoding="utf-8"), name=path.name))
    return trials


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


def test_add_list_get_and_search(store: Store) -> None:
    trials = _seed_trials()
    result = store.add_trials(trials)
    assert [created for _, created in result] == [True] * 5
    listed = store.list()
    assert {s.trial_id for s in listed} == {t.trial_id for t in trials}
    hn = store.get("NCT06801119")
    assert hn is not None and hn.enrollment == 9
    assert [s.trial_id for s in store.search("car-nk")] == ["NCT06421701"]
    assert {s.trial_id for s in store.search("lupus")} == {t.trial_id for t in trials}
    assert store.search("no-such-word") == []


def test_reimport_updates_in_place(store: Store) -> None:
    trials = _seed_trials()
    store.add_trials(trials)
    changed = trials[0].model_copy(update={"status": "Completed"})
    result = store.add_trials([changed])
    assert result == [(changed.trial_id, False)]
    assert store.count() == 5
    assert store.get(changed.trial_id).status == "Completed"
    assert next(s for s in store.list() if s.trial_id == changed.trial_id).status == "Completed"


def test_tree_is_parsed_once_at_import_and_kept(store: Store) -> None:
    store.add_trials(_seed_trials())
    tree = store.tree("NCT06801119")
    assert tree is not None
    assert [s.id for s in tree.sections] == ["inc", "exc"]
    assert "hemoglobin" in tree.variables()


def test_schema_version_is_recorded(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    index = json.loads((store.path / "index.json").read_text())
    assert index["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_newer_schema_is_refused_with_a_reason(tmp_path: Path) -> None:
    Store(tmp_path / "s").close()
    index = tmp_path / "s" / "index.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    index.write_text(json.dumps(data))
    with pytest.raises(StoreDamaged, match="newer trialview"):
        Store(tmp_path / "s")


def test_panels_save_load_rename_delete_and_are_private(store: Store) -> None:
    panel = parse_panel({"label": "bed 12", "as_of": "2026-11-22",
                         "values": {"hemoglobin": {"value": 9.5, "unit": "g/dL"}},
                         "screening": {"NCT06801119": {"inc-8": "met"}}})
    store.save_panel("bed 12", panel)
    loaded = store.load_panel("bed 12")
    assert loaded is not None
    assert loaded.panel.value("hemoglobin") == 95.0
    assert loaded.panel.decision("NCT06801119", "inc-8") == "met"
    store.rename_panel("bed 12", "bed 14")
    assert [name for name, _ in store.list_panels()] == ["bed 14"]
    with pytest.raises(ValueError):
        store.save_panel("  ", panel)
    assert store.delete_panel("bed 14")
    assert store.list_panels() == []
    mode = stat.S_IMODE(os.stat(store.path / "panels.json").st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o700


def test_saving_a_panel_does_not_rewrite_trials(store: Store) -> None:
    store.add_trials(_seed_trials())
    before = (store.path / "trials.json").stat().st_mtime_ns, (store.path / "index.json").stat().st_mtime_ns
    store.save_panel("bed 1", parse_panel({"values": {"age": 40}}))
    after = (store.path / "trials.json").stat().st_mtime_ns, (store.path / "index.json").stat().st_mtime_ns
    assert before == after


def test_a_json_path_names_the_store_folder(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    assert store.path == tmp_path


def test_write_leaves_no_temp_file_and_keeps_a_backup(store: Store) -> None:
    store.add_trials(_seed_trials()[:1])
    store.add_trials(_seed_trials()[1:2])
    names = sorted(p.name for p in store.path.iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert "index.json.bak" in names
