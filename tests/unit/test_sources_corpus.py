"""Importers: every file of the corpus imports as the trial a person reading the file recognises
(its registry id, status, first and last criterion, original text)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.corpora import JSON_DIR, SEEDS, XML_DIR
from tests.unit.sources_helpers import CLASSIC_API, one, read


# ---- every file of the corpus: the trial a reader of the file recognises ------------------------
#
# One case per file of tests/data/ctgov-json, tests/data/ctgov-xml and sample_trials, the folder
# and file named in the test id. What a case expects is read from the file by the plain means a
# person would use (the JSON field, the XML tag; for the pages, written down from reading them),
# never by trialview: the registry id, the status in ClinicalTrials.gov's words, and the first and
# last criterion, which must be there for the reader (the first on the inclusion side).

# The words ClinicalTrials.gov's pages show for API v2's status codes.
REGISTRY_STATUS_WORDS = {
    "NOT_YET_RECRUITING": "Not yet recruiting", "RECRUITING": "Recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting", "COMPLETED": "Completed",
    "SUSPENDED": "Suspended", "TERMINATED": "Terminated", "WITHDRAWN": "Withdrawn",
    "UNKNOWN": "Unknown status",
}


@dataclass(frozen=True)
class OnThePage:
    """What a person reading the file sees there."""

    fmt: str
    nct_id: str | None          # None: the page prints no NCT number (trialview gives a TV- id)
    status: str | None          # in ClinicalTrials.gov's words; None: the file gives none
    first: str | None           # the first criterion's opening words; None: the file has no criteria
    last: str | None = None     # the last criterion's closing words
    original: str | None = None  # the criteria block verbatim, when the file delimits it


def words(text: str) -> str:
    return " ".join(text.split())


def _from_block(fmt: str, nct_id: str, status: str | None, block: str | None,
                original: str | None) -> OnThePage:
    """The first and last criterion of a registry block, read line by line."""
    lines = []
    for raw in (block or "").replace("\\", "").splitlines():   # API v2 escapes: "\>" is ">"
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", raw).strip()
        heading = re.search(r"(?i)criteria|^(?:inclusion|exclusion)\b", line) and len(line.split()) < 5
        if line and not heading:
            lines.append(line)
    if not lines:
        return OnThePage(fmt, nct_id, status, None, original=original)
    return OnThePage(fmt, nct_id, status, " ".join(lines[0].split()[:6]),
                     " ".join(lines[-1].split()[-6:]), original)


def json_page(path: Path) -> OnThePage:
    proto = json.loads(read(path))["protocolSection"]
    code = proto.get("statusModule", {}).get("overallStatus")
    block = proto.get("eligibilityModule", {}).get("eligibilityCriteria")
    return _from_block("ctgov-json", proto["identificationModule"]["nctId"],
                       REGISTRY_STATUS_WORDS[code] if code else None, block, block)


def xml_page(path: Path) -> OnThePage:
    raw = read(path)

    def tag(opening: str) -> str | None:
        found = re.search(rf"{opening}\s*(.*?)\s*</", raw, re.S)
        return html.unescape(found.group(1)) if found else None

    nct_id = tag("<nct_id>")
    assert nct_id
    block = re.search(r"<criteria>\s*<textblock>(.*?)</textblock>", raw, re.S)
    original = html.unescape(block.group(1)) if block else None
    return _from_block("ctgov-xml", nct_id, tag("<overall_status>"), original, original)


SEED_PAGES = {
    "000": OnThePage("text-page", "NCT06801119", "Recruiting", "Patients aged between 18 and 69",
                     "inappropriate for participation in this clinical study by the investigator."),
    "001": OnThePage("text-page", "NCT06421701", "Not yet recruiting",
                     "Voluntarily participate in this clinical study",
                     "consider it inappropriate to participate in the study."),
    "002": OnThePage("text-page", "NCT06946485", "Not yet recruiting",
                     "Meet the 2019 EULAR/ACR classification criteria",
                     "Other conditions deemed by the investigator to preclude study participation."),
    "003": OnThePage("text-page", None, "Recruiting", "Only patients with active lupus nephritis",
                     "Pregnant or lactating women."),
    "004": OnThePage("text-page", None, "Recruiting",
                     "Participants or their legal guardians understand",
                     "within 3 months after the last follow-up visit."),
}


def seed_page(path: Path) -> OnThePage:
    return SEED_PAGES[path.name[:3]]


def corpus() -> list[Any]:
    cases = []
    for folder, pattern, page in ((JSON_DIR, "*.json", json_page), (XML_DIR, "*.xml", xml_page),
                                  (SEEDS, "*.txt", seed_page)):
        files = sorted(folder.glob(pattern))
        if not files:   # an empty table would pass by testing nothing
            raise FileNotFoundError(f"no {pattern} in {folder}")
        cases += [pytest.param(path, page, id=f"{folder.name}/{path.name}")
                  for path in files if path.name not in CLASSIC_API]
    return cases


@pytest.mark.parametrize("path, page_of", corpus())
def test_every_corpus_file_imports_as_the_trial_on_its_page(path, page_of):
    page = page_of(path)
    trial = one(path)
    assert trial.source_format == page.fmt
    assert trial.title.strip() and "\n" not in trial.title, "no one-line title to find it by"
    if page.nct_id:
        assert trial.trial_id == trial.nct_id == page.nct_id
        assert re.fullmatch(r"NCT\d{8}", trial.trial_id)
    else:    # no NCT number: a content id, never one borrowed from a related trial on the page
        assert trial.nct_id is None and re.fullmatch(r"TV-[0-9A-F]{10}", trial.trial_id)
    assert trial.status == page.status
    if page.first is None:   # the file gives no criteria: none are made up
        assert (trial.inclusion_text, trial.exclusion_text) == ("", "")
        return
    assert page.last is not None
    assert words(page.first) in words(trial.inclusion_text), "first criterion missing"
    assert words(page.last) in words(f"{trial.inclusion_text}\n{trial.exclusion_text}"), \
        "last criterion missing"
    # The criteria read as plain text: no CR, XML entity, API v2 escape or exporter indent left.
    for leftover in ("\r", "&#xD;", "\\>", "\\<", "\\^"):
        assert leftover not in trial.eligibility_text
    assert not trial.eligibility_text.startswith(" ")
    if page.original is not None:   # "show the original" shows the registry's text as it was
        assert trial.eligibility_original == page.original
