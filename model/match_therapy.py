"""Checks on a patient's therapies: a drug or drug class received within a window, ever received,
or how many distinct drugs of a class were received (see model/match_checks.py for the shape).

Why a recorded history is trusted: a non-empty therapy list is taken as the patient's complete
history, so "not received" can be decided; an empty list means the history was not entered, so
every therapy question stays unknown (a missing value is never normal). A drug name trialview does
not know might belong to any class, so it leaves a class question open rather than answering no.
"""

from __future__ import annotations

import re

from trialview.model.criteria.tree import Check
from trialview.model.match_checks import (COMPARE, SYMBOL, MET, NOT_MET, UNKNOWN, CheckFn, MatchContext, Outcome,
                                TherapyFacts, constant, fmt_number)
from trialview.model.vocabulary import DRUG_BY_ID, DRUG_CLASSES, DRUGS, find_drug

COMPLETE_HISTORY = " (therapy history taken as complete)"

_EXTRA_FIELDS = ("also", "extra_classes", "also_classes", "include_classes", "classes", "including")


def extra_classes(check: Check) -> tuple[set[str], set[str]]:
    """Other classes / drugs a count also includes ("(including hydroxychloroquine)").

    The parser may say so in a list field (any of the names above) or in the check's note.
    """
    classes: set[str] = set()
    drugs: set[str] = set()
    names: list[str] = []
    for attr in _EXTRA_FIELDS:
        value = getattr(check, attr, None)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, (list, tuple)):
            names.extend(str(v) for v in value)
    for item in names:
        key = item.strip().lower()
        if key in DRUG_CLASSES:
            classes.add(key)
        elif (drug := find_drug(key)) is not None:
            drugs.add(drug.id)
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


def compile_therapy(check: Check) -> CheckFn:
    var_id = check.variable
    needs = ("therapies",)
    inferred = " (comparator inferred)" if check.inferred else ""
    if var_id in DRUG_CLASSES:
        # A class id that is also a drug id (gene_therapy) matches through the class.
        name = DRUG_CLASSES[var_id]
        ids = frozenset(d.id for d in DRUGS if var_id in d.classes)
        by_class = True
    else:
        drug = DRUG_BY_ID.get(var_id) or find_drug(var_id)
        assert drug is not None
        name = drug.name
        ids = frozenset((drug.id,))
        by_class = False

    def unrecognised(therapies: list[TherapyFacts]) -> Outcome | None:
        """A drug the vocabulary does not know may belong to the class: a "no" is then unknown."""
        if not by_class:
            return None
        names = [dname for did, dname, *_ in therapies if did is None]
        if not names:
            return None
        return (UNKNOWN, f"{', '.join(names)}: not a drug trialview knows, cannot tell if it is "
                         f"among the {name}", needs)
    op = check.op
    no_history: Outcome = (UNKNOWN, f"{name}: no therapy history recorded", needs)
    unreadable: Outcome = (UNKNOWN, f"{name}: cannot read the condition {check.describe()}", needs)

    days_limit: float | None = None
    if op == "within":
        if isinstance(check.value, bool) or not isinstance(check.value, (int, float)):
            return constant(unreadable)
        days_limit = float(check.value)
    elif op in ("==", "!=") and check.window_days is not None:
        days_limit = float(check.window_days)

    if days_limit is not None:
        limit = days_limit
        negate = op == "!=" or (op == "==" and check.value is False)
        limit_text = f"within {fmt_number(limit)} days"

        def within(ctx: MatchContext) -> Outcome:
            therapies = ctx.therapies()
            if not therapies:
                return no_history
            best: tuple[int, str, bool] | None = None
            undated = []
            for did, dname, _classes, last, current in therapies:
                if did not in ids:
                    continue
                if last is None:
                    undated.append(dname)
                    continue
                days = (ctx.as_of - last).days
                if best is None or days < best[0]:
                    best = (days, dname, current)
            if best is not None and best[0] <= limit:
                when = "current" if best[2] else f"{best[0]} days ago"
                return (NOT_MET if negate else MET, f"{best[1]} {when}: {limit_text}{inferred}", ())
            if undated:
                return (UNKNOWN, f"{', '.join(undated)}: no dates, cannot tell if {limit_text}", needs)
            unsure = unrecognised(therapies)
            if unsure is not None:
                return unsure
            if best is not None:
                why = f"{name}: last {best[1]} {best[0]} days ago, not {limit_text}{inferred}"
            else:
                why = f"no {name} recorded {limit_text}{COMPLETE_HISTORY}{inferred}"
            return (MET if negate else NOT_MET, why, ())

        return within

    if op in (">=", ">"):
        if isinstance(check.value, bool) or not isinstance(check.value, (int, float)):
            return constant(unreadable)
        least = float(check.value)
        more_classes, more_drugs = extra_classes(check)
        counted = " or ".join([name, *(DRUG_CLASSES[c] for c in sorted(more_classes))])
        if more_drugs:
            counted += " (counting " + ", ".join(DRUG_BY_ID[d].name for d in sorted(more_drugs)) + ")"
        counted_ids = ids | more_drugs | {d.id for d in DRUGS if more_classes.intersection(d.classes)}
        compare = COMPARE[op]
        need_text = f"{SYMBOL[op]} {fmt_number(least)} required{inferred}"

        def count(ctx: MatchContext) -> Outcome:
            therapies = ctx.therapies()
            if not therapies:
                return no_history
            seen: dict[str, None] = {}
            for did, dname, _classes, _last, _current in therapies:
                if did in counted_ids:
                    seen[dname] = None
            n = len(seen)
            listed = f" ({', '.join(seen)})" if seen else ""
            if compare(n, least):
                return (MET, f"{n} {counted} received{listed}: {need_text}", ())
            unsure = unrecognised(therapies)
            if unsure is not None:
                return unsure
            return (NOT_MET, f"{n} {counted} received{listed}: {need_text}{COMPLETE_HISTORY}", ())

        return count

    if op in ("==", "!="):
        ever = (check.value is not False) == (op == "==")

        def received(ctx: MatchContext) -> Outcome:
            therapies = ctx.therapies()
            if not therapies:
                return no_history
            got = [dname for did, dname, _k, _l, _c in therapies if did in ids]
            if got:
                why = f"{name} received: {', '.join(dict.fromkeys(got))}{inferred}"
                return (MET if ever else NOT_MET, why, ())
            unsure = unrecognised(therapies)
            if unsure is not None:
                return unsure
            return (NOT_MET if ever else MET, f"no {name} received{COMPLETE_HISTORY}{inferred}", ())

        return received

    return constant(unreadable)
