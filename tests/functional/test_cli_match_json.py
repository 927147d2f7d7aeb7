"""`match --json` prints the same bytes whichever trialview wrote the store: the tree shards this
one writes are copied through (model/matching/printed_tree.py), those an older one wrote are
parsed (shared/design/cli.md fixes the shape; a script must not see a difference)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.corpora import JSON_DIR
from tests.functional.test_cli import SAMPLES, run
from trialview.store.tree_shards import printed_trees
from trialview.store.storage import json_text

PANEL = {"label": "bed 4", "as_of": "2026-11-22", "therapy_history": "partial",
         "values": {"age": 41, "sex": "female", "pregnant": False, "hemoglobin": {"value": 9.1, "unit": "g/dL"},
                    "platelets": 150, "hbsag": "negative"},
         "therapies": [{"drug": "hydroxychloroquine", "start": "2020-03-01"}],
         "screening": {"NCT06801119": {"inc-3": "not_met",
                                        "exc-2": {"status": "met", "text": "Signed informed consent"}}}}


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> tuple[Path, Path]:
    """(a store written now, the same store with its tree shards as an older trialview wrote them)."""
    now = tmp_path_factory.mktemp("now")
    # the five bundled trials and the real records (a shard holds several trials); a few of
    # those are refused on purpose (the retired classic API): exit 1
    assert run("import", str(SAMPLES), str(JSON_DIR), db=now).returncode in (0, 1)
    older = tmp_path_factory.mktemp("older") / "db"
    shutil.copytree(now, older)
    for shard in (older / "trees").glob("*.json"):
        shard.write_text(json_text(json.loads(shard.read_text(encoding="utf-8"))), encoding="utf-8")
        assert printed_trees(shard.read_text(encoding="utf-8")) is None
    return now, older


def _match(db: Path, panel: Path, *ids: str) -> str:
    result = run("match", "--patient", str(panel), "--json", *ids, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_match_json_is_the_same_from_a_store_written_by_an_older_trialview(stores, tmp_path: Path) -> None:
    now, older = stores
    panel = tmp_path / "p.json"
    panel.write_text(json.dumps(PANEL))
    assert all(printed_trees(p.read_text(encoding="utf-8")) is not None for p in (now / "trees").glob("*.json"))
    printed = _match(now, panel)
    assert printed == _match(older, panel)
    assert _match(now, panel, "NCT06801119", "nct06421701") == _match(older, panel, "NCT06801119", "nct06421701")
    data = json.loads(printed)
    assert {"NCT06801119", "NCT06421701", "NCT06946485"} <= {r["trial_id"] for r in data}
    hn = next(r for r in data if r["trial_id"] == "NCT06801119")
    assert hn["stale_decisions"][0]["id"] == "exc-2"
    # every open question carries its criterion's words, as the trial text has them
    assert all(q["text"] for r in data for q in r["open"])


def test_re_importing_one_trial_keeps_the_other_trees_of_its_shard_copied_through(stores, tmp_path: Path) -> None:
    now, _older = stores
    db = tmp_path / "db"
    shutil.copytree(now, db)
    panel = tmp_path / "p.json"
    panel.write_text(json.dumps(PANEL))
    before = _match(db, panel)
    # a record whose shard holds other trials too: they are written again with it
    shared = next(row["trial_id"] for p in sorted((db / "trees").glob("*.json"))
                  if len(rows := json.loads(p.read_text(encoding="utf-8"))["trials"]) > 1
                  for row in rows.values() if (JSON_DIR / f"{row['trial_id']}.json").exists())
    assert run("import", str(JSON_DIR / f"{shared}.json"), db=db).returncode == 0
    assert all(printed_trees(p.read_text(encoding="utf-8")) is not None for p in (db / "trees").glob("*.json"))
    assert _match(db, panel) == before
