"""A man is not pregnant or lactating: a careful screener writes "does
not apply" beside "pregnant or breastfeeding women" for him rather than leave it open. The
wordings are real (tests/data ctgov records and sample_trials)."""

from __future__ import annotations

from typing import Any

from trialview.model.criteria import parse_criteria
from trialview.model.matching.ask import ask_next
from trialview.model.matching.compact import StoredNode, compact_tree
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.match import match_plan
from trialview.model.matching.plan import compile_plan
from trialview.model.panel import Panel, parse_panel

MAN = {"age": 45, "sex": "male"}


def _panel(values: dict[str, Any]) -> Panel:
    return parse_panel({"as_of": "2026-03-01", "values": values})


def _status(inc: str, exc: str, values: dict[str, Any], node: str) -> tuple[str, str]:
    plan = compile_plan(compact_tree(parse_criteria(inc, exc)))
    found = match_plan("T", "", plan, _panel(values)).statuses[node]
    return found.status, found.reason


def test_pregnancy_and_breastfeeding_exclusions_do_not_hold_a_man_open() -> None:
    for text in ("Pregnant or breastfeeding women;", "Pregnant or lactating women",
                 "Being pregnant or breast-feeding an infant"):
        status, reason = _status("", text, MAN, "exc-1")
        assert status == "not_met", text
        assert "male" in reason, text


def test_a_non_pregnant_inclusion_is_met_for_a_man_and_still_asked_of_a_woman() -> None:
    text = "Not pregnant or nursing"
    assert _status(text, "", MAN, "inc-1")[0] == "met"
    assert _status(text, "", {"age": 45, "sex": "female"}, "inc-1")[0] == "unknown"
    assert _status(text, "", {"age": 45}, "inc-1")[0] == "unknown"      # sex not given
    # what the panel says wins: a value given is read as given
    assert _status("", "Pregnant or lactating women", {"sex": "female", "pregnant": True}, "exc-1")[0] == "met"


def test_entering_the_sex_rematches_the_trials_that_ask_about_pregnancy() -> None:
    compacts: dict[str, list[StoredNode]] = {
        "P": compact_tree(parse_criteria("", "Pregnant or breastfeeding women;")),
        "H": compact_tree(parse_criteria("Hemoglobin >= 9 g/dL", "")),
    }
    matcher = ListMatcher({t: ("", compile_plan(c)) for t, c in compacts.items()})
    first = matcher.update(_panel({"age": 45}))
    assert first is not None and first["P"].verdict == "unknown"
    after = matcher.update(_panel(MAN))
    assert after is not None
    assert after["P"].verdict == "eligible"     # its one criterion does not apply to him


def test_ask_next_does_not_ask_a_man_whether_he_is_pregnant() -> None:
    compacts = {"P": compact_tree(parse_criteria("", "Pregnant or breastfeeding women;"))}
    p = _panel(MAN)
    results = {t: match_plan(t, "", compile_plan(c), p) for t, c in compacts.items()}
    asked = {s.variable for s in ask_next(p, compacts, results)}
    assert not asked & {"pregnant", "lactating"}


def test_fertility_and_contraception_are_still_asked_of_a_man() -> None:
    # TV-831376FE37 inc-5 and TV-E66FB72FC4 inc-5: a fertile man must agree to contraception too
    for text in ("Participants with fertility agree to take effective contraceptive measures during the trial",
                 "If they are fertile, they must agree to use effective contraception during the trial."):
        status, reason = _status(text, "", MAN, "inc-1")
        assert status != "met", text
        assert "male" not in reason, text
