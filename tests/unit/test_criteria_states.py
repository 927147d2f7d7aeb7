"""Checks read from criteria text: words and states (conditions, infections, pregnancy),
negation, exceptions and the spans that point at the words read. Every phrase is quoted from the
seeds or from Chia."""

from __future__ import annotations

import pytest

from tests.unit.criteria_helpers import all_checks, crit, one


# ---- words, states, negation, exceptions -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Active or latent tuberculosis;", ["tuberculosis == positive"]),
    ("IgA deficiency;", ["iga_deficiency == True"]),
    ("Acquired and congenital immunodeficiency diseases;", ["immunodeficiency == True"]),
    ("Individuals with asthma, severe allergies;", ["asthma == True", "severe_allergy == True"]),
    ("Presence of neuropsychiatric lupus (NPSLE).", ["npsle == True"]),
    ("History of thrombotic thrombocytopenic purpura (TTP) or thrombotic microangiopathy (TMA).",
     ["ttp_tma_history == True"]),
    ("End-stage renal failure.", ["end_stage_renal_disease == True"]),
    ("Psychiatric disorders or severe cognitive impairment.", ["psychiatric_disorder == True"]),
    ("Central nervous system disorders caused by autoimmune diseases (ADs) or non-ADs.", ["cns_disease == True"]),
    ("Combined with other autoimmune diseases requiring systemic therapy;", ["other_autoimmune_disease == True"]),
    ("Severe cardiac diseases.", ["severe_cardiac_disease == True"]),
    ("Presence of other uncontrolled active infections;", ["active_infection == True"]),
    ("History of major organ transplantation (such as heart, lung, liver, kidney) or bone marrow/hematopoietic stem "
     "cell transplantation;", ["organ_transplant == True", "hsct == True"]),
    ("Cytomegalovirus DNA levels and EB (Epstein-Barr) virus DNA levels in the peripheral blood exceeding the normal "
     "upper limits;", ["cmv_dna == positive", "ebv_dna == positive"]),
    ("Pregnant or breastfeeding women;", ["pregnant == True", "lactating == True"]),
])
def test_states_in_exclusions(text, expected):
    assert all_checks(crit(text, "exclusion")) == expected


def test_positive_hbsag():
    node = crit("Individuals with positive Hepatitis B surface antigen (HBsAg) and/or Hepatitis B core antibody "
                "(HBcAb), and Hepatitis B virus (HBV) DNA positivity", "exclusion")
    assert "hbsag == positive" in all_checks(node)


def test_sle_classification():
    assert one("Fulfilling the 2019 ACR/EULAR classification criteria of SLE;").describe() == "sle_eular_acr_2019 == True"
    c = one("Before random assignment, records show that it meets at least 4 of the 11 SLE classification criteria "
            "recommended by ACR in 1997.")
    assert c.describe() == "sle_acr_1997_count >= 4 criteria"


def test_negation_non_pregnant_and_negative_tests():
    node = crit("Non-pregnant/non-lactating participants, willing to adopt contraceptive measures within 12 months "
                "after drug infusion.")
    assert all_checks(node) == ["pregnant == False", "lactating == False"]
    node = crit("In the case of women of childbearing age, urinary pregnancy and serum pregnancy tests should be "
                "negative.")
    assert all_checks(node) == ["pregnant == False"]
    node = crit("Absolute neutrophil count ≥1×10⁹/L (without colony-stimulating factor therapy within 2 weeks prior "
                "to testing)")
    assert all_checks(node) == ["anc >= 1 10^9/L"]


def test_exceptions_are_kept_and_not_read_as_conditions():
    node = crit("History of malignant diseases such as malignant tumors, except for adequately treated cervical "
                "carcinoma in situ, basal cell or squamous cell skin cancer, superficial bladder cancer, breast cancer;",
                "exclusion")
    assert all_checks(node) == ["malignancy_history == True"]
    assert node.exceptions and node.exceptions[0].startswith("except for adequately treated cervical carcinoma in situ")
    node = crit("total bilirubin <1.5 X ULN; AST, ALT<2.5X ULN (<5 X ULN if liver metastases are present)")
    assert all_checks(node) == ["total_bilirubin < 1.5 xULN", "ast < 2.5 xULN", "alt < 2.5 xULN"]
    assert node.exceptions == ["<5 X ULN if liver metastases are present"]


def test_spans_point_at_the_words_read():
    node = crit("Liver function: ALT and AST ≤2.5×ULN, total bilirubin \\<2.0mg/dL")
    for c in node.checks:
        a, b = c.span
        assert node.text[a:b].lower().startswith({"alt": "alt", "ast": "ast", "total_bilirubin": "total bilirubin"}[c.variable])
    tb = next(c for c in node.checks if c.variable == "total_bilirubin")
    assert node.text[tb.span[0]:tb.span[1]] == "total bilirubin \\<2.0mg/dL"
