"""Where a store lives: the folder `--db`, $TRIALVIEW_DB or the user's data folder names, and
creating it private to the user without touching folders that are not the store's."""

from __future__ import annotations

import os
from pathlib import Path


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("trialview", appauthor=False))


def resolve_path(raw: str | os.PathLike[str] | None) -> Path:
    """--db PATH, else $TRIALVIEW_DB, else the user's data folder.

    A folder is the store. A `.json` path names a store by a file: the store is a 0700 folder
    of its own beside it, `<name>.d`, so its files never lie loose in a folder that is not the
    store's (a shared 1777 folder). Older versions kept the files in the `.json`'s folder: that
    folder stays the store when it holds a store's index and is the user's own, private one."""
    chosen = raw or os.environ.get("TRIALVIEW_DB") or default_path()
    path = Path(chosen).expanduser()
    if path.suffix == ".json" and not path.is_dir():
        if (path.parent / "index.json").is_file() and _private_folder(path.parent):
            return path.parent
        return path.with_name(path.name + ".d")
    return path


def _private_folder(folder: Path) -> bool:
    """The user's own folder that no one else can write to."""
    try:
        st = folder.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def make_own_folder(path: Path) -> None:
    """Create the store's folder private to the user (0700); a folder that was already there
    keeps its mode: it may be someone else's (a shared /tmp) or set so on purpose."""
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        return          # another process made it first: theirs to set
    os.chmod(path, 0o700)   # mkdir's mode is cut by the umask, never widened: make it exact
