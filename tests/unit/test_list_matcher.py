"""Matching from the store's compact plans: the same answers as from the full trees, and the
list's matcher re-matches only the trials an edit can change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialview.model.matching.list import ListMatcher
from trialview.model.matching.parts import split_plan
from trialview.model.matching.match import match_plan, match_trial
from trialview.model.matching.plan import compile_plan
from trialview.model.panel import load_panel_text, parse_panel
from trialview.model.matching.compact import compact_tree, from_stored, variables_read
from trialview.model.sources import SourceError, parse_trials
from tests.corpora import JSON_DIR, XML_DIR
from trialview.store import Store

ROOT = Path(__file__).resolve().parents[2]
PANELS = sorted((ROOT / "tests" / "panels").glob("*.json"))


def _real_trials():
    trials = []
    files = sorted((ROOT / "sample_trials").glob("*.txt")) + sorted(XML_DIR.glob("*.xml"))[:25] \
        + sorted(JSON_DIR.glob("*.json"))
    for path in files:
        try:
            trials.extend(parse_trials(path.read_text(encoding="utf-8")))
        except SourceError:
            continue
    return trials


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("plans") / "store")
    store.add_trials(_real_trials())
    return store


def _same(a, b, statuses: bool = True) -> None:
    assert (a.verdict, [x.to_json() for x in a.blockers], [x.to_json() for x in a.open]) == \
        (b.verdict, [x.to_json() for x in b.blockers], [x.to_json() for x in b.open])
    if statuses:
        assert {k: (v.status, v.reason, v.needs, v.by_hand) for k, v in a.statuses.items()} == \
            {k: (v.status, v.reason, v.needs, v.by_hand) for k, v in b.statuses.items()}


@pytest.mark.parametrize("panel_path", PANELS[::4], ids=lambda p: p.stem)
def test_the_stored_compact_plan_gives_what_the_full_tree_gives(store: Store, panel_path: Path) -> None:
    panel = load_panel_text(panel_path.read_text(encoding="utf-8"))
    plans, trees = store.plans(), store.trees()
    assert len(plans) == len(trees) > 20
    for trial_id, (summary, compact) in plans.items():
        tree = trees[trial_id][1]
        texts = {n.id: n.text for n in tree.walk()}
        from_plan = match_plan(trial_id, summary.title, compile_plan(compact), panel, texts)
        _same(from_plan, match_trial(trial_id, summary.title, tree, panel))
        # and --json prints the same from the stored JSON tree as from the validated tree
        assert from_plan.to_json(store.tree_dicts([trial_id])[trial_id]) == from_plan.to_json(tree)


def test_the_compact_plan_survives_json_and_names_what_it_reads(store: Store) -> None:
    for _, tree in store.trees().values():
        compact = compact_tree(tree)
        stored = json.loads(json.dumps(compact))
        # the store keeps it as JSON lists, in the named tuples' field order
        assert [from_stored(s) for s in stored] == compact
        read = variables_read(compact)
        assert set(tree.variables()) <= set(read)
        if "crcl" in read:
            assert {"age", "weight", "sex", "creatinine"} <= set(read)


def _panel(**values):
    return parse_panel({"as_of": "2026-11-22", "values": values})


def test_an_edit_rematches_only_the_trials_that_read_the_edited_value(store: Store) -> None:
    plans = {tid: (s.title, compile_plan(c)) for tid, (s, c) in store.plans().items()}
    matcher = ListMatcher(plans)
    first = matcher.update(_panel(age=40))
    assert matcher.last_rematched == len(plans)
    readers = {tid for tid, (_, plan) in plans.items() if "hemoglobin" in plan.variables}
    assert 0 < len(readers) < len(plans)

    second = matcher.update(_panel(age=40, hemoglobin={"value": 7.5, "unit": "g/dL"}))
    assert matcher.last_rematched == len(readers)
    for tid, (title, plan) in plans.items():
        expected = match_plan(tid, title, plan, _panel(age=40, hemoglobin={"value": 7.5, "unit": "g/dL"}))
        _same(second[tid], expected, statuses=False)
        assert second[tid].statuses == {}       # the list keeps no node-by-node statuses
        if tid not in readers:
            assert second[tid] is first[tid]

    matcher.update(_panel(age=40, hemoglobin={"value": 7.5, "unit": "g/dL"}))
    assert matcher.last_rematched == 0


def test_derived_values_therapies_and_hand_decisions_rematch_their_trials(store: Store) -> None:
    plans = {tid: (s.title, compile_plan(c)) for tid, (s, c) in store.plans().items()}
    matcher = ListMatcher(plans)
    matcher.update(_panel(age=40))
    crcl_readers = {tid for tid, (_, p) in plans.items() if "creatinine" in p.variables}
    matcher.update(_panel(age=40, weight=60))        # weight feeds Cockcroft-Gault and BMI
    assert crcl_readers & {tid for tid, (_, p) in plans.items() if "weight" in p.variables}
    assert matcher.last_rematched == sum(1 for _, p in plans.values() if "weight" in p.variables)

    with_drug = parse_panel({"as_of": "2026-11-22", "values": {"age": 40, "weight": 60},
                             "therapies": [{"drug": "rituximab", "start": "2026-10-01"}]})
    matcher.update(with_drug)
    assert matcher.last_rematched == sum(1 for _, p in plans.values() if p.therapies)

    some_id = next(iter(plans))
    decided = parse_panel({**with_drug.to_json(), "screening": {some_id: {"inc-1": "not_met"}}})
    results = matcher.update(decided)
    assert matcher.last_rematched == 1
    assert results[some_id].verdict == "ineligible"
    assert [b.reason.split(";")[0] for b in results[some_id].blockers if b.node_id == "inc-1"] == \
        ["decided by hand (not bound to text)"]


def test_declaring_the_whole_therapy_history_rematches_the_trials_that_read_therapies(store: Store) -> None:
    # panel.md: without "complete" an unlisted drug is unknown; with it, not received. Ticking
    # "whole history" in the form changes no value and no therapy row, only that flag.
    plans = {tid: (s.title, compile_plan(c)) for tid, (s, c) in store.plans().items()}
    matcher = ListMatcher(plans)
    partial = parse_panel({"as_of": "2026-11-22", "values": {"age": 40},
                           "therapies": [{"drug": "hydroxychloroquine", "start": "2020-01-01"}]})
    matcher.update(partial)
    complete = parse_panel({**partial.to_json(), "therapy_history": "complete"})
    results = matcher.update(complete)
    assert results is not None
    assert matcher.last_rematched == sum(1 for _, p in plans.values() if p.therapies) > 0
    for trial_id, (title, plan) in plans.items():
        _same(results[trial_id], match_plan(trial_id, title, plan, complete), statuses=False)


def test_a_cancelled_pass_keeps_the_last_finished_results(store: Store) -> None:
    plans = {tid: (s.title, compile_plan(c)) for tid, (s, c) in store.plans().items()}
    matcher = ListMatcher(plans)
    matcher.STEP = 8
    matcher.update(_panel(age=40))
    calls = iter([False, True])
    assert matcher.update(_panel(age=80), cancelled=lambda: next(calls, True)) is None
    results = matcher.update(_panel(age=80))
    for tid, (title, plan) in plans.items():
        _same(results[tid], match_plan(tid, title, plan, _panel(age=80)), statuses=False)


def _same_result(a, b) -> None:
    _same(a, b, statuses=False)
    assert [(x.node_id, x.status, x.text, x.now) for x in a.stale] == \
        [(x.node_id, x.status, x.text, x.now) for x in b.stale]


def test_a_plan_in_parts_that_remember_gives_what_the_whole_plan_gives_edit_after_edit(store: Store) -> None:
    # split_plan re-evaluates only the criteria whose inputs changed: whatever the edits (values
    # added, changed, removed; therapies; the whole-history flag; hand decisions; another
    # screening date), every trial's verdict, blockers, open questions and stale decisions are
    # those of matching the whole plan afresh.
    stored = store.plans()
    split = ListMatcher({tid: (s.title, split_plan(c)) for tid, (s, c) in stored.items()})
    whole = {tid: (s.title, compile_plan(c)) for tid, (s, c) in stored.items()}
    panels = [load_panel_text(p.read_text(encoding="utf-8")) for p in PANELS]
    edits = []
    for panel in panels:
        edits.append(panel)
        data = panel.to_json()
        if data.get("screening"):       # the hand decisions taken back, then made again
            edits.extend([parse_panel({**data, "screening": {}}), panel])
        # the same patient with values taken away one at a time, the history said to be whole or
        # not (the other way round), a therapy taken away
        for name in list(data["values"])[:4]:
            del data["values"][name]
            edits.append(parse_panel(data))
        history = "partial" if data.get("therapy_history") == "complete" else "complete"
        edits.append(parse_panel({**data, "therapy_history": history}))
        edits.append(parse_panel({**data, "therapy_history": history, "therapies": data["therapies"][1:]}))
        edits.append(parse_panel({**data, "as_of": "2027-09-01"}))    # a later screening day
    assert any(p.screening for p in edits) and any(p.therapies for p in edits)
    assert len({p.as_of for p in edits}) > 1
    for panel in edits:
        results = split.update(panel)
        assert results is not None
        for tid, (title, plan) in whole.items():
            _same_result(results[tid], match_plan(tid, title, plan, panel))


def test_the_trials_reading_a_field_besides_the_one_shown_do_not_count_it(store: Store) -> None:
    # the form said "Pregnant in TV-831376FE37: no criterion reads it; 5 other trials do" of five
    # trials: the shown trial's plan reads pregnancy through childbearing potential (new user, 16)
    plans = {tid: (s.title, compile_plan(c)) for tid, (s, c) in store.plans().items()}
    matcher = ListMatcher(plans)
    readers = [tid for tid, (_, plan) in plans.items() if "hemoglobin" in plan.variables]
    assert matcher.readers("hemoglobin") == len(readers)
    assert matcher.readers("hemoglobin", besides=readers[0]) == len(readers) - 1
    other = next(tid for tid in plans if tid not in readers)
    assert matcher.readers("hemoglobin", besides=other) == len(readers)
