"""Where worksheets go by default: never the current directory (it may be a clone or a shared
folder) but a trialview folder under the user's documents (or data) folder. The file itself is
written by `trialview.store.files.write_private_new` (new, 0600, never through a file or a link)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs


def default_folder() -> Path:
    """The user's documents folder (or, lacking one, their data folder), then trialview/."""
    documents = platformdirs.user_documents_dir()
    base = Path(documents) if documents else Path(platformdirs.user_data_dir())
    return base / "trialview"


def worksheet_name(trial_id: str, label: str, as_of: dt.date) -> str:
    """worksheet-NCT01-bed-12-2026-11-22.md: id and label reduced to letters, digits, - and _."""
    safe_label = "".join(c if c.isalnum() or c in "-_" else "-" for c in (label or "patient"))
    safe_trial = "".join(c if c.isalnum() or c == "-" else "-" for c in trial_id)
    return f"worksheet-{safe_trial}-{safe_label}-{as_of.isoformat()}.md"
