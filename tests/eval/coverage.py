"""How much of the criteria text the parser reads: fully, partly (an `unread` remainder), or not at all.

    .venv/bin/python -m tests.eval.coverage

For the five bundled trials and the ClinicalTrials.gov records in tests/data, every top-level
criterion of the eligibility text (lead-ins included; the registry's own criterion and the
"no eligibility text" one are not text, and are counted apart) is one of:

- fully read: checks read it and nothing is left for a person (no unread clause, no part for a
  person, its condition read too);
- partly read: checks read some of it, and an unread remainder (or a part for a person) is kept;
- left to a person: no check reads any of it (consent, the investigator's opinion, ...).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from tests.corpora import JSON_DIR, SEEDS, XML_DIR
from trialview.model.criteria import CriterionNode, parse_trial
from trialview.model.criteria.registry import NOTEXT_ID, REGISTRY_ID
from trialview.model.sources import SourceError, parse_trials
from trialview.model.trial import Trial

CATEGORIES = ("fully read", "partly read", "left to a person")


def _nodes(node: CriterionNode) -> Iterable[CriterionNode]:
    """node, its descendants, and their conditions' nodes."""
    for n in node.walk():
        yield n
        if n.condition is not None:
            yield from _nodes(n.condition)


def category(node: CriterionNode) -> str:
    """One top-level criterion's category (see the module docstring)."""
    nodes = list(_nodes(node))
    if not any(n.checks for n in nodes):
        return "left to a person"
    if any(n.unread or (n.manual and not n.checks and not n.children) for n in nodes):
        return "partly read"
    return "fully read"


def trials_in(folder: Path) -> list[Trial]:
    out: list[Trial] = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".json", ".xml", ".txt"):
            continue
        try:
            out.extend(parse_trials(path.read_text(encoding="utf-8"), name=path.name))
        except SourceError:
            continue            # the corpora hold a few files that are not trials on purpose
    return out


def measure(trials: list[Trial]) -> tuple[Counter[str], int, int]:
    """(criteria per category, trials with a registry criterion, trials with no eligibility text)."""
    counts: Counter[str] = Counter()
    registry = notext = 0
    for trial in trials:
        tree = parse_trial(trial)
        for section in tree.sections:
            for node in section.children:
                if node.id == REGISTRY_ID:
                    registry += 1
                elif node.id == NOTEXT_ID:
                    notext += 1
                else:
                    counts[category(node)] += 1
    return counts, registry, notext


def report(name: str, trials: list[Trial]) -> str:
    counts, registry, notext = measure(trials)
    total = sum(counts.values()) or 1
    shares = ", ".join(f"{c} {counts[c]} ({100 * counts[c] / total:.0f} %)" for c in CATEGORIES)
    return (f"{name}: {len(trials)} trials, {sum(counts.values())} criteria: {shares}; "
            f"registry criterion on {registry}, no eligibility text on {notext}")


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    for name, folder in (("bundled trials (sample_trials/)", SEEDS), ("ClinicalTrials.gov JSON (tests/data)", JSON_DIR),
                         ("ClinicalTrials.gov XML (tests/data)", XML_DIR)):
        print(report(name, trials_in(folder)))


if __name__ == "__main__":
    main()
