"""The `trialview` command as outside scripts call it (shared/design/cli.md): subprocess, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpora import JSON_DIR

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_trials"


def run(*args: str, db: Path, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "TRIALVIEW_DB": str(db), **(env or {})}
    return subprocess.run([sys.executable, "-m", "trialview.tui.cli", *args], cwd=ROOT, input=stdin,
                          check=False, capture_output=True, text=True, env=full_env, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store")
    result = run("import", str(SAMPLES), "--json", db=path)
    assert result.returncode == 0, result.stderr
    return path


def test_import_json_shape_and_list(db: Path) -> None:
    listed = json.loads(run("list", "--json", db=db).stdout)
    assert len(listed) == 5
    for row in listed:
        assert set(row) >= {"trial_id", "title", "status", "phase", "conditions"}
    ids = {row["trial_id"] for row in listed}
    assert {"NCT06801119", "NCT06421701", "NCT06946485"} <= ids


def test_import_reports_imported_trials(tmp_path: Path) -> None:
    result = run("import", str(SAMPLES / "000_cc9c7aa6d262c8f4.txt"), "--json", db=tmp_path)
    data = json.loads(result.stdout)
    assert data["errors"] == []
    assert data["imported"][0]["trial_id"] == "NCT06801119"
    assert set(data["imported"][0]) >= {"trial_id", "title", "path"}


def test_show_json_has_trial_fields_and_criteria_tree(db: Path) -> None:
    data = json.loads(run("show", "NCT06801119", "--json", db=db).stdout)
    assert data["trial_id"] == "NCT06801119"
    assert data["enrollment"] == 9
    sections = data["criteria"]
    assert [s["kind"] for s in sections] == ["section", "section"]
    # the registry's own age limits come first, then the text's criteria from inc-1
    registry, node = sections[0]["children"][:2]
    assert registry["id"] == "inc-registry" and registry["text"].startswith("From the registry record: 18 to 69 years")
    assert set(node) >= {"id", "kind", "text", "checks", "children"}
    assert node["id"] == "inc-1"
    # a criterion read in part says what was not read
    inc8 = next(n for n in sections[0]["children"] if n["id"] == "inc-8")
    assert inc8["unread"] == ["willing to adopt contraceptive measures within 12 months after drug infusion"]


def test_show_unknown_trial_is_one_line_and_exit_1(db: Path) -> None:
    result = run("show", "NCT00000000", db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "NCT00000000" in result.stderr


def test_a_bad_file_among_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"protocolSection": {"identificationModule": ')
    db = tmp_path / "store"
    result = run("import", str(SAMPLES / "000_cc9c7aa6d262c8f4.txt"), str(bad),
                 str(SAMPLES / "004_4bdc31eba0a0466a.txt"), db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if "broken.json" in line]
    assert len(error_lines) == 1
    listed = json.loads(run("list", "--json", db=db).stdout)
    assert len(listed) == 2


def test_partial_v2_records_fail_clearly_and_full_ones_import(tmp_path: Path) -> None:
    result = run("import", str(JSON_DIR), "--json", db=tmp_path)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    failed = {Path(e["path"]).name for e in data["errors"]}
    assert failed == {"NCT00023673.json", "NCT02028676.json", "NCT04780763.json"}
    assert all("protocolSection" in e["error"] for e in data["errors"])
    assert len(data["imported"]) == 13


def test_parse_reads_stdin_and_prints_the_tree_shape(tmp_path: Path) -> None:
    text = "Inclusion Criteria:\n1. Hb >= 9 g/dL\nExclusion Criteria:\n1. Pregnant women\n"
    result = run("parse", "-", "--json", db=tmp_path, stdin=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data[0]["path"] == "-"
    inclusion = data[0]["criteria"][0]
    check = inclusion["children"][0]["checks"][0]
    assert (check["variable"], check["op"], check["value"], check["unit"]) == ("hemoglobin", ">=", 90, "g/L")


def test_the_inferred_comparator_key_is_printed_only_under_a_tree_that_has_one(tmp_path: Path) -> None:
    # "= 6" where the page lost its "≥": the check carries a "*", and the line under the tree says
    # what it means; a tree with no such check has no "*" to explain
    lost = run("parse", "-", "--section", "inclusion", db=tmp_path, stdin="SLEDAI-2K score = 6\n")
    assert "6 score*]" in lost.stdout and "comparator inferred" in lost.stdout
    plain = run("parse", "-", "--section", "inclusion", db=tmp_path, stdin="SLEDAI-2K score >= 6\n")
    assert plain.returncode == 0 and "*" not in plain.stdout and "comparator inferred" not in plain.stdout


def test_parse_one_section(tmp_path: Path) -> None:
    result = run("parse", "-", "--section", "exclusion", "--json", db=tmp_path, stdin="- Hb < 10 g/dL\n")
    section = json.loads(result.stdout)[0]["criteria"][0]
    assert section["id"] == "exc"
    check = section["children"][0]["checks"][0]
    assert (check["variable"], check["op"], check["value"]) == ("hemoglobin", "<", 100)


def test_match_json_shape_best_first(db: Path, tmp_path: Path) -> None:
    panel = tmp_path / "p.json"
    panel.write_text(json.dumps({"label": "bed 1", "as_of": "2026-11-22",
                                 "values": {"age": 34, "sex": "female",
                                            "hemoglobin": {"value": 7.0, "unit": "g/dL"}}}))
    result = run("match", "--patient", str(panel), "--json", db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data) == 5
    for row in data:
        assert set(row) >= {"trial_id", "title", "verdict", "blockers", "open", "criteria"}
        for blocker in row["blockers"]:
            assert set(blocker) >= {"section", "text", "reason"}
        for question in row["open"]:
            assert set(question) >= {"section", "text", "needs"}
    hn = next(r for r in data if r["trial_id"] == "NCT06801119")
    assert hn["verdict"] == "ineligible"
    assert any("hemoglobin" in b["reason"] for b in hn["blockers"])
    order = {"eligible": 0, "unknown": 1, "ineligible": 2}
    assert [order[r["verdict"]] for r in data] == sorted(order[r["verdict"]] for r in data)


@pytest.mark.parametrize("as_json", [False, True])
def test_match_names_an_unknown_drug_on_stderr_with_or_without_json(db: Path, tmp_path: Path, as_json: bool) -> None:
    panel = tmp_path / "typo.json"
    panel.write_text(json.dumps({"as_of": "2026-11-22", "values": {"age": 34},
                                 "therapies": [{"drug": "ritixumab", "last_dose": "2026-10-01"}]}))
    result = run("match", "--patient", str(panel), *(["--json"] if as_json else []), db=db)
    assert result.returncode == 0, result.stderr
    assert "ritixumab: not a known drug; did you mean rituximab?" in result.stderr
    assert "ritixumab" not in result.stderr.split("rituximab?", 1)[1]      # said once
    if as_json:
        assert len(json.loads(result.stdout)) == 5      # stdout stays clean JSON


def test_match_reports_a_decision_made_on_other_text_and_does_not_apply_it(db: Path, tmp_path: Path) -> None:
    # a consent decision saved for inc-2, which in this trial reads otherwise (issue 11 item 7)
    panel = tmp_path / "moved.json"
    panel.write_text(json.dumps({"as_of": "2026-11-22", "values": {"age": 34},
                                 "screening": {"NCT06801119": {"inc-2": {"status": "met",
                                                                         "text": "Signed informed consent"}}}}))
    result = run("match", "--patient", str(panel), "--json", "NCT06801119", db=db)
    assert result.returncode == 0, result.stderr
    assert "NCT06801119 inc-2: the hand decision (met) was made on other text" in result.stderr
    assert "not applied" in result.stderr
    data = json.loads(result.stdout)[0]
    assert data["stale_decisions"][0]["id"] == "inc-2"
    inc2 = next(n for n in data["criteria"][0]["children"] if n["id"] == "inc-2")
    assert not inc2.get("by_hand") and inc2["stale_decision"]["text"] == "Signed informed consent"


def test_match_bad_panel_names_the_field(db: Path, tmp_path: Path) -> None:
    panel = tmp_path / "bad.json"
    panel.write_text(json.dumps({"values": {"hemoglobin": "lots", "age": 400, "colour": 1}}))
    result = run("match", "--patient", str(panel), db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for field in ("values.hemoglobin", "values.age", "values.colour"):
        assert field in result.stderr


def test_help_does_not_import_textual() -> None:
    code = "import sys; from tui import cli; assert 'textual' not in sys.modules; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
    help_run = subprocess.run([sys.executable, "-m", "trialview.tui.cli", "--help"], cwd=ROOT,
                              check=False, capture_output=True, text=True)
    assert help_run.returncode == 0 and "import" in help_run.stdout
