"""Writing files that hold patient data or the store, safely in folders others may share.

Every file trialview writes is created exclusively: a temporary file from `tempfile.mkstemp` in
the target's own folder (O_CREAT|O_EXCL, mode 0600, a random name: nothing planted at a
predictable name, a file or a symlink, is ever opened), then renamed over the target; or, for a
worksheet, the new file itself created with O_EXCL|O_NOFOLLOW. Temporary names carry the
writer's PID (`.<name>.<pid>.<random>.tmp`) so that leftovers of a killed run can be told from
the file of a process that is still writing (`remove_stale_temp_files`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

# `.<target name>.<pid>.tmp` (written before this module) or `.<target name>.<pid>.<random>.tmp`
_TEMP_RE = re.compile(r"^\.(?P<target>.+?)\.(?P<pid>\d+)(?:\.[A-Za-z0-9_]+)?\.tmp$")


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


def temp_file_for(path: Path) -> tuple[int, Path]:
    """A new, exclusively created, 0600 temporary file beside `path`: (open fd, its path)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    return fd, Path(name)


def write_temp_beside(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """`data` in a new temporary file beside `path`, synced to disk; the caller renames it."""
    fd, tmp = temp_file_for(path)
    return _fill(fd, tmp, data, mode)


def _fill(fd: int, path: Path, data: bytes, mode: int) -> Path:
    """Write `data` to the new file `path` open at `fd`, with exactly `mode` (whatever the
    umask), synced to disk; on any failure the file is removed. Returns `path`."""
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def copy_via_temp(source: Path, target: Path, mode: int = 0o600) -> None:
    """Copy `source` to `target` through a temporary file and a rename: a crash leaves either
    the old `target` or the whole copy, never a half-written file."""
    fd, tmp = temp_file_for(target)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            if mode != 0o600:
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def keep_backup(path: Path) -> None:
    """Make `<path>.bak` the current content of `path`, leaving `path` itself in place.

    A hard link where the file system has them (no copy), else a copy; either is made under a
    temporary name and renamed onto `.bak`, so `.bak` is always a whole file.
    """
    backup = path.with_name(path.name + ".bak")
    fd, tmp = temp_file_for(backup)
    os.close(fd)
    try:
        tmp.unlink()
        try:
            os.link(path, tmp)
        except FileNotFoundError:
            return
        except OSError:
            copy_via_temp(path, backup)
            return
        os.replace(tmp, backup)
    finally:
        tmp.unlink(missing_ok=True)


def pid_running(pid: int) -> bool:
    """Whether a process with this id exists (one we may not signal counts as running)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temporary files killed writers left in `folder`; keep those of live processes.

    Only regular files (or links) that this module's names match are touched; the caller holds
    the store's lock, so no writer of this store is half-way through a save.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m or entry.is_dir(follow_symlinks=False):
            continue
        pid = int(m.group("pid"))
        if pid == os.getpid() or pid_running(pid):
            continue
        try:
            os.unlink(entry.path)       # a symlink is removed itself, never its target
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def write_private_new(path: Path, text: str) -> Path:
    """Write `text` to a NEW file readable by the user only (0600) and return its path.

    Never opens what is already there: a file or a symlink at `path` (planted in a shared
    folder, or an earlier worksheet) is left alone and the text goes to `name-2.md`,
    `name-3.md`, ... instead.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    candidate = path
    for n in range(2, 1002):
        try:
            fd = os.open(candidate, flags, 0o600)
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:        # a symlink at the name: never followed
                candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
                continue
            raise
        return _fill(fd, candidate, text.encode("utf-8"), 0o600)
    raise FileExistsError(errno.EEXIST, "too many files with this name already", str(path))


class FileTooLarge(Exception):
    """A file that was to be read whole is larger than its limit."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO would wait forever for a writer); the opened file itself
    must be a regular file, so a device (/dev/zero), a FIFO or a folder is refused before anything is read; reading stops
    at `limit` + 1 bytes whatever the file claims its size is.
    Raises OSError, NotARegularFile or FileTooLarge.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFile(path)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLarge(path)
        return b"".join(chunks)
    finally:
        os.close(fd)


class NotARegularFile(Exception):
    """A path that names a device, a FIFO, a socket or a folder where a file was expected."""
