"""Import trial files into the store: shared by `trialview import` and the TUI's import prompt.

A bad file costs one clear line naming it; the good files of the same import are still stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING

from trialview.model.sources import SourceError, parse_trials
from trialview.model.trial import Trial
from trialview.store.import_workers import FileOutcome, outcomes

if TYPE_CHECKING:       # the workers import this module and need none of the store's code
    from trialview.store.store import Store

MAX_FILE_BYTES = 20 * 1024 * 1024
TRIAL_SUFFIXES = {".json", ".xml", ".txt", ".text", ".md"}


@dataclass
class ImportReport:
    imported: list[tuple[str, str, str]] = field(default_factory=list)   # (trial_id, title, path)
    errors: list[tuple[str, str]] = field(default_factory=list)          # (path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)           # (path, note)

    def to_json(self) -> dict[str, list[dict[str, str]]]:
        return {
            "imported": [{"trial_id": t, "title": title, "path": p} for t, title, p in self.imported],
            "errors": [{"path": p, "error": e} for p, e in self.errors],
            "notes": [{"path": p, "note": n} for p, n in self.notes],
        }


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str | None]]:
    """Files to import, folders walked in name order; (path, error) for paths that are missing."""
    out: list[tuple[Path, str | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TRIAL_SUFFIXES and not child.name.startswith("."):
                    out.append((child, None))
        elif path.is_file():
            out.append((path, None))
        elif path.exists():
            out.append((path, "not a regular file"))
        else:
            out.append((path, "no such file or folder"))
    return out


def decode_bytes(raw: bytes) -> tuple[str, str | None]:
    """Text of a file, and a note when it was not UTF-8 and a fallback decoding was used."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "decoded as UTF-16"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "not UTF-8: decoded as Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "not UTF-8: decoded as Latin-1"


def read_trial_file(path: Path) -> tuple[str, str | None]:
    """The text of one trial file; raises SourceError with a reason a user can act on."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise SourceError(f"too large ({size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SourceError("the file is empty")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("a binary file, not a trial (JSON, XML or a saved page)")
    return decode_bytes(raw)


def _read_one(path: Path) -> tuple[list[Trial], str | None]:
    """The trials of one file and a decoding note; raises SourceError with the reason."""
    text, note = read_trial_file(path)
    try:
        return parse_trials(text, name=path.name), note
    except RecursionError:
        raise SourceError("nested too deeply to be a trial record") from None


def load_trials(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[tuple[Trial, str]], ImportReport]:
    """Read and parse files without storing: (trial, path) pairs and a report of failures."""
    report = ImportReport()
    trials: list[tuple[Trial, str]] = []
    for path, problem in expand_paths(paths):
        name = str(path)
        if problem:
            report.errors.append((name, problem))
            continue
        try:
            parsed, note = _read_one(path)
        except SourceError as exc:
            report.errors.append((name, str(exc)))
            continue
        if note:
            report.notes.append((name, note))
        trials.extend((t, name) for t in parsed)
    return trials, report


# --- importing: reading and parsing on every core, one writer ------------------------------------

BATCH_FILES = 2000          # files read between two writes to the store (bounds the memory used)


def _prepare(path_text: str) -> FileOutcome:
    """Read one file, parse its trials and their criteria, and build the rows the store writes.
    Runs in a worker process (store/import_workers.py)."""
    from trialview.store.rows import parsed_rows, row_texts

    try:
        trials, note = _read_one(Path(path_text))
    except SourceError as exc:
        return (path_text, [], None, str(exc))
    # JSON text, not dicts: serialised here, on every core, and cheap to send to the writer
    rows = [(t.trial_id, t.title, row_texts(parsed_rows(t))) for t in trials]
    return (path_text, rows, note, None)


def import_paths(store: Store, paths: Iterable[str | os.PathLike[str]]) -> ImportReport:
    """Import files and folders into the store: a bad file is reported, the rest are stored.

    Trials are written in batches (one write per touched store file per batch); a trial listed
    in the report as imported is stored.
    """
    report = ImportReport()
    files: list[str] = []
    for path, problem in expand_paths(paths):
        if problem:
            report.errors.append((str(path), problem))
        else:
            files.append(str(path))
    pending: dict[str, tuple[str, str, str]] = {}
    pending_report: list[tuple[str, str, str]] = []

    def flush() -> None:
        if pending:
            try:
                store.write_trial_rows(pending)
            except OSError as exc:
                # A full disk or a folder made read-only: the store keeps its previous state
                # (saves are atomic); each file of the batch gets one line saying why.
                reason = f"not stored: {exc.strerror or exc}"
                for path in dict.fromkeys(path for _, _, path in pending_report):
                    report.errors.append((path, reason))
            else:
                report.imported.extend(pending_report)
        pending.clear()
        pending_report.clear()

    for n, (name, rows, note, error) in enumerate(outcomes(files, _prepare), start=1):
        if error:
            report.errors.append((name, error))
            continue
        if note:
            report.notes.append((name, note))
        for trial_id, title, parts in rows:
            pending[trial_id] = parts
            pending_report.append((trial_id, title, name))
        if n % BATCH_FILES == 0:
            flush()
    flush()
    return report
