"""Where worksheets go by default: never the current directory (it may be a clone or a shared
folder) but a trialview folder under the user's documents (or data) folder. The file itself is
written by `trialview.store.files.write_private_new` (new, 0600, never through a file or a link)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from trialview.store.files import write_private_new
from trialview.tui.labels import plain
from trialview.tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from trialview.model.criteria.tree import CriteriaTree
    from trialview.model.matching.result import MatchResult
    from trialview.model.trial import Trial
    from trialview.tui.app import TrialviewApp


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


async def ask_and_write_worksheet(app: TrialviewApp, trial: Trial, tree: CriteriaTree,
                                  result: MatchResult | None) -> Path | None:
    """The worksheet of `trial` for the app's patient, where the user says (asked, with a new
    file under default_folder() offered); the path written, or None (not written, and said why)."""
    from trialview.model.matching.match import match_trial
    from trialview.model.worksheet import worksheet_markdown

    if app.no_save:
        # The worksheet holds the patient's values: --no-save promises nothing of them on disk.
        app.notify("--no-save: this session never writes patient data to disk, so no worksheet "
                   "was written.", severity="warning")
        return None
    panel = app.draft.panel()
    result = result or match_trial(trial.trial_id, trial.title, tree, panel)
    text = worksheet_markdown(trial, tree, result, panel)
    name = worksheet_name(trial.trial_id, app.draft.label, panel.as_of)
    suggested = (app.export_dir or default_folder()) / name
    answer = await app.push_screen_wait(PromptScreen(
        "Write the worksheet to (a new file, readable by you only; a file or link already "
        "there is never written through):", str(suggested)))
    if not answer:
        return None
    path = Path(os.path.expanduser(answer))
    if path.is_dir() and not path.is_symlink():
        path = path / name
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A new file only, 0600 (it holds patient data): never written through a file or a
        # link already at the name (then name-2.md, ...), which may be someone else's.
        path = write_private_new(path, text)
    except OSError as exc:
        app.notify(f"Could not write the worksheet: {plain(exc.strerror or str(exc))}", severity="error")
        return None
    app.notify(f"Worksheet written to {plain(str(path))}", timeout=8)
    return path
