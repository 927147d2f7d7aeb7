"""Ask next: the value, therapy or person's judgement that would settle the most undecided trials.

A candidate *settles* a trial when some value of it alone turns the trial's verdict from unknown
to decided; it *could rule out* the trial when some value makes the patient ineligible. The
ranking puts first what could rule out the most trials, then what settles the most; among equals,
what a chart routinely holds (`vocabulary.ROUTINE`, the therapy history) before what it rarely
does, each in the form's order (therapies after the variables, by name).

Exact and cheap: the matcher's three-valued logic is monotone (a value entered never undoes a
decided criterion), so only the trial's *open* top-level criteria that read a candidate can
change when it is answered. Each of them is compiled on its own, once, as a one-criterion plan
(the matcher's own logic: conditions, unread clauses, hand decisions all apply), and re-evaluated
under a few representative answers: each threshold of the trial's checks on the variable and just
either side of it, every word of a yes/no or choice variable, and for a therapy "received now"
and "last received just outside each window". A therapy "not received" is never tried: the panel
can only say so by declaring the whole history complete, which is not an answer about one drug.

Derived variables count through their inputs: an open creatinine clearance criterion is a
question about each of creatinine, weight, age and sex that is still missing (answered by trying
clearances either side of the threshold), body mass index one about weight and height. Likewise
values a criterion needs together ("HBsAg positive and HBV DNA detectable", "UPCR or 24-h urine
protein above 1 g" for an inclusion): when no one of them alone can rule the trial out, answers
to them are tried together (pairs first, a bounded number), and each counts as able to rule it
out; it does not settle it alone. The therapy history is one more candidate ("therapies"): what
any of its drugs or classes could do, asking for the history could.

A person-judged criterion (nothing in the panel can decide it) is a candidate once only such
criteria hold its trial open; deciding it by hand against the patient rules the trial out.

Incremental: `AskRanker.update` re-evaluates only the trials whose match result changed (the
list matcher re-matches exactly the trials that read what was edited and keeps the other result
objects), and keeps per-candidate trial sets up to date by difference. Within such a trial, what
an answer did to a criterion is remembered while the values the criterion reads stay between the
same thresholds; when values were only added, what an answer decided stays decided (monotone
logic), so only the answers that left it open are tried again.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from trialview.model.matching.checks import label as variable_label  # one label rule for reasons and questions
from trialview.model.matching.context import MatchContext
from trialview.model.matching.ask_probes import Answer
from trialview.model.matching.ask_trial import (Asks, Facts, Key, PerTop, Shapes, TrialInfo, asks_of, try_answers,
                                                try_together)
from trialview.model.matching.plan import Decisions
from trialview.model.panel import Panel
from trialview.model.matching.compact import StoredPlan, read_plan
from trialview.model.matching.result import MatchResult
from trialview.model.vocabulary import FORM_ORDER, ROUTINE
from trialview.model.drugs import DRUG_BY_ID, DRUG_CLASSES, find_drug

Kind = Literal["variable", "therapy", "criterion"]
HISTORY: Key = ("therapy", "therapies")     # the whole therapy history, one question

__all__ = ["HISTORY", "AskRanker", "Key", "Kind", "Suggestion", "ask_next", "therapy_label", "variable_label"]


@dataclass(frozen=True)
class Suggestion:
    """One thing to find out next and the trials its answer could decide."""

    kind: Kind
    variable: str               # a variable id, a drug or class id, or a criterion id
    label: str
    trials: tuple[str, ...]     # trials some answer decides
    could_rule_out: tuple[str, ...]     # trials some answer makes the patient ineligible for
    trial_id: str | None = None  # a criterion's trial

    @property
    def charted(self) -> bool:
        """What a chart routinely holds (vocabulary.ROUTINE, or the patient's therapies)."""
        return self.kind == "therapy" or (self.kind == "variable" and self.variable in ROUTINE)

    def line(self) -> str:
        """"hemoglobin — could rule out 9, settles 12" (one line, plain text)."""
        return f"{self.label} — could rule out {len(self.could_rule_out)}, settles {len(self.trials)}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "variable": self.variable, "label": self.label,
                               "trials": list(self.trials), "could_rule_out": list(self.could_rule_out)}
        if self.trial_id is not None:
            out["trial_id"] = self.trial_id
        return out


def therapy_label(name: str) -> str:
    if name == HISTORY[1]:
        return "therapy history"
    if name in DRUG_CLASSES:
        return DRUG_CLASSES[name]
    drug = DRUG_BY_ID.get(name) or find_drug(name)
    return drug.name if drug else name.replace("_", " ")


# A trial's contribution: (candidate, settles, could rule out) for each candidate that does either.
Contribution = list[tuple[Key, bool, bool]]


class AskRanker:
    """Ask next for one panel against many trials, kept up to date as the panel is edited.

    `compacts` are the trials' compact plans (model/matching/compact.py, as the store's index keeps
    them: JSON text, parsed when a trial is first asked about).
    Call `update(panel, results)` with the trials' match results for the panel (the list
    matcher's: verdict and open questions are all it reads), then `ranked()`.
    """

    def __init__(self, compacts: Mapping[str, StoredPlan]):
        self.compacts = compacts
        self._info: dict[str, TrialInfo] = {}
        self._shapes = Shapes()         # memos shared by the same criterion in several trials
        self._seen: dict[str, MatchResult] = {}
        self._contrib: dict[str, Contribution] = {}
        self._settles: dict[Key, set[str]] = {}     # variables and therapies -> trials
        self._rules: dict[Key, set[str]] = {}
        self._person: dict[Key, bool] = {}          # person-judged criteria -> settles its trial
        self._names: dict[Key, str] = {}
        self.last_recomputed = 0

    # --- updating -------------------------------------------------------------------------------

    CANCEL_CHECK_EVERY = 64     # trials between two looks at whether the pass was cancelled

    def update(self, panel: Panel, results: Mapping[str, MatchResult],
               cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Take new results for `panel`; False if cancelled part way (what was done is kept,
        the rest is done by the next call). Only the trials whose result object is not the one
        seen last time are evaluated again: the list matcher hands back the same object for a
        trial it did not re-match, and re-matches every trial that reads what changed."""
        seen = self._seen
        for gone in [t for t in seen if t not in results]:
            self._set(gone, [])
            del seen[gone]
        contexts: dict[Answer, MatchContext] = {}    # one patient-with-this-answer for every trial
        facts = Facts(panel)
        count = 0
        for trial_id, result in results.items():
            if seen.get(trial_id) is result:
                continue
            if not count % self.CANCEL_CHECK_EVERY and count and cancelled():
                self.last_recomputed = count
                return False
            if trial_id in self.compacts:
                contribution = self._contribution(trial_id, result, panel, facts, contexts)
                if contribution != self._contrib.get(trial_id, []):
                    self._set(trial_id, contribution)
            seen[trial_id] = result
            count += 1
        self.last_recomputed = count
        return True

    def _set(self, trial_id: str, contribution: Contribution) -> None:
        """Replace a trial's contribution to the candidates' trial sets (only what differs)."""
        old = set(self._contrib.pop(trial_id, ()))
        new = set(contribution)
        if contribution:
            self._contrib[trial_id] = contribution
        settles, rules, person = self._settles, self._rules, self._person
        for key, settled, ruled in old - new:
            if key[0] == "criterion":
                del person[key]
                continue
            for table, member in ((settles, settled), (rules, ruled)):
                if member:
                    trials = table[key]
                    trials.discard(trial_id)
                    if not trials:
                        del table[key]
        for key, settled, ruled in new - old:
            if key[0] == "criterion":
                person[key] = settled       # one trial's criterion: it rules that trial out
                continue
            if settled:
                settles.setdefault(key, set()).add(trial_id)
            if ruled:
                rules.setdefault(key, set()).add(trial_id)

    def _info_for(self, trial_id: str) -> TrialInfo:
        info = self._info.get(trial_id)
        if info is None:
            stored = self.compacts[trial_id]
            info = self._info[trial_id] = TrialInfo(read_plan(stored), self._shapes, lambda: read_plan(stored))
        return info

    def _contribution(self, trial_id: str, result: MatchResult, panel: Panel,
                      facts: Facts, contexts: dict[Answer, MatchContext]) -> Contribution:
        if result.verdict != "unknown":
            return []
        info = self._info_for(trial_id)
        open_ids = tuple(dict.fromkeys(q.node_id for q in result.open if q.node_id in info.tops))
        if not open_ids:
            return []
        asks, person, asked_tops, shared = _asked(info, open_ids, panel)
        decisions = panel.screening.get(trial_id) or {}
        decided = tuple(sorted(decisions.items()))
        memos = {t: info.outcomes(t, facts, decided) for t in asked_tops}
        trying = _Trying(info, memos, panel, decisions, contexts)
        found = _found_alone(trying, asks, len(open_ids))
        _found_together(trying, shared, found)
        return _listed(trial_id, found, person, len(open_ids))

    # --- reading --------------------------------------------------------------------------------

    def ranked(self, limit: int | None = None,
               criterion_text: Callable[[str, str], str] | None = None,
               passed: Collection[str] = (), person_judged: bool = True,
               charted_first: bool = False) -> list[Suggestion]:
        """Best first: could rule out the most trials, then settles the most, then what a chart
        routinely holds, in the form's order (the module's docstring says why).
        A candidate that settles no trial is not listed. `criterion_text(trial_id, node_id)`
        labels person-judged criteria (default: "exc-4 of NCT…").

        `passed`: variable ids the screener left empty as not known (and "therapies": the
        therapy history, every drug and class with it); they are not asked again. Without
        `person_judged`, only what a value typed in a field answers (the form's Enter).
        `charted_first`: what a chart routinely holds before everything else (the form's walk:
        a screener types what the chart says, then chooses whether to chase the rest).

        A person-judged criterion belongs to one trial: it could rule out that one and settles
        at most that one, so it comes after every variable or therapy that could rule out a
        trial and before those that cannot; among them, those that settle their trial first."""
        settles, rules, names = self._settles, self._rules, self._names
        skip_therapies = HISTORY[1] in passed

        def asked(key: Key) -> bool:
            return not (key[1] in passed if key[0] == "variable" else skip_therapies)

        def order(key: Key) -> tuple[bool, int, int, bool, int, str]:
            name = names.get(key)
            if name is None:
                name = names[key] = _name(key).lower()
            kind, var_id = key
            if kind == "variable":
                charted, place = var_id in ROUTINE, FORM_ORDER.get(var_id, len(FORM_ORDER))
            else:
                charted, place = True, len(FORM_ORDER)      # a chart lists what the patient had
            return (charted_first and not charted, -len(rules.get(key, ())), -len(settles.get(key, ())),
                    not charted, place, name)

        named = sorted(settles.keys() | rules.keys(), key=order)
        if passed:
            named = [k for k in named if asked(k)]
        split = next((i for i, k in enumerate(named) if k not in rules), len(named))
        chosen = named[:split]
        if limit is None or len(chosen) < limit:
            person = self._person if person_judged else {}
            left = None if limit is None else limit - len(chosen)

            def person_order(key: Key) -> tuple[bool, str]:
                return (not person[key], key[1])

            chosen += (sorted(person, key=person_order) if left is None
                       else heapq.nsmallest(left, person, key=person_order))
            chosen += named[split:]
        if limit is not None:
            chosen = chosen[:limit]
        return [self._suggestion(k, criterion_text) for k in chosen]

    def best(self, passed: Collection[str] = (), person_judged: bool = True,
             charted_first: bool = False) -> Suggestion | None:
        """The first suggestion, or None when nothing left could settle a trial (`passed`,
        `person_judged`, `charted_first`: as `ranked` takes them)."""
        top = self.ranked(1, passed=passed, person_judged=person_judged, charted_first=charted_first)
        return top[0] if top else None

    def _suggestion(self, key: Key, criterion_text: Callable[[str, str], str] | None) -> Suggestion:
        kind, name = key
        trials = tuple(sorted(self._settles.get(key, ())))
        ruled = tuple(sorted(self._rules.get(key, ())))
        if kind == "criterion":
            trial_id, node_id = name.split("\t", 1)
            text = criterion_text(trial_id, node_id) if criterion_text else ""
            label = _short(text) if text else f"{node_id} of {trial_id}"
            settled = (trial_id,) if self._person[key] else ()
            return Suggestion("criterion", node_id, f"{label} (for a person to judge)", settled, (trial_id,),
                              trial_id)
        if kind == "therapy":
            return Suggestion("therapy", name, therapy_label(name), trials, ruled)
        return Suggestion("variable", name, variable_label(name), trials, ruled)


def _name(key: Key) -> str:
    kind, name = key
    if kind == "variable":
        return variable_label(name)
    return therapy_label(name)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def ask_next(panel: Panel, compacts: Mapping[str, StoredPlan], results: Mapping[str, MatchResult],
             limit: int | None = None,
             criterion_text: Callable[[str, str], str] | None = None) -> list[Suggestion]:
    """One ranking, from scratch (the command line; the app keeps an AskRanker)."""
    ranker = AskRanker(compacts)
    ranker.update(panel, results)
    return ranker.ranked(limit, criterion_text)


class _Trying(NamedTuple):
    """What trying answers on one trial's open criteria needs."""

    info: TrialInfo
    memos: dict[str, dict[Answer, int]]
    panel: Panel
    decisions: Decisions
    contexts: dict[Answer, MatchContext]


def _asked(info: TrialInfo, open_ids: tuple[str, ...], panel: Panel) -> tuple[Asks, list[str], list[str], PerTop]:
    """What is asked of the trial (asks_of), and the open criteria asked about; kept while the
    trial's open criteria and which of the values they read are known stay the same (most
    edits leave it as it was)."""
    given = panel.values
    state = (open_ids, tuple([v in given for v in info.watch]),
             tuple([panel.value(d) is None for d in info.derived]), getattr(panel, "therapy_history", None))
    if info.asked is not None and info.asked[0] == state:
        _state, asks, person, asked_tops, shared = info.asked
    else:
        asks, person, shared = asks_of(info, open_ids, panel)
        asked_tops = list({t: None for tops, _probes in asks.values() for t in tops})
        info.asked = (state, asks, person, asked_tops, shared)
    return asks, person, asked_tops, shared


def _found_alone(trying: _Trying, asks: Asks, n_open: int) -> dict[Key, tuple[bool, bool]]:
    """Candidate -> (settles, could rule out) by its own answers, for those that do either
    (remembered while the criteria it could decide keep their memos)."""
    info = trying.info
    found: dict[Key, tuple[bool, bool]] = {}
    for key, (tops, probes) in asks.items():
        whole = len(tops) == n_open
        stamp = (whole, *[info.versions[t] for t in tops])
        done = info.done.get(key)
        if done is not None and done[0] == stamp:
            settles, rules = done[1]
        else:
            settles, rules = try_answers(info, tops, probes, whole, trying.memos, trying.panel,
                                         trying.decisions, trying.contexts)
            info.done[key] = (stamp, (settles, rules))
        if rules or settles:
            found[key] = (settles, rules)
    return found


def _found_together(trying: _Trying, shared: PerTop, found: dict[Key, tuple[bool, bool]]) -> None:
    """Mark in `found` the candidates that could rule the trial out only answered together with
    others on one criterion."""
    info = trying.info
    for top_id, answers in shared.items():
        alone = tuple(k for k in answers if not found.get(k, (False, False))[1])
        if not alone:
            continue
        joint: tuple[Any, ...] = (info.versions[top_id], alone)
        done_together = info.together.get(top_id)
        if done_together is not None and done_together[0] == joint:
            together = done_together[1]
        else:
            together = try_together(info, top_id, answers, alone, trying.memos[top_id], trying.panel,
                                    trying.decisions, trying.contexts)
            info.together[top_id] = (joint, together)
        for k in together:
            found[k] = (found.get(k, (False, False))[0], True)


def _listed(trial_id: str, found: dict[Key, tuple[bool, bool]], person: list[str], n_open: int) -> Contribution:
    """The trial's contribution: what was found, the therapy history, and the person-judged
    criteria when only they hold it open."""
    out: Contribution = []
    history_settles = history_rules = False
    for key, (settles, rules) in found.items():
        out.append((key, settles, rules))
        if key[0] == "therapy":
            history_settles, history_rules = history_settles or settles, history_rules or rules
    if history_settles or history_rules:
        # The therapy history as one question (as the form asks it): whatever one of its
        # drugs or classes could do, taking the history could.
        out.append((HISTORY, history_settles, history_rules))
    if len(person) == n_open:
        # Only a person can decide what still holds this trial open: each such criterion
        # decided against the patient rules it out; the last one decides it either way.
        for top_id in person:
            out.append((("criterion", f"{trial_id}\t{top_id}"), n_open == 1, True))
    return out
