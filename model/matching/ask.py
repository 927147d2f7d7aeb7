"""Ask next: the value, therapy or person's judgement that would settle the most undecided trials.

A candidate *settles* a trial when some value of it alone turns the trial's verdict from unknown
to decided; it *could rule out* the trial when some value makes the patient ineligible. The
ranking puts first what could rule out the most trials, then what settles the most, then the name.

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
clearances either side of the threshold), body mass index one about weight and height.

A person-judged criterion (nothing in the panel can decide it) is a candidate once only such
criteria hold its trial open; deciding it by hand against the patient rules the trial out.

Incremental: `AskRanker.update` re-evaluates only the trials whose match result changed (the
list matcher re-matches exactly the trials that read what was edited and keeps the other result
objects), and keeps per-candidate trial sets up to date by difference.
"""

from __future__ import annotations

import copy
import datetime as dt
import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from trialview.model.match import MatchResult, Plan, compile_plan
from trialview.model.match_checks import MET, NOT_MET, MatchContext
from trialview.model.panel import Panel, Reading, Therapy
from trialview.model.plan import (C_OP, C_UNIT, C_VALUE, C_VARIABLE, C_WINDOW, DERIVED_FROM, KIND, N_CHECKS,
                                  N_CHILDREN, N_ID, N_KIND, N_SECTION, CompactNode, walk)
from trialview.model.units import UnitError, normalise_unit, to_canonical
from trialview.model.vocabulary import BY_ID, DRUG_BY_ID, DRUG_CLASSES, drugs_in_class, find_drug

Kind = Literal["variable", "therapy", "criterion"]
# (kind, name): a variable id, a drug or class id, or "trial id <TAB> criterion id"
Key = tuple[str, str]
# ("value", variable, value, unit) or ("therapy", drug name, days before the screening date, None)
Probe = tuple[str, str, Any, Any]

_SECTION = KIND["section"]
_EPS = 1e-6


@dataclass(frozen=True)
class Suggestion:
    """One thing to find out next and the trials its answer could decide."""

    kind: Kind
    variable: str               # a variable id, a drug or class id, or a criterion id
    label: str
    trials: tuple[str, ...]     # trials some answer decides
    could_rule_out: tuple[str, ...]     # trials some answer makes the patient ineligible for
    trial_id: str | None = None  # a criterion's trial

    def line(self) -> str:
        """"hemoglobin — could rule out 9, settles 12" (one line, plain text)."""
        return f"{self.label} — could rule out {len(self.could_rule_out)}, settles {len(self.trials)}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "variable": self.variable, "label": self.label,
                               "trials": list(self.trials), "could_rule_out": list(self.could_rule_out)}
        if self.trial_id is not None:
            out["trial_id"] = self.trial_id
        return out


def variable_label(var_id: str) -> str:
    """The vocabulary's label in running text: "Hemoglobin" -> "hemoglobin"; "SpO2", "ALT" stay."""
    var = BY_ID.get(var_id)
    text = var.label if var else var_id.replace("_", " ")
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        text = text[0].lower() + text[1:]
    return text


def therapy_label(name: str) -> str:
    if name in DRUG_CLASSES:
        return DRUG_CLASSES[name]
    drug = DRUG_BY_ID.get(name) or find_drug(name)
    return drug.name if drug else name.replace("_", " ")


def _therapy_drug(name: str) -> str:
    """The drug a "received" answer names: the drug itself, or for a class the member drug that
    belongs to the fewest other classes (so the answer says as little else as possible)."""
    if name in DRUG_CLASSES:
        members = drugs_in_class(name)
        if members:
            return min(members, key=lambda d: len(d.classes)).name
    drug = DRUG_BY_ID.get(name) or find_drug(name)
    return drug.name if drug else name


def _is_therapy(name: str) -> bool:
    return name in DRUG_CLASSES or name in DRUG_BY_ID or find_drug(name) is not None


def _threshold(var_id: str, check: list[Any]) -> tuple[float, str | None] | None:
    """A numeric check's threshold in the variable's canonical unit, and "xULN" when the check
    compares the value as a multiple of the lab's upper limit; None if it has no number."""
    value = check[C_VALUE]
    if value.__class__ is bool or not isinstance(value, (int, float)):
        return None
    threshold, unit = float(value), check[C_UNIT]
    canonical = BY_ID[var_id].unit or ""
    if unit and unit != canonical and unit.lower() != canonical.lower():
        key = normalise_unit(unit)
        if key == "xULN" and canonical != "xULN":
            return threshold, "xULN"
        if key != canonical and key is not None:
            try:
                return to_canonical(var_id, threshold, unit), None
            except UnitError:
                return None
    return threshold, None


def _number_probes(var_id: str, check: list[Any]) -> list[Probe]:
    """Just either side of a numeric check's threshold (and the threshold itself for = and ≠)."""
    found = _threshold(var_id, check)
    if found is None:
        return []
    threshold, probe_unit = found
    var = BY_ID[var_id]
    step = max(abs(threshold) * _EPS, _EPS)
    points = (threshold - step, threshold, threshold + step) if check[C_OP] in ("==", "!=") else \
        (threshold - step, threshold + step)
    out: list[Probe] = []
    for x in points:
        if probe_unit is None and ((var.low is not None and x < var.low) or (var.high is not None and x > var.high)):
            continue        # no patient has it: "age >= 0" cannot fail
        out.append(("value", var_id, x, probe_unit))
    return out


def _word_probes(var_id: str) -> list[Probe]:
    var = BY_ID[var_id]
    words: tuple[Any, ...] = (True, False) if var.kind == "bool" else var.choices
    return [("value", var_id, w, None) for w in words]


def _therapy_probes(name: str, checks: Iterable[list[Any]]) -> list[Probe]:
    """Received now, and last received a day outside each window the checks name."""
    drug = _therapy_drug(name)
    out: list[Probe] = [("therapy", drug, 0, None)]
    for check in checks:
        window = check[C_VALUE] if check[C_OP] == "within" else check[C_WINDOW]
        if window.__class__ is not bool and isinstance(window, (int, float)) and 0 <= window < 36_500:
            out.append(("therapy", drug, int(window) + 1, None))
    return out


AGAINST, FAVOUR, OPEN = 0, 1, 2     # a top-level criterion's effect on the patient
_NOTHING: tuple[tuple[str, ...], bool, dict[str, list[float]]] = ((), False, {})


class _TrialInfo:
    """What a trial's top-level criteria read, the answers worth trying for each, and what
    those answers did (kept while the panel values the criterion reads stay the same)."""

    __slots__ = ("compact", "tops", "against", "reads", "depends", "probes", "plans", "memo")

    def __init__(self, compact: list[CompactNode]):
        self.compact = compact
        self.tops: dict[str, int] = {}              # top id -> index of its section in compact
        self.against: dict[str, str] = {}           # top id -> the status that rules the patient out
        # top id -> [(kind, name)]: "variable" / "derived" (crcl, bmi) / "therapy"
        self.reads: dict[str, list[tuple[str, str]]] = {}
        # top id -> (panel variables its outcome reads, derived inputs included; reads therapies;
        # for the numeric ones compared only with thresholds, the thresholds: between two of
        # them every value has the same outcome)
        self.depends: dict[str, tuple[tuple[str, ...], bool, dict[str, list[float]]]] = {}
        self.probes: dict[tuple[str, str], list[Probe]] = {}
        self.plans: dict[str, tuple[CompactNode, Plan | None]] = {}
        self.memo: dict[str, tuple[tuple[Any, ...], dict[Probe, int]]] = {}
        for index, root in enumerate(compact):
            against = MET if root[N_SECTION] == 1 else NOT_MET
            for top in (root[N_CHILDREN] if root[N_KIND] == _SECTION else [root]):
                self.tops[top[N_ID]] = index
                self.against[top[N_ID]] = against
                self.plans[top[N_ID]] = (top, None)
                self._read(top)

    def _read(self, top: CompactNode) -> None:
        checks: dict[str, list[list[Any]]] = {}
        for node in walk([top]):
            for check in node[N_CHECKS]:
                checks.setdefault(check[C_VARIABLE], []).append(check)
        if not checks:          # most criteria: nothing a panel value decides
            self.reads[top[N_ID]] = []
            self.depends[top[N_ID]] = _NOTHING
            return
        reads: list[tuple[str, str]] = []
        depends: dict[str, None] = {}
        bands: dict[str, list[float]] = {}
        therapies = False
        for name, found in checks.items():
            var = BY_ID.get(name)
            probes: list[Probe] = []
            if var is not None:
                kind = "derived" if name in DERIVED_FROM else "variable"
                depends[name] = None
                for source in DERIVED_FROM.get(name, ()):
                    depends[source] = None
                if var.kind == "number" and kind == "variable":
                    plain = [_threshold(name, c) for c in found if c[C_WINDOW] is None]
                    if len(plain) == len(found) and all(t is not None and t[1] is None for t in plain):
                        bands[name] = sorted(t[0] for t in plain if t is not None)
                if var.kind == "number":
                    probes = [p for check in found for p in _number_probes(name, check)]
                else:
                    probes = _word_probes(name)
            elif _is_therapy(name):
                therapies = True
                kind, probes = "therapy", _therapy_probes(name, found)
            if probes:
                reads.append((kind, name))
                self.probes[(top[N_ID], name)] = list(dict.fromkeys(probes))
        for name in list(bands):
            if any(name in DERIVED_FROM.get(d, ()) for d in depends):
                del bands[name]         # also an input of a derived value: its exact value counts
        self.reads[top[N_ID]] = reads
        self.depends[top[N_ID]] = (tuple(depends), therapies, bands)

    def plan(self, top_id: str) -> Plan:
        """The top-level criterion alone, as a plan: its section's verdict is its own."""
        top, plan = self.plans[top_id]
        if plan is None:
            root = self.compact[self.tops[top_id]]
            if root[N_KIND] == _SECTION:
                alone = list(root)
                alone[N_CHILDREN] = [top]
                plan = compile_plan([alone])
            else:
                plan = compile_plan([top])
            self.plans[top_id] = (top, plan)
        return plan

    def effect(self, top_id: str, ctx: MatchContext, decisions: dict[str, str]) -> int:
        """What the criterion alone says for the patient in `ctx`: against, in favour, open."""
        out: dict[str, Any] = {}
        for run in self.plan(top_id).runners:
            run(ctx, decisions, out)
        status = out[top_id].status
        if status == self.against[top_id]:
            return AGAINST
        return FAVOUR if status == MET or status == NOT_MET else OPEN

    def outcomes(self, top_id: str, facts: _Facts, decisions: tuple[tuple[str, str], ...]) -> dict[Probe, int]:
        """The memo of answers tried on this criterion, emptied when what it reads changed."""
        variables, therapies, bands = self.depends[top_id]
        readings = facts.readings
        read: list[Any] = []
        for var in variables:
            reading = readings.get(var)
            band = bands.get(var)
            if band is not None and reading is not None and isinstance(reading[0], float):
                x = reading[0]
                read.append((bisect_left(band, x), bisect_right(band, x)))
            else:
                read.append(reading)
        signature = (read, facts.therapies if therapies else None, decisions, facts.as_of)
        kept = self.memo.get(top_id)
        if kept is not None and kept[0] == signature:
            return kept[1]
        memo: dict[Probe, int] = {}
        self.memo[top_id] = (signature, memo)
        return memo


class _Facts:
    """A panel's values, therapies and date in plain comparable form, made once per update."""

    __slots__ = ("readings", "therapies", "as_of")

    def __init__(self, panel: Panel):
        self.readings = {v: (r.canonical, r.raw, r.unit, r.uln, r.date) for v, r in panel.values.items()}
        self.therapies = [(t.drug, t.start, t.stop, t.last_dose, getattr(t, "current", None)) for t in panel.therapies]
        self.as_of = panel.as_of


# A trial's contribution: (candidate, settles, could rule out) for each candidate that does either.
Contribution = list[tuple[Key, bool, bool]]


class AskRanker:
    """Ask next for one panel against many trials, kept up to date as the panel is edited.

    `compacts` are the trials' compact plans (model/plan.py, as the store's index keeps them).
    Call `update(panel, results)` with the trials' match results for the panel (the list
    matcher's: verdict and open questions are all it reads), then `ranked()`.
    """

    def __init__(self, compacts: Mapping[str, list[CompactNode]]):
        self.compacts = compacts
        self._info: dict[str, _TrialInfo] = {}
        self._seen: dict[str, MatchResult] = {}
        self._contrib: dict[str, Contribution] = {}
        self._settles: dict[Key, set[str]] = {}     # variables and therapies -> trials
        self._rules: dict[Key, set[str]] = {}
        self._person: dict[Key, bool] = {}          # person-judged criteria -> settles its trial
        self._names: dict[Key, str] = {}
        self.last_recomputed = 0

    # --- updating -------------------------------------------------------------------------------

    def update(self, panel: Panel, results: Mapping[str, MatchResult],
               changed: Iterable[str] | None = None) -> None:
        """Take new results for `panel`. Only the trials in `changed` are evaluated again; by
        default those whose result object is not the one seen last time (the list matcher
        hands back the same object for a trial it did not re-match)."""
        if changed is None:
            seen = self._seen
            changed = [t for t, r in results.items() if seen.get(t) is not r]
        for gone in [t for t in self._seen if t not in results]:
            self._set(gone, [])
        contexts: dict[Probe, MatchContext] = {}    # one patient-with-this-answer for every trial
        facts = _Facts(panel)
        count = 0
        for trial_id in changed:
            result = results.get(trial_id)
            if result is None or trial_id not in self.compacts:
                self._set(trial_id, [])
                continue
            self._set(trial_id, self._contribution(trial_id, result, panel, facts, contexts))
            count += 1
        self._seen = dict(results)
        self.last_recomputed = count

    def _set(self, trial_id: str, contribution: Contribution) -> None:
        """Replace a trial's contribution to the candidates' trial sets."""
        settles, rules, person = self._settles, self._rules, self._person
        for key, settled, ruled in self._contrib.pop(trial_id, ()):
            if key[0] == "criterion":
                del person[key]
                continue
            for table, member in ((settles, settled), (rules, ruled)):
                if member:
                    trials = table[key]
                    trials.discard(trial_id)
                    if not trials:
                        del table[key]
        if contribution:
            self._contrib[trial_id] = contribution
            for key, settled, ruled in contribution:
                if key[0] == "criterion":
                    person[key] = settled       # one trial's criterion: it rules that trial out
                    continue
                if settled:
                    settles.setdefault(key, set()).add(trial_id)
                if ruled:
                    rules.setdefault(key, set()).add(trial_id)

    def _info_for(self, trial_id: str) -> _TrialInfo:
        info = self._info.get(trial_id)
        if info is None:
            info = self._info[trial_id] = _TrialInfo(self.compacts[trial_id])
        return info

    def _contribution(self, trial_id: str, result: MatchResult, panel: Panel,
                      facts: _Facts, contexts: dict[Probe, MatchContext]) -> Contribution:
        if result.verdict != "unknown":
            return []
        info = self._info_for(trial_id)
        open_ids = list(dict.fromkeys(q.node_id for q in result.open if q.node_id in info.tops))
        if not open_ids:
            return []
        given = panel.values
        asks: dict[Key, dict[str, list[Probe]]] = {}     # candidate -> top id -> answers to try
        person: list[str] = []
        for top_id in open_ids:
            touched = False
            for kind, name in info.reads[top_id]:
                probes = info.probes[(top_id, name)]
                if kind == "variable":
                    if name not in given:
                        asks.setdefault(("variable", name), {}).setdefault(top_id, []).extend(probes)
                        touched = True
                elif kind == "derived":
                    if panel.value(name) is None:
                        for source in DERIVED_FROM[name]:
                            if panel.value(source) is None:
                                asks.setdefault(("variable", source), {}).setdefault(top_id, []).extend(probes)
                                touched = True
                else:
                    asks.setdefault(("therapy", name), {}).setdefault(top_id, []).extend(probes)
                    touched = True
            if not touched:
                person.append(top_id)
        out: Contribution = []
        n_open = len(open_ids)
        decisions = panel.screening.get(trial_id) or {}
        decided = tuple(sorted(decisions.items()))
        memos = {t: info.outcomes(t, facts, decided) for t in {t for by_top in asks.values() for t in by_top}}
        for key, by_top in asks.items():
            whole = len(by_top) == n_open
            probes = list(dict.fromkeys(p for t in by_top for p in by_top[t]))
            settles = rules = False
            for probe in probes:
                all_met = True
                for top_id in by_top:
                    memo = memos[top_id]
                    effect = memo.get(probe)
                    if effect is None:
                        ctx = contexts.get(probe)
                        if ctx is None:
                            ctx = contexts[probe] = MatchContext(_probe_panel(panel, probe))
                        effect = memo[probe] = info.effect(top_id, ctx, decisions)
                    if effect == AGAINST:
                        rules = True
                        break
                    if effect != FAVOUR:
                        all_met = False
                if rules:
                    break
                if whole and all_met:
                    settles = True
            if rules or settles:
                out.append((key, True, rules))
        if len(person) == n_open:
            # Only a person can decide what still holds this trial open: each such criterion
            # decided against the patient rules it out; the last one decides it either way.
            for top_id in person:
                out.append((("criterion", f"{trial_id}\t{top_id}"), n_open == 1, True))
        return out

    # --- reading --------------------------------------------------------------------------------

    def ranked(self, limit: int | None = None,
               criterion_text: Callable[[str, str], str] | None = None) -> list[Suggestion]:
        """Best first: could rule out the most trials, then settles the most, then by name.
        A candidate that settles no trial is not listed. `criterion_text(trial_id, node_id)`
        labels person-judged criteria (default: "exc-4 of NCT…").

        A person-judged criterion belongs to one trial: it could rule out that one and settles
        at most that one, so it comes after every variable or therapy that could rule out a
        trial and before those that cannot; among them, those that settle their trial first."""
        settles, rules, names = self._settles, self._rules, self._names

        def order(key: Key) -> tuple[int, int, str]:
            name = names.get(key)
            if name is None:
                name = names[key] = _name(key).lower()
            return (-len(rules.get(key, ())), -len(settles[key]), name)

        named = sorted(settles, key=order)
        split = next((i for i, k in enumerate(named) if k not in rules), len(named))
        chosen = named[:split]
        if limit is None or len(chosen) < limit:
            person = self._person
            left = None if limit is None else limit - len(chosen)

            def person_order(key: Key) -> tuple[bool, str]:
                return (not person[key], key[1])

            chosen += (sorted(person, key=person_order) if left is None
                       else heapq.nsmallest(left, person, key=person_order))
            chosen += named[split:]
        if limit is not None:
            chosen = chosen[:limit]
        return [self._suggestion(k, criterion_text) for k in chosen]

    def best(self) -> Suggestion | None:
        """The first suggestion, or None when nothing left could settle a trial."""
        top = self.ranked(1)
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


def _probe_panel(panel: Panel, probe: Probe) -> Panel:
    """The panel with one answer added (a shallow copy: the rest is shared, never changed)."""
    kind, name, value, extra = probe
    probed = copy.copy(panel)
    if kind == "value":
        probed.values = {**panel.values, name: Reading(raw=value, unit=extra, canonical=value)}
    else:
        day = panel.as_of - dt.timedelta(days=int(value))
        probed.therapies = [*panel.therapies, Therapy(drug=name, last_dose=day)]
    return probed


def ask_next(panel: Panel, compacts: Mapping[str, list[CompactNode]], results: Mapping[str, MatchResult],
             limit: int | None = None,
             criterion_text: Callable[[str, str], str] | None = None) -> list[Suggestion]:
    """One ranking, from scratch (the command line; the app keeps an AskRanker)."""
    ranker = AskRanker(compacts)
    ranker.update(panel, results)
    return ranker.ranked(limit, criterion_text)
