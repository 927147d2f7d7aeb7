"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's JSONStorage rewrites its file in place: a crash mid-write leaves a truncated store
(tinydb issues #6, #72, #228). This one writes a temp file in the same folder, fsyncs it,
keeps the previous file as `<name>.bak`, `os.replace`s the new one over it and fsyncs the folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


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
        self.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def write_text(self, text: str, sync_dir: bool = True) -> None:
        """Write the store's JSON text, made by the caller."""
        atomic_write(self.path, text.encode("utf-8"), self.mode, sync_dir=sync_dir)

    def close(self) -> None:
        pass
