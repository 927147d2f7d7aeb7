"""`match --json` copies a stored tree's text through (model/matching/printed_tree.py) instead of
parsing it: a script reading the output must get the same bytes either way, hand decisions,
conditions, non-ASCII text and all."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from trialview.model.matching.match import match_plan
from trialview.model.matching.plan import compile_plan
from trialview.model.matching.printed_tree import NotPrintable, match_json_text, printed_tree
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials
from trialview.store.rows import parsed_rows
from trialview.store.tree_shards import printed_trees, tree_row_text
from trialview.store.storage import json_text
from trialview.tui.cli_match import match_json_parsed

SAMPLES = Path(__file__).resolve().parents[2] / "sample_trials"


def _stored(name: str) -> tuple[str, str, dict, str]:
    """(trial id, title, stored tree, compact plan) of a bundled trial, as the store keeps them."""
    trial = parse_trials((SAMPLES / name).read_text(encoding="utf-8"))[0]
    _doc, tree_row, index_row = parsed_rows(trial)
    return trial.trial_id, trial.title, tree_row["tree"], index_row["plan"]


def _node(tree: dict, node_id: str) -> dict:
    """The node of a stored tree, or of a printed `match --json` object's criteria."""
    stack = list(tree["sections"] if "sections" in tree else tree["criteria"])
    while stack:
        node = stack.pop()
        if node["id"] == node_id:
            return node
        stack.extend(node.get("children", ()))
        if node.get("condition"):
            stack.append(node["condition"])
    raise KeyError(node_id)


def _both(trial_id: str, title: str, tree: dict, plan: str, panel: dict) -> tuple[str | None, str]:
    """(the copied-through text, the parsed-and-encoded text) of one trial's `match --json` object."""
    parsed = parse_panel(panel)
    copied = match_json_text(match_plan(trial_id, title, compile_plan(plan), parsed), printed_tree(tree))
    result = match_plan(trial_id, title, compile_plan(plan), parsed)
    return copied, match_json_parsed(result, copy.deepcopy(tree), ascii_only=True)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_the_printed_tree_reads_as_the_same_tree(name: str) -> None:
    _tid, _title, tree, _plan = _stored(name)
    order, text = printed_tree(tree)
    assert json.loads(text) == tree
    assert text.isascii()       # printed as json.dumps prints to a pipe: non-ASCII escaped
    assert len(order) == len(set(order)) == text.count('"children": [')


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_match_json_is_the_same_copied_through_as_parsed(name: str) -> None:
    trial_id, title, tree, plan = _stored(name)
    empty = {"as_of": "2026-11-22", "values": {}}
    bare = {"as_of": "2026-11-22", "values": {"age": 34, "sex": "male", "pregnant": False,
                                              "hemoglobin": {"value": 7.0, "unit": "g/dL"}}}
    for panel in (empty, bare):
        copied, parsed = _both(trial_id, title, tree, plan, panel)
        assert copied is not None and copied == parsed


def test_hand_decisions_applied_unbound_and_stale_print_the_same() -> None:
    trial_id, title, tree, plan = _stored("000_cc9c7aa6d262c8f4.txt")       # NCT06801119
    inc1 = _node(tree, "inc-1")["text"]
    panel = {"as_of": "2026-11-22", "values": {"age": 34, "sex": "female"},
             "screening": {trial_id: {
                 "inc-1": {"status": "met", "text": inc1},          # bound to its text: applied
                 "inc-3": "not_met",                                 # short form: applied, not bound
                 "exc-2": {"status": "met", "text": "Signed informed consent"},   # made on other text
                 "exc-99": {"status": "met", "text": "a criterion the trial no longer has"}}}}
    copied, parsed = _both(trial_id, title, tree, plan, panel)
    assert copied is not None and copied == parsed
    printed = json.loads(copied)
    assert printed["stale_decisions"] and _node(printed, "exc-2")["stale_decision"]["status"] == "met"
    assert _node(printed, "inc-3")["bound_to_text"] is False and _node(printed, "inc-1")["by_hand"] is True


def test_a_criterion_whose_condition_does_not_apply_prints_the_same() -> None:
    trial_id, title, tree, plan = _stored("000_cc9c7aa6d262c8f4.txt")
    conditioned = [n for n in _walk(tree) if n.get("condition")]
    assert conditioned, "the seed trial has criteria with conditions"
    for sex in ("male", "female"):
        copied, parsed = _both(trial_id, title, tree, plan, {"as_of": "2026-11-22", "values": {"sex": sex, "age": 40}})
        assert copied is not None and copied == parsed


def _walk(tree: dict) -> list[dict]:
    out, stack = [], list(tree["sections"])
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.get("children", ()))
        if node.get("condition"):
            stack.append(node["condition"])
    return out


def test_a_tree_with_two_nodes_of_one_id_is_not_printed() -> None:
    # a status goes to a node by its id: with two such nodes the copy could not tell them apart
    _tid, _title, tree, _plan = _stored("000_cc9c7aa6d262c8f4.txt")
    tree = copy.deepcopy(tree)
    tree["sections"][0]["children"][1]["id"] = tree["sections"][0]["children"][2]["id"]
    with pytest.raises(NotPrintable):
        printed_tree(tree)


def test_a_text_that_does_not_agree_with_its_order_is_not_copied() -> None:
    trial_id, title, tree, plan = _stored("000_cc9c7aa6d262c8f4.txt")
    order, text = printed_tree(tree)
    result = match_plan(trial_id, title, compile_plan(plan), parse_panel({"as_of": "2026-11-22", "values": {}}))
    assert match_json_text(result, (order[:-1], text)) is None


def test_a_shard_an_older_trialview_wrote_is_parsed_not_copied() -> None:
    trial_id, _title, tree, _plan = _stored("000_cc9c7aa6d262c8f4.txt")
    plain = json_text({"trials": {"1": {"trial_id": trial_id, "tree": tree}}})
    assert printed_trees(plain) is None
    printed = '{"trials":{"1":' + tree_row_text({"trial_id": trial_id, "tree": tree}) + "}}"
    assert printed_trees(printed) == {trial_id: printed_tree(tree)}
    # one row written plain among printed ones (a store re-written by an older trialview)
    mixed = '{"trials":{"1":' + tree_row_text({"trial_id": trial_id, "tree": tree}) + ',"2":' + \
        json_text({"trial_id": "NCT00000002", "tree": tree}) + "}}"
    assert printed_trees(mixed) is None
