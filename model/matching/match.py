"""(criteria tree or compiled plan, patient panel) -> a verdict, blockers and open questions."""

from __future__ import annotations

from collections.abc import Mapping

from trialview.model.criteria.tree import CriteriaTree
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, UNKNOWN
from trialview.model.matching.plan import Plan, plan_for
from trialview.model.matching.result import (NO_TEXT, NO_TEXT_ID, Blocker, MatchResult, NodeResult, OpenQuestion,
                                             StaleDecision, Verdict)
from trialview.model.panel import HandDecision, Panel


def match_trial(trial_id: str, title: str, tree: CriteriaTree, panel: Panel) -> MatchResult:
    """Match one panel against one trial's criteria tree.

    Verdict: ineligible when an inclusion criterion is not met or an exclusion criterion is met
    (after the panel's hand decisions); eligible only when every inclusion criterion is met and
    every exclusion criterion is not met; otherwise unknown (missing data, manual criteria).

    An exclusion that holds although its text names exceptions ("except basal cell carcinoma")
    keeps its truth, so the patient is excluded; the blocker names the exceptions, so a person who
    knows the case is one of them decides the criterion by hand ("not_met" in `screening`).
    Likewise for an inclusion that fails with an exception named.
    """
    return match_plan(trial_id, title, plan_for(tree), panel)


def match_plan(trial_id: str, title: str, plan: Plan, panel: Panel,
               texts: dict[str, str] | None = None) -> MatchResult:
    """Match one panel against a compiled plan (see match_trial). Blockers and open questions
    carry their criterion's text from `texts` or the plan's own, else ""."""
    ctx = MatchContext(panel)
    decisions = panel.screening.get(trial_id) or {}
    statuses: dict[str, NodeResult] = {}
    for run in plan.runners:
        run(ctx, decisions, statuses)
    return result_of(trial_id, title, plan, statuses, decisions, texts)


# A top-level criterion's part of a verdict: a blocker, an open question, or nothing.
TopItem = Blocker | OpenQuestion | None


def result_of(trial_id: str, title: str, plan: Plan, statuses: dict[str, NodeResult],
              decisions: Mapping[str, HandDecision], texts: dict[str, str] | None = None) -> MatchResult:
    """The verdict, blockers and open questions of the plan's node `statuses` (match_plan)."""
    texts = texts if texts is not None else plan.texts
    blockers: list[Blocker] = []
    open_questions: list[OpenQuestion] = []
    for node_id, section, exceptions in plan.tops:
        item = top_item(node_id, section, exceptions, statuses[node_id], texts)
        if item is None:
            continue
        if isinstance(item, Blocker):
            blockers.append(item)
        else:
            open_questions.append(item)
    return result_from(trial_id, title, plan, statuses, decisions, blockers, open_questions, texts)


def result_from(trial_id: str, title: str, plan: Plan, statuses: dict[str, NodeResult],
                decisions: Mapping[str, HandDecision], blockers: list[Blocker],
                open_questions: list[OpenQuestion], texts: Mapping[str, str]) -> MatchResult:
    """The result of the top-level criteria's blockers and open questions, made in the plan's
    order (result_of; the list's matcher makes only those of the criteria an edit concerned)."""
    no_text = plan.no_text
    if not plan.tops:
        open_questions.append(OpenQuestion("inclusion", NO_TEXT_ID, NO_TEXT, []))
    if blockers:
        verdict: Verdict = "ineligible"
    elif open_questions:
        verdict = "unknown"
    else:
        verdict = "eligible"
    stale = _stale(decisions, statuses, texts) if decisions else []
    return MatchResult(trial_id, title, verdict, blockers, open_questions, statuses, stale, no_text)


def top_item(node_id: str, section: str, exceptions: str, result: NodeResult, texts: Mapping[str, str]) -> TopItem:
    """A top-level criterion's part of the verdict: a blocker, an open question, or nothing."""
    status = result.status
    if status == (NOT_MET if section == "inclusion" else MET):
        reason = result.reason
        if not result.by_hand:
            if section == "exclusion":
                reason = f"{reason} excludes" if reason else "excludes"
            if exceptions:
                reason = (f"{reason} (unless an exception applies: {exceptions}; "
                          "if so, decide it by hand)")
        return Blocker(section, node_id, texts.get(node_id, ""), reason)
    if status == UNKNOWN or status == MANUAL:
        return OpenQuestion(section, node_id, texts.get(node_id, ""), list(result.needs))
    return None


def _stale(decisions: Mapping[str, HandDecision], statuses: dict[str, NodeResult],
           texts: Mapping[str, str]) -> list[StaleDecision]:
    """The hand decisions not applied: made on other text, or on a criterion that is gone."""
    out = []
    for node_id, decided in decisions.items():
        result = statuses.get(node_id)
        if result is None or result.stale is decided:
            out.append(StaleDecision(node_id, decided.status, decided.text or "", texts.get(node_id, "")))
    return out
