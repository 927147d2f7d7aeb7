"""The store's files: a TinyDB storage that never leaves a half-written file behind, a TinyDB
that trusts no cache, and replacing many rows of a file in one write.

TinyDB's JSONStorage rewrites its file in place: a crash mid-write leaves a truncated store
(tinydb issues #6, #72, #228). This one writes a temp file in the same folder, fsyncs it,
keeps the previous file as `<name>.bak`, `os.replace`s the new one over it and fsyncs the folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table


class StoreDamaged(Exception):
    """The store file exists but cannot be read as a store."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int = 0o600, keep_backup: bool = True,
                 sync_dir: bool = True) -> None:
    """Replace `path` with `data` atomically. With sync_dir=False the caller fsyncs the folder
    (once for many files) before anything that depends on the rename being durable."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            try:
                os.replace(path, backup)
                # os.replace moved the old file away; a crash right here leaves only the
                # backup, which StoreFile.read() falls back to.
            except OSError:
                pass
        os.replace(tmp, path)
        if sync_dir:
            fsync_dir(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


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
            if not backup.exists():
                return None
            source = backup
        raw = source.read_bytes()
        if not raw.strip():
            raise StoreDamaged(source, "the file is empty")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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


def replace_rows(db: FreshDB, table_name: str, rows: dict[str, Row], sync_dir: bool = True) -> set[str]:
    """Insert or replace rows keyed by trial_id in ONE write of the file; returns the trial ids
    the table held before.

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
    body = ",".join(f"{json_text(key)}:{row if row.__class__ is str else json_text(row)}" for key, row in texts.items())
    others = "".join(f"{json_text(name)}:{json_text(value)}," for name, value in data.items())
    storage = db.storage
    if not isinstance(storage, AtomicJSONStorage):    # every FreshDB of the store is opened with it
        raise TypeError(f"replace_rows needs an AtomicJSONStorage, not {type(storage).__name__}")
    storage.write_text(f"{{{others}{json_text(table_name)}:{{{body}}}}}", sync_dir=sync_dir)
    db.forget()
    return set(by_id)
