"""Audit 10 (session 12), classes B and C: what a criterion lists after "with the following
exception(s):", or says "are eligible" in an exclusion, was read as more of the criterion.

B. NCT05482516 exc-3 "Active or history of autoimmune disease or immune deficiency, including ...,
with the following exceptions: o ... o Patients with eczema, psoriasis, ... are eligible for the
study provided all of following conditions are met: ... - No occurrence of acute exacerbations ...
requiring ... methotrexate, retinoids, biologic agents, oral calcineurin inhibitors, or
high-potency or oral corticosteroids within the previous 12 months": a woman with no autoimmune
disease, whose dexamethasone premedication stopped in June, was excluded on it ("dexamethasone
174 days ago: within 360 days"). NCT05482516 exc-34 "... with the following exceptions: ...
Patients who received ... corticosteroids for chronic obstructive pulmonary disease (COPD) or
asthma ... are eligible for the study": the asthma the exception admits excluded her.

C. NCT05482516 inc-12 "Negative HIV test at screening, with the following exception: patients with
a positive HIV test at screening are eligible provided they are stable on anti-retroviral therapy,
have a CD4 count ≥ 200µL, and have an undetectable viral load": required HIV negative AND
positive, so an HIV-negative patient failed it.

A reader: an exception can only let a patient in. Its drugs, diseases and tests are never a way to
fail the criterion; whether a patient the criterion finds against is one of them is for a person.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree as tree_of
from trialview.model.criteria import CriteriaTree, CriterionNode
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def results(tree: CriteriaTree, values: dict[str, Any], therapies: list[dict[str, Any]] | None = None,
            ) -> dict[str, tuple[str, str]]:
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": therapies or [],
                         "therapy_history": "complete"})
    return {k: (r.status, r.reason) for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def top(tree: CriteriaTree, start: str) -> CriterionNode:
    return next(n for n in tree.walk() if n.text.startswith(start))


WOMAN = {"age": 34, "sex": "female", "other_autoimmune_disease": False, "immunodeficiency": False,
         "asthma": False, "hiv": "negative"}
DEXAMETHASONE_JUNE = {"drug": "dexamethasone", "start": "2026-03-01", "stop": "2026-06-10"}
AUTOIMMUNE = "Active or history of autoimmune disease or immune deficiency"
IMMUNOSUPPRESSIVE = "Treatment with systemic immunosuppressive medication"


def test_the_drugs_of_an_exception_never_exclude():
    tree = tree_of("NCT05482516")
    crit = top(tree, AUTOIMMUNE)
    for therapies in ([DEXAMETHASONE_JUNE], [{"drug": "methotrexate", "start": "2026-11-20"}]):
        got = results(tree, WOMAN, therapies)
        for node in crit.walk():
            assert got[node.id][0] != "met", (node.id, node.text[:60], got[node.id])
    # the exception's words are no check of the criterion's
    read = {c.variable for n in crit.walk() for c in n.checks}
    assert not read & {"glucocorticoid", "methotrexate", "biologic"}, read


def test_the_disease_an_exception_admits_never_excludes():
    tree = tree_of("NCT05482516")
    crit = top(tree, IMMUNOSUPPRESSIVE)
    got = results(tree, {**WOMAN, "asthma": True}, [{"drug": "prednisone", "start": "2026-09-01",
                                                      "stop": "2026-09-20"}])
    for node in crit.walk():
        assert got[node.id][0] != "met", (node.id, node.text[:60], got[node.id])
    assert "asthma" not in {c.variable for n in crit.walk() for c in n.checks}


def test_an_immunodeficiency_still_excludes_but_only_a_person_clears_the_exceptions():
    tree = tree_of("NCT05482516")
    crit = top(tree, AUTOIMMUNE)
    status, _ = results(tree, {**WOMAN, "immunodeficiency": True})[crit.id]
    assert status != "not_met"


def test_an_exception_is_an_alternative_not_a_second_requirement():
    tree = tree_of("NCT05482516")
    crit = top(tree, "Negative HIV test at screening")
    assert results(tree, WOMAN)[crit.id][0] == "met"
    # positive: eligible only if stable on antiretrovirals with CD4 >= 200 and no viral load,
    # which only a person can tell
    status, reason = results(tree, {**WOMAN, "hiv": "positive"})[crit.id]
    assert status not in ("met", "not_met") and "exception" in reason


def test_people_an_exclusion_says_are_eligible_are_its_exception():
    # NCT05382559 exc-2 "Participant has symptomatic or untreated central nervous system (CNS)
    # metastases. Participants with asymptomatic, treated CNS metastases are eligible."
    tree = tree_of("NCT05382559")
    crit = top(tree, "Participant has symptomatic or untreated central nervous system")
    assert any("asymptomatic, treated CNS metastases are eligible" in e for n in crit.walk() for e in n.exceptions)
