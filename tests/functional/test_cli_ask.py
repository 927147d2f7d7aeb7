"""`trialview ask` as outside scripts call it (shared/design/cli.md): subprocess, JSON.

The bundled sample trials are five SLE trials; what is asserted is what a clinician reading
them expects: with only age and sex known, a lab several of them threshold is worth asking,
and a value already given is never asked again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.functional.test_cli import SAMPLES, run

# Labs with a threshold in at least two of the five sample trials (read from their text:
# hemoglobin, platelets / WBC / ANC counts, ALT / AST, bilirubin, creatinine or eGFR).
LABS = {"hemoglobin", "platelets", "wbc", "anc", "alc", "alt", "ast", "total_bilirubin", "creatinine", "egfr"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store")
    result = run("import", str(SAMPLES), "--json", db=path)
    assert result.returncode == 0, result.stderr
    return path


def write_panel(folder: Path, values: dict[str, object], name: str = "panel.json") -> Path:
    path = folder / name
    path.write_text(json.dumps({"label": "bed 4", "as_of": "2026-03-01", "values": values}))
    return path


def ask_json(db: Path, panel: Path, *extra: str) -> list[dict[str, object]]:
    result = run("ask", "--patient", str(panel), "--json", *extra, db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_with_age_and_sex_only_a_lab_several_trials_threshold_is_suggested(db: Path, tmp_path: Path) -> None:
    data = ask_json(db, write_panel(tmp_path, {"age": 34, "sex": "female"}))
    assert data, "something to ask"
    for item in data:
        assert set(item) >= {"kind", "variable", "label", "trials", "could_rule_out"}
        assert item["kind"] in ("variable", "therapy", "criterion")
    labs = [d for d in data if d["variable"] in LABS]
    assert labs and len(labs[0]["could_rule_out"]) >= 2         # type: ignore[arg-type]
    # ranked: could rule out, then settles, never increasing
    keys = [(len(d["could_rule_out"]), len(d["trials"])) for d in data]   # type: ignore[arg-type]
    assert keys == sorted(keys, reverse=True)
    assert not {"age", "sex"} & {d["variable"] for d in data}


def test_a_value_already_given_is_never_suggested(db: Path, tmp_path: Path) -> None:
    before = {d["variable"] for d in ask_json(db, write_panel(tmp_path, {"age": 34, "sex": "female"}))}
    assert {"hemoglobin", "pregnant", "lactating"} <= before      # all three read by the trials
    given = {"age": 34, "sex": "female", "hemoglobin": {"value": 12, "unit": "g/dL"},
             "pregnant": False, "lactating": False}
    after = {d["variable"] for d in ask_json(db, write_panel(tmp_path, given))}
    assert not {"hemoglobin", "pregnant", "lactating", "age", "sex"} & after
    assert after, "other questions remain"


def test_limit_and_trial_ids(db: Path, tmp_path: Path) -> None:
    panel = write_panel(tmp_path, {"age": 34, "sex": "female"})
    assert len(ask_json(db, panel, "--limit", "3")) == 3
    one = ask_json(db, panel, "NCT06801119")
    assert one and all(d["trials"] == ["NCT06801119"] or d["trials"] == [] for d in one)
    assert all(set(d["could_rule_out"]) <= {"NCT06801119"} for d in one)   # type: ignore[arg-type]


def test_text_output_one_line_per_suggestion(db: Path, tmp_path: Path) -> None:
    panel = write_panel(tmp_path, {"age": 34, "sex": "female"})
    result = run("ask", "--patient", str(panel), "--limit", "5", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert all("could rule out" in line and "settles" in line for line in lines)


def test_unknown_trial_and_bad_limit(db: Path, tmp_path: Path) -> None:
    panel = write_panel(tmp_path, {"age": 34})
    result = run("ask", "--patient", str(panel), "NCT00000000", db=db)
    assert result.returncode == 1 and "NCT00000000" in result.stderr
    assert run("ask", "--patient", str(panel), "--limit", "0", db=db).returncode == 2
