"""Guard the extraction figures on Chia (dev half): recall and precision of lab/value checks.

The tuning part and the held-back part (tests/data/chia_holdout.txt, 30 % of the trials, never
read while tuning) are measured apart: rules that only fit the sentences seen would show as a gap.
"""

from __future__ import annotations

from tests.corpora import chia_files, chia_holdout
from tests.eval.chia_eval import evaluate, measurement_variable, read_value


def test_gold_value_reader_is_its_own():
    assert measurement_variable("Body mass index (BMI)") == "bmi"
    assert measurement_variable("serum creatinine level") == "creatinine"
    # (a panel variable since trust8's ecog / karnofsky; a scale the panel has not stays out)
    assert measurement_variable("Short Physical Performance Battery") is None
    assert measurement_variable("Karnofsky Performance Status") == "karnofsky"
    # a score on its own scale has no unit to convert ("ECOG performance status | 0-2")
    assert read_value("ecog", "0 - 2", "inclusion") == [(">=", 0.0, "score"), ("<=", 2.0, "score")]
    assert read_value("platelets", "<80,000 or >700,000 cells/mm3", "exclusion") == [
        ("<", 80.0, "10^9/L"), (">", 700.0, "10^9/L")]
    assert read_value("hemoglobin", "= 90g / L", "inclusion") == [(">=", 90.0, "g/L")]
    assert read_value("alt", "190 IU/L", "inclusion") == []


def test_gold_reads_dotted_thousands_words_and_more_units():
    # a count per mm3 written with a dot for thousands (Chia NCT02035904_exc.txt:10)
    assert read_value("platelets", "less than 100.000/mm3", "exclusion") == [("<", 100.0, "10^9/L")]
    assert read_value("hemoglobin", "< 10.000 g/dL", "exclusion") == [("<", 100.0, "g/L")]   # a decimal point
    assert read_value("ast", "more than three times normal", "exclusion") == [(">", 3.0, "xULN")]
    assert read_value("crcl", ">= 60 cc/min", "inclusion") == [(">=", 60.0, "mL/min")]
    [(op, value, unit)] = read_value("hba1c", "> 48 mmol/mol", "inclusion")
    assert (op, unit) == (">", "%") and abs(value - 6.5) < 0.05
    [(op, value, unit)] = read_value("weight", ">1900g", "inclusion")     # was 1900 kg
    assert (op, unit) == (">", "kg") and abs(value - 1.9) < 1e-9


def test_holdout_is_thirty_percent_of_the_trials():
    trials = {name.split("_")[0] for name in chia_files() if name.startswith("NCT")}
    held = chia_holdout()
    assert held <= trials
    assert abs(len(held) / len(trials) - 0.30) < 0.01


def test_chia_recall_and_precision_on_both_parts():
    tuning = evaluate(part="tuning")
    holdout = evaluate(part="holdout")
    assert tuning["gold"] > 200 and holdout["gold"] > 80
    for part in (tuning, holdout):
        assert part["recall"] >= 0.93, part["recall"]
        assert part["precision"] >= 0.98, part["precision"]
    assert abs(tuning["recall"] - holdout["recall"]) <= 0.03
