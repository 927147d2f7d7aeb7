"""A careful screener's audit, eighth round (session 10, issue 11), of real ClinicalTrials.gov
criteria from the Chia corpus's tuning part (tests/data/chia-dev.tar.xz): NCT02838810 (chronic
hepatitis B on nucleos(t)ide analogues), NCT02902120 (HCV in kidney disease and transplant) and
NCT00094861 (stage III NSCLC with palifermin), each criterion matched against plain patients. Each
test is one general rule the audit found broken, on the record's own words (and on other wordings
of the same rule), asserting what a reader of that text would conclude.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_files
from trialview.model.criteria import CriteriaTree, CriterionNode, parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def record(nct: str) -> CriteriaTree:
    """The record's criteria as the Chia files give them (its inclusion and exclusion lists)."""
    files = chia_files()
    return parse_criteria(files.get(f"{nct}_inc.txt", ""), files.get(f"{nct}_exc.txt", ""))


def node(tree: CriteriaTree, start: str) -> CriterionNode:
    (found,) = [n for s in tree.sections for n in s.children if n.text.startswith(start)]
    return found


def statuses(tree: CriteriaTree, values: dict[str, Any], therapies: list[dict[str, Any]] | None = None,
             history: str = "partial") -> dict[str, tuple[str, str]]:
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": therapies or [],
                         "therapy_history": history})
    result = match_trial("T", "t", tree, panel)
    return {k: (r.status, r.reason) for k, r in result.statuses.items()}


def one(text: str, section: str, values: dict[str, Any], therapies: list[dict[str, Any]] | None = None,
        history: str = "partial") -> tuple[str, str]:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    return statuses(tree, values, therapies, history)[tree.sections[0].children[0].id]


def subtree(n: CriterionNode) -> list[CriterionNode]:
    out = [n]
    for child in n.children:
        out.extend(subtree(child))
    if n.condition is not None:
        out.extend(subtree(n.condition))
    return out


# --- a serology or viral load with a number is a quantity limit, not a positive test -------------

def test_a_viral_load_ceiling_is_met_by_an_undetectable_load():
    # NCT02838810 inc "Hepatitis B virus DNA <100 IU/mL." (patients suppressed on nucleos(t)ide
    # analogues): an undetectable HBV DNA is below 100 IU/mL; it was failed as "HBV DNA: negative
    # (positive required)" with "<100 IU/mL" unread
    tree = record("NCT02838810")
    dna = node(tree, "Hepatitis B virus DNA <100")
    status, reason = statuses(tree, {"hbv_dna": "undetectable"})[dna.id]
    assert status == "met" and "positive required" not in reason
    # a detectable load without its number may be above or below 100: open, never failed
    assert statuses(tree, {"hbv_dna": "detectable"})[dna.id][0] in ("unknown", "manual")
    # other wordings of a ceiling, a limit beside another check, a floor and a lost comparator
    assert one("HBV-DNA level of less than 20 IU/mL", "inclusion", {"hbv_dna": "negative"})[0] == "met"
    assert one("HBsAg positive and HBV DNA < 2000 IU/mL", "exclusion",
               {"hbsag": "positive", "hbv_dna": "undetectable"})[0] == "met"
    assert one("HBsAg positive and HBV DNA < 2000 IU/mL", "exclusion",
               {"hbsag": "positive", "hbv_dna": "detectable"})[0] not in ("met", "not_met")
    # "HBV DNA > 2000 IU/mL" needs a detectable load: an undetectable one is not excluded
    assert one("HBV DNA > 2000 IU/mL", "exclusion", {"hbv_dna": "undetectable"})[0] == "not_met"
    assert one("HCV RNA = 1,000 IU/ml", "inclusion", {"hcv_rna": "negative"})[0] != "not_met"
    # a number of another quantity after a virus is no viral load: Chia NCT02462590 exc "...
    # immunocompromised populations (HIV <200 CD4 cells/µL, ...": a CD4 count, not an HIV load
    # an HIV-negative patient would meet
    text = "Immunocompromised populations (HIV <200 CD4 cells/µL)"
    tree = parse_criteria("", text)
    assert not any(c.variable == "hiv" and c.value == "negative" for n in tree.walk() for c in n.checks)


# --- "A and either B or C" ----------------------------------------------------------------------

def test_what_stands_before_either_is_required_beside_the_alternatives():
    # NCT02902120 inc "Have Chronic HCV infection prior to transplantation with documented HCV
    # viremia = 1,000 IU/ml at screening and either documented HCV Ab positivity or HCV viremia =
    # 1,000 IU/ml at least 6 months prior to enrollment.": chronic HCV with viremia at screening
    # AND (antibody OR earlier viremia). A man with HCV antibodies and no HCV RNA (cleared) was ✓
    # met on "HCV antibody: positive", the viremia at screening unread
    tree = record("NCT02902120")
    hcv = node(tree, "Have Chronic HCV infection prior to transplantation")
    assert statuses(tree, {"age": 72, "sex": "male", "hcv_ab": "positive", "hcv_rna": "negative"})[hcv.id][0] \
        != "met"
    assert statuses(tree, {"hcv_ab": "positive"})[hcv.id][0] != "met"
    # the alternatives themselves still read: neither of them fails it
    assert statuses(tree, {"hcv_ab": "negative"})[hcv.id][0] != "met"
    # the same shape with two alternatives both read: the requirement before "either" stays
    text = "Chronic HCV infection with viremia at screening, and either HCV Ab positive or HCV RNA positive"
    assert one(text, "inclusion", {"hcv_ab": "positive"})[0] != "met"
    # and a plain "either ... or" after filler words is still decided by its alternatives
    assert one("Patients with either HCV Ab positive or HCV RNA positive", "inclusion", {"hcv_ab": "positive"})[0] \
        == "met"


# --- a disease named as what a treatment treats ---------------------------------------------------

def test_a_drug_class_named_after_a_disease_is_no_infection():
    # NCT02902120 exc "Cyclosporine; St. John's Wort; ...; HIV protease inhibitors; ...; or rifampin
    # use within 7 days of enrollment": the use of a protease inhibitor, which an HIV-negative
    # patient's serostatus does not answer ("HIV: negative" was shown on a node of it)
    tree = record("NCT02902120")
    drugs = node(tree, "Cyclosporine; St. John's Wort")
    found = statuses(tree, {"age": 72, "sex": "male", "hiv": "negative"})
    assert not any("HIV" in found[n.id][1] for n in subtree(drugs) if n.id in found)
    assert not any(c.variable == "hiv" for n in subtree(drugs) for c in n.checks)
    # other treatments named by their disease
    for text in ("Use of HIV integrase inhibitors within 30 days", "HCV NS5A inhibitors in the past",
                 "Current HBV antiviral therapy", "Receiving HIV medications"):
        assert one(text, "exclusion", {"hiv": "negative", "hcv_ab": "negative", "hbsag": "negative"})[0] \
            != "not_met", text
    # the infection itself is still read
    assert one("Known HIV infection", "exclusion", {"hiv": "negative"})[0] == "not_met"


# --- growth factors that are not G-CSF ------------------------------------------------------------

def test_a_growth_factor_of_another_kind_is_not_g_csf():
    # NCT00094861 exc "Previous treatment on this study or with a fibroblast growth factor"
    # (palifermin, the study drug): a history marked complete that lists no G-CSF says nothing of
    # a fibroblast growth factor; it was ✓ "no growth factor (G-CSF) received"
    tree = record("NCT00094861")
    fgf = node(tree, "Previous treatment on this study or with a fibroblast growth factor")
    status, reason = statuses(tree, {"age": 61, "sex": "male"},
                              [{"drug": "cyclophosphamide", "last_dose": "2026-09-22"}], "complete")[fgf.id]
    assert status != "not_met" and "G-CSF" not in reason
    for text in ("Prior vascular endothelial growth factor inhibitors", "Prior treatment with epidermal growth factor "
                 "receptor inhibitors", "Treatment with insulin-like growth factor within 4 weeks"):
        assert one(text, "exclusion", {}, [], "complete")[0] != "not_met", text
    # a haematopoietic growth factor is still read against a complete history
    assert one("Use of G-CSF or other growth factors within 2 weeks", "exclusion", {}, [], "complete")[0] == "not_met"


# --- a measured clearance is not the Cockcroft-Gault estimate ---------------------------------------

WOMAN_29 = {"age": 29, "sex": "female", "weight": {"value": 121, "unit": "lb"},
            "creatinine": {"value": 150, "unit": "umol/L"}}


def test_a_measured_clearance_is_not_decided_from_the_estimate():
    # NCT00094861 inc "Serum creatinine less than or equal to 2.0 mg/dL (Note: ... must demonstrate
    # a 24-hour urinary creatinine clearance greater than or equal to 50 mL/min)": a woman of 29,
    # 121 lb, creatinine 150 µmol/L (1.70 mg/dL) was ✗ on a Cockcroft-Gault estimate of 42 mL/min;
    # the screener orders a 24-hour urine collection
    tree = record("NCT00094861")
    kidney = node(tree, "Serum creatinine less than or equal to 2.0 mg/dL")
    status, reason = statuses(tree, WOMAN_29)[kidney.id]
    assert status != "not_met" and "Cockcroft-Gault) <" not in reason
    # a measured clearance given on the panel decides it
    assert one("Measured creatinine clearance >= 60 mL/min", "inclusion", {**WOMAN_29, "crcl": 70})[0] == "met"
    assert one("Measured creatinine clearance >= 60 mL/min", "inclusion", {**WOMAN_29, "crcl": 45})[0] == "not_met"
    assert one("Measured creatinine clearance >= 60 mL/min", "inclusion", WOMAN_29)[0] == "unknown"
    assert one("Creatinine clearance >= 60 mL/min measured by 24-hour urine collection", "inclusion",
               WOMAN_29)[0] == "unknown"
    # Chia NCT02519777 "Creatinine clearance (CrCl) greater than or equal to 60 mL/min, either
    # measured or estimated by Cockcroft-Gault equation": the estimate answers it
    text = "Creatinine clearance (CrCl) greater than or equal to 60 mL/min, either measured or estimated by " \
           "Cockcroft-Gault equation."
    assert one(text, "inclusion", WOMAN_29)[0] == "not_met"
