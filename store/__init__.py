"""TinyDB-backed storage of trials and saved panels; everything goes through `Store`."""

from trialview.store.storage import StoreDamaged
from trialview.store.location import resolve_path
from trialview.store.store import SCHEMA_VERSION, SavedPanel, Store, StoreBusy, TrialSummary

__all__ = ["SCHEMA_VERSION", "SavedPanel", "Store", "StoreBusy", "StoreDamaged", "TrialSummary", "resolve_path"]
