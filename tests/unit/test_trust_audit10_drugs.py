"""Audit 10 (session 12), classes F and G: what a therapy list says about a drug it does not name.

F. A screener holding a complete therapy list of metformin, atorvastatin and aspirin says "no
tacrolimus, no live vaccine, no other clinical trial, no biologic": these are common drugs she
knows, and none of them is any of those. trialview did not know them and left every such "no"
open ("metformin ...: cannot tell if it is tacrolimus"). The vocabulary now knows the common drugs
of the patients these trials screen, with the classes they are in (most none; a monoclonal
antibody is a biologic; a cytotoxic is a chemotherapy, which some texts count among the
immunosuppressive therapies: then it stays for a person).

A name trialview still does not know: the screener's rule is "could it be the thing asked?".
- A misspelling of the asked drug could ("metotrexate" is methotrexate): open (panel.md: an
  unknown drug "can decide nothing", "ritixumab" may be rituximab).
- A brand name or a study code says nothing of what it is ("Trexall" is methotrexate, "Zostavax"
  a live vaccine): open.
- A generic name carrying another family's INN stem cannot be the one drug or the procedure asked
  ("linagliptin", a gliptin, is no methotrexate and no vaccine): decided.
- A drug class stays open for any unknown name (the name may be a member); a window stays open only
  for an unknown name given inside it (one stopped 200 days ago is no biologic of the last 120).

G. A partial history listing an unknown drug inside the window: the reason names it and when it
was given, not "no biologics listed".
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.corpora import ctgov_tree
from tests.unit.test_trust_audit4_reading import node
from trialview.model.criteria import CriteriaTree, parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

# audit 10's panels (/tmp/audit10/panels): their therapy lists, as_of 2026-12-01
M58 = [{"drug": "metformin", "start": "2018-05-01"}, {"drug": "atorvastatin", "start": "2023-03-10"},
       {"drug": "aspirin", "start": "2023-03-10"},
       {"drug": "methotrexate", "start": "2024-01-15", "stop": "2026-08-01"},
       {"drug": "adalimumab", "start": "2025-02-01", "last_dose": "2026-10-01", "stop": "2026-10-01"},
       {"drug": "major surgery", "last_dose": "2019-04-12"}]
B9 = [{"drug": "dexamethasone", "start": "2026-11-10"}, {"drug": "vincristine", "start": "2026-11-10"},
      {"drug": "methotrexate", "last_dose": "2026-11-20"},
      {"drug": "fluconazole", "start": "2026-11-10", "stop": "2026-11-17"},
      {"drug": "transfusion", "last_dose": "2026-11-25"}]
F34 = [{"drug": "docetaxel", "start": "2026-02-01", "stop": "2026-06-10"},
       {"drug": "carboplatin", "start": "2026-02-01", "stop": "2026-06-10"},
       {"drug": "pertuzumab", "start": "2026-02-01", "stop": "2026-06-10"},
       {"drug": "trastuzumab", "start": "2026-02-01", "last_dose": "2026-11-10"},
       {"drug": "dexamethasone", "start": "2026-02-01", "stop": "2026-06-10"},
       {"drug": "sertraline", "start": "2025-09-01"}]


def outcome(tree: CriteriaTree, node_id: str, therapies: list[dict[str, Any]],
            history: str = "complete") -> tuple[str, str]:
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 40, "sex": "male"},
                         "therapies": therapies, "therapy_history": history})
    got = match_trial("T", "t", tree, panel).statuses[node_id]
    return got.status, got.reason


def first(text: str) -> tuple[CriteriaTree, str]:
    tree = parse_criteria("", text)
    return tree, tree.sections[0].children[0].id


def test_common_drugs_are_known_and_in_no_class_asked():
    # NCT05382364 exc-12 "Is currently participating in another clinical trial": m58 (complete
    # history: metformin, atorvastatin, aspirin, ...) and b9 (vincristine, fluconazole, ...) list
    # no trial
    tree = ctgov_tree("NCT05382364")
    trial = node(tree, "Is currently participating in another clinical trial")
    for therapies in (M58, B9):
        status, reason = outcome(tree, trial.id, therapies)
        assert status == "not_met", reason
    # NCT02210780 exc-6 "Treatment with biologics within 4 months of baseline visit": b9 had none
    tree = ctgov_tree("NCT02210780")
    biologics = node(tree, "Treatment with biologics within 4 months")
    status, reason = outcome(tree, biologics.id, B9)
    assert status == "not_met", reason
    assert "not a drug trialview knows" not in reason


def test_chemotherapy_leaves_immunosuppressive_therapy_to_a_person():
    # NCT05482568 exc-9 "Received systemic immunosuppressant therapy within 14 days prior to the
    # first study": vincristine (current) is chemotherapy, which many trials count as
    # immunosuppressive: never "not received" on a list holding it
    tree = ctgov_tree("NCT05482568")
    crit = node(tree, "Received systemic immunosuppressant therapy")
    b9_no_mtx = [t for t in B9 if t["drug"] != "methotrexate"]
    status, reason = outcome(tree, crit.id, b9_no_mtx)
    assert status != "not_met", reason
    assert "vincristine" in reason


def test_an_unknown_name_decides_a_named_drug_only_when_it_cannot_be_it():
    # Chia NCT02634541 exc "Methotrexate used within the previous 6 months", complete history
    tree, crit = first(chia_line("NCT02634541_exc.txt", "Methotrexate used within the previous 6 months"))
    # a gliptin or a statin (INN stems of other families) is no methotrexate
    for name in ("linagliptin", "pitavastatin"):
        status, reason = outcome(tree, crit, [{"drug": name, "current": True}])
        assert status == "not_met", (name, reason)
    # a brand name (Trexall is methotrexate) or a misspelling may be it: open, and said why
    for name in ("Trexall", "metotrexate"):
        status, reason = outcome(tree, crit, [{"drug": name, "current": True}])
        assert status == "unknown", (name, reason)
        assert name in reason


def test_an_unknown_drug_name_is_no_procedure_or_exposure():
    # sample trial 000 exc-7 "History of live vaccine administration within the last 30 days"
    text = "History of live vaccine administration within the last 30 days"
    tree, crit = first(text)
    status, reason = outcome(tree, crit, [{"drug": "olmesartan", "current": True}])
    assert status == "not_met", reason
    # Zostavax, a live zoster vaccine by its brand name, 10 days ago: for a person
    status, reason = outcome(tree, crit, [{"drug": "Zostavax", "last_dose": "2026-11-21"}])
    assert status == "unknown", reason


def test_a_drug_class_stays_open_for_an_unknown_name_inside_its_window_only():
    # NCT02210780 exc-6 "Treatment with biologics within 4 months": Herceptin (a brand name)
    tree = ctgov_tree("NCT02210780")
    crit = node(tree, "Treatment with biologics within 4 months").id
    status, reason = outcome(tree, crit, [{"drug": "Herceptin", "last_dose": "2026-11-10"}])
    assert status == "unknown" and "Herceptin" in reason
    # given last 200 days ago, complete history: no biologic of the last 120 days, whatever it is
    status, reason = outcome(tree, crit, [{"drug": "Herceptin", "last_dose": "2026-05-15"}])
    assert status == "not_met", reason


def test_a_listed_biologic_inside_the_window_is_named():
    # G: f34 (partial history) had trastuzumab 21 days before screening. NCT02210780 exc-6
    # "Treatment with biologics within 4 months of baseline visit" and NCT05382364 exc-5
    # "... or biological cancer therapy ... within 4 weeks": trastuzumab is a biologic given
    # inside both windows; trialview said "no biologics listed within 120 / 28 days"
    tree = ctgov_tree("NCT02210780")
    crit = node(tree, "Treatment with biologics within 4 months").id
    status, reason = outcome(tree, crit, F34, history="partial")
    assert status == "met" and "trastuzumab" in reason
    # the same list written with a brand name trialview does not know: open, and the reason names
    # it and when it was given
    branded = [dict(t, drug="Herceptin") if t["drug"] == "trastuzumab" else t for t in F34
               if t["drug"] != "pertuzumab"]
    status, reason = outcome(tree, crit, branded, history="partial")
    assert status == "unknown"
    assert "Herceptin (21 days ago)" in reason and "no biologics listed" not in reason
