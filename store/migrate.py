"""Bringing a store written by an older trialview up to the current schema, losing nothing.

Schema 1 (one `trials.json` of full documents, trees inside `index.json`) becomes schema 2
(compact index, sharded documents and trees; see store/store.py). The new files are written
first and the index last, under the store's lock: a crash part-way leaves the schema-1 index and
`trials.json` in place, and the next start migrates again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trialview.model.criteria.tree import PARSER_VERSION, CriteriaTree
from trialview.model.trial import Trial
from trialview.store.storage import AtomicJSONStorage, StoreDamaged

if TYPE_CHECKING:
    from trialview.store.store import Store


def migrate_v1(store: Store) -> None:
    """Rewrite a schema-1 store as schema 2. The caller holds the lock."""
    from trialview.store.store import SCHEMA_VERSION, StoredRows, parsed_rows, stored_rows

    old_docs_path = store.path / "trials.json"
    index = store._index.storage.read() or {}
    docs = AtomicJSONStorage(old_docs_path).read() or {}
    by_id = {row["trial_id"]: row["trial"] for row in (docs.get("trials") or {}).values()}
    rows: dict[str, StoredRows] = {}
    for row in (index.get("trials") or {}).values():
        tid = row["trial_id"]
        if tid not in by_id:
            continue        # listed without its document (cannot happen with schema-1 writes)
        try:
            trial = Trial.model_validate(by_id[tid])
            tree = CriteriaTree.model_validate(row["tree"])
        except ValueError as exc:
            raise StoreDamaged(store.path / "index.json", f"trial {tid} cannot be read: {exc}") from None
        rows[tid] = stored_rows(trial, tree) if tree.parser_version == PARSER_VERSION else parsed_rows(trial)
    # Documents a crash left unlisted in schema 1 stay unlisted, as they were.
    if rows:
        store._write_rows(rows)
    data = store._index.storage.read() or {}
    data["trials"] = {str(n): parts[2] for n, parts in enumerate(rows.values(), start=1)}
    data["meta"] = {"1": {"schema_version": SCHEMA_VERSION}}
    store._index.storage.write(data)
    store._index.forget()
    for leftover in (old_docs_path, old_docs_path.with_name("trials.json.bak")):
        leftover.unlink(missing_ok=True)
