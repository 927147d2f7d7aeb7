"""The TNF inhibitors are a class of their own (audit 11; session 13).

"Previous use of infliximab or other anti-TNF antagonists" (NCT00055497 exc-3), "Prior treatment
with any anti-TNF agent" (Chia NCT02687724), "Exposure to more than 1 tumor necrosis factor
(TNF)-antagonist or primary failure to TNF antagonist therapy" (NCT02278341 exc-3): the class had
no name, so a patient on adalimumab read "?" where a reader sees her excluded. The TNF inhibitors
are biologics and immunosuppressive, as they were.

A failure of, or an inadequate response to, a therapy is not its exposure: "primary failure to TNF
antagonist therapy" does not exclude a patient who had one and responded (for a person).
"""

from __future__ import annotations

from tests.corpora import chia_line, ctgov_tree
from tests.verdicts import criterion_id, verdict
from trialview.model.criteria import parse_criteria


ADALIMUMAB = {"drug": "adalimumab", "start": "2024-01-01", "stop": "2025-01-01"}
ETANERCEPT = {"drug": "etanercept", "start": "2022-01-01", "stop": "2023-06-01"}


def test_other_anti_tnf_antagonists_count_every_tnf_inhibitor():
    tree = ctgov_tree("NCT00055497")
    exc = criterion_id(tree, "Previous use of infliximab or other anti-TNF antagonists")
    assert verdict(tree, exc, [ADALIMUMAB]) == "met"
    assert verdict(tree, exc, [{"drug": "certolizumab", "start": "2024-01-01", "stop": "2024-06-01"}]) == "met"
    assert verdict(tree, exc, [{"drug": "rituximab", "last_dose": "2024-01-01"}]) == "not_met"
    assert verdict(tree, exc, []) == "not_met"


def test_any_anti_tnf_agent_of_chia():
    tree = parse_criteria("", chia_line("NCT02687724_exc.txt", "Prior treatment with any anti-TNF agent"))
    assert verdict(tree, "exc-1", [ETANERCEPT]) == "met"


def test_more_than_one_tnf_antagonist_and_a_failure_left_to_a_person():
    tree = ctgov_tree("NCT02278341")
    exc = criterion_id(tree, "Exposure to more than 1 tumor necrosis factor")
    assert verdict(tree, exc, [ADALIMUMAB, ETANERCEPT]) == "met"
    # one TNF inhibitor: whether it failed her is not on the panel
    assert verdict(tree, exc, [ADALIMUMAB]) not in ("met", "not_met")


def test_a_failure_of_a_therapy_is_no_exposure_to_it():
    tree = parse_criteria("", "Exposure to more than 1 biologic or primary failure to rituximab therapy")
    assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2025-01-01"}]) != "met"


def test_a_tnf_inhibitor_is_still_a_biologic_and_immunosuppressive():
    for text in ("Treatment with biologics within 6 months", "Immunosuppressive therapy within 6 months"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", [{"drug": "infliximab", "last_dose": "2026-10-01"}]) == "met", text
