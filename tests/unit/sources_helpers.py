"""Readers shared by the importers' tests (tests/unit/test_sources_*.py): a corpus file read and
imported as its one trial, a seed page by its number, the items of a criteria section."""

from __future__ import annotations

import re
from pathlib import Path

from tests.corpora import SEEDS
from trialview.model.sources import parse_trials


CLASSIC_API = {"NCT00023673.json", "NCT02028676.json", "NCT04780763.json"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def one(path: Path):
    trials = parse_trials(read(path), path.name)
    assert len(trials) == 1
    return trials[0]


def seed(prefix: str):
    return one(next(SEEDS.glob(f"{prefix}_*.txt")))


def items(section: str) -> list[str]:
    """The numbered or bulleted items of a section, one string each."""
    return [line for line in section.splitlines()
            if re.match(r"^\s*(?:\d+\.|[-*•])\s", line)]
