"""Where the shared, read-only data lives: beside the repository (<clone>/../shared)."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"

# `pytest` (not only `python -m pytest`) must find the `model` package from a fresh clone.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
