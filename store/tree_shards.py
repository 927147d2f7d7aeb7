"""The criteria trees' shard files (store/store.py): which file keeps a trial's tree, and
reading and writing their rows.

A tree row is written with its tree in the form `match --json` prints it
(model/matching/printed_tree.py), so that `match --json` copies the text through instead of
parsing and encoding it again; any JSON reader reads it as the same tree. Shards an older
trialview wrote (plain rows) are read by parsing, as before: nothing needs converting.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

from trialview.model.matching.printed_tree import NotPrintable, printed_tree
from trialview.store.storage import AtomicJSONStorage, json_text

SHARDS = 32


def shard_name(trial_id: str) -> str:
    """The shard file of a trial: stable across processes and versions (not Python's hash)."""
    return f"{zlib.crc32(trial_id.encode('utf-8')) % SHARDS:02d}.json"


# A tree row whose tree is in the printed form starts so (a space no plain row has), and keeps
# the order of its nodes' ids before the tree: a reader of the shard's text knows each row's
# form, and finds the tree's text, without parsing it.
_PRINTED_ROW = '{ "trial_id": '
_ORDER_KEY = '", "order": ['
_TREE_KEY = '], "tree": '
_FIRST_ROW = re.compile(r'"trials":\{"\d+":\Z')
_NEXT_ROW = re.compile(r',"\d+":')

PrintedTree = tuple[list[str], str]     # model/matching/printed_tree.py printed_tree


def tree_row_text(row: dict[str, Any]) -> str:
    """A tree row as the store writes it: its tree in the form `match --json` prints it
    (model/matching/printed_tree.py), which `match --json` copies through, and the order of its
    nodes' ids in that text; a row or tree not in the expected shape as plain JSON."""
    tid, tree = row.get("trial_id"), row.get("tree")
    if set(row) <= {"trial_id", "order", "tree"} and isinstance(tid, str) and isinstance(tree, dict):
        try:
            order, text = printed_tree(tree)
        except (NotPrintable, TypeError, AttributeError):   # a damaged tree: written as it is
            return json_text({"trial_id": tid, "tree": tree})
        return f"{_PRINTED_ROW}{json.dumps(tid)}, \"order\": {json.dumps(order)}, \"tree\": {text}}}"
    return json_text(row)


def printed_trees(text: str) -> dict[str, PrintedTree] | None:
    """A tree shard's text (as store/storage.py replace_rows writes it) -> each trial's printed
    tree (its order of ids, its text), when every row is in the printed form; None otherwise (a
    store written by an older trialview, a damaged file): the caller parses the file."""
    pieces = text.split(_PRINTED_ROW)
    # every row has one key "trial_id" (a quote inside a string is escaped): as many as printed rows
    if len(pieces) < 2 or text.count('"trial_id"') != len(pieces) - 1 or _FIRST_ROW.search(pieces[0]) is None:
        return None
    out: dict[str, PrintedTree] = {}
    last = len(pieces) - 1
    for n, piece in enumerate(pieces[1:], start=1):
        order_at = piece.find(_ORDER_KEY)
        tree_at = piece.find(_TREE_KEY, order_at)
        if order_at < 1 or tree_at < 0 or piece[0] != '"':
            return None
        if n == last:
            if not piece.endswith("}}}"):
                return None
            row_end = len(piece) - 3
        else:
            row_end = piece.rfind("}")
            if row_end < 0 or _NEXT_ROW.fullmatch(piece, row_end + 1) is None:
                return None
        head = piece[:tree_at + 1]      # "id", "order": [...]
        ids = piece[order_at + len(_ORDER_KEY) - 1:tree_at + 1]
        if "\\" in head:      # an escape in an id: read as JSON
            trial_id, order = json.loads(head[:order_at + 1]), json.loads(ids)
        else:
            trial_id, order = piece[1:order_at], (ids[2:-2].split('", "') if len(ids) > 2 else [])
        out[trial_id] = (order, piece[tree_at + len(_TREE_KEY):row_end])
    return out


def shard_files(folder: Path, wanted: set[str] | None) -> list[Path]:
    """The shard files of `folder` that keep the `wanted` trials (None: all of them), in order."""
    if wanted is not None:
        return [folder / name for name in sorted({shard_name(t) for t in wanted})]
    return sorted(folder.glob("[0-9][0-9].json"))


def read_trees(path: Path, wanted: set[str] | None) -> dict[str, dict[str, Any]]:
    """A shard's trees as plain JSON by trial id (only the `wanted` ones, None: all)."""
    data = AtomicJSONStorage(path).read() or {}
    return {row["trial_id"]: row["tree"] for row in (data.get("trials") or {}).values()
            if wanted is None or row["trial_id"] in wanted}


def read_printed_trees(path: Path, wanted: set[str] | None) -> dict[str, PrintedTree | dict[str, Any]]:
    """A shard's trees by trial id as printed trees (printed_trees) when the shard is in that
    form, else parsed (read_trees)."""
    try:
        texts = printed_trees(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):       # missing or damaged: read_trees says which
        texts = None
    if texts is None:
        return dict(read_trees(path, wanted))
    return {t: text for t, text in texts.items() if wanted is None or t in wanted}


def node_texts(tree: dict[str, Any]) -> dict[str, str]:
    """Node id -> text of a stored tree (conditions included)."""
    out: dict[str, str] = {}
    stack = list(tree.get("sections", ()))
    while stack:
        node = stack.pop()
        out[node["id"]] = node.get("text", "")
        stack.extend(node.get("children", ()))
        if node.get("condition"):
            stack.append(node["condition"])
    return out
