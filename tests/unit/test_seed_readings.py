"""The bundled trials read as a careful screener reads them, against plain patients (issue 11):
what each criterion's own words allow a verdict to say, written from the trial text, not from
what trialview printed. Each test quotes the words it rests on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trialview.model.criteria import parse_criteria
from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.match import match_trial
from trialview.model.matching.result import MatchResult
from trialview.model.panel import load_panel_text, parse_panel
from trialview.model.sources import parse_trials

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "sample_trials"
PANELS = ROOT / "tests" / "panels"


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, CriteriaTree]]:
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for trial in parse_trials(path.read_text(encoding="utf-8"), path.name):
            out[trial.trial_id] = (trial.title, parse_criteria(trial.inclusion_text, trial.exclusion_text))
    return out


def match(seeds: dict[str, tuple[str, CriteriaTree]], trial_id: str, **panel: Any) -> MatchResult:
    title, tree = seeds[trial_id]
    return match_trial(trial_id, title, tree, parse_panel({"as_of": "2026-11-22", **panel}))


def status(result: MatchResult, node_id: str) -> str:
    return result.statuses[node_id].status


HCQ_ONLY = [{"drug": "hydroxychloroquine", "start": "2020-03-01"}]


def test_a_list_of_current_drugs_does_not_say_what_was_never_received(seeds):
    # NCT06421701: "undergone major surgery within 8 weeks" (exc-20), "Prior treatment with cell
    # therapy" (exc-16), "Prior CD19-targeted therapy" (exc-18). A panel listing only
    # hydroxychloroquine says nothing about surgery or cell therapy.
    partial = match(seeds, "NCT06421701", therapies=HCQ_ONLY)
    for node_id in ("exc-16", "exc-18", "exc-20"):
        assert status(partial, node_id) == "unknown", node_id
        assert "therapies" in partial.statuses[node_id].needs
    # the same list marked as the whole history does answer them, but for "or who are scheduled to
    # have surgery during the trial", which no panel value says
    complete = match(seeds, "NCT06421701", therapies=HCQ_ONLY, therapy_history="complete")
    for node_id in ("exc-16", "exc-18"):
        assert status(complete, node_id) == "not_met", node_id
    assert status(complete, "exc-20") == "manual"


def test_a_cd19_car_t_is_prior_cell_therapy_and_prior_cd19_targeted_therapy(seeds):
    result = match(seeds, "NCT06421701", therapies=[{"drug": "CD19 CAR-T", "last_dose": "2025-05-01"}])
    assert status(result, "exc-16") == "met"        # "Prior treatment with cell therapy"
    assert status(result, "exc-18") == "met"        # "Prior CD19-targeted therapy"
    assert result.verdict == "ineligible"


def test_rituximab_is_b_cell_targeted_therapy(seeds):
    # NCT06421701 exc-21: "Have received B-cell targeted therapy within 4 weeks prior to screening"
    result = match(seeds, "NCT06421701", therapies=[{"drug": "rituximab", "last_dose": "2026-11-08"}])
    assert status(result, "exc-21") == "met"
    assert "rituximab 14 days ago" in result.statuses["exc-21"].reason


@pytest.mark.parametrize("drug, depletes", [("belimumab", False), ("telitacicept", False), ("rituximab", True),
                                            ("obinutuzumab", True)])
def test_b_cell_depletion_is_not_any_b_cell_therapy(seeds, drug, depletes):
    # TV-E66FB72FC4 exc-1: "received rituximab or any other B cell depletion therapy within 24
    # weeks before screening"; belimumab and telitacicept target B cells without depleting them.
    # Eight weeks ago: outside the clause on biologics "within 4 weeks" of the same criterion.
    result = match(seeds, "TV-E66FB72FC4", therapies=[{"drug": drug, "last_dose": "2026-09-27"}],
                   therapy_history="complete")
    assert status(result, "exc-1.1") == ("met" if depletes else "not_met")
    assert (status(result, "exc-1") == "met") is depletes


def test_counting_immunosuppressants_says_what_was_counted(seeds):
    # NCT06801119 inc-4: "At least two immunosuppressants have been used in a standardized manner
    # (including hydroxychloroquine)"
    two = match(seeds, "NCT06801119", therapies=[*HCQ_ONLY, {"drug": "MMF", "start": "2021-01-10"}])
    assert status(two, "inc-4") == "met"
    reason = two.statuses["inc-4"].reason
    assert "hydroxychloroquine" in reason and "mycophenolate mofetil" in reason
    # one listed, history not said to be complete: a second one may be missing from the list
    one = match(seeds, "NCT06801119", therapies=[{"drug": "MMF", "start": "2021-01-10"}])
    assert status(one, "inc-4") == "unknown"


def test_a_misspelt_drug_decides_nothing(seeds):
    # "ritixumab" may well be rituximab: the rituximab clause of TV-E66FB72FC4 exc-1 stays open
    result = match(seeds, "TV-E66FB72FC4", therapies=[{"drug": "ritixumab", "last_dose": "2026-09-27"}],
                   therapy_history="complete")
    assert status(result, "exc-1.1") == "unknown"
    assert "ritixumab" in result.statuses["exc-1.1"].reason


@pytest.mark.parametrize("path", sorted(PANELS.glob("*.json")), ids=lambda p: p.stem)
def test_no_machine_verdict_says_more_than_was_read(seeds, path):
    # cli.md: a criterion whose text the checks cover in part keeps the rest as a manual part
    # joined by its own logic: a machine alone never calls such an inclusion (all) met, nor such an
    # exclusion (any) not met, unless the criterion does not apply to this patient
    panel = load_panel_text(path.read_text(encoding="utf-8"))
    for trial_id, (title, tree) in seeds.items():
        result = match_trial(trial_id, title, tree, panel)
        for node in tree.walk():
            if node.kind != "criterion" or not node.unread:
                continue
            got = result.statuses[node.id]
            if got.by_hand or got.reason.startswith("does not apply"):
                continue
            exclusion = node.id.startswith("exc")
            if not exclusion and node.logic == "all":
                assert got.status != "met", (trial_id, node.id)
            if exclusion and node.logic == "any":
                assert got.status != "not_met", (trial_id, node.id)
