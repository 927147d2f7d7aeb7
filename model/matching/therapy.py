"""Checks on a patient's therapies: a drug or drug class received within a window, ever received,
or how many distinct drugs of a class were received (see model/matching/outcome.py for the shape).

What a therapy list can say (panel.md): a listed therapy was received; one not listed was not
received only when the panel marks its `therapy_history` "complete". Otherwise (the default,
"partial") "not received" stays unknown: a missing value is never normal. A listed drug's own
dates answer "when did it last happen" for that drug, but not for its class, which may hold
drugs the list leaves out. A drug name trialview does not know might be any drug of any class, so it
leaves a question it could answer no open.
"""

from __future__ import annotations

import datetime as dt
import re

from trialview.model.criteria.tree import Check
from trialview.model.criteria.current_use import NOW_OR_EVER
from trialview.model.criteria.narrowed import NARROWER
from trialview.model.matching.context import DOSE_DRUG, MatchContext, TherapyFacts
from trialview.model.matching.windows import first_day_outside, length_text, reach
from trialview.model.matching.outcome import (COMPARE, MANUAL, MET, NOT_MET, SYMBOL, UNKNOWN, CheckFn, Outcome,
                                              Status, constant, fmt_number, in_running_text, reason_text)
from trialview.model.drugs import CLASS_MAYBE, DRUG_BY_ID, DRUG_CLASSES, DRUGS, Drug, could_be_drug, find_drug

COMPLETE_HISTORY = " (therapy history marked complete)"
PARTIAL_HISTORY = "; the therapy history is not marked complete"


def extra_classes(check: Check) -> tuple[set[str], set[str]]:
    """Other classes / drugs a count also includes ("(including hydroxychloroquine)"), as the
    parser notes them in the check's note."""
    classes: set[str] = set()
    drugs: set[str] = set()
    note = (check.note or "").lower()
    if note:
        for cls, plural in DRUG_CLASSES.items():
            spelled = "|".join(re.escape(w) for w in {cls, cls.replace("_", " "), plural.lower()})
            if re.search(rf"\b(?:{spelled})s?\b", note):
                classes.add(cls)
        for drug in DRUGS:
            if any(re.search(rf"\b{re.escape(w.lower())}\b", note) for w in (drug.name, *drug.synonyms)):
                drugs.add(drug.id)
    classes.discard(check.variable)
    # A drug already counted through one of the classes needs no separate mention.
    drugs = {d for d in drugs if not classes.intersection(DRUG_BY_ID[d].classes)
             and check.variable not in DRUG_BY_ID[d].classes and d != check.variable}
    return classes, drugs


_GLUCOCORTICOIDS = frozenset(d.id for d in DRUGS if DOSE_DRUG in d.classes)
_DOSE_NAME = "a glucocorticoid at "     # (context.dose_facts's name)


class _Target:
    """What a therapy check asks about: a class or one drug, its name in reasons, and the drug
    ids that count."""

    __slots__ = ("by_class", "drug", "ids", "inferred", "name", "needs", "no_history", "variable")

    def __init__(self, check: Check, also: frozenset[str] = frozenset()):
        var_id = check.variable
        self.variable = var_id
        self.drug: Drug | None = None
        if var_id in DRUG_CLASSES:
            # A class id that is also a drug id (gene_therapy) matches through the class.
            self.name = DRUG_CLASSES[var_id]
            self.ids = frozenset(d.id for d in DRUGS if var_id in d.classes) | also
            if self.ids & _GLUCOCORTICOIDS:
                self.ids |= {DOSE_DRUG}      # the one a prednisone dose says is taken (context.py)
            self.by_class = True
        else:
            drug = DRUG_BY_ID.get(var_id) or find_drug(var_id)
            assert drug is not None
            self.name = drug.name
            self.ids = frozenset((drug.id,))
            self.by_class = False
            self.drug = drug
        self.needs = ("therapies",)
        self.inferred = " (comparator inferred)" if check.inferred else ""
        self.no_history: Outcome = (UNKNOWN, f"{self.name}: no therapy history recorded", self.needs)

    def history_known(self, ctx: MatchContext) -> list[TherapyFacts] | None:
        """The therapy list, or None when it says nothing (empty and not marked complete)."""
        therapies = ctx.therapies()
        return therapies if therapies or ctx.complete_history else None

    def unrecognised(self, therapies: list[TherapyFacts], as_of: dt.date, limit: float | None = None,
                     now: bool = False) -> Outcome | None:
        """A drug name the vocabulary does not know ("ritixumab", a brand name) may be this drug
        or belong to this class: a "no" is then unknown (panel.md: it decides nothing). Only a name
        that could be it leaves it open: for one drug or procedure, a name close to its own or one
        that says nothing of what it is (drugs.could_be_drug); for a window (`limit` days
        before `as_of`), one last given inside it or with no dates (a drug stopped a year ago
        cannot be one received within 28 days); for what is taken `now`, one not said to have
        stopped. The reason says when each was given: the name to look up first."""
        names = []
        for did, dname, _k, last, taking in therapies:
            if did == DOSE_DRUG and self.drug is not None and DOSE_DRUG in self.drug.classes:
                pass        # a prednisone dose's glucocorticoid may be this one (context.py)
            elif did is not None or (self.drug is not None and not could_be_drug(dname, self.drug)):
                continue
            if now and taking is False:
                continue
            if limit is not None and last is not None and (as_of - last).days > limit:
                continue
            when = "" if limit is None or last is None else " (current)" if taking else f" ({(as_of - last).days} days ago)"
            names.append(dname + when)
        if not names:
            return None
        among = f"among the {self.name}" if self.by_class else self.name
        unknown = "" if len(names) == 1 and names[0].startswith(_DOSE_NAME) else ": not a drug trialview knows"
        return (UNKNOWN, f"{', '.join(names)}{unknown}, cannot tell if it is {among}", self.needs)

    def unsure(self, ctx: MatchContext, therapies: list[TherapyFacts], limit: float | None = None,
               now: bool = False) -> Outcome | None:
        """What leaves a "not received" open though no listed drug is one: a name trialview does
        not know that could be it (a listed drug some texts count in the class: CLASS_MAYBE, see
        compile_therapy)."""
        return self.unrecognised(therapies, ctx.as_of, limit, now)


def compile_therapy(check: Check) -> CheckFn:
    compiled = _compile_therapy(check)
    if not (check.note and check.note.startswith(NARROWER)):
        return compiled
    # "biological cancer therapy": a biologic received may be of another kind; only "none" decides
    words = in_running_text(check.note[len(NARROWER):])

    def narrowed(ctx: MatchContext) -> Outcome:
        outcome = compiled(ctx)
        if outcome[0] is MET:
            return (MANUAL, f"{reason_text(outcome[1])}; the text asks about {words}: whether that is one "
                            "is for a person to judge", ())
        return outcome

    return narrowed


def _compile_therapy(check: Check) -> CheckFn:
    sure = _compile(check, _Target(check))
    # A count of the drugs tried ("at least two immunosuppressants") counts the sure ones: a
    # glucocorticoid is a lupus patient's baseline, named apart; whether a patient received such a
    # therapy (within a window, now, ever) asks what suppressed the immune system.
    if check.op in (">=", ">"):
        return sure
    maybe = {d.id: why for cls, why in CLASS_MAYBE.get(check.variable, {}).items() for d in DRUGS
             if cls in d.classes and check.variable not in d.classes}
    if not maybe:
        return sure
    if _GLUCOCORTICOIDS.intersection(maybe):
        # (the glucocorticoid a prednisone dose says is taken is one of them: context.py)
        maybe[DOSE_DRUG] = maybe[next(iter(_GLUCOCORTICOIDS.intersection(maybe)))]
    return _unless_maybe(sure, _compile(check, _Target(check, frozenset(maybe))), maybe)


def _unless_maybe(sure: CheckFn, broad: CheckFn, maybe: dict[str, str]) -> CheckFn:
    """A class's drugs that belong to it at some doses or uses only (drugs.CLASS_MAYBE: a
    glucocorticoid among immunosuppressive therapies): where counting the patient's such drugs
    would change the answer, it is for a person to judge (unknown when that answer is itself open)."""

    def check(ctx: MatchContext) -> Outcome:
        outcome = sure(ctx)
        if outcome[0] is UNKNOWN:
            return outcome
        mine = {dname: maybe[did] for did, dname, *_ in ctx.therapies() if did in maybe}
        if not mine:
            return outcome
        other = broad(ctx)
        if other[0] is outcome[0]:
            return outcome
        why = f"{', '.join(mine)}: {'; '.join(dict.fromkeys(mine.values()))}"
        if other[0] is UNKNOWN:
            return (UNKNOWN, f"{why}; {reason_text(other[1])}", other[2])
        return (MANUAL, f"{why}: for a person to judge", ())

    return check


def _compile(check: Check, target: _Target) -> CheckFn:
    op = check.op
    unreadable: Outcome = (UNKNOWN, f"{target.name}: cannot read the condition {check.describe()}", target.needs)
    days_limit: float | None = None
    if op == "within":
        if isinstance(check.value, bool) or not isinstance(check.value, (int, float)):
            return constant(unreadable)
        days_limit = float(check.value)
    elif op in ("==", "!=") and check.window_days is not None:
        days_limit = float(check.window_days)
    if days_limit is not None:
        negate = op == "!=" or (op == "==" and check.value is False)
        if days_limit == 0:
            return _current(target, negate)
        return _within(target, days_limit, negate, check.months)
    if op in (">=", ">"):
        if isinstance(check.value, bool) or not isinstance(check.value, (int, float)):
            return constant(unreadable)
        return _count(check, target, float(check.value))
    if op == "==" and check.value is True and check.note and check.note.startswith(NOW_OR_EVER):
        return _now_or_ever(target, _current(target, False), _received(target, ever=True))
    if op in ("==", "!="):
        return _received(target, ever=(check.value is not False) == (op == "=="))
    return constant(unreadable)


def _now_or_ever(target: _Target, now: CheckFn, ever: CheckFn) -> CheckFn:
    """A therapy the text names with no tense ("Treatment with glucocorticoids": current_use.py):
    taken now meets it, never taken fails it, one taken only before as_of is for a person."""

    def now_or_ever(ctx: MatchContext) -> Outcome:
        current = now(ctx)
        if current[0] is MET:
            return current
        received = ever(ctx)
        if received[0] is NOT_MET or received[0] is UNKNOWN:
            return received
        if current[0] is NOT_MET:
            return (MANUAL, f"{reason_text(current[1])}; {reason_text(received[1])}: whether past use counts "
                            "the text does not say: for a person to judge", ())
        return current

    return now_or_ever


def _within(target: _Target, days: float, negate: bool, months: int | None = None) -> CheckFn:
    """Received within `days` days before as_of, or `months` calendar months (windows.py; negated:
    not received within them)."""
    ids, name, inferred = target.ids, target.name, target.inferred
    limit_text = f"within {length_text(days, months)}"

    def within(ctx: MatchContext) -> Outcome:
        therapies = target.history_known(ctx)
        if therapies is None:
            return target.no_history
        limit = reach(ctx.as_of, days, months)
        best: tuple[int, str, bool | None] | None = None
        undated = []
        for did, dname, _classes, last, current in therapies:
            if did not in ids:
                continue
            if last is None:
                undated.append(dname)
                continue
            ago = (ctx.as_of - last).days
            if best is None or ago < best[0]:
                best = (ago, dname, current)
        if best is not None and best[0] <= limit:
            if best[2]:
                return (NOT_MET if negate else MET, f"{best[1]} current: {limit_text}{inferred}", ())
            # the first screening date the dose lies outside the window (nc28: a washout read as
            # a plain ✗; when it ends is what the clinician plans by)
            clear = first_day_outside(ctx.as_of, best[0], days, months)
            return (NOT_MET if negate else MET,
                    f"{best[1]} {best[0]} days ago: {limit_text}{inferred} (outside it from {clear.isoformat()})", ())
        if undated:
            return (UNKNOWN, f"{', '.join(undated)}: no dates, cannot tell if {limit_text}", target.needs)
        if best is not None and not target.by_class:
            # the drug's own entry says when it was last given
            why = f"{name}: last {best[1]} {best[0]} days ago, not {limit_text}{inferred}"
            return (MET if negate else NOT_MET, why, ())
        unsure = target.unsure(ctx, therapies, limit)
        if unsure is not None:
            return unsure
        if not ctx.complete_history:
            listed = f" (last {best[1]} {best[0]} days ago)" if best is not None else ""
            return (UNKNOWN, f"no {name} listed {limit_text}{listed}{PARTIAL_HISTORY}", target.needs)
        if best is not None:
            why = f"{name}: last {best[1]} {best[0]} days ago, not {limit_text}{COMPLETE_HISTORY}{inferred}"
        else:
            why = f"no {name} recorded {limit_text}{COMPLETE_HISTORY}{inferred}"
        return (MET if negate else NOT_MET, why, ())

    return within


def _current(target: _Target, negate: bool) -> CheckFn:
    """Taken at as_of ("Currently receiving methotrexate", read as within 0 days): a listed entry
    that is current decides yes; a drug's own entry that stopped before as_of decides no for
    that drug; an entry with no dates and not said to be current, or a class whose other drugs
    the list may leave out (history not complete), stays unknown. Only what is current is named."""
    ids, name = target.ids, target.name
    yes: Status = NOT_MET if negate else MET
    no: Status = MET if negate else NOT_MET

    def current(ctx: MatchContext) -> Outcome:
        therapies = target.history_known(ctx)
        if therapies is None:
            return target.no_history
        now: list[str] = []
        stopped: tuple[int, str] | None = None
        undated: list[str] = []
        open_ended: list[str] = []
        for did, dname, _classes, last, taking in therapies:
            if did not in ids:
                continue
            if taking or (last is not None and last >= ctx.as_of):
                now.append(dname)
            elif last is None:
                undated.append(dname)
            elif taking is None:
                open_ended.append(f"{dname} (last dose {(ctx.as_of - last).days} days ago, no stop date)")
            elif stopped is None or (ctx.as_of - last).days < stopped[0]:
                stopped = ((ctx.as_of - last).days, dname)
        if now:
            return (yes, f"{', '.join(dict.fromkeys(now))} current", ())
        if undated:
            return (UNKNOWN, f"{', '.join(undated)}: no dates, cannot tell if current", target.needs)
        if open_ended:
            return (UNKNOWN, f"{', '.join(open_ended)}: cannot tell if current", target.needs)
        last_text = f"last {stopped[1]} {stopped[0]} days ago" if stopped is not None else ""
        if stopped is not None and not target.by_class:
            return (no, f"{name}: {last_text}, not current", ())
        unsure = target.unsure(ctx, therapies, now=True)
        if unsure is not None:
            return unsure
        if not ctx.complete_history:
            listed = f" ({last_text})" if last_text else ""
            return (UNKNOWN, f"no current {name} listed{listed}{PARTIAL_HISTORY}", target.needs)
        why = f"{name}: {last_text}, not current" if last_text else f"no current {name}"
        return (no, why + COMPLETE_HISTORY, ())

    return current


def _count(check: Check, target: _Target, least: float) -> CheckFn:
    """At least `least` distinct drugs of the class (and of the classes / drugs the text adds)."""
    more_classes, more_drugs = extra_classes(check)
    counted = " or ".join([target.name, *(DRUG_CLASSES[c] for c in sorted(more_classes))])
    if more_drugs:
        counted += " (counting " + ", ".join(DRUG_BY_ID[d].name for d in sorted(more_drugs)) + ")"
    counted_ids = target.ids | more_drugs | {d.id for d in DRUGS if more_classes.intersection(d.classes)}
    compare = COMPARE[check.op]
    need_text = f"{SYMBOL[check.op]} {fmt_number(least)} required{target.inferred}"

    def count(ctx: MatchContext) -> Outcome:
        therapies = target.history_known(ctx)
        if therapies is None:
            return target.no_history
        seen: dict[str, None] = {}
        for did, dname, _classes, _last, _current in therapies:
            if did in counted_ids:
                seen[dname] = None
        n = len(seen)
        listed = f" ({', '.join(seen)})" if seen else ""
        how_many = f"1 of the {counted}" if n == 1 else f"{n} {counted}"     # (not "1 immunosuppressants")
        if compare(n, least):
            return (MET, f"{how_many} received{listed}: {need_text}", ())
        unsure = target.unsure(ctx, therapies)
        if unsure is not None:
            return unsure
        if not ctx.complete_history:
            return (UNKNOWN, f"{how_many} listed{listed}: {need_text}{PARTIAL_HISTORY}", target.needs)
        return (NOT_MET, f"{how_many} received{listed}: {need_text}{COMPLETE_HISTORY}", ())

    return count


def _received(target: _Target, ever: bool) -> CheckFn:
    """Ever received (`ever`), or never received."""
    ids, name, inferred = target.ids, target.name, target.inferred

    def received(ctx: MatchContext) -> Outcome:
        therapies = target.history_known(ctx)
        if therapies is None:
            return target.no_history
        got = [dname for did, dname, _k, _l, _c in therapies if did in ids]
        if got:
            why = f"{name} received: {', '.join(dict.fromkeys(got))}{inferred}"
            return (MET if ever else NOT_MET, why, ())
        unsure = target.unsure(ctx, therapies)
        if unsure is not None:
            return unsure
        if not ctx.complete_history:
            return (UNKNOWN, f"no {name} listed{PARTIAL_HISTORY}", target.needs)
        return (NOT_MET if ever else MET, f"no {name} received{COMPLETE_HISTORY}{inferred}", ())

    return received
