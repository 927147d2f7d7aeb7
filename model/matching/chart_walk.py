"""The patient form's walk while it enters the chart: what a chart routinely holds
(`vocabulary.CHART_ORDER`) that some trial reads, in the form's order, then the therapy history,
each with whether a value of it could decide a trial now (the ranker's field questions).

Panel-first entry follows the chart: newcomers asked the values that decide the most first took
platelets and eGFR (asked late, deciding nothing) for values the walk had skipped, and left it to
find them with ^f."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from trialview.model.matching.ask import HISTORY, Kind, Suggestion, therapy_label, variable_label
from trialview.model.vocabulary import CHART_ORDER

__all__ = ["chart_next"]


def chart_next(missing: Callable[[str], bool], readers: Callable[[str], int], passed: Collection[str],
               ranked: Sequence[Suggestion] | None) -> tuple[Suggestion, bool | None] | None:
    """The walk's next question: the first variable of CHART_ORDER that is `missing`, not
    `passed` and read by some trial (`readers`: how many trials read a variable, "therapies" the
    therapy history), then the therapy history; with whether it could decide a trial now, from
    `ranked` (the questions that could; None when not weighed: then neither is said). None once
    none is left."""
    deciding = {(s.kind, s.variable): s for s in ranked} if ranked is not None else None

    def found(kind: Kind, name: str) -> tuple[Suggestion, bool | None]:
        known = deciding.get((kind, name)) if deciding is not None else None
        label = variable_label(name) if kind == "variable" else therapy_label(name)
        return known or Suggestion(kind, name, label, (), ()), None if deciding is None else known is not None

    for var in CHART_ORDER:
        if missing(var) and var not in passed and readers(var):
            return found("variable", var)
    if HISTORY[1] not in passed and readers(HISTORY[1]):
        return found("therapy", HISTORY[1])
    return None
