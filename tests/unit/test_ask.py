"""Ask next (model/matching/ask.py): what a clinician would expect from reading the trials."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trialview.model.criteria import parse_criteria
from trialview.model.matching.compact import StoredNode, compact_tree
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.match import match_plan
from trialview.model.matching.plan import compile_plan
from trialview.model.matching.result import MatchResult
from trialview.model.matching.ask import AskRanker, Suggestion, ask_next
from trialview.model.panel import Panel, parse_panel

TODAY = "2026-03-01"


def trials(**texts: tuple[str, str]) -> dict[str, list[StoredNode]]:
    return {tid: compact_tree(parse_criteria(inc, exc)) for tid, (inc, exc) in texts.items()}


def panel(values: dict[str, Any] | None = None, therapies: list[dict[str, str]] | None = None,
          screening: dict[str, dict[str, str]] | None = None) -> Panel:
    return parse_panel({"as_of": TODAY, "values": values or {}, "therapies": therapies or [],
                        "screening": screening or {}})


def results(compacts: dict[str, list[StoredNode]], p: Panel) -> dict[str, MatchResult]:
    return {t: match_plan(t, "", compile_plan(c), p) for t, c in compacts.items()}


def ask(compacts: dict[str, list[StoredNode]], p: Panel) -> list[Suggestion]:
    return ask_next(p, compacts, results(compacts, p))


def by_name(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.variable: s for s in suggestions}


WOMAN = {"age": 40, "sex": "female"}


def test_a_lab_both_trials_threshold_comes_before_one_only_one_reads() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nPlatelets >= 100,000/mm3", ""),
                      B=("Hemoglobin >= 10 g/dL", ""))
    ranked = ask(compacts, panel(WOMAN))
    assert ranked[0].variable == "hemoglobin"
    assert ranked[0].kind == "variable"
    assert set(ranked[0].could_rule_out) == {"A", "B"}
    # a low hemoglobin decides both (against her); a good one decides B only
    assert ranked[0].trials == ("A", "B")
    assert by_name(ranked)["platelets"].could_rule_out == ("A",)


def test_settles_needs_one_value_to_decide_the_trial_rule_out_needs_one_to_exclude() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nPlatelets >= 100,000/mm3", ""))
    hb = by_name(ask(compacts, panel(WOMAN)))["hemoglobin"]
    assert hb.could_rule_out == ("A",)       # a low hemoglobin excludes
    assert hb.trials == ("A",)               # ... and so decides the trial
    # with platelets known and fine, a good hemoglobin makes her eligible: still settles
    hb = by_name(ask(compacts, panel({**WOMAN, "platelets": 150})))["hemoglobin"]
    assert hb.trials == ("A",)


def test_a_value_already_given_is_never_suggested() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nALT <= 2.5 x ULN", "Pregnant or lactating women"))
    suggested = {s.variable for s in ask(compacts, panel({**WOMAN, "hemoglobin": 120, "pregnant": False}))}
    assert "hemoglobin" not in suggested and "pregnant" not in suggested
    assert {"alt", "lactating"} <= suggested
    assert "age" not in suggested and "sex" not in suggested


def test_a_man_is_never_asked_whether_he_is_pregnant_or_breastfeeding() -> None:
    # NCT06946485 excludes "Pregnant women or those planning pregnancy": the plans stay for a
    # person to judge, so the criterion stays open for a man too; but the matcher reads "no
    # (male)" for his pregnancy, so no answer of his could rule him out (a newcomer screening a
    # man was asked it). A woman is asked both.
    compacts = trials(A=("Must not be lactating", "Pregnant women or those planning pregnancy."))
    for_her = {s.variable for s in ask(compacts, panel(WOMAN))}
    for_him = {s.variable for s in ask(compacts, panel({"age": 40, "sex": "male"}))}
    assert {"pregnant", "lactating"} <= for_her
    assert not {"pregnant", "lactating"} & for_him


def test_a_decided_trial_asks_nothing() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL", "Pregnant"))
    # ineligible already (low hemoglobin): whether she is pregnant does not matter for it
    assert ask(compacts, panel({**WOMAN, "hemoglobin": 80})) == []


def test_creatinine_clearance_is_asked_through_its_inputs() -> None:
    compacts = trials(A=("Creatinine clearance >= 60 mL/min", ""))
    suggested = by_name(ask(compacts, panel({**WOMAN, "weight": 70})))
    assert "crcl" not in suggested
    assert suggested["creatinine"].could_rule_out == ("A",)
    both = by_name(ask(compacts, panel(WOMAN)))
    assert {"creatinine", "weight"} <= set(both)
    # every input known: the clearance is computed, nothing is left to ask
    assert ask(compacts, panel({**WOMAN, "weight": 70, "creatinine": 0.8})) == []


def test_bmi_is_asked_through_weight_and_height() -> None:
    compacts = trials(A=("BMI between 18 and 35 kg/m2", ""))
    suggested = by_name(ask(compacts, panel(WOMAN)))
    assert "bmi" not in suggested
    assert {"weight", "height"} <= set(suggested)


def test_a_recent_therapy_that_excludes_is_a_therapy_question() -> None:
    compacts = trials(A=("", "Rituximab within 6 months before screening"))
    ritux = by_name(ask(compacts, panel(WOMAN)))["rituximab"]
    assert ritux.kind == "therapy"
    assert ritux.could_rule_out == ("A",)
    # the last rituximab dated a year ago decides it: nothing left to ask about it
    a_year_ago = (dt.date.fromisoformat(TODAY) - dt.timedelta(days=365)).isoformat()
    given = panel(WOMAN, therapies=[{"drug": "rituximab", "last_dose": a_year_ago}])
    assert "rituximab" not in by_name(ask(compacts, given))


def test_a_drug_class_is_asked_as_the_class() -> None:
    compacts = trials(A=("", "Use of any biologic within 3 months"))
    suggested = by_name(ask(compacts, panel(WOMAN)))
    assert suggested["biologic"].kind == "therapy"
    assert suggested["biologic"].label == "biologics"


def test_a_criterion_only_a_person_can_judge_is_asked_once_nothing_else_is_open() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nSigned informed consent", ""))
    first = ask(compacts, panel(WOMAN))
    assert [s.kind for s in first] == ["variable"]          # the lab first: a machine can read it
    later = ask(compacts, panel({**WOMAN, "hemoglobin": 120}))
    assert [(s.kind, s.variable, s.trial_id) for s in later] == [("criterion", "inc-2", "A")]
    assert later[0].trials == ("A",) and later[0].could_rule_out == ("A",)
    # decided by hand: the trial is decided, nothing left
    decided = panel({**WOMAN, "hemoglobin": 120}, screening={"A": {"inc-2": "met"}})
    assert ask(compacts, decided) == []


def test_ranked_by_rule_out_then_settles_then_what_a_chart_holds() -> None:
    compacts = trials(A=("Platelets >= 100,000/mm3", "Pregnant"),
                      B=("ANC >= 1500/mm3", "Pregnant"),
                      C=("LVEF >= 50%", ""),
                      D=("ALC >= 500/mm3", ""))
    ranked = ask(compacts, panel(WOMAN))
    assert ranked[0].variable == "pregnant"         # rules out two trials
    # one trial each: the blood count a chart always has, as the form lists it (ANC, ALC,
    # platelets), before an echocardiogram's ejection fraction, which it often lacks
    assert [s.label for s in ranked[1:]] == ["ANC", "ALC", "platelets", "LVEF"]


def test_json_shape() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL", ""))
    data = ask(compacts, panel(WOMAN))[0].to_json()
    assert set(data) >= {"kind", "variable", "label", "trials", "could_rule_out"}
    assert data["kind"] == "variable" and data["variable"] == "hemoglobin"


def test_kept_up_to_date_as_values_are_entered_equals_from_scratch() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nPlatelets >= 100,000/mm3\nCreatinine clearance >= 60 mL/min",
                         "Pregnant or lactating women"),
                      B=("Hemoglobin >= 10 g/dL\nALT <= 2.5 x ULN", "Rituximab within 6 months"),
                      C=("Age 18 to 65 years", "HIV positive"))
    matcher = ListMatcher({t: ("", compile_plan(c)) for t, c in compacts.items()})
    ranker = AskRanker(compacts)
    values: dict[str, Any] = dict(WOMAN)
    steps: list[dict[str, Any]] = [{"hemoglobin": 95}, {"hemoglobin": 105}, {"weight": 60}, {"pregnant": False},
                                   {"creatinine": 0.7}, {"hemoglobin": 70}, {"hiv": "negative"}]
    for step in steps:
        values.update(step)
        p = panel(values)
        found = matcher.update(p)
        assert found is not None
        ranker.update(p, found)
        assert ranker.ranked() == ask(compacts, p)
        assert ranker.last_recomputed <= len(compacts)
    # the last edit (HIV) re-evaluated only the trial that reads it
    assert ranker.last_recomputed == 1


def test_values_that_rule_out_only_together_each_count_for_the_trial() -> None:
    # proteinuria either way: only both values low rule her out; neither alone settles it
    compacts = trials(A=("Urine protein/creatinine ratio > 1 g/g or 24-hour urine protein > 1 g/24h", ""))
    found = by_name(ask(compacts, panel(WOMAN)))
    for var in ("upcr", "urine_protein_24h"):
        assert found[var].could_rule_out == ("A",)
        assert found[var].trials == ("A",)      # a high one alone makes her eligible
    # active hepatitis B needs both markers: neither alone rules her out or settles it
    compacts = trials(A=("", "HBsAg positive and HBV DNA detectable"))
    found = by_name(ask(compacts, panel(WOMAN)))
    for var in ("hbsag", "hbv_dna"):
        assert found[var].could_rule_out == ("A",)
    assert found["hbsag"].trials == ("A",)      # HBsAg negative alone clears the criterion


def test_a_value_is_not_credited_with_what_its_partner_rules_out_alone() -> None:
    # A low hemoglobin rules her out whatever the platelets; no platelet count can, since a
    # person judges "transfusion independence", the other half of the "either".
    compacts = trials(A=("Hemoglobin >= 80 g/L and either platelets >= 100 x 10^9/L or transfusion independence", ""))
    found = by_name(ask(compacts, panel(WOMAN)))
    assert found["hemoglobin"].could_rule_out == ("A",)
    assert "platelets" not in found or found["platelets"].could_rule_out == ()
    # Either count low is not enough when the other is high, both low rule her out: each is
    # needed, and each is credited, beside the hemoglobin that can on its own.
    compacts = trials(A=("Hemoglobin >= 80 g/L; platelets >= 100 x 10^9/L or neutrophils >= 1.5 x 10^9/L", ""))
    found = by_name(ask(compacts, panel(WOMAN)))
    for var in ("hemoglobin", "platelets", "anc"):
        assert found[var].could_rule_out == ("A",)


def test_the_therapy_history_is_one_question_covering_its_drugs() -> None:
    compacts = trials(A=("", "Rituximab within 6 months"), B=("", "Any biologic within 3 months"),
                      C=("Hemoglobin >= 9 g/dL", ""))
    found = by_name(ask(compacts, panel(WOMAN)))
    history = found["therapies"]
    assert history.kind == "therapy" and history.label == "therapy history"
    assert set(history.could_rule_out) == {"A", "B"}
    assert ask(compacts, panel(WOMAN))[0].variable == "therapies"     # rules out the most


def _each_alone(compacts: dict[str, list[StoredNode]], p: Panel) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each candidate's (settles, could rule out) trials, as each trial's ranking alone says."""
    alone: dict[str, tuple[tuple[str, ...], ...]] = {}
    for tid in compacts:
        for s in ask({tid: compacts[tid]}, p):
            settles, ruled = alone.get(s.variable, ((), ()))
            alone[s.variable] = (tuple(sorted(settles + s.trials)), tuple(sorted(ruled + s.could_rule_out)))
    return alone


def test_the_same_criterion_in_two_trials_is_weighed_apart_once_one_is_decided_by_hand() -> None:
    # A and B state "adequate organ function: hemoglobin >= 9 g/dL, platelets >= 100,000/mm3"
    # word for word (ask next tries the answers on it once for both), as their first and second
    # criterion. The panel decides inc-1.1 by hand as met: in A the hemoglobin line, in B a line
    # of another criterion. What each answer does to each trial is what it does to that trial
    # alone, whatever was weighed before.
    organ = "Adequate organ function:\n- Hemoglobin >= 9 g/dL\n- Platelets >= 100,000/mm3"
    compacts = trials(A=(f"{organ}\nAble to swallow tablets", ""),
                      B=(f"Stable disease for 3 months:\n- no new organ involvement\n{organ}", ""))
    decided = panel(WOMAN, screening={t: {"inc-1.1": "met"} for t in compacts})
    ranker = AskRanker(compacts)        # kept up to date through the edits
    for p in (panel(WOMAN), decided, panel(WOMAN), decided):
        ranker.update(p, results(compacts, p))
        assert {s.variable: (s.trials, s.could_rule_out) for s in ranker.ranked()} == _each_alone(compacts, p)
    assert "B" in by_name(ask(compacts, decided))["hemoglobin"].could_rule_out


def _ranker(compacts: dict[str, list[StoredNode]], p: Panel) -> AskRanker:
    ranker = AskRanker(compacts)
    ranker.update(p, results(compacts, p))
    return ranker


def test_a_field_passed_as_not_known_is_not_asked_again() -> None:
    # Two trials read hemoglobin, one platelets: hemoglobin first, until the screener said it
    # is not known; then platelets, and the ranking without passes is as it was.
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nPlatelets >= 100,000/mm3", ""),
                      B=("Hemoglobin >= 10 g/dL", ""))
    ranker = _ranker(compacts, panel(WOMAN))
    best = ranker.best(passed={"hemoglobin"})
    assert best is not None and best.variable == "platelets"
    assert [s.variable for s in ranker.ranked(passed={"hemoglobin"})] == ["platelets"]
    assert [s.variable for s in ranker.ranked()] == [s.variable for s in ask(compacts, panel(WOMAN))]
    assert ranker.ranked()[0].variable == "hemoglobin"
    # passed both: nothing left that a value could decide
    assert ranker.best(passed={"hemoglobin", "platelets"}) is None


def test_the_therapy_history_passed_passes_every_drug_and_class() -> None:
    compacts = trials(A=("", "Rituximab within 6 months"), B=("", "Any biologic within 3 months"),
                      C=("Hemoglobin >= 9 g/dL", ""))
    ranker = _ranker(compacts, panel(WOMAN))
    left = ranker.ranked(passed={"therapies"})
    assert [s.variable for s in left] == ["hemoglobin"]


def test_without_person_judged_criteria_only_what_a_field_answers_is_asked() -> None:
    compacts = trials(A=("Hemoglobin >= 9 g/dL\nSigned informed consent", ""))
    given = panel({**WOMAN, "hemoglobin": 120})
    ranker = _ranker(compacts, given)
    best = ranker.best()
    assert best is not None and best.kind == "criterion"      # the list's line: for a person
    assert ranker.best(person_judged=False) is None            # the form: nothing to type
