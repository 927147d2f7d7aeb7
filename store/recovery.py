"""Setting a damaged store file aside and restoring the previous good version.

Nothing here overwrites or deletes what it sets aside: a damaged file gets a new, unique
name (`<name>.damaged-<stamp>`, `-2`, ... when that exists) by a hard link that cannot replace
anything, so a person (or a support engineer) can still look at it, however often `recover`
runs. The backup is copied to a temporary file and renamed into place: killed part-way, recover
leaves the damaged file or the restored one, never an empty one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from trialview.store.files import copy_via_temp, fsync_dir

STORE_FILES = ("index.json", "panels.json")
SHARD_FOLDERS = ("trials", "trees")


def _readable(path: Path) -> bool:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(data, dict)


def store_files(folder: Path) -> list[Path]:
    """Every file of a store: the index, the panels and the trial and tree shards (also the
    shards present only as their backup)."""
    files = [folder / name for name in STORE_FILES]
    for sub in SHARD_FOLDERS:
        names = {p.name for p in (folder / sub).glob("[0-9][0-9].json")}
        names |= {p.name[:-4] for p in (folder / sub).glob("[0-9][0-9].json.bak")}
        files += [folder / sub / name for name in sorted(names)]
    return files


def _backup(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def damaged_files(folder: Path) -> list[Path]:
    """Store files that cannot be read, and those missing while their backup is there (a crash
    between the two renames of an older trialview's save)."""
    out = []
    for path in store_files(folder):
        if path.exists():
            if not _readable(path):
                out.append(path)
        elif _backup(path).exists():
            out.append(path)
    return out


def _set_aside(path: Path, stamp: str) -> Path:
    """A new name for the damaged file, never one that exists: os.link fails rather than replace."""
    n = 1
    while True:
        aside = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            os.link(path, aside)
        except FileExistsError:
            n += 1
            continue
        except OSError:
            # no hard links on this file system: a rename, which os.path.lexists guards
            if os.path.lexists(aside):
                n += 1
                continue
            os.rename(path, aside)
        return aside


def recover_store(folder: Path, timeout_s: float = 30) -> list[str]:
    """`recover` under the store's lock, so that no save runs meanwhile (raises
    filelock.Timeout when another trialview holds it that long)."""
    if not folder.is_dir():
        return []
    from filelock import FileLock

    with FileLock(str(folder / ".lock"), timeout=timeout_s):
        return recover(folder)


def recover(folder: Path) -> list[str]:
    """Set each damaged store file aside and put its backup in its place. Returns what was done.

    The caller holds the store's lock (no save runs meanwhile)."""
    done: list[str] = []
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for path in damaged_files(folder):
        name = str(path.relative_to(folder))
        backup = _backup(path)
        if path.exists():
            aside = _set_aside(path, stamp)
            done.append(f"{name}: damaged, kept aside as {aside.name}")
        else:
            done.append(f"{name}: missing")
        if backup.exists() and _readable(backup):
            copy_via_temp(backup, path)
            done.append(f"{name}: restored from {backup.name}")
        else:
            path.unlink(missing_ok=True)    # its content is kept aside, above
            if backup.exists():             # unreadable: aside too, or the next open sees damage again
                kept = _set_aside(backup, stamp)
                backup.unlink(missing_ok=True)
                done.append(f"{backup.name}: unreadable, kept aside as {kept.name}")
            done.append(f"{name}: no good backup; starting it empty")
        fsync_dir(path.parent)
    return done
