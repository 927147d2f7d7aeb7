"""The store: trials in, trials out, re-import in place, panels private, schema recorded."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from trialview.model.criteria import PARSER_VERSION, parse_criteria, parse_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials
from trialview.store import SCHEMA_VERSION, Store, StoreDamaged

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


def _trial_files(store: Store) -> dict[str, int]:
    files = [store.path / "index.json", *(store.path / "trials").glob("*.json"), *(store.path / "trees").glob("*.json")]
    return {str(p): p.stat().st_mtime_ns for p in files}


def test_saving_a_panel_does_not_rewrite_trials(store: Store) -> None:
    store.add_trials(_seed_trials())
    before = _trial_files(store)
    assert len(before) > 2
    store.save_panel("bed 1", parse_panel({"values": {"age": 40}}))
    assert _trial_files(store) == before


def test_a_json_path_names_a_store_folder_of_its_own(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    assert store.path == tmp_path / "db.json.d"
    assert [p.name for p in tmp_path.iterdir()] == ["db.json.d"]


def test_write_leaves_no_temp_file_and_keeps_a_backup(store: Store) -> None:
    store.add_trials(_seed_trials()[:1])
    store.add_trials(_seed_trials()[1:2])
    names = sorted(p.name for p in store.path.iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert "index.json.bak" in names


def test_opening_a_trial_reads_one_shard_and_lists_need_only_the_index(store: Store) -> None:
    trials = _seed_trials()
    store.add_trials(trials)
    for kind in ("trials", "trees"):
        shards = list((store.path / kind).glob("*.json"))
        assert 1 < len(shards) <= len(trials)
    # the index alone answers list, search and the matcher's plans
    for folder in ("trials", "trees"):
        (store.path / folder).rename(store.path / f"{folder}-away")
    fresh = Store(store.path)
    assert [s.trial_id for s in fresh.list()] == sorted(t.trial_id for t in trials)
    assert set(fresh.plans()) == {t.trial_id for t in trials}
    assert fresh.search("lupus")
    for folder in ("trials", "trees"):
        (store.path / f"{folder}-away").rename(store.path / folder)
    one = trials[2]
    assert fresh.get(one.trial_id) == one
    assert fresh.get(one.trial_id.lower()) == one
    assert fresh.tree(one.trial_id).to_json() == parse_trial(one).to_json()


def test_a_schema_1_store_is_migrated_without_losing_a_trial_or_panel(tmp_path: Path) -> None:
    """Schema 1 (session 1's layout): trials.json with the documents, trees inside index.json."""
    trials = _seed_trials()
    folder = tmp_path / "old"
    folder.mkdir()
    index_rows, doc_rows = {}, {}
    for n, trial in enumerate(trials, start=1):
        tree = parse_criteria(trial.inclusion_text, trial.exclusion_text)
        index_rows[str(n)] = {"trial_id": trial.trial_id, "nct_id": trial.nct_id, "title": trial.title,
                              "status": trial.status, "phase": trial.phase, "conditions": trial.conditions,
                              "sponsor": trial.lead_sponsor, "blob": trial.search_blob(),
                              "tree": {**tree.model_dump(mode="json", exclude_defaults=True), "parser_version": 1}}
        doc_rows[str(n)] = {"trial_id": trial.trial_id, "trial": trial.model_dump(mode="json")}
    (folder / "index.json").write_text(json.dumps({"meta": {"1": {"schema_version": 1}}, "trials": index_rows}))
    (folder / "trials.json").write_text(json.dumps({"trials": doc_rows}))
    (folder / "panels.json").write_text(json.dumps({"panels": {"1": {
        "name": "bed 4", "saved_at": "2026-11-01T10:00:00", "panel": {"values": {"age": 40}}}}}))

    store = Store(folder)
    assert store.schema_version == SCHEMA_VERSION == 2
    assert not (folder / "trials.json").exists()
    assert {s.trial_id for s in store.list()} == {t.trial_id for t in trials}
    for trial in trials:
        assert store.get(trial.trial_id) == trial
        assert store.tree(trial.trial_id).to_json() == parse_trial(trial).to_json()
    assert store.load_panel("bed 4").panel.value("age") == 40


def test_trees_of_an_older_parser_are_parsed_again_once(store: Store, monkeypatch) -> None:
    trials = _seed_trials()[:2]
    store.add_trials(trials)
    index = store.path / "index.json"
    data = json.loads(index.read_text())
    for row in data["trials"].values():
        row["parser_version"] = 0
        row["plan"] = []
    index.write_text(json.dumps(data))
    fresh = Store(store.path)
    plans = fresh.plans()
    assert all(plan for _, plan in plans.values())      # parsed again from the kept text
    assert all(row["parser_version"] == PARSER_VERSION for row in json.loads(index.read_text())["trials"].values())


def test_a_re_parse_binds_saved_short_decisions_to_the_text_they_were_made_on(store: Store) -> None:
    # A store an older trialview wrote: NCT06801119 parsed by an older parser whose inc-2 read
    # "Signed informed consent", and a saved panel deciding inc-2 in the short form of the time.
    trial = next(t for t in _seed_trials() if t.trial_id == "NCT06801119")
    store.add_trials([trial])
    store.save_panel("bed 3", parse_panel({"as_of": "2026-11-22",
                                           "screening": {"NCT06801119": {"inc-2": "met", "exc-9": "not_met"}}}))
    store.close()
    index = store.path / "index.json"
    data = json.loads(index.read_text())
    for row in data["trials"].values():
        row["parser_version"] = PARSER_VERSION - 1
    index.write_text(json.dumps(data))
    shard = next((store.path / "trees").glob("*.json"))
    trees = json.loads(shard.read_text())
    inc2 = next(n for row in trees["trials"].values() for n in row["tree"]["sections"][0]["children"]
                if n["id"] == "inc-2")
    inc2["text"] = "Signed informed consent"
    shard.write_text(json.dumps(trees))

    reopened = Store(store.path)
    tree = reopened.tree("NCT06801119")       # parsed again from the kept text
    assert tree is not None and tree.parser_version == PARSER_VERSION
    saved = reopened.load_panel("bed 3")
    assert saved is not None
    decided = saved.panel.screening["NCT06801119"]
    assert (decided["inc-2"].status, decided["inc-2"].text) == ("met", "Signed informed consent")
    exc9 = tree.find("exc-9")
    assert exc9 is not None and decided["exc-9"].text == exc9.text    # unchanged text: still applies

    from trialview.model.matching.match import match_trial

    result = match_trial("NCT06801119", trial.title, tree, saved.panel)
    assert not result.statuses["inc-2"].by_hand                      # not moved to today's inc-2
    assert [d.node_id for d in result.stale] == ["inc-2"]
    assert result.statuses["exc-9"].by_hand
