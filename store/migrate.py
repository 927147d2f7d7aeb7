"""Reading a store written by an older trialview, losing nothing.

Schema 1 (one `trials.json` of full documents, trees inside `index.json`) becomes schema 2
(compact index, sharded documents and trees; see store/store.py). This module only reads the old
files and builds the new rows; the store writes them (Store._migrate_v1), under its lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trialview.model.criteria.tree import PARSER_VERSION, CriteriaTree
from trialview.model.sources import eligibility_again
from trialview.model.trial import Trial
from trialview.store.rows import parsed_rows, stored_rows
from trialview.store.storage import AtomicJSONStorage, Row, StoreDamaged


def v1_rows(path: Path, index: dict[str, Any]) -> dict[str, tuple[Row, Row, Row]]:
    """The schema-2 rows of every trial a schema-1 store at `path` lists (`index` is its
    index.json): trees an older parser made are parsed again from the kept text."""
    docs = AtomicJSONStorage(path / "trials.json").read() or {}
    by_id = {row["trial_id"]: row["trial"] for row in (docs.get("trials") or {}).values()}
    rows: dict[str, tuple[Row, Row, Row]] = {}
    for row in (index.get("trials") or {}).values():
        tid = row["trial_id"]
        if tid not in by_id:
            continue        # listed without its document (cannot happen with schema-1 writes)
        try:
            trial = Trial.model_validate(by_id[tid])
            tree = CriteriaTree.model_validate(row["tree"])
        except ValueError as exc:
            raise StoreDamaged(path / "index.json", f"trial {tid} cannot be read: {exc}") from None
        rows[tid] = stored_rows(trial, tree) if tree.parser_version == PARSER_VERSION else \
            parsed_rows(eligibility_again(trial))
    return rows


def v1_leftovers(path: Path) -> list[Path]:
    """The schema-1 files a finished migration removes."""
    return [path / "trials.json", path / "trials.json.bak"]
