#!/usr/bin/env bash
# Every check of the project, in order, stopping at the first that fails (the README's test
# command and CI run this): ruff over the whole repository (tests too), mypy strict on
# model/store/tui ([tool.mypy]), the import contracts ([tool.importlinter]), then pytest.
# Arguments go to pytest (`bash tests/check.sh -q -x`). PYTHON names another venv's python.
# pytest runs on PYTEST_WORKERS processes (pytest-xdist; default 2, the cores CI has; 0 = in one).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
BIN="$(dirname "$PY")"

"$PY" -m ruff check .
"$PY" -m mypy
"$BIN/lint-imports" --no-logo
"$PY" -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
