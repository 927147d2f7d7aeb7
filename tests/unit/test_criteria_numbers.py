"""Numbers and units as a clinician reads them (issue 11 item 6): one rule per test.

Wording is quoted from Chia's tuning part (file and line named) or the bundled records; where
no record of ours words a rule, the phrase is the common clinical wording and says so.
"""

from __future__ import annotations

import pytest

from trialview.model.criteria import CriterionNode, parse_section
from trialview.model.criteria import lexicon as L
from trialview.model.units import UNITS, normalise_unit, to_canonical


def checks(text: str, section: str = "inclusion") -> list[tuple[str, str, float, str | None]]:
    node: CriterionNode = parse_section(text, section).children[0]
    return [(c.variable, c.op, round(float(c.value), 3), c.unit)  # type: ignore[arg-type]
            for n in node.walk() for c in n.checks]


# ---- a number inside a name is not a threshold --------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("BILAG-2004 A ≥ 1", [("bilag_a", ">=", 1, "domains")]),                           # issue 11
    ("BILAG 2004 A domain score ≥1", [("bilag_a", ">=", 1, "domains")]),              # the same, spaced
    # sample_trials/004: "BILAG-2004 organ system scores of at least 1 A or 2 B"
    ("BILAG-2004 organ system scores of at least 1 A or 2 B",
     [("bilag_a", ">=", 1, "domains"), ("bilag_b", ">=", 2, "domains")]),
])
def test_the_year_of_bilag_2004_is_never_a_count_of_domains(text: str, expected: list[tuple[object, ...]]) -> None:
    assert checks(text) == expected


def test_a_bilag_a_score_is_at_least_one_a_domain() -> None:
    # issue 11: "either SLEDAI-2K ≥ 6 or a BILAG A score" kept only the SLEDAI half
    got = checks("either SLEDAI-2K ≥ 6 or a BILAG A score")
    assert ("sledai_2k", ">=", 6, "score") in got
    assert ("bilag_a", ">=", 1, "domains") in got


# ---- thousands written with a dot -------------------------------------------------------------

@pytest.mark.parametrize("text, section, expected", [
    # Chia NCT02035904_exc.txt:10: a hundred thousand per mm3, not a hundred
    ("platelet count less than 100.000/mm3;", "exclusion", ("platelets", "<", 100, "10^9/L")),
    ("absolute neutrophil count ≥ 1.500/mm3", "inclusion", ("anc", ">=", 1.5, "10^9/L")),      # common wording
    ("platelets ≥ 1.500.000/µL", "inclusion", ("platelets", ">=", 1500, "10^9/L")),          # two dots: thousands
])
def test_a_dot_before_three_digits_of_a_count_per_microlitre_separates_thousands(
        text: str, section: str, expected: tuple[object, ...]) -> None:
    assert checks(text, section) == [expected]


def test_a_dot_in_a_value_of_another_unit_stays_a_decimal_point() -> None:
    # Chia NCT03337503_exc.txt:10 reads 133 µmol/L; a decimal such as 1.500 mg/dL stays 1.5
    assert checks("serum creatinine ≤ 1.500 mg/dL") == [("creatinine", "<=", 1.5, "mg/dL")]


# ---- units: one table -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("creatinine clearance ≥ 60 cc/min", ("crcl", ">=", 60, "mL/min")),                     # common wording
    ("ANC ≥ 1.5 × 10^9/Liter", ("anc", ">=", 1.5, "10^9/L")),                               # common wording
    ("platelets ≥ 100 × 10^9 per litre", ("platelets", ">=", 100, "10^9/L")),               # common wording
    # Chia NCT03381755_exc.txt:2: "g/L" for a count is giga per litre
    ("Platelet count <100g/L;", ("platelets", "<", 100, "10^9/L")),
    # Chia NCT02003339_inc.txt:4: 30 µmol/L of bilirubin is 1.754 mg/dL
    ("total bilirubin less than 30 micromoles per liter", ("total_bilirubin", "<", 1.754, "mg/dL")),
    ("prednisone ≤ 10 mg/d", ("prednisone_dose", "<=", 10, "mg/day")),                     # a dose a day
])
def test_units_as_written(text: str, expected: tuple[object, ...]) -> None:
    assert checks(text) == [expected]


def test_hba1c_in_mmol_per_mol_is_the_same_limit_in_percent() -> None:
    # Chia NCT02473809_inc.txt:2 and _exc.txt:4: 48 mmol/mol is the 6.5 % of the diabetes
    # diagnosis, 75 mmol/mol is 9 %
    [(var, op, value, unit)] = checks("Diagnosis of type 2 diabetes (HbA1c > 48 mmol/mol)")
    assert (var, op, unit) == ("hba1c", ">", "%") and abs(value - 6.5) < 0.05
    [(var, op, value, unit)] = checks("HbA1c > 75 mmol/mol", "exclusion")
    assert (var, op, unit) == ("hba1c", ">", "%") and abs(value - 9.0) < 0.05
    # Chia NCT03463564_inc.txt:2: the same limit in both units is one check
    assert checks("persistent HbA1c levels = 7.5% (58 mmol/mol) despite optimized education therapy,") == \
        [("hba1c", "<=", 7.5, "%")]


def test_hba1c_in_mmol_per_mol_converts_in_the_panel() -> None:
    # a lab report in IFCC units: 53 mmol/mol is 7.0 %
    assert abs(to_canonical("hba1c", 53, "mmol/mol") - 7.0) < 0.05


def test_a_unit_reads_the_same_in_a_criterion_and_in_a_unit_field() -> None:
    # lexicon.py reads units in running text from units.UNITS, the table normalise_unit reads
    text_keys = {key for _, key, in_text in UNITS if in_text}
    assert set(L.UNIT_KEYS) == text_keys
    for spelling, key in (("mg/d", "mg/day"), ("mg/dL", "mg/dL"), ("cc/min", "mL/min"), ("x 10^9/Liter", "10^9/L"),
                          ("mmol/mol", "mmol/mol"), ("g/L", "g/L"), ("/mm3", "/µL")):
        assert normalise_unit(spelling) == key
        assert L.unit_at(spelling, 0)[0] == key


# ---- numbers and weights written in words -------------------------------------------------------

@pytest.mark.parametrize("text, section, expected", [
    # Chia NCT03337503_exc.txt:10
    ("Hepatic impairment (aspartate aminotransferase more than three times normal)", "exclusion",
     ("ast", ">", 3, "xULN")),
    ("body weight less than fifty kilograms", "exclusion", ("weight", "<", 50, "kg")),     # common wording
    ("weight of at least ten (10) kg", "inclusion", ("weight", ">=", 10, "kg")),           # common wording
])
def test_numbers_written_in_words_with_a_unit(text: str, section: str, expected: tuple[object, ...]) -> None:
    assert checks(text, section) == [expected]


def test_a_number_word_without_a_unit_is_not_a_value() -> None:
    assert checks("platelets more than one of the following") == []


def test_a_weight_in_grams() -> None:
    # Chia NCT03355326_inc.txt:3 (newborns)
    assert checks("Weight >1900g at time of delivery") == [("weight", ">", 1.9, "kg")]


def test_the_weight_of_someone_else_is_not_the_patients() -> None:
    # Chia NCT03140488_exc.txt:10: the fetus's weight, not the mother's (was "weight > 4500 kg")
    assert checks("Estimated fetal weight greater than 4500 grams in diabetic and 5000 grams in non-diabetic mother",
                  "exclusion") == []


# ---- comparators and names as written ----------------------------------------------------------

@pytest.mark.parametrize("text, section, expected", [
    # Chia NCT03026088_inc.txt:3 and _exc.txt:6: the symbol in parentheses restates the words
    ("Left ventricular ejection fraction (LVEF) less than or equal to (=<) 40 percent (%).", "inclusion",
     [("lvef", "<=", 40, "%")]),
    ("Severe hypotension [resting SBP less than (<) 90mmHg, or resting DBP<50mmHg].", "exclusion",
     [("systolic_bp", "<", 90, "mmHg"), ("diastolic_bp", "<", 50, "mmHg")]),
    # Chia NCT03208465_exc.txt:4: HbA1c in capitals
    ("Poor glucose control (HbA1C>10 %)", "exclusion", [("hba1c", ">", 10, "%")]),
    # Chia NCT03506009_exc.txt:7: "systolic pressure" without "blood"; "=" a lost "≥" in an exclusion
    ("Systolic pressure =180 mmHg or diastolic pressure =110 mmHg;", "exclusion",
     [("systolic_bp", ">=", 180, "mmHg"), ("diastolic_bp", ">=", 110, "mmHg")]),
])
def test_comparators_and_names_as_written(text: str, section: str, expected: list[tuple[object, ...]]) -> None:
    assert checks(text, section) == expected


def test_a_value_in_parentheses_after_the_name() -> None:
    # Chia NCT02807857_inc.txt:4: "(= 40%)" is the ejection fraction's value, not an aside
    got = checks("Patients with reduced ejection fraction (= 40%) as confirmed at any time point")
    assert [(v, u) for v, _, _, u in got] == [("lvef", "%")] and got[0][2] == 40


@pytest.mark.parametrize("text, expected", [
    ("Age equal or greater than 70 years", [("age", ">=", 70, "years")]),                  # Chia NCT02777580_inc.txt:1
    ("Creatinine clearance more or equal to 30 mL/min", [("crcl", ">=", 30, "mL/min")]),  # Chia NCT02003339_inc.txt:5
    ("Hb less or equal to 9 g/dL", [("hemoglobin", "<=", 90, "g/L")]),                    # common wording
])
def test_comparators_without_than_or_to(text: str, expected: list[tuple[object, ...]]) -> None:
    assert checks(text) == expected


# ---- ages written value first -------------------------------------------------------------------

@pytest.mark.parametrize("text, section, expected", [
    ("18 years of age or older", "inclusion", [("age", ">=", 18, "years")]),               # Chia NCT02106598_inc.txt:1
    ("Patients must be at least 21 years old.", "inclusion", [("age", ">=", 21, "years")]),  # Chia NCT02339974_inc.txt:1
    ("> 18 years of age and < 70 years of age", "inclusion",                               # Chia NCT02202369_inc.txt:2
     [("age", ">", 18, "years"), ("age", "<", 70, "years")]),
    ("Is between 18 and 40 years of age (inclusive)", "inclusion",                          # Chia NCT02406495_inc.txt:1
     [("age", ">=", 18, "years"), ("age", "<=", 40, "years")]),
    ("Male or female from 2 to <12 years of age.", "inclusion",                            # NCT00739934 (ctgov XML)
     [("age", ">=", 2, "years"), ("age", "<", 12, "years")]),
    ("children under 3 months of age", "exclusion", [("age", "<", 0.25, "years")]),       # Chia NCT02654912_exc.txt:6
])
def test_an_age_written_value_first(text: str, section: str, expected: list[tuple[object, ...]]) -> None:
    assert checks(text, section) == expected


def test_years_without_of_age_or_old_are_not_an_age() -> None:
    # a disease's duration, not the patient's age
    assert [c for c in checks("history of lupus for 10 years or more") if c[0] == "age"] == []


# ---- doses -----------------------------------------------------------------------------------------

def test_a_prednisone_dose_in_mg_is_a_daily_dose() -> None:
    # Chia NCT02541955_inc.txt:5 and NCT02565277_exc.txt:4
    assert checks("Stable prednisone <10mg or equivalent") == [("prednisone_dose", "<", 10, "mg/day")]
    assert checks("Immunosuppressive disorders or medications (including oral prednisone >10 mg daily, recent "
                  "chemotherapy treatment)", "exclusion") == [("prednisone_dose", ">", 10, "mg/day")]


def test_a_dose_per_kilogram_is_not_a_dose_in_mg() -> None:
    # NCT02210780 (ctgov JSON): "≥2 mg/kg" is no 2 mg a day
    got = checks("high dose systemic corticosteroids (≥2 mg/kg) for 14 days", "exclusion")
    assert [c for c in got if c[0] == "prednisone_dose"] == []
