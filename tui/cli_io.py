"""What every `trialview` command shares: its exit codes and errors, printing to a terminal or
a pipe (control characters never reach it), opening the store and reading a panel file."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialview.model.text import BIDI_CONTROLS, strip_controls

if TYPE_CHECKING:   # types only: each command imports what it needs, to start fast
    from trialview.model.panel import Panel
    from trialview.store import Store, StoreDamaged

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
_JSON_UNSAFE_RE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


class CliError(Exception):
    """A failure to report as one line, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


def out(text: str = "") -> None:
    sys.stdout.write(strip_controls(text) + "\n")


def err(text: str) -> None:
    sys.stderr.write("trialview: " + strip_controls(text) + "\n")


def print_json(data: Any) -> None:
    # Indented for a person at a terminal; one compact line for a pipe or a file (json's C
    # encoder: `match --json` over thousands of trials prints tens of megabytes).
    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    # json escapes C0 controls itself; C1 and bidirectional controls (a title from an older
    # store) are escaped too, so that the JSON a person reads cannot reorder or recolour it.
    sys.stdout.write(_JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def damaged_error(exc: StoreDamaged, args: argparse.Namespace) -> CliError:
    hint = ""
    if "newer trialview" not in exc.reason:
        db = f" --db {args.db}" if args.db else ""
        hint = (f"\n  `trialview{db} recover` keeps the damaged file aside (renamed, not deleted)"
                " and restores the previous version")
    return CliError(f"the store is damaged: {exc.path}: {exc.reason}{hint}", EXIT_USAGE)


def open_store(args: argparse.Namespace) -> Store:
    from trialview.store import Store, StoreBusy, StoreDamaged

    try:
        return Store(args.db)
    except StoreBusy as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except StoreDamaged as exc:
        raise damaged_error(exc, args) from None
    except OSError as exc:
        raise CliError(f"cannot open the store: {exc.strerror or exc}", EXIT_USAGE) from None


def short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def load_panel_file(name: str) -> Panel:
    """The panel in a file: read with a bounded reader (a device, a FIFO or a file over
    MAX_PANEL_BYTES is refused without reading it whole), one line naming the file on error."""
    from trialview.model.panel import MAX_PANEL_BYTES, PanelError, load_panel_text
    from trialview.store.files import FileTooLarge, NotARegularFile, read_regular_file

    try:
        raw = read_regular_file(Path(name), MAX_PANEL_BYTES)
    except FileNotFoundError:
        raise CliError(f"{name}: no such panel file") from None
    except NotARegularFile:
        raise CliError(f"{name}: not a regular file, so not a panel") from None
    except FileTooLarge:
        raise CliError(f"{name}: too large for a panel (the limit is {MAX_PANEL_BYTES // 1024} KB)") from None
    except OSError as exc:
        raise CliError(f"{name}: cannot read the panel ({exc.strerror or exc.__class__.__name__})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{name}: not a panel (not UTF-8 text)") from None
    try:
        return load_panel_text(text)
    except PanelError as exc:
        if len(exc.problems) == 1 and exc.problems[0][0] == "panel":
            raise CliError(f"{name}: {exc.problems[0][1]}") from None
        lines = "\n".join(f"  {field}: {message}" for field, message in exc.problems)
        raise CliError(f"{name}: the panel has {len(exc.problems)} problem(s):\n{lines}") from None
