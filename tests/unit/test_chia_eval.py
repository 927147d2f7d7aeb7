"""Guard the extraction figures on Chia (dev half): recall and precision of lab/value checks."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.eval.chia_eval import DEFAULT_CORPUS, evaluate, measurement_variable, read_value  # noqa: E402


def test_gold_value_reader_is_its_own():
    assert measurement_variable("Body mass index (BMI)") == "bmi"
    assert measurement_variable("serum creatinine level") == "creatinine"
    assert measurement_variable("Karnofsky Performance Status") is None
    assert read_value("platelets", "<80,000 or >700,000 cells/mm3", "exclusion") == [
        ("<", 80.0, "10^9/L"), (">", 700.0, "10^9/L")]
    assert read_value("hemoglobin", "= 90g / L", "inclusion") == [(">=", 90.0, "g/L")]
    assert read_value("alt", "190 IU/L", "inclusion") == []


def test_chia_dev_recall_and_precision():
    result = evaluate(DEFAULT_CORPUS)
    assert result["gold"] > 300
    assert result["recall"] >= 0.90, result["recall"]
    assert result["precision"] >= 0.95, result["precision"]
