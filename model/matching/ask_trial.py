"""One trial's top-level criteria for ask next: what each reads, the answers worth trying on it,
and what those answers did (model/matching/ask.py explains the approach)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import combinations, product
from collections.abc import Callable, Sequence
from typing import Any

from trialview.model.matching.ask_probes import (Answer, Probe, is_therapy, number_probes, probe_panel, therapy_probes,
                                                 threshold_of, word_probes)
from trialview.model.matching.compact import ALSO_READS, DERIVED_FROM, FEMALE_STATES, KIND, answered_by_sex, CompactCheck, CompactNode, StoredNode, walk
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MET, NOT_MET
from trialview.model.matching.plan import Decisions, Plan, compile_plan
from trialview.model.panel import Panel
from trialview.model.vocabulary import BY_ID

# (kind, name): a variable id, a drug or class id, or "trial id <TAB> criterion id"
Key = tuple[str, str]

_SECTION = KIND["section"]
# positions in a stored node / check (the store's index keeps them as plain lists)
N_ID, N_KIND, N_SECTION, N_CHECKS, N_CHILDREN = (CompactNode._fields.index(f)
                                                 for f in ("id", "kind", "section", "checks", "children"))
N_LOGIC, N_MANUAL, N_UNREAD, N_CONDITION = (CompactNode._fields.index(f)
                                            for f in ("logic", "manual", "unread", "condition"))
C_VARIABLE, C_WINDOW = CompactCheck._fields.index("variable"), CompactCheck._fields.index("window_days")

AGAINST, FAVOUR, OPEN = 0, 1, 2     # a top-level criterion's effect on the patient
JOINT = 3       # in a memo: answers that rule the patient out together, each of them needed


class Shapes:
    """The memos of criteria that are the same criterion, shared across trials.

    Two top-level criteria with the same shape (kinds, logic, checks, conditions, clauses no
    check reads: everything but their ids, texts and exceptions, which no status depends on)
    have the same effect under every answer, unless a hand decision is made on one of them:
    what one trial tried, the others with that criterion ("age 18 to 65", "not pregnant", "Hb
    >= 9 g/dL") find in the memo. One memo per shape, for the panel last seen.
    """

    __slots__ = ("ids", "memos")

    def __init__(self) -> None:
        self.ids: dict[tuple[Any, ...], int] = {}
        self.memos: dict[int, tuple[tuple[Any, ...], dict[Answer, int]]] = {}

    def id_of(self, top: StoredNode) -> int:
        return self.ids.setdefault(_shape(top), len(self.ids))


def _shape(node: StoredNode) -> tuple[Any, ...]:
    condition = node[N_CONDITION]
    return (node[N_KIND], node[N_SECTION], node[N_LOGIC], node[N_MANUAL],
            tuple(tuple(tuple(v) if isinstance(v, list) else v for v in c) for c in node[N_CHECKS]),
            tuple(_shape(c) for c in node[N_CHILDREN]), node[N_UNREAD],
            None if condition is None else _shape(condition[1]))


class TrialInfo:
    """What a trial's top-level criteria read, the answers worth trying for each, and what
    those answers did (kept while the panel values the criterion reads stay the same)."""

    __slots__ = ("against", "asked", "depends", "derived", "done", "memo", "plans", "probes", "reads", "reread",
                 "shape", "shapes", "together", "tops", "versions", "watch")

    def __init__(self, compact: Sequence[StoredNode], shapes: Shapes | None = None,
                 reread: Callable[[], Sequence[StoredNode]] | None = None):
        # The compact tree itself is not kept (kept, it was 40 % of ask's memory): a criterion
        # is compiled from `reread()` (the tree parsed again) when first evaluated, which the
        # criteria whose shape another trial shares never are.
        self.reread = reread
        self.shapes = shapes
        self.shape: dict[str, int] = {}             # top id -> its shape's id in `shapes`
        self.tops: dict[str, int] = {}              # top id -> index of its section in compact
        self.against: dict[str, str] = {}           # top id -> the status that rules the patient out
        # top id -> [(kind, name)]: "variable" / "derived" (crcl, bmi) / "therapy"
        self.reads: dict[str, list[tuple[str, str]]] = {}
        # top id -> (panel variables its outcome reads, derived inputs included; reads therapies;
        # for the numeric ones compared only with thresholds, the thresholds: between two of
        # them every value has the same outcome)
        self.depends: dict[str, tuple[tuple[str, ...], bool, dict[str, list[float]]]] = {}
        self.probes: dict[tuple[str, str], list[Probe]] = {}
        self.plans: dict[str, tuple[StoredNode | None, Plan | None]] = {}
        self.memo: dict[str, tuple[tuple[Any, ...], dict[Answer, int]]] = {}
        self.versions: dict[str, int] = {}          # top id -> bumped whenever its memo is renewed
        self.asked: tuple[Any, Asks, list[str], list[str], PerTop] | None = None
        self.together: dict[str, tuple[tuple[Any, ...], frozenset[Key]]] = {}
        self.done: dict[Key, tuple[tuple[Any, ...], tuple[bool, bool]]] = {}
        for index, root in enumerate(compact):
            against = MET if root[N_SECTION] == 1 else NOT_MET
            for top in (root[N_CHILDREN] if root[N_KIND] == _SECTION else [root]):
                self.tops[top[N_ID]] = index
                if self._read(top):     # the rest only of criteria a panel value can decide
                    self.against[top[N_ID]] = against
                    self.plans[top[N_ID]] = (top if reread is None or shapes is None else None, None)
                    if shapes is not None:
                        self.shape[top[N_ID]] = shapes.id_of(top)
        watch: dict[str, None] = {}
        derived: dict[str, None] = {}
        for reads in self.reads.values():
            for kind, name in reads:
                if kind == "variable":
                    watch[name] = None
                    if name in FEMALE_STATES:
                        watch["sex"] = None
                elif kind == "derived":
                    derived[name] = None
                    watch.update(dict.fromkeys(DERIVED_FROM[name]))
        self.watch = tuple(watch)           # the values whose being known changes what is asked
        self.derived = tuple(derived)

    def _read(self, top: StoredNode) -> bool:
        checks: dict[str, list[list[Any]]] = {}
        for node in walk([top]):
            for check in node[N_CHECKS]:
                checks.setdefault(check[C_VARIABLE], []).append(check)
        if not checks:          # most criteria: nothing a panel value decides
            return False
        reads: list[tuple[str, str]] = []
        depends: dict[str, None] = {}
        bands: dict[str, list[float]] = {}
        therapies = False
        for name, found in checks.items():
            var = BY_ID.get(name)
            probes: list[Probe] = []
            kind = ""
            if var is not None:
                kind = "derived" if name in DERIVED_FROM else "variable"
                depends[name] = None
                for source in ALSO_READS.get(name, ()):
                    depends[source] = None
                if var.kind == "number" and kind == "variable":
                    plain = [threshold_of(name, c) for c in found if c[C_WINDOW] is None]
                    if len(plain) == len(found) and all(t is not None and t[1] is None for t in plain):
                        bands[name] = sorted(t[0] for t in plain if t is not None)
                if var.kind == "number":
                    probes = [p for check in found for p in number_probes(name, check)]
                else:
                    probes = word_probes(name)
            elif is_therapy(name):
                therapies = True
                kind, probes = "therapy", therapy_probes(name, found)
            if probes:
                reads.append((kind, name))
                self.probes[(top[N_ID], name)] = list(dict.fromkeys(probes))
        for name in list(bands):
            if any(name in DERIVED_FROM.get(d, ()) for d in depends):
                del bands[name]         # also an input of a derived value: its exact value counts
        self.reads[top[N_ID]] = reads
        self.depends[top[N_ID]] = (tuple(depends), therapies, bands)
        return True

    def plan(self, top_id: str) -> Plan:
        """The top-level criterion alone, as a plan. Compiled as a plan's root, it is compiled as
        inside its section (its own section code says which), and no node's status depends on
        its parent's: its status is the one the whole plan gives it."""
        top, plan = self.plans[top_id]
        if plan is None:
            if top is None:
                assert self.reread is not None      # tops are dropped only when they can be read again
                top = next(t for root in self.reread()
                           for t in (root[N_CHILDREN] if root[N_KIND] == _SECTION else [root]) if t[N_ID] == top_id)
            plan = compile_plan([top])
            self.plans[top_id] = (None, plan)
        return plan

    def effect(self, top_id: str, ctx: MatchContext, decisions: Decisions) -> int:
        """What the criterion alone says for the patient in `ctx`: against, in favour, open."""
        out: dict[str, Any] = {}
        for run in self.plan(top_id).runners:
            run(ctx, decisions, out)
        status = out[top_id].status
        if status == self.against[top_id]:
            return AGAINST
        return FAVOUR if status == MET or status == NOT_MET else OPEN

    def outcomes(self, top_id: str, facts: Facts, decisions: tuple[tuple[str, Any], ...]) -> dict[Answer, int]:
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
        shapes = None if decisions else self.shapes
        shape = -1
        if shapes is not None:
            shape = self.shape[top_id]
            found = shapes.memos.get(shape)
            if found is not None and found[0] == signature:
                # the same criterion in another trial, tried under this very panel
                self.memo[top_id] = found
                self.versions[top_id] = self.versions.get(top_id, 0) + 1
                return found[1]
        memo: dict[Answer, int] = {}
        if kept is not None:
            before, old = kept
            if before[1:] == signature[1:] and all(o is None or o == n for o, n in zip(before[0], read, strict=True)):
                # Only values added: the matcher's logic is monotone (a value entered never undoes
                # a decided criterion), so what an answer decided then it decides now; what it
                # left open may now be decided. Answers needed together may not all be needed
                # any more (a value added may do a partner's part): JOINT is found again.
                memo = {probe: (AGAINST if effect == JOINT else effect) for probe, effect in old.items()
                        if effect != OPEN}
        self.memo[top_id] = (signature, memo)
        self.versions[top_id] = self.versions.get(top_id, 0) + 1
        if shapes is not None:
            shapes.memos[shape] = self.memo[top_id]
        return memo


class Facts:
    """A panel's values, therapies and date in plain comparable form, made once per update."""

    __slots__ = ("as_of", "readings", "therapies")

    def __init__(self, panel: Panel):
        self.readings = {v: (r.canonical, r.raw, r.unit, r.uln, r.date) for v, r in panel.values.items()}
        # the entries, and whether they are the whole history (panel.md's therapy_history)
        self.therapies = ([(t.drug, t.start, t.stop, t.last_dose, getattr(t, "current", None)) for t in panel.therapies],
                          getattr(panel, "therapy_history", None))
        self.as_of = panel.as_of


Asks = dict[Key, tuple[list[str], list[Probe]]]
PerTop = dict[str, dict[Key, list[Probe]]]
JOINT_MAX = 128         # combinations of answers tried together on one criterion, at most


def asks_of(info: TrialInfo, open_ids: tuple[str, ...], panel: Panel) -> tuple[Asks, list[str], PerTop]:
    """For each candidate, the open criteria it could decide and the answers to try on them;
    the open criteria no candidate can decide (only a person can); and for each open criterion
    read by several candidates, the answers of each to try together."""
    given = panel.values
    unknown: dict[str, bool] = {}           # derived value or its input -> not known
    # A history declared complete has answered every therapy question (panel.md).
    complete = getattr(panel, "therapy_history", None) == "complete"
    # A man is not asked whether he is pregnant or breastfeeding: the matcher reads "no (male)"
    # for him (matching/checks.py); trying "yes" would rank a question no answer can raise.
    moot = answered_by_sex(given)

    def missing(var: str) -> bool:
        found = unknown.get(var)
        if found is None:
            found = unknown[var] = panel.value(var) is None
        return found

    per_top: PerTop = {}
    person: list[str] = []
    for top_id in open_ids:
        mine: dict[Key, list[Probe]] = {}
        for kind, name in info.reads.get(top_id, ()):
            probes = info.probes[(top_id, name)]
            if kind == "variable":
                if name not in given and name not in moot:
                    mine[("variable", name)] = probes
            elif kind == "derived":
                if missing(name):
                    for source in DERIVED_FROM[name]:
                        if missing(source):
                            key = ("variable", source)
                            mine[key] = [*mine[key], *probes] if key in mine else probes
            elif not complete:
                mine[("therapy", name)] = probes
        if mine:
            per_top[top_id] = mine
        else:
            person.append(top_id)
    by_key: dict[Key, list[str]] = {}
    for top_id, mine in per_top.items():
        for key in mine:
            tops = by_key.get(key)
            if tops is None:
                by_key[key] = [top_id]
            else:
                tops.append(top_id)
    asks: Asks = {}
    for key, tops in by_key.items():
        if len(tops) == 1:
            asks[key] = (tops, per_top[tops[0]][key])
        else:
            asks[key] = (tops, list(dict.fromkeys(p for t in tops for p in per_top[t][key])))
    return asks, person, {t: mine for t, mine in per_top.items() if len(mine) > 1}


def try_answers(info: TrialInfo, tops: list[str], probes: list[Probe], whole: bool, memos: dict[str, dict[Answer, int]],
         panel: Panel, decisions: Decisions, contexts: dict[Answer, MatchContext]) -> tuple[bool, bool]:
    """(settles, could rule out): each answer on the criteria it could decide. `whole`: they
    are all the trial's open criteria, so answers deciding every one of them in the patient's
    favour settle it."""
    if not whole:
        # Only ruling out is in question: an answer that did so before still does (values were
        # only added since, or the memo was emptied), so look for one before trying any.
        for top_id in tops:
            memo = memos[top_id]
            if any(memo.get(probe) == AGAINST for probe in probes):
                return True, True
    settles = False
    for probe in probes:
        all_met = True
        for top_id in tops:
            memo = memos[top_id]
            effect = memo.get(probe)
            if effect is None:
                ctx = contexts.get(probe)
                if ctx is None:
                    ctx = contexts[probe] = MatchContext(probe_panel(panel, probe))
                effect = memo[probe] = info.effect(top_id, ctx, decisions)
            if effect == AGAINST:
                return True, True
            if effect != FAVOUR:
                all_met = False
        if whole and all_met:
            settles = True
    return settles, False


def try_together(info: TrialInfo, top_id: str, answers: dict[Key, list[Probe]], alone: tuple[Key, ...],
                 memo: dict[Answer, int], panel: Panel, decisions: Decisions,
                 contexts: dict[Answer, MatchContext]) -> frozenset[Key]:
    """The candidates of `alone` (none of which can rule the patient out by itself here) that
    can together with others of the criterion ("HBsAg positive and HBV DNA detectable", "UPCR or
    24-h protein above 1 g"), and those others: each counts as able to rule the trial out once
    the rest are known too, as the inputs of a derived value do. Partners are tried one, then
    two, ... at most JOINT_MAX combinations in all (beyond that it says less rather than guess).

    A combination counts only when the candidate's own answer is needed in it: in "Hb >= 80 g/L
    and either platelets >= 100 or transfusion independence" a low hemoglobin rules the patient
    out whatever the platelets, and no platelet count can (a person judges the other half), so
    platelets are not credited. Such a combination is remembered as JOINT."""
    def effect_of(combo: tuple[Probe, ...]) -> int:
        effect = memo.get(combo)
        if effect is None:
            ctx = contexts.get(combo)
            if ctx is None:
                probed = panel
                for probe in combo:
                    probed = probe_panel(probed, probe)
                ctx = contexts[combo] = MatchContext(probed)
            effect = memo[combo] = info.effect(top_id, ctx, decisions)
        return AGAINST if effect == JOINT else effect

    marked: set[Key] = set()
    current = {probe for probes in answers.values() for probe in probes}
    for answer, before in memo.items():
        # A combination that needed all its answers to rule out still does (values were only
        # added since).
        if before == JOINT and isinstance(answer[0], tuple) and all(p in current for p in answer):
            marked.update(k for k, probes in answers.items() if any(p in probes for p in answer))
    budget = JOINT_MAX
    for key in alone:
        if key in marked:
            continue
        others = [k for k in answers if k != key]
        found = False
        for size in range(1, len(others) + 1):
            for partners in combinations(others, size):
                chosen = (key, *partners)
                for combo in product(*(answers[k] for k in chosen)):
                    if budget <= 0:
                        return frozenset(marked)
                    budget -= 1
                    # Smaller sets of partners with these answers were tried first and did not
                    # rule out: each partner is needed. The candidate is needed if the partners
                    # alone do not rule out.
                    if effect_of(combo) == AGAINST and effect_of(combo[1:]) != AGAINST:
                        memo[combo] = JOINT
                        marked.update(chosen)
                        found = True
                        break
                if found:
                    break
            if found:
                break
    return frozenset(marked)
