"""Audit 10 (session 12), class A: "immunosuppressive agents / therapy / medication" was read as
the vocabulary's narrow class of conventional immunosuppressants (mycophenolate, azathioprine,
methotrexate, ...), which holds no anti-TNF antibody, no JAK inhibitor, no glucocorticoid. With a
complete therapy history, a patient given infliximab ten days ago and taking prednisone was "not
met" for NCT05482568 exc-9 "Received systemic immunosuppressant therapy within 14 days prior to the
first study": a confident ✓ where the text excludes him.

A reader: infliximab, adalimumab, tocilizumab, the B-cell antibodies and the JAK inhibitors are
immunosuppressive agents (ATC L04, "immunosuppressants"); NCT05482516 exc-34 even lists
"corticosteroids ... and anti-TNF-alpha agents" among them. A glucocorticoid suppresses immunity
at some doses only (the same exclusion lets "low-dose corticosteroids" through): whether the
patient's prednisone counts is for a person, never a "not met" and never a "met" on its own.
The noun "immunosuppressants", which lupus trials write beside "glucocorticoids", still names the
conventional drugs (panel.md's class); the antibodies it may mean are left to a person there.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import ctgov_tree as tree_of
from tests.unit.test_trust_audit4_reading import node
from trialview.model.criteria import CriteriaTree, parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def statuses(tree: CriteriaTree, therapies: list[dict[str, Any]]) -> dict[str, str]:
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "female"},
                         "therapies": therapies, "therapy_history": "complete"})
    return {k: r.status for k, r in match_trial("T", "t", tree, panel).statuses.items()}


INFLIXIMAB = {"drug": "infliximab", "last_dose": "2026-11-21"}          # 10 days before as_of
PREDNISONE = {"drug": "prednisone", "current": True}
TOFACITINIB = {"drug": "tofacitinib", "current": True}

# NCT05482568 exc-9, NCT00739830 exc-18
WITHIN_14 = ("NCT05482568", "Received systemic immunosuppressant therapy within 14 days")
CONCURRENT = ("NCT00739830", "Concurrent treatment with immunosuppressive agents")


def test_an_anti_tnf_antibody_or_a_jak_inhibitor_is_immunosuppressive_therapy():
    for trial, start in (WITHIN_14, CONCURRENT):
        tree = tree_of(trial)
        crit = node(tree, start)
        for drug in (INFLIXIMAB, TOFACITINIB):
            # ("systemic", "concurrent": words no check reads leave a "yes" to a person)
            assert statuses(tree, [drug])[crit.id] != "not_met", (trial, drug)


def test_a_glucocorticoid_alone_is_for_a_person_not_a_no():
    for trial, start in (WITHIN_14, CONCURRENT):
        tree = tree_of(trial)
        got = statuses(tree, [PREDNISONE])[node(tree, start).id]
        assert got not in ("not_met", "met"), (trial, got)


def test_the_anti_tnf_named_in_the_including_list_excludes():
    # NCT05482516 exc-34 "Treatment with systemic immunosuppressive medication (including, but not
    # limited to, corticosteroids, cyclophosphamide, azathioprine, methotrexate, thalidomide, and
    # anti-TNF-alpha agents) within 2 weeks prior to initiation of study treatment, ...": the
    # part that reads the two weeks is met by infliximab ten days ago
    tree = tree_of("NCT05482516")
    crit = next(n for n in tree.walk() if n.text.startswith("Treatment with systemic immunosuppressive"))
    within = [n for n in crit.walk()
              if any(c.variable == "immunosuppressive" and c.op == "within" and c.value == 14 for c in n.checks)]
    assert within
    got = statuses(tree, [INFLIXIMAB])
    assert all(got[n.id] != "not_met" for n in within), [(n.id, got[n.id]) for n in within]
    assert got[crit.id] != "not_met"


def test_no_immunosuppressive_drug_is_still_a_no():
    # hydroxychloroquine is an antimalarial, no immunosuppressant: with a complete history the
    # exclusion is not met; a conventional immunosuppressant still excludes
    tree = tree_of(WITHIN_14[0])
    crit = node(tree, WITHIN_14[1])
    assert statuses(tree, [{"drug": "hydroxychloroquine", "current": True}])[crit.id] == "not_met"
    assert statuses(tree, [{"drug": "azathioprine", "current": True}])[crit.id] != "not_met"
    assert statuses(tree, [{"drug": "prednisone", "start": "2026-01-01", "stop": "2026-03-01"}])[crit.id] == "not_met"


def test_the_reason_names_the_drug_and_why_a_glucocorticoid_is_open():
    # the plain words, with nothing left unread, as a Chia exclusion (NCT01743755) writes them
    tree = parse_criteria("", "Patients who received immunosuppressive medication in the last 6 weeks")
    crit = tree.sections[0].children[0]

    def one(therapies: list[dict[str, Any]]) -> tuple[str, str]:
        panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "female"},
                             "therapies": therapies, "therapy_history": "complete"})
        got = match_trial("T", "t", tree, panel).statuses[crit.id]
        return got.status, got.reason

    status, reason = one([INFLIXIMAB])
    assert status == "met" and "infliximab" in reason
    status, reason = one([PREDNISONE])
    assert status not in ("met", "not_met") and "prednisone" in reason and "dose" in reason
    assert one([PREDNISONE, INFLIXIMAB])[0] == "met"
    assert one([{"drug": "hydroxychloroquine", "current": True}])[0] == "not_met"


def test_the_noun_beside_glucocorticoids_means_the_conventional_drugs():
    # a lupus CAR-T trial (sample_trials/001) excludes "Have received immunosuppressants within 1
    # week prior to screening" where its inclusion names glucocorticoids apart from them: the
    # patient's current prednisone is no reason to exclude; an anti-TNF antibody may be meant
    # (ATC puts it with the immunosuppressants), so it is left to a person, never cleared
    tree = parse_criteria("", "Have received immunosuppressants within 1 week prior to screening;")
    crit = tree.sections[0].children[0]

    def one(therapies: list[dict[str, Any]]) -> str:
        panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "female"},
                             "therapies": therapies, "therapy_history": "complete"})
        return match_trial("T", "t", tree, panel).statuses[crit.id].status

    assert one([PREDNISONE]) == "not_met"
    assert one([{"drug": "adalimumab", "current": True}]) not in ("met", "not_met")
    assert one([{"drug": "mycophenolate mofetil", "current": True}]) == "met"
