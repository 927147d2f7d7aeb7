"""Ask next, measured (issue 14): how many questions until every trial a full patient rules out
is ruled out, asking what `ask` suggests first versus filling in the form in its order.

    python -m tests.eval.ask_eval            # bundled trials + the ClinicalTrials.gov corpora
    python -m tests.eval.ask_eval -v         # one line per panel

The trials: the bundled sample trials and the ClinicalTrials.gov JSON and XML records of
tests/data, imported into a temporary store the way `trialview import` does. The patients: the
seed panels of tests/panels whose full panel rules out at least one of those trials.

For each full patient both methods start from its age and sex (not counted) and ask one question
at a time, copying the answer from the full panel (a question it cannot answer still counts):
- ask: the first suggestion of `trialview.model.matching.ask` not asked yet; a variable copies its
  value, a therapy (drug or class) the patient's entries of that drug or class, a person-judged
  criterion the panel's hand decision for it. Should nothing be left to suggest, the form's
  fields not asked yet follow in its order (counted; reported as fallbacks).
- form: the form's fields in its order (tui/widgets/panel_form.py: the vocabulary's variables
  group by group, then the therapy history as one question).
Each counts questions until every trial the full panel rules out is ruled out.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.corpora import JSON_DIR, REPO, SEEDS, XML_DIR
from trialview.model.matching.compact import StoredNode
from trialview.model.matching.list import ListMatcher
from trialview.model.matching.plan import compile_plan
from trialview.model.matching.result import MatchResult
from trialview.model.matching.ask import HISTORY, AskRanker, Key
from trialview.model.panel import Panel, load_panel_text
from trialview.model.vocabulary import GROUPS, VARIABLES
from trialview.model.drugs import DRUG_CLASSES, find_drug

PANELS = REPO / "tests" / "panels"
STARTING = ("age", "sex")
THERAPIES: Key = HISTORY               # the form's therapy history: one question, as ask has it


def default_trial_paths() -> list[Path]:
    return [SEEDS, JSON_DIR, XML_DIR]


def load_compacts(paths: Iterable[Path]) -> dict[str, list[StoredNode]]:
    """The trials' compact plans, imported into a throwaway store as `trialview import` does."""
    from trialview.store import Store
    from trialview.store.importing import import_paths

    work = Path(tempfile.mkdtemp(prefix="trialview-ask-eval-"))
    try:
        store = Store(work / "db")
        import_paths(store, [str(p) for p in paths])
        return {t: compact for t, (_summary, compact) in store.plans().items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def form_order() -> list[Key]:
    """The full form's fields in its order: the variables group by group, then therapies."""
    order: list[Key] = []
    for group, _title in GROUPS:
        order += [("variable", v.id) for v in VARIABLES if v.group == group]
    return [*order, THERAPIES]


def _start(full: Panel) -> Panel:
    """The full patient's panel with only age and sex (and its screening date)."""
    panel = copy.copy(full)
    panel.values = {k: v for k, v in full.values.items() if k in STARTING}
    panel.therapies = []
    panel.screening = {}
    if hasattr(panel, "therapy_history"):
        panel.therapy_history = "partial"     # nothing said about therapies yet
    return panel


def _belongs(drug: str, name: str) -> bool:
    found = find_drug(drug)
    if found is None:
        return drug.strip().lower() == name.replace("_", " ")
    return found.id == name or (name in DRUG_CLASSES and name in found.classes)


def answer(panel: Panel, full: Panel, key: Key, trial_id: str | None = None) -> Panel:
    """The panel with the full panel's answer to one question copied in (a new object)."""
    kind, name = key
    out = copy.copy(panel)
    if kind == "variable":
        if name in full.values:
            out.values = {**panel.values, name: full.values[name]}
    elif key == THERAPIES:
        out.therapies = list(full.therapies)
        if hasattr(full, "therapy_history"):
            out.therapy_history = full.therapy_history
    elif kind == "therapy":
        extra = [t for t in full.therapies if _belongs(t.drug, name) and t not in panel.therapies]
        out.therapies = [*panel.therapies, *extra]
    elif kind == "criterion" and trial_id is not None:
        decided = full.screening.get(trial_id, {}).get(name)
        if decided is not None:
            out.screening = {**panel.screening, trial_id: {**panel.screening.get(trial_id, {}), name: decided}}
    return out


@dataclass
class Walk:
    questions: int
    reached: bool               # every target ruled out
    fallback: int = 0           # form fields asked after ask had nothing left to suggest
    asked: list[str] = field(default_factory=list)


def _ruled_out(results: dict[str, MatchResult], targets: set[str]) -> bool:
    return all(results[t].verdict == "ineligible" for t in targets)


def walk_form(full: Panel, matcher: ListMatcher, targets: set[str]) -> Walk:
    panel = _start(full)
    results = matcher.update(panel)
    assert results is not None
    walk = Walk(0, _ruled_out(results, targets))
    for key in form_order():
        if walk.reached:
            break
        if key[1] in STARTING:
            continue
        panel = answer(panel, full, key)
        walk.questions += 1
        walk.asked.append(key[1])
        results = matcher.update(panel)
        assert results is not None
        walk.reached = _ruled_out(results, targets)
    return walk


def walk_ask(full: Panel, matcher: ListMatcher, ranker: AskRanker, targets: set[str]) -> Walk:
    panel = _start(full)
    asked: set[tuple[str, str, str | None]] = set()
    answered: set[str] = set()       # variables and therapies asked (the form's fields)
    results = matcher.update(panel)
    assert results is not None
    walk = Walk(0, _ruled_out(results, targets))
    while not walk.reached:
        ranker.update(panel, results)
        chosen = None
        for suggestion in ranker.ranked():
            ident = (suggestion.kind, suggestion.variable, suggestion.trial_id)
            if ident not in asked:
                chosen = suggestion
                break
        if chosen is None:
            break
        asked.add((chosen.kind, chosen.variable, chosen.trial_id))
        answered.add(chosen.variable)
        panel = answer(panel, full, (chosen.kind, chosen.variable), chosen.trial_id)
        walk.questions += 1
        walk.asked.append(chosen.variable)
        results = matcher.update(panel)
        assert results is not None
        walk.reached = _ruled_out(results, targets)
    if not walk.reached:
        # Nothing left to suggest: the rest of the form in its order.
        for key in form_order():
            if walk.reached:
                break
            if key[1] in STARTING or key[1] in answered:
                continue
            panel = answer(panel, full, key)
            walk.questions += 1
            walk.fallback += 1
            walk.asked.append(key[1])
            results = matcher.update(panel)
            assert results is not None
            walk.reached = _ruled_out(results, targets)
    return walk


@dataclass
class Figures:
    panels: list[str]
    ask: list[int]
    form: list[int]
    unreached: int              # walks that never ruled out every target (either method)
    fallbacks: int

    @property
    def ask_mean(self) -> float:
        return statistics.mean(self.ask) if self.ask else 0.0

    @property
    def form_mean(self) -> float:
        return statistics.mean(self.form) if self.form else 0.0

    @property
    def ratio(self) -> float:
        return self.ask_mean / self.form_mean if self.form_mean else float("inf")


def evaluate(trial_paths: Sequence[Path] | None = None, panel_paths: Sequence[Path] | None = None,
             report: Callable[[str], None] | None = None) -> Figures:
    compacts = load_compacts(trial_paths or default_trial_paths())
    plans = {t: ("", compile_plan(c)) for t, c in compacts.items()}
    figures = Figures([], [], [], 0, 0)
    for path in sorted(panel_paths or PANELS.glob("*.json")):
        full = load_panel_text(path.read_text(encoding="utf-8"))
        results = ListMatcher(plans).update(full)
        assert results is not None
        targets = {t for t, r in results.items() if r.verdict == "ineligible"}
        if not targets:
            continue        # rules nothing out: not a "full patient" for this measure
        form = walk_form(full, ListMatcher(plans), targets)
        asked = walk_ask(full, ListMatcher(plans), AskRanker(compacts), targets)
        figures.panels.append(path.stem)
        figures.ask.append(asked.questions)
        figures.form.append(form.questions)
        figures.unreached += (not asked.reached) + (not form.reached)
        figures.fallbacks += asked.fallback
        if report:
            shown = ", ".join(asked.asked[:30]) + (", …" if len(asked.asked) > 30 else "")
            report(f"{path.stem}: {len(targets)} ruled out; ask {asked.questions}"
                   f"{' (not all)' if not asked.reached else ''} ({shown}); "
                   f"form {form.questions}{' (not all)' if not form.reached else ''}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per panel")
    args = parser.parse_args(argv)
    figures = evaluate(report=print if args.verbose else None)
    print(f"full patients (seed panels ruling out at least one trial): {len(figures.panels)}")
    print(f"questions until every trial they rule out is ruled out, mean: ask {figures.ask_mean:.2f}, "
          f"form order {figures.form_mean:.2f}; ratio {figures.ratio:.3f} (target <= 0.333)")
    print(f"medians: ask {statistics.median(figures.ask) if figures.ask else 0}, "
          f"form order {statistics.median(figures.form) if figures.form else 0}; "
          f"walks not reaching every target: {figures.unreached}; ask fallbacks to the form: {figures.fallbacks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Figures", "answer", "evaluate", "form_order", "walk_ask", "walk_form"]
