"""Audit 12 (real Chia wording, plain patients): a kind named where the panel holds the whole.

The panel's `malignancy_history` is any malignancy and `organ_transplant` any organ's transplant.
A trial that names one kind ("hematological malignancy", "History of lung transplant") asks less
than the panel's "yes" says: a patient with a past breast cancer, or a kidney recipient, is not
excluded by it; only "no" decides. A transplant to come (a waiting list, a need for one) is none
received: a patient without a transplant is not cleared of it.
"""

from __future__ import annotations

import pytest

from trialview.model.criteria.parse import parse_criteria
from tests.verdicts import verdict


@pytest.mark.parametrize("text", ["Myelodysplastic syndrome or hematological malignancy",   # Chia NCT02739295
                                  "Personal history of breast cancer",
                                  "Active or prior solid organ cancer"])
def test_a_kind_of_malignancy_is_not_any(text):
    tree = parse_criteria("", text)
    # a past melanoma: this kind or not, the text does not say
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) not in ("met", "not_met"), text


def test_no_malignancy_at_all_clears_a_kind():
    tree = parse_criteria("", "Personal history of breast cancer")
    assert verdict(tree, "exc-1", values={"malignancy_history": False}) == "not_met"


def test_a_plain_malignancy_still_decides():
    tree = parse_criteria("", "Prior malignancy")
    assert verdict(tree, "exc-1", values={"malignancy_history": True}) == "met"


@pytest.mark.parametrize("text", ["History of lung transplant.",                              # Chia NCT01217671
                                  "Received heart transplantation or pacemaker implantation"])  # Chia NCT03026088
def test_one_organs_transplant_is_not_any(text):
    tree = parse_criteria("", text)
    # a kidney recipient
    assert verdict(tree, "exc-1", values={"organ_transplant": True}) not in ("met", "not_met"), text


def test_any_organ_transplant_still_decides():
    tree = parse_criteria("", "History of organ transplantation")
    assert verdict(tree, "exc-1", values={"organ_transplant": True}) == "met"
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) == "not_met"


@pytest.mark.parametrize("text", ["Currently on the active heart transplant list",            # Chia NCT01856491
                                  "Need for combined organ transplantation with an extra-renal organ"])  # NCT01531257
def test_a_transplant_to_come_is_none_received(text):
    tree = parse_criteria("", text)
    # listed, not yet transplanted: "organ transplant: no" does not clear the patient
    assert verdict(tree, "exc-1", values={"organ_transplant": False}) != "not_met", text
