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

STORE_FILES = ("index.json", "trials.json", "panels.json")


def _readable(path: Path) -> bool:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict)


def damaged_files(folder: Path) -> list[Path]:
    return [folder / name for name in STORE_FILES
            if (folder / name).exists() and not _readable(folder / name)]


def recover(folder: Path) -> list[str]:
    """Rename each damaged store file aside and put its backup in its place. Returns what was done."""
    done: list[str] = []
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for path in damaged_files(folder):
        aside = path.with_name(f"{path.name}.damaged-{stamp}")
        os.replace(path, aside)
        done.append(f"{path.name}: damaged, kept aside as {aside.name}")
        backup = path.with_name(path.name + ".bak")
        if backup.exists() and _readable(backup):
            shutil.copy2(backup, path)
            os.chmod(path, 0o600)
            done.append(f"{path.name}: restored from {backup.name}")
        else:
            done.append(f"{path.name}: no good backup; starting it empty")
    return done
