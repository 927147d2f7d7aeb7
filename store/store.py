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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB

from model.criteria import CriteriaTree, PARSER_VERSION, parse_criteria
from model.panel import Panel, parse_panel
from model.trial import Trial
from store.storage import AtomicJSONStorage, StoreDamaged

SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 30


class StoreBusy(Exception):
    """Another trialview held the store's lock for too long."""


class _FreshDB(TinyDB):
    """A TinyDB that trusts no cache: another process may rewrite the file at any moment."""

    def table(self, name: str, **kwargs: Any):
        kwargs.setdefault("cache_size", 0)
        return super().table(name, **kwargs)

    def forget(self) -> None:
        # TinyDB remembers the next document id; a stale one would overwrite another
        # process's row.
        for table in self._tables.values():
            table._next_id = None


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
        self._index = _FreshDB(self.path / "index.json", storage=AtomicJSONStorage)
        self._trials = _FreshDB(self.path / "trials.json", storage=AtomicJSONStorage)
        self._panels = _FreshDB(self.path / "panels.json", storage=AtomicJSONStorage)
        self._lock = FileLock(str(self.path / ".lock"), timeout=LOCK_TIMEOUT_S)
        with self._writing():
            self._check_schema()

    @contextmanager
    def _writing(self):
        """Serialise writers across processes (two SSH sessions, the TUI and an import).

        Each writer re-reads under the lock (the tables cache nothing), so nothing is lost.
        """
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreBusy(f"{self.path}: another trialview is writing; try again") from None
        try:
            for db in (self._index, self._trials, self._panels):
                db.forget()
            yield
        finally:
            self._lock.release()

    def version_token(self) -> tuple[int, int]:
        """Changes whenever any process writes trials: the TUI polls it to notice imports."""
        try:
            st = (self.path / "index.json").stat()
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

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
        trees = {tid: parse_criteria(t.inclusion_text, t.exclusion_text) for tid, t in batch.items()}
        with self._writing():
            return self._replace_trials(batch, trees)

    def _replace_trials(self, batch: dict[str, Trial], trees: dict[str, CriteriaTree]) -> list[tuple[str, bool]]:
        existing = {row["trial_id"] for row in self._index.table("trials").all()}
        # Full documents first, the index last: the index is what lists a trial, so a crash
        # between the two writes leaves at worst an unlisted document, never a listed ghost.
        _replace_rows(self._trials, "trials", {
            tid: {"trial_id": tid, "trial": t.model_dump(mode="json")} for tid, t in batch.items()})
        _replace_rows(self._index, "trials", {
            tid: _index_row(t, trees[tid]) for tid, t in batch.items()})
        return [(tid, tid not in existing) for tid in batch]

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
        with self._writing():
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
        with self._writing():
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
        with self._writing():
            table = self._panels.table("panels")
            if table.search(Query().name == new):
                raise ValueError(f"a panel named {new!r} exists already")
            if not table.update({"name": new}, Query().name == old):
                raise KeyError(old)

    def delete_panel(self, name: str) -> bool:
        with self._writing():
            return bool(self._panels.table("panels").remove(Query().name == name))

    def close(self) -> None:
        for db in (self._index, self._trials, self._panels):
            db.close()


def _replace_rows(db: _FreshDB, table_name: str, rows: dict[str, dict[str, Any]]) -> None:
    """Insert or replace rows keyed by trial_id in ONE write of the file.

    TinyDB's own remove-then-insert is two writes: a crash between them would lose a trial that
    was already stored. Callers hold the store's lock.
    """
    data = db.storage.read() or {}
    table = data.setdefault(table_name, {})
    by_id = {row.get("trial_id"): key for key, row in table.items()}
    next_id = max((int(k) for k in table), default=0) + 1
    for trial_id, row in rows.items():
        key = by_id.get(trial_id)
        if key is None:
            key, next_id = str(next_id), next_id + 1
        table[key] = row
    db.storage.write(data)
    db.forget()


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
