"""What the app says when a save fails or something crashes: a few words, never a value.

Kept apart from app.py so that every screen that writes (save, rename, delete) says it the same.
"""

from __future__ import annotations

from pathlib import Path

from trialview.store import StoreDamaged


def save_failure(exc: BaseException) -> str:
    """Why a save failed, in a few words a person can act on (no path, no value)."""
    if isinstance(exc, OSError):
        return exc.strerror or exc.__class__.__name__
    if isinstance(exc, StoreDamaged):
        return f"the store is damaged ({exc.reason}); run `trialview recover`"
    return str(exc)


def crash_line(error: BaseException) -> str:
    """One line for a crash: the error's type and the innermost trialview frame, no values."""
    import traceback

    inner = getattr(error, "error", None)      # Textual's WorkerFailed wraps the worker's error
    if isinstance(inner, BaseException):
        error = inner
    where = ""
    for frame in traceback.extract_tb(error.__traceback__):
        if any(part in frame.filename for part in ("trialview", "/tui/", "/model/", "/store/")):
            where = f" in {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
    return (f"trialview stopped on an unexpected error: {error.__class__.__name__}{where}. "
            "Nothing of the patient is shown here; an unsaved panel was not saved.")
