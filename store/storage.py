"""The store's files: a TinyDB storage that never leaves a half-written file behind, a TinyDB
that trusts no cache, and replacing many rows of a file in one write.

TinyDB's JSONStorage rewrites its file in place: a crash mid-write leaves a truncated store
(tinydb issues #6, #72, #228). This one writes an exclusively created temp file in the same
folder, fsyncs it, keeps the previous file as `<name>.bak` (a hard link), `os.replace`s the new
one over the live name and fsyncs the folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from trialview.store.files import fsync_dir, write_temp_beside
from trialview.store.files import keep_backup as keep_backup_of

__all__ = ["AtomicJSONStorage", "FreshDB", "Row", "StoreDamaged", "atomic_write", "fsync_dir",
           "json_text", "replace_rows"]


class StoreDamaged(Exception):
    """The store file exists but cannot be read as a store."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def atomic_write(path: Path, data: bytes, mode: int = 0o600, keep_backup: bool = True,
                 sync_dir: bool = True) -> None:
    """Replace `path` with `data` atomically. With sync_dir=False the caller fsyncs the folder
    (once for many files) before anything that depends on the rename being durable.

    The order never leaves `path` missing: the new text goes to an exclusively created
    temporary file (store/files.py) and is synced; the current file becomes `.bak` by a hard
    link (or a copy) made beside it; then one os.replace puts the new file at the live name.
    A crash at any point leaves the old or the new file at `path`, whole.
    """
    tmp = write_temp_beside(path, data, mode)
    try:
        if keep_backup:
            keep_backup_of(path)
        os.replace(tmp, path)
        if sync_dir:
            fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file JSON, atomic replace on every write, private file mode."""

    def __init__(self, path: str | os.PathLike[str], mode: int = 0o600, **_: Any):
        self.path = Path(path)
        self.mode = mode
        self._cache: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        source = self.path
        if not source.exists():
            backup = self.path.with_name(self.path.name + ".bak")
            if backup.exists():
                # Saves never leave the live name missing; only a crash of an older trialview
                # between its two renames (or a hand) does: damage for `recover` to repair,
                # not an empty file to write over.
                raise StoreDamaged(source, f"missing; only its backup {backup.name} is left")
            return None
        raw = source.read_bytes()
        if not raw.strip():
            raise StoreDamaged(source, "the file is empty")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise StoreDamaged(source, f"not a readable store ({exc.__class__.__name__})") from None
        if not isinstance(data, dict):
            raise StoreDamaged(source, "not a store (expected a JSON object of tables)")
        return data

    def write(self, data: dict[str, Any]) -> None:
        self.write_text(json_text(data))

    def write_text(self, text: str, sync_dir: bool = True) -> None:
        """Write the store's JSON text, made by the caller."""
        atomic_write(self.path, text.encode("utf-8"), self.mode, sync_dir=sync_dir)

    def close(self) -> None:
        pass


class FreshDB(TinyDB):
    """A TinyDB that trusts no cache: another process may rewrite the file at any moment."""

    def table(self, name: str, **kwargs: Any) -> Table:
        kwargs.setdefault("cache_size", 0)
        return super().table(name, **kwargs)

    def forget(self) -> None:
        # TinyDB remembers the next document id; a stale one would overwrite another
        # process's row.
        for table in self._tables.values():
            table._next_id = None


Row = dict[str, Any] | str      # a row, or its JSON text made in advance (by an import worker)


def json_text(value: Any) -> str:
    """Compact JSON, as every store file is written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def replace_rows(db: FreshDB, table_name: str, rows: dict[str, Row], sync_dir: bool = True,
                 encode: Callable[[Any], str] = json_text) -> set[str]:
    """Insert or replace rows keyed by trial_id in ONE write of the file; returns the trial ids
    the table held before. `encode` writes a row given as a dict, the table's other rows too
    (the tree shards keep their rows in a form of their own: store/rows.py).

    TinyDB's own remove-then-insert is two writes: a crash between them would lose a trial that
    was already stored. Rows given as JSON text are written as they are (the importer's workers
    serialise them in parallel). Callers hold the store's lock.
    """
    data = db.storage.read() or {}
    table = data.pop(table_name, None) or {}
    by_id = {row.get("trial_id"): key for key, row in table.items()}
    next_id = max((int(k) for k in table), default=0) + 1
    texts: dict[str, Row] = dict(table)
    for trial_id, row in rows.items():
        key = by_id.get(trial_id)
        if key is None:
            key, next_id = str(next_id), next_id + 1
        texts[key] = row
    body = ",".join(f"{json_text(key)}:{row if row.__class__ is str else encode(row)}" for key, row in texts.items())
    others = "".join(f"{json_text(name)}:{json_text(value)}," for name, value in data.items())
    storage = db.storage
    if not isinstance(storage, AtomicJSONStorage):    # every FreshDB of the store is opened with it
        raise TypeError(f"replace_rows needs an AtomicJSONStorage, not {type(storage).__name__}")
    storage.write_text(f"{{{others}{json_text(table_name)}:{{{body}}}}}", sync_dir=sync_dir)
    db.forget()
    return set(by_id)
