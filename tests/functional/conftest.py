"""Fixtures of the TUI's pilot and snapshot tests (a conftest, so tests take them by name without
importing them: an imported fixture is shadowed by the test's parameter of the same name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.tui_helpers import build_template


@pytest.fixture(scope="session")
def sample_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample trials imported once per session; each test copies the folder."""
    return build_template(tmp_path_factory.mktemp("template") / "store")
