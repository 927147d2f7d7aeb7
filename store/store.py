"""The trialview store: trials, their parsed criteria trees, and saved patient panels.

TinyDB reads and writes whole files, so the store is split by what each kind of work reads:
- `index.json`: one compact row per trial (the list's summary fields and the matcher's
  checks-only plan, model/matching/compact.py) and the schema version; the trial list, search and matching
  a panel against every trial read only this (a few hundred bytes a trial);
- `trials/NN.json`: the full trial documents (sites, contacts, verbatim text), and
  `trees/NN.json`: the full criteria trees (text, spans), each in one of SHARDS files chosen by
  the trial id, so that opening a trial reads one small file whatever the store's size (the
  trees written as `match --json` prints them: store/tree_shards.py);
- `panels.json`: saved patient panels, private to the user (0600); saving a panel never
  rewrites the trials.
All access goes through `Store`: nothing else touches the files.
"""

from __future__ import annotations

import builtins
import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Iterator, Mapping

from filelock import FileLock, Timeout
from tinydb import Query

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.panel import Panel, parse_panel
from trialview.model.matching.compact import StoredPlan
from trialview.model.trial import Trial, is_trial_id
from trialview.store.files import fsync_dir, remove_stale_temp_files
from trialview.store.location import make_own_folder, resolve_path
from trialview.store.rows import StoredRows, is_outdated, parsed_rows, summary_of
# the rows' types, read from here too (the TUI, store/__init__.py)
from trialview.store.rows import SavedPanel as SavedPanel, TrialSummary as TrialSummary
from trialview.store.storage import AtomicJSONStorage, FreshDB, Row, StoreDamaged, json_text, replace_rows
from trialview.store.tree_shards import PrintedTree, node_texts, read_printed_trees, read_trees, shard_files, tree_row_text
from trialview.store.tree_shards import shard_name as shard_name    # read from here too (tests)

SCHEMA_VERSION = 2
LOCK_TIMEOUT_S = 30


class StoreBusy(Exception):
    """Another trialview held the store's lock for too long."""


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Store:
    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = resolve_path(path)
        make_own_folder(self.path)
        self._index = FreshDB(self.path / "index.json", storage=AtomicJSONStorage)
        self._panels = FreshDB(self.path / "panels.json", storage=AtomicJSONStorage)
        lock = self.path / ".lock"
        if lock.is_symlink():
            # filelock opens its file with O_CREAT|O_TRUNC: through a planted link it would
            # truncate whatever the link names.
            raise StoreDamaged(lock, "is a symbolic link (planted?); remove it if you did not make it")
        self._lock = FileLock(str(lock), timeout=LOCK_TIMEOUT_S, mode=0o600)
        self._cached: tuple[Any, dict[str, Any]] = (None, {})
        with self._writing():
            self._tidy_and_check()
            self._check_schema()

    def _tidy_and_check(self) -> None:
        """At open, under the lock: remove the temporary files of killed runs (they may hold
        patient data), and refuse a store whose file is missing beside its backup (damage:
        `recover` restores it; reading on would show its trials with no criteria)."""
        from trialview.store.recovery import SHARD_FOLDERS

        folders = [self.path] + [self.path / sub for sub in SHARD_FOLDERS]
        for folder in folders:
            remove_stale_temp_files(folder)
            for backup in folder.glob("*.json.bak"):
                live = backup.with_name(backup.name[: -len(".bak")])
                if not live.exists():
                    raise StoreDamaged(live, f"missing; only its backup {backup.name} is left")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Serialise writers across processes (two SSH sessions, the TUI and an import).

        Each writer re-reads under the lock (the tables cache nothing), so nothing is lost.
        """
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreBusy(f"{self.path}: another trialview is writing; try again") from None
        try:
            for db in (self._index, self._panels):
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
        rows = list((self._read_index().get("meta") or {}).values())
        if not rows:
            self._index.table("meta").insert({"schema_version": SCHEMA_VERSION})
            return
        version = rows[0].get("schema_version")
        if not isinstance(version, int):
            raise StoreDamaged(self.path / "index.json", "no schema version recorded")
        if version > SCHEMA_VERSION:
            raise StoreDamaged(self.path / "index.json",
                               f"written by a newer trialview (schema {version}, this one reads {SCHEMA_VERSION})")
        if version == 1:
            self._migrate_v1()

    def _migrate_v1(self) -> None:
        """Rewrite a schema-1 store as schema 2 (store/migrate.py reads the old files). The
        caller holds the lock.

        The new files are written first and the index last: a crash part-way leaves the
        schema-1 index and `trials.json` in place, and the next start migrates again.
        """
        from trialview.store.migrate import v1_leftovers, v1_rows

        rows = v1_rows(self.path, self._index.storage.read() or {})
        # Documents a crash left unlisted in schema 1 stay unlisted, as they were.
        if rows:
            self._write_rows(rows)
        data = self._index.storage.read() or {}
        data["trials"] = {str(n): parts[2] for n, parts in enumerate(rows.values(), start=1)}
        data["meta"] = {"1": {"schema_version": SCHEMA_VERSION}}
        self._index.storage.write(data)
        self._index.forget()
        for leftover in v1_leftovers(self.path):
            leftover.unlink(missing_ok=True)

    @property
    def schema_version(self) -> int:
        version: int = self._index.table("meta").all()[0]["schema_version"]
        return version

    # --- files ----------------------------------------------------------------------------

    def _shard(self, kind: str, trial_id: str) -> Path:
        return self.path / kind / shard_name(trial_id)

    def _read_index(self) -> dict[str, Any]:
        """index.json as JSON, parsed again only when the file changed (in any process).

        Callers treat it as read-only; writers read the file afresh under the lock.
        """
        key = _stat_key(self.path / "index.json")
        if key is None or key != self._cached[0]:
            self._cached = (key, self._index.storage.read() or {})
        return self._cached[1]

    def _index_rows(self) -> list[dict[str, Any]]:
        """The index's trial rows. Rows parsed by an older parser are brought up to date first
        (their trials are parsed again from the kept text)."""
        rows = list((self._read_index().get("trials") or {}).values())
        if any(is_outdated(row) for row in rows):
            self._reparse_outdated()
            rows = list((self._read_index().get("trials") or {}).values())
        return rows

    # --- trials ---------------------------------------------------------------------------

    def add_trials(self, trials: Iterable[Trial]) -> list[tuple[str, bool]]:
        """Store trials, parsing their criteria once. Re-imports replace in place. Returns
        (trial_id, created) for each.

        One write per touched file whatever the count: the trial shards, the tree shards, the
        index last.
        """
        batch: dict[str, Trial] = {t.trial_id: t for t in trials}
        if not batch:
            return []
        return self.write_trial_rows({tid: parsed_rows(t) for tid, t in batch.items()})

    def write_trial_rows(self, rows: Mapping[str, tuple[Row, Row, Row]]) -> list[tuple[str, bool]]:
        """Store prepared rows (stored_rows()) of many trials: the importer builds them in
        worker processes. Refuses an id that is not an NCT number or a derived `TV-` id: ids
        name files and reach terminals (the readers refuse such records first)."""
        bad = [tid for tid in rows if not is_trial_id(tid)]
        if bad:
            raise ValueError(f"not a trial id: {bad[0][:40]!r}")
        with self._writing():
            return self._write_rows(rows)

    def _write_rows(self, rows: Mapping[str, tuple[Row, Row, Row]]) -> list[tuple[str, bool]]:
        """Write (document row, tree row, index row) per trial id. Callers hold the lock.

        Documents and trees first, the index last: the index is what lists a trial, so a crash
        between the writes leaves at worst an unlisted document, never a listed ghost.
        """
        for kind, position in (("trials", 0), ("trees", 1)):
            by_shard: dict[str, dict[str, Row]] = {}
            for tid, parts in rows.items():
                by_shard.setdefault(shard_name(tid), {})[tid] = parts[position]
            folder = self.path / kind
            folder.mkdir(mode=0o700, exist_ok=True)
            # a tree shard's rows keep their trees in the printed form (rows.py tree_row_text)
            encode = tree_row_text if kind == "trees" else json_text
            for name, shard_rows in sorted(by_shard.items()):
                # each file is synced before its rename; the folder once, below
                replace_rows(FreshDB(folder / name, storage=AtomicJSONStorage), "trials", shard_rows,
                              sync_dir=False, encode=encode)
            fsync_dir(folder)
        existing = replace_rows(self._index, "trials", {tid: parts[2] for tid, parts in rows.items()})
        return [(tid, tid not in existing) for tid in rows]

    def _reparse_outdated(self) -> None:
        """Parse again, from the kept text, every trial whose tree an older parser made."""
        from trialview.model.sources import eligibility_again     # only when a store is brought up to date

        with self._writing():
            data = self._index.storage.read() or {}
            outdated = [row["trial_id"] for row in (data.get("trials") or {}).values()
                        if is_outdated(row)]
            rows: dict[str, StoredRows] = {}
            # each document shard read once (was once per trial: 10,000 trials read a 3 MB shard
            # 10,000 times, minutes after a parser version bump)
            by_shard: dict[str, set[str]] = {}
            for tid in outdated:
                by_shard.setdefault(shard_name(tid), set()).add(tid)
            for name, wanted in sorted(by_shard.items()):
                data = AtomicJSONStorage(self.path / "trials" / name).read() or {}
                for row in (data.get("trials") or {}).values():
                    if row["trial_id"] in wanted:
                        # its text read again from the kept verbatim block, as the importer reads
                        # it now (an older release flattened a list's indentation)
                        rows[row["trial_id"]] = parsed_rows(eligibility_again(Trial.model_validate(row["trial"])))
            if rows:
                # before the new trees replace the old: a decision belongs to the text it was made on
                self._bind_saved_decisions(set(rows))
                self._write_rows(rows)

    def _bind_saved_decisions(self, trial_ids: set[str]) -> None:
        """Give each saved panel's short-form decision (`"inc-2": "met"`) for these trials the
        text of its criterion in the tree it was made on, the stored one (panel.md's long form),
        so that a re-parse that moves or rewords a criterion cannot move the decision. The
        caller holds the lock."""
        table = self._panels.table("panels")
        texts: dict[str, dict[str, str]] | None = None
        for row in table.all():
            screening = row.get("panel", {}).get("screening") or {}
            short = {t for t, decided in screening.items()
                     if t in trial_ids and any(isinstance(d, str) for d in decided.values())}
            if not short:
                continue
            if texts is None:
                texts = {tid: node_texts(tree) for tid, tree in self.tree_dicts(trial_ids).items()}
            for tid in short:
                known = texts.get(tid, {})
                screening[tid] = {cid: {"status": d, "text": known[cid]} if isinstance(d, str) and cid in known else d
                                  for cid, d in screening[tid].items()}
            table.update({"panel": row["panel"]}, Query().name == row["name"])

    def list(self) -> list[TrialSummary]:
        return sorted((summary_of(row) for row in self._index_rows()), key=lambda s: s.trial_id)

    # builtins.list: inside the class body `list` is the method above
    def plans(self) -> dict[str, tuple[TrialSummary, StoredPlan]]:
        """Every trial's summary and compact plan (model/matching/compact.py): all that matching needs."""
        return {row["trial_id"]: (summary_of(row), row["plan"]) for row in self._index_rows()}

    def count(self) -> int:
        return len(self._index_rows())

    def is_empty(self) -> bool:
        return self.count() == 0

    def search(self, words: str) -> builtins.list[TrialSummary]:
        """Trials whose id, title, conditions, interventions or sponsor contain every word."""
        terms = words.lower().split()
        return [s for s in self.list() if all(t in s.search_blob for t in terms)]

    def resolve_id(self, trial_id: str) -> str | None:
        """The stored id for a trial id typed in any case ("nct06..." finds "NCT06...")."""
        ids = [row["trial_id"] for row in self._index_rows()]
        if trial_id in ids:
            return trial_id
        return next((i for i in ids if i.lower() == trial_id.lower()), None)

    def _read_shard_row(self, kind: str, trial_id: str) -> dict[str, Any] | None:
        path = self._shard(kind, trial_id)
        if not path.exists() and not path.with_name(path.name + ".bak").exists():
            return None
        rows = FreshDB(path, storage=AtomicJSONStorage).table("trials").search(Query().trial_id == trial_id)
        return rows[0] if rows else None

    def _read_trial(self, trial_id: str) -> Trial | None:
        row = self._read_shard_row("trials", trial_id)
        return Trial.model_validate(row["trial"]) if row else None

    def get(self, trial_id: str) -> Trial | None:
        found = self.resolve_id(trial_id)
        return self._read_trial(found) if found else None

    def tree(self, trial_id: str) -> CriteriaTree | None:
        found = self.resolve_id(trial_id)
        row = self._read_shard_row("trees", found) if found else None
        return CriteriaTree.model_validate(row["tree"]) if row else None

    def tree_dicts(self, trial_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """The stored criteria trees as plain JSON (no validation), each shard read once."""
        out: dict[str, dict[str, Any]] = {}
        for shard in self.tree_shards(trial_ids):
            out.update(shard)
        return out

    def tree_shards(self, trial_ids: Iterable[str] | None = None) -> Iterator[dict[str, dict[str, Any]]]:
        """The stored criteria trees as plain JSON, one shard file at a time (so that printing
        thousands of them holds one shard in memory, not all)."""
        wanted = set(trial_ids) if trial_ids is not None else None
        for path in shard_files(self.path / "trees", wanted):
            yield read_trees(path, wanted)

    def tree_texts(self, trial_ids: Iterable[str] | None = None) -> Iterator[dict[str, PrintedTree | dict[str, Any]]]:
        """As tree_shards, but each tree as (order of ids, JSON text) when the shard keeps its
        trees in the printed form (store/tree_shards.py: `match --json` copies them through),
        else parsed (a shard an older trialview wrote)."""
        wanted = set(trial_ids) if trial_ids is not None else None
        for path in shard_files(self.path / "trees", wanted):
            yield read_printed_trees(path, wanted)

    def trees(self) -> dict[str, tuple[TrialSummary, CriteriaTree]]:
        """Every trial's summary and full criteria tree (validated): for tests and tools; the
        app and `match` use plans() and tree_dicts(), which are much lighter."""
        dicts = self.tree_dicts()
        return {row["trial_id"]: (summary_of(row), CriteriaTree.model_validate(dicts[row["trial_id"]]))
                for row in self._index_rows() if row["trial_id"] in dicts}

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

    def list_panels(self) -> builtins.list[tuple[str, str]]:
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
        for db in (self._index, self._panels):
            db.close()
