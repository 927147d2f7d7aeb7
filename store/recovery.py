"""Setting a damaged store file aside and restoring the previous good version.

Nothing here overwrites or deletes: a damaged file is renamed with a timestamp so that a person
(or a support engineer) can still look at it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

STORE_FILES = ("index.json", "panels.json")
SHARD_FOLDERS = ("trials", "trees")


def _readable(path: Path) -> bool:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict)


def store_files(folder: Path) -> list[Path]:
    """Every file of a store: the index, the panels and the trial and tree shards."""
    files = [folder / name for name in STORE_FILES]
    for sub in SHARD_FOLDERS:
        files += sorted((folder / sub).glob("[0-9][0-9].json"))
    return files


def damaged_files(folder: Path) -> list[Path]:
    return [path for path in store_files(folder) if path.exists() and not _readable(path)]


def recover(folder: Path) -> list[str]:
    """Rename each damaged store file aside and put its backup in its place. Returns what was done."""
    done: list[str] = []
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for path in damaged_files(folder):
        name = str(path.relative_to(folder))
        aside = path.with_name(f"{path.name}.damaged-{stamp}")
        os.replace(path, aside)
        done.append(f"{name}: damaged, kept aside as {aside.name}")
        backup = path.with_name(path.name + ".bak")
        if backup.exists() and _readable(backup):
            shutil.copy2(backup, path)
            os.chmod(path, 0o600)
            done.append(f"{name}: restored from {backup.name}")
        else:
            done.append(f"{name}: no good backup; starting it empty")
    return done
