"""The rows the store writes for one trial: its document, its full tree, and its index row
(the list's fields and the matcher's compact plan, model/matching/compact.py); what the store
gives back of an index row (TrialSummary) and of a saved panel (SavedPanel)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trialview.model.criteria.tree import PARSER_VERSION, CriteriaTree
from trialview.model.panel import Panel
from trialview.model.matching.compact import COMPACT_VERSION, plan_text
from trialview.model.trial import Trial
from trialview.store.storage import json_text
from trialview.store.tree_shards import tree_row_text

StoredRows = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]   # (document, tree, index) rows


def row_texts(rows: StoredRows) -> tuple[str, str, str]:
    """Stored rows as the JSON text the store writes."""
    return (json_text(rows[0]), tree_row_text(rows[1]), json_text(rows[2]))


def parsed_rows(trial: Trial) -> StoredRows:
    """stored_rows() of a trial, its criteria parsed now, with the registry's own limits."""
    from trialview.model.caps import parse_capped   # the parser only when trials come in
    from trialview.model.criteria.registry import with_registry

    # at most MAX_CRITERIA criteria: the rest is a criterion for a person (model/caps.py)
    return stored_rows(trial, with_registry(parse_capped(trial.inclusion_text, trial.exclusion_text), trial))


def stored_rows(trial: Trial, tree: CriteriaTree) -> StoredRows:
    """(document row, tree row, index row) of a trial and its parsed tree."""
    tid = trial.trial_id
    doc = {"trial_id": tid, "trial": trial.model_dump(mode="json")}
    # The tree as `show` and `match --json` print it (None left out), so it is printed as read.
    full = {"trial_id": tid, "tree": tree.dump()}
    index = {
        "trial_id": tid,
        "nct_id": trial.nct_id,
        "title": trial.title,
        "status": trial.status,
        "phase": trial.phase,
        "conditions": trial.conditions,
        "sponsor": trial.lead_sponsor,
        "blob": trial.search_blob(),
        "parser_version": tree.parser_version,
        "plan_version": COMPACT_VERSION,
        "plan": plan_text(tree),
    }
    return doc, full, index


@dataclass(frozen=True)
class TrialSummary:
    """What the trial list shows and searches, without the full document."""

    trial_id: str
    nct_id: str | None
    title: str
    status: str | None
    phase: str | None
    conditions: tuple[str, ...]
    sponsor: str | None
    search_blob: str

    def to_json(self) -> dict[str, Any]:
        return {"trial_id": self.trial_id, "nct_id": self.nct_id, "title": self.title,
                "status": self.status, "phase": self.phase, "conditions": list(self.conditions),
                "sponsor": self.sponsor}


@dataclass(frozen=True)
class SavedPanel:
    name: str
    saved_at: str
    panel: Panel


def is_outdated(row: dict[str, Any]) -> bool:
    """A trial row an older parser made, or whose compact plan has an older shape: its trial is
    parsed again from the kept text."""
    return row.get("parser_version") != PARSER_VERSION or row.get("plan_version", 1) != COMPACT_VERSION


def summary_of(row: dict[str, Any]) -> TrialSummary:
    return TrialSummary(row["trial_id"], row.get("nct_id"), row.get("title", ""), row.get("status"),
                        row.get("phase"), tuple(row.get("conditions") or ()), row.get("sponsor"),
                        row.get("blob", ""))
