"""The `trialview` command (shared/design/cli.md). Its names, options and JSON keys are a contract.

Only the TUI imports Textual, lazily: `--help` and the scripting commands stay fast.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from trialview.model.text import strip_controls

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report as one line, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "tui"
    try:
        if command == "tui":
            return _run_tui(args)
        handler = {"import": cmd_import, "list": cmd_list, "show": cmd_show,
                   "parse": cmd_parse, "match": cmd_match, "recover": cmd_recover}[command]
        # A one-shot command builds large acyclic structures (thousands of trials' rows and
        # compiled plans) that reference counting frees; the cyclic collector re-walking them
        # took more than half of `match` over 2,000 trials (tests/perf/bench.py).
        gc.disable()
        from trialview.store.storage import StoreDamaged

        try:
            return handler(args)
        except StoreDamaged as exc:      # a trial or tree shard read after the store opened
            error = damaged_error(exc, args)
            _err(str(error))
            return error.code
    except CliError as exc:
        _err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# --- helpers -------------------------------------------------------------------------------

def _out(text: str = "") -> None:
    sys.stdout.write(strip_controls(text) + "\n")


def _err(text: str) -> None:
    sys.stderr.write("trialview: " + strip_controls(text) + "\n")


def _print_json(data: Any) -> None:
    # Indented for a person at a terminal; one compact line for a pipe or a file (json's C
    # encoder: `match --json` over thousands of trials prints tens of megabytes).
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def damaged_error(exc, args: argparse.Namespace) -> CliError:
    hint = ""
    if "newer trialview" not in exc.reason:
        db = f" --db {args.db}" if args.db else ""
        hint = (f"\n  `trialview{db} recover` keeps the damaged file aside (renamed, not deleted)"
                " and restores the previous version")
    return CliError(f"the store is damaged: {exc.path}: {exc.reason}{hint}", EXIT_USAGE)


def open_store(args: argparse.Namespace):
    from trialview.store import Store, StoreBusy, StoreDamaged

    try:
        return Store(args.db)
    except StoreBusy as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except StoreDamaged as exc:
        raise damaged_error(exc, args) from None
    except OSError as exc:
        raise CliError(f"cannot open the store: {exc.strerror or exc}", EXIT_USAGE) from None


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- commands ------------------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    from trialview.store.importing import import_paths

    store = open_store(args)
    report = import_paths(store, args.paths)
    if args.json:
        _print_json(report.to_json())
    else:
        for trial_id, title, path in report.imported:
            _out(f"imported {trial_id}  {_short(title, 60)}  ({path})")
        for path, note in report.notes:
            _err(f"{path}: {note}")
    for path, error in report.errors:
        _err(f"{path}: {error}")
    if not args.json:
        _out(f"{len(report.imported)} trial(s) imported, {len(report.errors)} file(s) failed")
    return EXIT_FAIL if report.errors else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    trials = store.list()
    if args.json:
        _print_json([t.to_json() for t in trials])
        return EXIT_OK
    if not trials:
        _out("no trials stored: trialview import PATH...")
    for t in trials:
        _out(f"{t.trial_id:<14} {_short(t.status, 20):<20} {_short(t.phase, 16):<16} {_short(t.title, 60)}")
    return EXIT_OK


def _find_trial(store, trial_id: str):
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
        _print_json(data)
        return EXIT_OK
    from trialview.tui.render import trial_text, tree_text

    _out(trial_text(trial))
    if tree is not None:
        _out()
        _out(tree_text(tree))
    return EXIT_OK


def _read_parse_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    from trialview.model.sources import SourceError
    from trialview.store.importing import read_trial_file

    path = Path(name)
    if not path.is_file():
        raise CliError(f"{name}: no such file")
    try:
        text, _ = read_trial_file(path)
    except SourceError as exc:
        raise CliError(f"{name}: {exc}") from None
    return text


def cmd_parse(args: argparse.Namespace) -> int:
    from trialview.model.criteria import parse_criteria, parse_section
    from trialview.model.text import normalise_text, split_sections

    results = []
    for name in args.files:
        text = normalise_text(_read_parse_input(name))
        if args.section:
            sections = [parse_section(text, args.section)]
        else:
            inclusion, exclusion = split_sections(text)
            sections = parse_criteria(inclusion, exclusion).sections
        results.append({"path": name, "criteria": [s.to_json() for s in sections]})
    if args.json:
        _print_json(results)
        return EXIT_OK
    from trialview.model.criteria import CriteriaTree
    from trialview.tui.render import tree_text

    for result, name in zip(results, args.files):
        _out(f"== {name}")
        _out(tree_text(CriteriaTree.model_validate({"sections": result["criteria"]})))
    return EXIT_OK


def load_panel_file(name: str):
    from trialview.model.panel import PanelError, load_panel_text

    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{name}: no such panel file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{name}: cannot read the panel ({exc.__class__.__name__})") from None
    try:
        return load_panel_text(text)
    except PanelError as exc:
        lines = "\n".join(f"  {field}: {message}" for field, message in exc.problems)
        raise CliError(f"{name}: the panel has {len(exc.problems)} problem(s):\n{lines}") from None


def _texts(tree: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    stack = list(tree.get("sections", ()))
    while stack:
        node = stack.pop()
        out[node["id"]] = node.get("text", "")
        stack.extend(node.get("children", ()))
    return out


def cmd_match(args: argparse.Namespace) -> int:
    """Matching reads the index's compact plans; the full trees only when they are printed
    (--json), the trial documents only for worksheets."""
    from trialview.model.match import compile_plan, match_plan, rank_key

    panel = load_panel_file(args.patient)
    store = open_store(args)
    plans = store.plans()
    if args.trial_ids:
        wanted = [store.resolve_id(t) or t for t in args.trial_ids]
        missing = [t for t in wanted if t not in plans]
        if missing:
            raise CliError(f"no trial {', '.join(missing)} in the store")
    else:
        wanted = list(plans)
    fmt = args.format or ("json" if args.json else "text")
    trees = store.tree_dicts(wanted if args.trial_ids else None) if fmt == "json" else {}
    results = []
    for trial_id in wanted:
        summary, compact = plans[trial_id]
        tree = trees.get(trial_id)
        texts = _texts(tree) if tree is not None else None
        results.append(match_plan(trial_id, summary.title, compile_plan(compact), panel, texts))
    results.sort(key=rank_key)
    if fmt == "json":
        _print_json([r.to_json(trees.get(r.trial_id, {})) for r in results])
    elif fmt == "markdown":
        from trialview.model.worksheet import worksheet_markdown

        for result in results:
            trial, tree = store.get(result.trial_id), store.tree(result.trial_id)
            sys.stdout.write(worksheet_markdown(trial, tree, result, panel) + "\n")
    else:
        from trialview.tui.render import legend, match_text

        for result in results:
            _out(match_text(result))
        if results:
            _out(legend())
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from trialview.store import resolve_path
    from trialview.store.recovery import recover

    actions = recover(resolve_path(args.db))
    for line in actions or ["no damaged store files found"]:
        _out(line)
    return EXIT_OK


def _run_tui(args: argparse.Namespace) -> int:
    from trialview.tui.app import run

    store = open_store(args)
    return run(store, no_save=getattr(args, "no_save", False) or args.no_save_top)


if __name__ == "__main__":
    sys.exit(main())
