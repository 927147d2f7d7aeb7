"""Where worksheets go, and how they are written: never into the current directory by default
(it may be a clone, a shared folder), never through an existing file or a link.

`write_new_private` is the one place that writes a worksheet's bytes; it is to be replaced by the
store's exclusive writer (`trialview.store.files.write_private_new`) once that exists."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import platformdirs


def default_folder() -> Path:
    """The user's documents folder (or, lacking one, their data folder), then trialview/."""
    documents = platformdirs.user_documents_dir()
    base = Path(documents) if documents else Path(platformdirs.user_data_dir())
    return base / "trialview"


def worksheet_name(trial_id: str, label: str, as_of: dt.date) -> str:
    """worksheet-NCT01-bed-12-2026-11-22.md: the label reduced to letters, digits, - and _."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in (label or "patient"))
    return f"worksheet-{trial_id}-{safe}-{as_of.isoformat()}.md"


def write_new_private(path: Path, text: str) -> None:
    """Create `path` for this user only (0600) and write `text`; fail with FileExistsError if
    anything (a file, a link, even a dangling one) is there already. Its folder is created
    private (0700) if missing."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # O_EXCL with O_CREAT refuses any existing name, links included (they are not followed);
    # O_NOFOLLOW says so again for systems that would.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except BaseException:
        path.unlink(missing_ok=True)     # no half-written worksheet left behind
        raise
