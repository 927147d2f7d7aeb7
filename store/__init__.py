"""TinyDB-backed storage of trials and saved panels; everything goes through `Store`."""

from store.storage import StoreDamaged
from store.store import SCHEMA_VERSION, SavedPanel, Store, TrialSummary, resolve_path

__all__ = ["SCHEMA_VERSION", "SavedPanel", "Store", "StoreDamaged", "TrialSummary", "resolve_path"]
