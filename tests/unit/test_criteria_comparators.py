"""Checks read from criteria text: comparators (lost ones too), ranges, units and their
conversion. Every phrase is quoted from the seeds or from Chia."""

from __future__ import annotations

import pytest

from tests.unit.criteria_helpers import all_checks, crit, one


# ---- comparators ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, section, expected", [
    ("Hemoglobin ≥ 9 g/dL", "inclusion", "hemoglobin >= 90 g/L"),                              # Chia
    ("Hb <9g/dl", "exclusion", "hemoglobin < 90 g/L"),                                          # Chia
    ("Systolic blood pressure >/= 90 mmHg", "inclusion", "systolic_bp >= 90 mmHg"),             # Chia
    ("Platelets >=100 x 109/L", "inclusion", "platelets >= 100 10^9/L"),                         # Chia
    ("ALT <= 2.5 X upper limit of normal", "inclusion", "alt <= 2.5 xULN"),                      # Chia
    ("hemoglobin level greater than or equal to 9 gm/dl", "inclusion", "hemoglobin >= 90 g/L"),  # Chia
    ("Left ventricular ejection fraction should be at least 30%.", "inclusion", "lvef >= 30 %"),  # Chia
    ("serum creatinine greater than 200umol/L", "exclusion", "creatinine > 2.262443 mg/dL"),    # Chia
    ("Absolute neutrophil count less than 750 cells/mm3", "exclusion", "anc < 0.75 10^9/L"),     # Chia
    ("Hemoglobin > or = to 11.5g/dL", "inclusion", "hemoglobin >= 115 g/L"),                    # Chia
    ("platelet count less than 100,000", "exclusion", "platelets < 100 10^9/L"),                 # Chia
    ("ANC greater than 500/µL", "inclusion", "anc > 0.5 10^9/L"),                                # Chia
    ("SLEDAI-2000 score \\>6.", "inclusion", "sledai_2k > 6 score"),                             # seed 002
    ("total bilirubin \\<2.0mg/dL", "inclusion", "total_bilirubin < 2 mg/dL"),                   # seed 000
    ("Hemoglobin concentration under 6.5 mmol/l", "exclusion", "hemoglobin < 104.715 g/L"),      # Chia
    ("Creatinine clearance ≥ 50 mL/min", "inclusion", "crcl >= 50 mL/min"),                      # Chia
    ("eGFR < 60ml/min/1.73m2", "exclusion", "egfr < 60 mL/min/1.73m2"),                          # Chia
    ("BMI less than 18.5", "exclusion", "bmi < 18.5 kg/m2"),                                     # Chia
    ("non-oxygenated blood oxygen saturation >94%", "inclusion", "spo2 > 94 %"),                 # seed 001
])
def test_comparators_units_and_conversion(text, section, expected):
    c = one(text, section)
    got = c.describe()
    var, op, value = expected.split()[:3]
    assert (c.variable, c.op) == (var, op), got
    assert c.value == pytest.approx(float(value), rel=1e-5), got
    assert c.unit == expected.split()[3]
    assert not c.inferred


def test_postfix_comparator():
    c = one("CD4 count 50 cells/mm3or less; ANC 1,500/mm3 or more")  # ANC only is a panel variable
    assert c.describe() == "anc >= 1.5 10^9/L"


def test_ranges_give_two_checks():
    assert all_checks(crit("Patients aged between 18 and 69 (inclusive), of any gender")) == [
        "age >= 18 years", "age <= 69 years"]
    assert all_checks(crit("Aged 18-65 years; both genders eligible.")) == ["age >= 18 years", "age <= 65 years"]
    assert all_checks(crit("Age range from 18 to 70 years old, regardless of gender;")) == [
        "age >= 18 years", "age <= 70 years"]
    assert all_checks(crit("body mass index (BMI) between 19 to 30 kg/m2")) == ["bmi >= 19 kg/m2", "bmi <= 30 kg/m2"]
    assert all_checks(crit("BMI > 18,5 <30 kg/m2")) == ["bmi > 18.5 kg/m2", "bmi < 30 kg/m2"]


def test_age_with_lost_upper_comparator():
    # seed 003: "age > 18 years old, = 65 years old"
    node = crit("Age: age > 18 years old, = 65 years old when obtaining informed consent")
    checks = node.checks
    assert [c.describe() for c in checks] == ["age > 18 years", "age <= 65 years"]
    assert [c.inferred for c in checks] == [False, True]


# ---- lost comparators ---------------------------------------------------------------------------

def test_lost_comparators_seed_001_labs():
    node = crit("Hemoglobin = 85g/L; white blood cell count = 3 × 10^9/L;neutrophil count = 1.5 × 10^9/L; "
                "platelets = 50 × 10^9/L;")
    assert [c.describe() for c in node.checks] == [
        "hemoglobin >= 85 g/L", "wbc >= 3 10^9/L", "anc >= 1.5 10^9/L", "platelets >= 50 10^9/L"]
    assert all(c.inferred for c in node.checks) and node.logic == "all"


def test_lost_comparators_liver_and_kidney():
    node = crit("The functions of important organs are basically normal: ALT = 2 × ULN; AST = 2 × ULN; "
                "eGFR = 60ml/min/1.73m2; total bilirubin =2.0 mg/dL; cardiac function: left ventricular ejection "
                "fraction (LVEF) = 50%; non-oxygenated blood oxygen saturation >94%; prothrombin time (PT) = 1.5 × "
                "ULN;international standardized ratio (INR) = 1.5 × ULN;")
    assert all_checks(node) == ["alt <= 2 xULN", "ast <= 2 xULN", "egfr >= 60 mL/min/1.73m2",
                                "total_bilirubin <= 2 mg/dL", "lvef >= 50 %", "spo2 > 94 %", "pt <= 1.5 xULN",
                                "inr <= 1.5 xULN"]


def test_lost_comparator_scores_and_exclusion_sense():
    c = one("SELENA-SLEDAI=8;")
    assert c.describe() == "selena_sledai >= 8 score" and c.inferred
    assert one("SLEDAI-2K score = 6").describe() == "sledai_2k >= 6 score"
    # Chia exclusion: "Creatinine = 2 mg/dl" -- the exclusion bound of an upper-limit lab
    assert one("Creatinine = 2 mg/dl", "exclusion").describe() == "creatinine >= 2 mg/dL"
    # Chia inclusion: "Neutrophils =1.5×109/L"
    assert one("Neutrophils =1.5×109/L").describe() == "anc >= 1.5 10^9/L"


def test_bilag_counts_with_lost_comparators():
    node = crit("Subject has = 1 organ system with BILAG-2004 Class A mobility score or = 2 organ systems with "
                "BILAG-2004 Class B mobility score prior to screening;")
    assert node.logic == "any"
    assert [c.describe() for c in node.checks] == ["bilag_a >= 1 domains", "bilag_b >= 2 domains"]
    node = crit("Have at least one BILAG-2004 Grade A or two Grade B organ domain scores, or both.")
    assert node.logic == "any" and [c.describe() for c in node.checks] == ["bilag_a >= 1 domains", "bilag_b >= 2 domains"]
    node = crit("Refractory/moderate-to-severe SLE needs to meet the following criteria at screening: SELENA-SLEDAI "
                "score \\> 6 points; PGA ≥ 1 points; BILAG-2004 organ system scores of at least 1 A or 2 B;")
    assert all_checks(node) == ["selena_sledai > 6 score", "pga >= 1 score", "bilag_a >= 1 domains",
                                "bilag_b >= 2 domains"]
    assert [n.kind for n in node.children] == ["any"]


# ---- units ---------------------------------------------------------------------------------------

def test_dual_units_give_one_check():
    node = crit("Severe lupus nephritis (defined as serum creatinine > 2.5 mg/dL or 221 µmol/L), treatment with "
                "hemodialysis within 8 weeks prior to screening;", "exclusion")
    creat = [c for c in node.checks if c.variable == "creatinine"]
    assert [c.describe() for c in creat] == ["creatinine > 2.5 mg/dL"]


def test_superscript_lost_and_escaped_units():
    assert all_checks(crit("Bone marrow function: ANC ≥1.5×10\\^9/L, ALC ≥0.8×10\\^9/L, Hb ≥80g/L.")) == [
        "anc >= 1.5 10^9/L", "alc >= 0.8 10^9/L", "hemoglobin >= 80 g/L"]
    assert one("White blood cell count ≥3×10⁹/L.").describe() == "wbc >= 3 10^9/L"
    assert one("Blood platelet>100×109/L").describe() == "platelets > 100 10^9/L"
    assert one("Platelet count ≥ 100,000/mm3").describe() == "platelets >= 100 10^9/L"
    assert one("platelets >100,000/mcl").describe() == "platelets > 100 10^9/L"


def test_uln_units():
    node = crit("Liver function: Alanine aminotransferase (ALT) ≤3×upper limit of normal (ULN). Aspartate "
                "aminotransferase (AST) ≤3×ULN. Total bilirubin (TBIL) ≤1.5×ULN (except Gilbert's syndrome, "
                "TBIL ≤3.0×ULN);")
    assert all_checks(node) == ["alt <= 3 xULN", "ast <= 3 xULN", "total_bilirubin <= 1.5 xULN"]
    # the exception is the bilirubin's (its own words read a bilirubin limit), not the ALT's
    (held,) = [n for n in node.walk() if n.exceptions]
    assert [c.variable for c in held.checks] == ["total_bilirubin"]
    assert held.exceptions == ["except Gilbert's syndrome, TBIL ≤3.0×ULN"]
    assert one("ALT more than 3 times UNL", "exclusion").describe() == "alt > 3 xULN"


def test_unreadable_unit_gives_no_check():
    # seed 002: glucocorticoid dose per kg is not a prednisone_dose in mg/day
    node = crit("Conventional therapy: Glucocorticoids (≥1 mg/kg/day) combined with cyclophosphamide")
    assert not [c for c in node.checks if c.variable == "prednisone_dose"]


def test_prednisone_dose_range():
    node = crit("Oral corticosteroids are prednisone (or equivalent drug) ≥7.5mg/day and ≤30mg/day. If used in "
                "combination with immunosuppressants, there is no minimum daily dose requirement;")
    assert all_checks(node) == ["prednisone_dose >= 7.5 mg/day", "prednisone_dose <= 30 mg/day"]
