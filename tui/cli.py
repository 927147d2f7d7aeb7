"""The `trialview` command (shared/design/cli.md). Its names, options and JSON keys are a contract.

Only the TUI imports Textual, lazily: `--help` and the scripting commands stay fast.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Sequence

from trialview.model.text import BIDI_CONTROLS, strip_controls

if TYPE_CHECKING:   # types only: each command imports what it needs, to start fast
    from trialview.model.panel import Panel
    from trialview.model.trial import Trial
    from trialview.store import Store, StoreDamaged

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
_JSON_UNSAFE_RE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


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
        _print_json(data)
        return EXIT_OK
    from trialview.tui.render import trial_text, tree_text

    _out(trial_text(trial))
    if tree is not None:
        _out()
        _out(tree_text(tree))
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
        _print_json(results)
        return EXIT_FAIL if failed else EXIT_OK
    from trialview.model.criteria import CriteriaTree
    from trialview.tui.render import tree_text

    for result in results:
        if "error" in result:
            _err(f"{result['path']}: {result['error']}")
            continue
        _out(f"== {result['path']}")
        _out(tree_text(CriteriaTree.model_validate({"sections": result["criteria"]})))
    return EXIT_FAIL if failed else EXIT_OK


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


def cmd_match(args: argparse.Namespace) -> int:
    """Matching reads the index's compact plans; the full trees only when they are printed
    (--json), the trial documents only for worksheets."""
    from trialview.model.collector import paused_gc
    from trialview.model.matching.match import match_plan
    from trialview.model.matching.plan import compile_plan
    from trialview.model.matching.result import rank_key
    from trialview.model.panel import unknown_drug_warning

    panel = load_panel_file(args.patient)
    # panel.md: a drug the vocabulary does not know is named, with the closest known names
    for name in panel.unknown_drugs():
        _err(unknown_drug_warning(name))
    store = open_store(args)
    plans = store.plans()
    if args.trial_ids:
        wanted = [store.resolve_id(t) or t for t in args.trial_ids]
        missing = [t for t in wanted if t not in plans]
        if missing:
            raise CliError(f"no trial {', '.join(missing)} in the store")
    else:
        wanted = list(plans)
    # the criteria texts a hand decision is checked against, for the trials that have some
    decided = [t for t in wanted if panel.screening.get(t)]
    from trialview.store.tree_shards import node_texts

    decided_texts = {t: node_texts(tree) for t, tree in store.tree_dicts(decided).items()} if decided else {}
    with paused_gc():       # thousands of small acyclic objects: see paused_gc
        results = []
        for trial_id in wanted:
            summary, compact = plans[trial_id]
            results.append(match_plan(trial_id, summary.title, compile_plan(compact), panel,
                                      decided_texts.get(trial_id)))
    del plans
    results.sort(key=rank_key)
    for result in results:
        for stale in result.stale:
            _err(stale.message(result.trial_id))
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "json":
        with paused_gc():       # parsing the tree shards makes millions of acyclic objects
            _print_match_json(store, results, bool(args.trial_ids))
    elif fmt == "markdown":
        from trialview.model.worksheet import worksheet_markdown

        for result in results:
            trial, full_tree = store.get(result.trial_id), store.tree(result.trial_id)
            if trial is None or full_tree is None:      # deleted by another session meanwhile
                raise CliError(f"trial {result.trial_id} left the store while matching")
            sys.stdout.write(worksheet_markdown(trial, full_tree, result, panel) + "\n")
    else:
        from trialview.tui.render import legend, match_text

        for result in results:
            _out(match_text(result))
        if results:
            _out(legend())
    return EXIT_OK


def _print_match_json(store: Any, results: list[Any], named: bool) -> None:
    """The `match --json` list, written trial by trial in rank order: each trial's object is
    made while its tree shard is in memory (one shard at a time), kept as its JSON text, and
    printed one by one; never the whole list as one object or one string.

    To a pipe or a file, a tree the store keeps in the printed form (store/rows.py) is copied
    through with each node's status written in (model/matching/printed_tree.py), not parsed and
    encoded again: the same bytes, a fraction of the time."""
    from trialview.model.matching.printed_tree import match_json_text

    by_id = {r.trial_id: r for r in results}
    texts: dict[str, str] = {}
    # \u escapes for a pipe or a file (json's C encoder is quicker at them); characters at a terminal
    ascii_only = not sys.stdout.isatty()
    for shard in store.tree_texts([r.trial_id for r in results] if named else None):
        for trial_id, tree in shard.items():
            result = by_id.get(trial_id)
            if result is None:
                continue
            text = None
            if isinstance(tree, tuple):     # (order of ids, the tree's text): the printed form
                text = match_json_text(result, tree) if ascii_only else None
                if text is None:
                    tree = json.loads(tree[1])
            if text is None:
                text = _match_json_parsed(result, tree, ascii_only)
            texts[trial_id] = text
            result.statuses = {}        # its nodes are in the text now
    out = sys.stdout
    out.write("[")
    for n, result in enumerate(results):
        if n:
            out.write(",\n" if out.isatty() else ",")
        text = texts.pop(result.trial_id, "")       # "": its tree left the store meanwhile
        out.write(text or json.dumps(result.to_json({}), ensure_ascii=ascii_only))
    out.write("]\n")


def _match_json_parsed(result: Any, tree: dict[str, Any], ascii_only: bool) -> str:
    """One trial's `match --json` object from its parsed tree (spent: filled in place)."""
    # blockers and open questions are top-level criteria: their texts are a section's children
    child_texts = {c["id"]: c.get("text", "") for section in tree.get("sections", ())
                   for c in section.get("children", ())}
    for item in (*result.blockers, *result.open):
        item.text = item.text or child_texts.get(item.node_id, "")
    return json.dumps(result.to_json(tree, in_place=True), ensure_ascii=ascii_only)


def cmd_ask(args: argparse.Namespace) -> int:
    """What to find out next for this patient (model/matching/ask.py), best first. Reads the
    index's compact plans; the full trees only of trials where a person-judged criterion is
    suggested, for its text."""
    from trialview.model.matching.ask import ask_next
    from trialview.model.matching.match import match_plan
    from trialview.model.matching.plan import compile_plan

    panel = load_panel_file(args.patient)
    from trialview.model.panel import unknown_drug_warning

    for name in panel.unknown_drugs():     # panel.md: named, with the closest known names
        _err(unknown_drug_warning(name))
    store = open_store(args)
    plans = store.plans()
    if args.trial_ids:
        wanted = list(dict.fromkeys(store.resolve_id(t) or t for t in args.trial_ids))
        missing = [t for t in wanted if t not in plans]
        if missing:
            raise CliError(f"no trial {', '.join(missing)} in the store")
    else:
        wanted = list(plans)
    compacts = {t: plans[t][1] for t in wanted}
    results = {t: match_plan(t, plans[t][0].title, compile_plan(c), panel) for t, c in compacts.items()}
    limit = args.limit if args.limit is not None else (None if args.json else 10)
    texts: dict[str, dict[str, str]] = {}

    def criterion_text(trial_id: str, node_id: str) -> str:
        if trial_id not in texts:
            from trialview.store.tree_shards import node_texts

            texts.update({t: node_texts(tree) for t, tree in store.tree_dicts([trial_id]).items()})
        return texts.get(trial_id, {}).get(node_id, "")

    suggestions = ask_next(panel, compacts, results, limit, criterion_text)
    if args.json:
        _print_json([s.to_json() for s in suggestions])
        return EXIT_OK
    undecided = sum(1 for r in results.values() if r.verdict == "unknown")
    if not suggestions:
        _out(f"nothing to ask: no answer would decide any of the {undecided} undecided trial(s)")
    for s in suggestions:
        where = f" ({s.trial_id})" if s.kind == "criterion" else ""
        _out(f"{s.line()}{where}  [{s.kind}]")
    return EXIT_OK


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
        _out(line)
    return EXIT_OK


def _run_tui(args: argparse.Namespace) -> int:
    from trialview.tui.app import run

    store = open_store(args)
    return run(store, no_save=getattr(args, "no_save", False) or args.no_save_top)


if __name__ == "__main__":
    sys.exit(main())
