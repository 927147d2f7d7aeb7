"""The trialview store: trials, their parsed criteria trees, and saved patient panels.

A folder of three TinyDB files, so that each kind of work reads only what it needs:
- `index.json`: one compact row per trial (summary fields + criteria tree) and the schema
  version; the trial list and matching read only this;
- `trials.json`: the full trial documents (sites, contacts, verbatim text), read when one opens;
- `panels.json`: saved patient panels, private to the user (0600), so saving a panel never
  rewrites the trials.
All access goes through `Store`: nothing else touches the files.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from tinydb import Query, TinyDB

from model.criteria import CriteriaTree, PARSER_VERSION, parse_criteria
from model.panel import Panel, parse_panel
from model.trial import Trial
from store.storage import AtomicJSONStorage, StoreDamaged

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class TrialSummary:
    """What the trial list shows and searches, without the full document."""

    trial_id: str
    nct_id: str | None
    title: str
    status: str | None
    phase: str | None
    conditions: tuple[str, ...]
    sponsor: str | None
    search_blob: str

    def to_json(self) -> dict[str, Any]:
        return {"trial_id": self.trial_id, "nct_id": self.nct_id, "title": self.title,
                "status": self.status, "phase": self.phase, "conditions": list(self.conditions),
                "sponsor": self.sponsor}


@dataclass(frozen=True)
class SavedPanel:
    name: str
    saved_at: str
    panel: Panel


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("trialview", appauthor=False))


def resolve_path(raw: str | os.PathLike[str] | None) -> Path:
    """--db PATH, else $TRIALVIEW_DB, else the user's data folder. A `.json` path names the
    store's index file: its folder is the store."""
    chosen = raw or os.environ.get("TRIALVIEW_DB") or default_path()
    path = Path(chosen).expanduser()
    if path.suffix == ".json" and not path.is_dir():
        return path.parent
    return path


class Store:
    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = resolve_path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(self.path, 0o700)
        except OSError:
            pass
        self._index = TinyDB(self.path / "index.json", storage=AtomicJSONStorage)
        self._trials = TinyDB(self.path / "trials.json", storage=AtomicJSONStorage)
        self._panels = TinyDB(self.path / "panels.json", storage=AtomicJSONStorage)
        self._check_schema()

    # --- schema ---------------------------------------------------------------------------

    def _check_schema(self) -> None:
        meta = self._index.table("meta")
        rows = meta.all()
        if not rows:
            meta.insert({"schema_version": SCHEMA_VERSION})
            return
        version = rows[0].get("schema_version")
        if not isinstance(version, int):
            raise StoreDamaged(self.path / "index.json", "no schema version recorded")
        if version > SCHEMA_VERSION:
            raise StoreDamaged(self.path / "index.json",
                               f"written by a newer trialview (schema {version}, this one reads {SCHEMA_VERSION})")

    @property
    def schema_version(self) -> int:
        return self._index.table("meta").all()[0]["schema_version"]

    # --- trials ---------------------------------------------------------------------------

    def add_trials(self, trials: Iterable[Trial]) -> list[tuple[str, bool]]:
        """Store trials, parsing their criteria once. Re-imports replace in place.

        Returns (trial_id, created) for each. Two file writes whatever the count.
        """
        batch: dict[str, Trial] = {t.trial_id: t for t in trials}
        if not batch:
            return []
        index = self._index.table("trials")
        full = self._trials.table("trials")
        existing = {row["trial_id"] for row in index.all()}
        rows, docs = [], []
        for trial in batch.values():
            tree = parse_criteria(trial.inclusion_text, trial.exclusion_text)
            rows.append(_index_row(trial, tree))
            docs.append({"trial_id": trial.trial_id, "trial": trial.model_dump(mode="json")})
        ids = list(batch)
        q = Query()
        index.remove(q.trial_id.one_of(ids))
        index.insert_multiple(rows)
        full.remove(q.trial_id.one_of(ids))
        full.insert_multiple(docs)
        return [(tid, tid not in existing) for tid in ids]

    def list(self) -> list[TrialSummary]:
        return sorted((_summary(row) for row in self._index.table("trials").all()),
                      key=lambda s: s.trial_id)

    def count(self) -> int:
        return len(self._index.table("trials"))

    def is_empty(self) -> bool:
        return self.count() == 0

    def search(self, words: str) -> list[TrialSummary]:
        """Trials whose id, title, conditions, interventions or sponsor contain every word."""
        terms = words.lower().split()
        return [s for s in self.list() if all(t in s.search_blob for t in terms)]

    def get(self, trial_id: str) -> Trial | None:
        rows = self._trials.table("trials").search(Query().trial_id == trial_id)
        if not rows:
            rows = self._trials.table("trials").search(Query().trial_id.test(
                lambda v: v.lower() == trial_id.lower()))
        return Trial.model_validate(rows[0]["trial"]) if rows else None

    def tree(self, trial_id: str) -> CriteriaTree | None:
        rows = self._index.table("trials").search(Query().trial_id == trial_id)
        return self._tree_of(rows[0]) if rows else None

    def trees(self) -> dict[str, tuple[TrialSummary, CriteriaTree]]:
        """Every trial's summary and criteria tree, for matching a panel against all."""
        return {row["trial_id"]: (_summary(row), self._tree_of(row))
                for row in self._index.table("trials").all()}

    def _tree_of(self, row: dict[str, Any]) -> CriteriaTree:
        tree = CriteriaTree.model_validate(row["tree"])
        if tree.parser_version != PARSER_VERSION:
            # Stored by an older parser: parse the kept text again rather than trust old checks.
            trial = self.get(row["trial_id"])
            if trial is not None:
                tree = parse_criteria(trial.inclusion_text, trial.exclusion_text)
        return tree

    def remove_trial(self, trial_id: str) -> bool:
        q = Query()
        removed = self._index.table("trials").remove(q.trial_id == trial_id)
        self._trials.table("trials").remove(q.trial_id == trial_id)
        return bool(removed)

    # --- panels ---------------------------------------------------------------------------

    def save_panel(self, name: str, panel: Panel) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a saved panel needs a name (a pseudonym or bed number)")
        row = {"name": name, "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
               "panel": panel.to_json()}
        self._panels.table("panels").upsert(row, Query().name == name)

    def load_panel(self, name: str) -> SavedPanel | None:
        rows = self._panels.table("panels").search(Query().name == name)
        if not rows:
            return None
        row = rows[0]
        return SavedPanel(row["name"], row.get("saved_at", ""), parse_panel(row["panel"]))

    def list_panels(self) -> list[tuple[str, str]]:
        """(name, saved_at) of every saved panel, newest first."""
        rows = self._panels.table("panels").all()
        return sorted(((r["name"], r.get("saved_at", "")) for r in rows), key=lambda x: x[1], reverse=True)

    def rename_panel(self, old: str, new: str) -> None:
        new = new.strip()
        if not new:
            raise ValueError("a saved panel needs a name")
        table = self._panels.table("panels")
        if table.search(Query().name == new):
            raise ValueError(f"a panel named {new!r} exists already")
        if not table.update({"name": new}, Query().name == old):
            raise KeyError(old)

    def delete_panel(self, name: str) -> bool:
        return bool(self._panels.table("panels").remove(Query().name == name))

    def close(self) -> None:
        for db in (self._index, self._trials, self._panels):
            db.close()


def _index_row(trial: Trial, tree: CriteriaTree) -> dict[str, Any]:
    return {
        "trial_id": trial.trial_id,
        "nct_id": trial.nct_id,
        "title": trial.title,
        "status": trial.status,
        "phase": trial.phase,
        "conditions": trial.conditions,
        "sponsor": trial.lead_sponsor,
        "blob": trial.search_blob(),
        # exclude_defaults keeps the index compact; the parser version must survive it.
        "tree": {**tree.model_dump(mode="json", exclude_defaults=True),
                 "parser_version": tree.parser_version},
    }


def _summary(row: dict[str, Any]) -> TrialSummary:
    return TrialSummary(row["trial_id"], row.get("nct_id"), row.get("title", ""), row.get("status"),
                        row.get("phase"), tuple(row.get("conditions") or ()), row.get("sponsor"),
                        row.get("blob", ""))
