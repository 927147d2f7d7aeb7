"""The real data the tests read, copied into tests/data/ (sources and licences: tests/data/README.md).

Nothing here reads outside the repository: a fresh clone has only the repository.
"""

from __future__ import annotations

import functools
import tarfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trialview.model.criteria import CriteriaTree

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
JSON_DIR = DATA / "ctgov-json"
XML_DIR = DATA / "ctgov-xml"
SEEDS = REPO / "sample_trials"          # the five seed pages, byte for byte as saved from their registry sites
CHIA_ARCHIVE = DATA / "chia-dev.tar.xz"
CHIA_HOLDOUT = DATA / "chia_holdout.txt"


@functools.cache
def chia_files() -> dict[str, str]:
    """Chia-dev's criteria and annotation files by name (`NCT…_inc.txt`, `NCT…_inc.ann`, …).

    Read as bytes and decoded without newline translation: brat offsets count the CR of CRLF
    line endings, so the text must keep them.
    """
    out: dict[str, str] = {}
    with tarfile.open(CHIA_ARCHIVE, "r:xz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith((".txt", ".ann")):
                handle = tar.extractfile(member)
                assert handle is not None
                out[Path(member.name).name] = handle.read().decode("utf-8")
    return out


def chia_line(name: str, start: str) -> str:
    """The one line of a Chia tuning file that starts with `start` (never a held-out trial): the
    real wording a test reads (the archive is read once per process)."""
    assert name.split("_")[0] not in chia_holdout()
    (line,) = [ln.strip() for ln in chia_files()[name].splitlines() if ln.strip().startswith(start)]
    return line


def chia_holdout() -> frozenset[str]:
    """The trial ids held back from parser tuning (committed before tuning began)."""
    return frozenset(line.strip() for line in CHIA_HOLDOUT.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def chia_criteria_lines(section: str = "inc", limit: int | None = None,
                        tuning_only: bool = True) -> list[str]:
    """Non-blank criteria lines of Chia-dev (tuning part by default), file by file in name order."""
    held = chia_holdout() if tuning_only else frozenset()
    names = sorted(n for n in chia_files() if n.endswith(f"_{section}.txt")
                   and n.split("_")[0] not in held)
    if limit is not None:
        names = names[:limit]
    return [line for n in names for line in chia_files()[n].splitlines() if line.strip()]


def ctgov_tree(nct: str) -> CriteriaTree:
    """The criteria tree of one ClinicalTrials.gov record of tests/data (XML, else JSON), parsed as
    the importers parse it (the registry criterion included)."""
    from trialview.model.criteria import parse_trial
    from trialview.model.sources import parse_trials

    path = XML_DIR / f"{nct}.xml"
    path = path if path.exists() else JSON_DIR / f"{nct}.json"
    (trial,) = parse_trials(path.read_text(encoding="utf-8"))
    return parse_trial(trial)
