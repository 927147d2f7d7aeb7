"""A stored criteria tree as JSON text in the form `match --json` prints it, and a match result
written into that text without parsing it (shared/design/cli.md: the `match --json` object).

`match --json` over 2,000 trials prints about 19 MB: parsing every stored tree, filling each node's
status in and encoding it again cost more than all the matching (tests/perf/bench.py). So the
store writes each tree as `printed_tree` gives it, which a JSON reader reads as the same tree,
and `match_json_text` copies that text through, adding each node's status where it goes:

- a node's keys are in the order the printed object has them: its own keys as stored, `checks`
  (added when missing), then, in print, its status, and `children` last;
- the text is json.dumps' (`", "` and `": "` between items, non-ASCII characters as \\u
  escapes), exactly as `json.dumps(result.to_json(tree))` prints it to a pipe or a file;
- beside the text, the ids of its nodes in the order their `, "children": [` come in the text
  (a node's condition before the node, the node before its children): the place of each
  node's status. Inside a JSON string a quote is escaped, so that mark occurs nowhere else.

A tree whose ids are not unique, or with a node not starting with its id, is not written so
(NotPrintable); a text not in the form gives None: the caller parses it.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring_ascii as _ascii_json   # what json.dumps writes for a str
from typing import Any

from trialview.model.matching.result import Blocker, MatchResult, NodeResult, OpenQuestion

__all__ = ["NotPrintable", "match_json_text", "printed_tree"]

_CHILDREN = ', "children": ['
_SECTIONS = '"sections": ['
# what follows a criterion's id in the text when its text comes next (id, kind, text: as stored)
_KIND_TEXT = re.compile(r', "kind": "[a-z]*", "text": ("[^"\\]*(?:\\.[^"\\]*)*")')


class NotPrintable(ValueError):
    """A tree that cannot be written in the printed form."""


def _dumps(value: Any) -> str:
    return json.dumps(value)        # json's defaults: the separators and escapes of the printed form


def _names(values: list[str]) -> str:
    """_dumps of a list of strings (the variables a node needs), without json.dumps' set-up: it
    cost more than the rest of a node."""
    try:
        return "[" + ", ".join(map(_ascii_json, values)) + "]"
    except TypeError:       # not all strings: as json writes it
        return _dumps(values)


def _node_text(node: dict[str, Any], order: list[str]) -> str:
    """The node's printed text; its id appended to `order` where its children begin."""
    if next(iter(node), None) != "id" or node["id"].__class__ is not str:
        raise NotPrintable("a node without its id first")
    if "condition" in node:
        items = []
        for key, value in node.items():
            if key == "children":
                continue
            if key == "condition":
                items.append('"condition": ' + _node_text(value, order))
            else:
                items.append(_ascii_json(key) + ": " + _dumps(value))
        if "checks" not in node:
            items.append('"checks": []')
        head = "{" + ", ".join(items)
    else:       # most nodes: their own keys in one call (three times quicker at import)
        own = {key: value for key, value in node.items() if key != "children"}
        if "checks" not in own:
            own["checks"] = []
        head = _dumps(own)[:-1]
    order.append(node["id"])
    children = ", ".join(_node_text(c, order) for c in node.get("children", ()))
    return head + _CHILDREN + children + "]}"


def printed_tree(tree: dict[str, Any]) -> tuple[list[str], str]:
    """(the node ids in the order of their children's marks, the stored tree's JSON text
    `{..., "sections": [...]}` with sections last, in the printed form). Raises NotPrintable
    for a tree that cannot be copied through: ids not unique (a status would go by id to two
    places), a top-level node not a section (its criteria's texts are found as a section's)."""
    sections = tree.get("sections")
    if not isinstance(sections, list) or any(s.get("kind") != "section" for s in sections):
        raise NotPrintable("a tree whose top-level nodes are not all sections")
    items = [_ascii_json(k) + ": " + _dumps(v) for k, v in tree.items() if k != "sections"]
    order: list[str] = []
    text = "{" + "".join(item + ", " for item in items) + _SECTIONS + \
        ", ".join(_node_text(s, order) for s in sections) + "]}"
    if len(set(order)) != len(order):
        raise NotPrintable("node ids not unique")
    return order, text


_STATUS = {s: f', "status": {_ascii_json(s)}' for s in ("met", "not_met", "unknown", "manual")}


def _node_status(result: NodeResult, cache: dict[int, str]) -> str:
    """What result.to_json adds to a node's object for its result, as printed."""
    if result.by_hand or result.decision is not None:
        return _decided(result)
    # results shared by many nodes (the plan's one "for a person to judge") are written once;
    # by id within one trial, while its statuses keep every result alive
    done = cache.get(id(result))
    if done is not None:
        return done
    text = _STATUS.get(result.status) or f', "status": {_ascii_json(result.status)}'
    reason = result.reason
    if reason:
        text += ', "reason": ' + _ascii_json(reason)
    if result.needs:
        text += ', "needs": ' + _names(result.needs)
    cache[id(result)] = text
    return text


def _decided(result: NodeResult) -> str:
    """A node with a hand decision, applied or stale: result.to_json's keys, in its order."""
    return ", " + _dumps(result.json_fields())[1:-1]


def _criteria(order: list[str], sections: str, statuses: dict[str, NodeResult],
              wanted: set[str]) -> tuple[str, dict[str, str | None]] | None:
    """The printed sections with each node's status written in, and the printed text (a JSON
    string, None if not found) of each `wanted` node; None if the text and its order of ids do
    not agree."""
    chunks = sections.split(_CHILDREN)
    if len(chunks) != len(order) + 1:
        return None
    out = [chunks[0]]
    texts: dict[str, str | None] = {}
    cache: dict[int, str] = {}
    get = statuses.get
    for n, node_id in enumerate(order):
        if node_id in wanted:
            # a node starts in the text just before its children (after them when it has a
            # condition, which comes between: then anywhere in the text)
            texts[node_id] = _node_text_at(chunks[n], node_id) or _node_text_at(sections, node_id)
        result = get(node_id)
        if result is not None:
            out.append(_node_status(result, cache))
        out.append(_CHILDREN)
        out.append(chunks[n + 1])
    return "".join(out), texts


def _node_text_at(text: str, node_id: str) -> str | None:
    """The printed text (a JSON string) of the node `node_id` if it starts in `text` (ids are
    unique in a printed tree); None if it is not there."""
    head = '{"id": ' + _ascii_json(node_id)
    at = text.rfind(head + ", ")
    found = _KIND_TEXT.match(text, at + len(head)) if at >= 0 else None
    return found.group(1) if found is not None else None


def match_json_text(result: MatchResult, printed: tuple[list[str], str]) -> str | None:
    """`json.dumps(result.to_json(json.loads(text)))` (ASCII, as to a pipe or a file) for the
    printed tree `(order, text)` (printed_tree), without parsing the tree; blockers and open
    questions carry their criterion's text from the tree when they have none, as `match --json`
    gives them. None if the text is not in the printed form."""
    order, tree_text = printed
    start = tree_text.find(_SECTIONS)
    if start < 0 or not tree_text.startswith("{") or not tree_text.endswith("]}"):
        return None
    listed: list[Blocker | OpenQuestion] = [*result.blockers, *result.open]
    wanted = {item.node_id for item in listed if not item.text}
    done = _criteria(order, tree_text[start + len(_SECTIONS) - 1:-1], result.statuses, wanted)
    if done is None:
        return None
    criteria, texts = done
    items = []
    for item in listed:
        text = _ascii_json(item.text) if item.text else texts.get(item.node_id)
        if text is None:
            return None
        last = f'"reason": {_ascii_json(item.reason)}' if isinstance(item, Blocker) else f'"needs": {_names(item.needs)}'
        items.append(f'{{"section": {_ascii_json(item.section)}, "id": {_ascii_json(item.node_id)}, '
                     f'"text": {text}, {last}}}')
    blockers, open_items = ", ".join(items[:len(result.blockers)]), ", ".join(items[len(result.blockers):])
    head = (f'{{"trial_id": {_ascii_json(result.trial_id)}, "title": {_ascii_json(result.title)}, '
            f'"verdict": {_ascii_json(result.verdict)}, "blockers": [{blockers}], "open": [{open_items}], '
            f'"criteria": ')
    tail = ""
    if result.stale:
        tail += ', "stale_decisions": ' + _dumps([d.to_json() for d in result.stale])
    if result.no_text:
        tail += ', "no_eligibility_text": true'
    return head + criteria + tail + "}"
