"""The `trialview` command (shared/design/cli.md). Its names, options and JSON keys are a contract.

Only the TUI imports Textual, lazily: `--help` and the scripting commands stay fast.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Sequence

from trialview.tui.cli_io import (EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, damaged_error, err, open_store,
                                  out, print_json, short)
from trialview.tui.cli_match import cmd_ask, cmd_match

if TYPE_CHECKING:   # types only: each command imports what it needs, to start fast
    from trialview.model.trial import Trial
    from trialview.store import Store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trialview",
        description="Screen a patient against clinical trial eligibility criteria, offline.",
    )
    parser.add_argument("--db", metavar="PATH",
                        help="store folder (default: $TRIALVIEW_DB, else the user data folder)")
    parser.add_argument("--version", action="version", version="trialview 0.1.0")
    parser.add_argument("--no-save", action="store_true", dest="no_save_top",
                        help="(the TUI) never write patient data to disk in this session: "
                             "no saved panel, no worksheet (w refuses)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tui = sub.add_parser("tui", help="open the terminal app (the default)")
    tui.add_argument("--no-save", action="store_true",
                     help="never write patient data to disk in this session: no saved panel, "
                          "no worksheet (w refuses)")

    imp = sub.add_parser("import", help="import trial files or folders of them")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")

    lst = sub.add_parser("list", help="list the stored trials")
    lst.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help="one trial with its criteria tree")
    show.add_argument("trial_id", metavar="TRIAL_ID")
    show.add_argument("--json", action="store_true")

    parse = sub.add_parser("parse", help="parse eligibility text into a criteria tree (stores nothing)")
    parse.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    parse.add_argument("--section", choices=("inclusion", "exclusion"),
                       help="the text is one section (default: split it at its headings)")
    parse.add_argument("--json", action="store_true")

    sub.add_parser("recover", help="set damaged store files aside and restore their backups")

    match = sub.add_parser("match", help="match a patient panel against trials, best first")
    match.add_argument("--patient", required=True, metavar="PANEL.json")
    match.add_argument("trial_ids", nargs="*", metavar="TRIAL_ID")
    match.add_argument("--json", action="store_true")
    match.add_argument("--format", choices=("text", "json", "markdown"), default=None,
                       help="output format (markdown: a screening worksheet)")

    ask = sub.add_parser("ask", help="what to find out next: the values that would settle the most trials")
    ask.add_argument("--patient", required=True, metavar="PANEL.json")
    ask.add_argument("trial_ids", nargs="*", metavar="TRIAL_ID")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--limit", type=_positive, metavar="N",
                     help="at most N suggestions (default: all with --json, else 10)")
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "tui"
    try:
        if command == "tui":
            return _run_tui(args)
        handler = {"import": cmd_import, "list": cmd_list, "show": cmd_show,
                   "parse": cmd_parse, "match": cmd_match, "ask": cmd_ask,
                   "recover": cmd_recover}[command]
        # A one-shot command builds large acyclic structures (thousands of trials' rows and
        # compiled plans) that reference counting frees; the cyclic collector re-walking them
        # took more than half of `match` over 2,000 trials (tests/perf/bench.py).
        gc.disable()
        from trialview.store.storage import StoreDamaged

        try:
            return handler(args)
        except StoreDamaged as exc:      # a trial or tree shard read after the store opened
            error = damaged_error(exc, args)
            err(str(error))
            return error.code
    except CliError as exc:
        err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# --- commands ------------------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    from trialview.store.importing import import_paths

    store = open_store(args)
    report = import_paths(store, args.paths)
    if args.json:
        print_json(report.to_json())
    else:
        for trial_id, title, path in report.imported:
            out(f"imported {trial_id}  {short(title, 60)}  ({path})")
        for path, note in report.notes:
            err(f"{path}: {note}")
    for path, error in report.errors:
        err(f"{path}: {error}")
    if not args.json:
        out(f"{len(report.imported)} trial(s) imported, {len(report.errors)} file(s) failed")
    return EXIT_FAIL if report.errors else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    trials = store.list()
    if args.json:
        print_json([t.to_json() for t in trials])
        return EXIT_OK
    if not trials:
        out("no trials stored: trialview import PATH...")
    for t in trials:
        out(f"{t.trial_id:<14} {short(t.status, 20):<20} {short(t.phase, 16):<16} {short(t.title, 60)}")
    return EXIT_OK


def _find_trial(store: Store, trial_id: str) -> Trial:
    trial = store.get(trial_id)
    if trial is None:
        raise CliError(f"no trial {trial_id!r} in the store (trialview list shows what is there)")
    return trial


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    trial = _find_trial(store, args.trial_id)
    tree = store.tree(trial.trial_id)
    if args.json:
        data = trial.model_dump(mode="json")
        data["criteria"] = tree.to_json() if tree else []
        print_json(data)
        return EXIT_OK
    from trialview.tui.render import trial_text, tree_text

    out(trial_text(trial))
    if tree is not None:
        out()
        out(tree_text(tree))
    return EXIT_OK


def _read_parse_input(name: str) -> str:
    from trialview.model.sources import SourceError
    from trialview.store.importing import MAX_FILE_BYTES, read_trial_file

    if name == "-":
        # bounded like a file: `yes | trialview parse -` must not grow without end
        text = sys.stdin.read(MAX_FILE_BYTES + 1)
        if len(text) > MAX_FILE_BYTES:
            raise CliError(f"-: too large (the limit is {MAX_FILE_BYTES // 2**20} MB)")
        return text
    path = Path(name)
    if not path.is_file():
        raise CliError(f"{name}: {'not a regular file' if path.exists() else 'no such file'}")
    try:
        text, _ = read_trial_file(path)
    except SourceError as exc:
        raise CliError(f"{name}: {exc}") from None
    return text


def cmd_parse(args: argparse.Namespace) -> int:
    """Each file parsed on its own: a file that cannot be read is one entry with an `error`
    (and `"criteria": []`), and the other files still print. Exit 1 when any file failed."""
    from trialview.model.caps import parse_capped, parse_section_capped
    from trialview.model.text import normalise_text, split_sections

    results: list[dict[str, Any]] = []
    for name in args.files:
        try:
            text = normalise_text(_read_parse_input(name))
        except CliError as exc:
            message = str(exc)
            results.append({"path": name, "criteria": [],
                            "error": message[len(name) + 2:] if message.startswith(f"{name}: ") else message})
            continue
        if args.section:
            sections = [parse_section_capped(text, args.section)]
        else:
            inclusion, exclusion = split_sections(text)
            sections = parse_capped(inclusion, exclusion).sections
        results.append({"path": name, "criteria": [s.to_json() for s in sections]})
    failed = any("error" in r for r in results)
    if args.json:
        print_json(results)
        return EXIT_FAIL if failed else EXIT_OK
    from trialview.model.criteria import CriteriaTree
    from trialview.tui.render import tree_text

    for result in results:
        if "error" in result:
            err(f"{result['path']}: {result['error']}")
            continue
        out(f"== {result['path']}")
        out(tree_text(CriteriaTree.model_validate({"sections": result["criteria"]})))
    return EXIT_FAIL if failed else EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from filelock import Timeout

    from trialview.store import resolve_path
    from trialview.store.recovery import recover_store

    try:
        actions = recover_store(resolve_path(args.db))
    except Timeout:
        raise CliError("another trialview is writing the store; try again", EXIT_USAGE) from None
    except OSError as exc:
        raise CliError(f"recover failed: {exc.strerror or exc}") from None
    for line in actions or ["no damaged store files found"]:
        out(line)
    return EXIT_OK


def _run_tui(args: argparse.Namespace) -> int:
    from trialview.tui.app import run

    store = open_store(args)
    return run(store, no_save=getattr(args, "no_save", False) or args.no_save_top)


if __name__ == "__main__":
    sys.exit(main())
