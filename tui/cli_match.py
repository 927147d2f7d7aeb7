"""`trialview match` and `trialview ask`: a panel against the stored trials (shared/design/cli.md),
and the writers of their output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from trialview.tui.cli_io import EXIT_OK, CliError, err, load_panel_file, open_store, out, print_json


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
        err(unknown_drug_warning(name))
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
            err(stale.message(result.trial_id))
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "json":
        with paused_gc():       # parsing the tree shards makes millions of acyclic objects
            print_match_json(store, results, bool(args.trial_ids))
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
            out(match_text(result))
        if results:
            out(legend())
    return EXIT_OK


def print_match_json(store: Any, results: list[Any], named: bool) -> None:
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
                text = match_json_parsed(result, tree, ascii_only)
            texts[trial_id] = text
            result.statuses = {}        # its nodes are in the text now
    stream = sys.stdout
    stream.write("[")
    for n, result in enumerate(results):
        if n:
            stream.write(",\n" if stream.isatty() else ",")
        text = texts.pop(result.trial_id, "")       # "": its tree left the store meanwhile
        stream.write(text or json.dumps(result.to_json({}), ensure_ascii=ascii_only))
    stream.write("]\n")


def match_json_parsed(result: Any, tree: dict[str, Any], ascii_only: bool) -> str:
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
        err(unknown_drug_warning(name))
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
        print_json([s.to_json() for s in suggestions])
        return EXIT_OK
    undecided = sum(1 for r in results.values() if r.verdict == "unknown")
    if not suggestions:
        out(f"nothing to ask: no answer would decide any of the {undecided} undecided trial(s)")
    for s in suggestions:
        where = f" ({s.trial_id})" if s.kind == "criterion" else ""
        out(f"{s.line()}{where}  [{s.kind}]")
    return EXIT_OK
