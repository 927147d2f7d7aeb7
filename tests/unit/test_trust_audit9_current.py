"""Audit 9 (session 11, issue 11), fault 4: "Currently receiving immunosuppressive or
myelosuppressive therapy with, for example, monoclonal antibodies, methotrexate, cyclophosphamide,
cyclosporine or azathioprine, or chronic use of corticosteroids" (Chia NCT03364036 exc-4) excluded
a man whose methotrexate stopped six months ago and one who had taken prednisone for five days:
"currently" was read as "ever received", and "chronic use" did not gate the corticosteroids.

A reader: "currently receiving" asks what the patient takes at the screening date, so a drug
stopped before it is no reason to exclude; a current one is. "Chronic use of corticosteroids" asks
about a habit no therapy list shows: current prednisone of unknown length is for a person, never
a reason to exclude on its own.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def result(text: str, therapies: list[dict[str, Any]], section: str = "exclusion",
           history: str = "complete") -> tuple[str, str]:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "male"},
                         "therapies": therapies, "therapy_history": history})
    got = match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id]
    return got.status, got.reason


CURRENTLY = "Currently receiving immunosuppressive or myelosuppressive"


def test_a_drug_stopped_months_ago_is_not_currently_received():
    text = chia_line("NCT03364036_exc.txt", CURRENTLY)
    methotrexate_stopped = {"drug": "methotrexate", "start": "2024-01-01", "stop": "2026-06-01"}
    status, _ = result(text, [methotrexate_stopped])
    assert status != "met"          # stopped six months before screening: not "currently"
    status, _ = result(text, [methotrexate_stopped], history="partial")
    assert status != "met"


def test_a_drug_taken_now_is_currently_received_and_only_it_is_named():
    text = chia_line("NCT03364036_exc.txt", CURRENTLY)
    status, reason = result(text, [{"drug": "tacrolimus", "start": "2025-01-01", "stop": "2026-08-01"},
                                   {"drug": "mycophenolate mofetil", "current": True}], history="partial")
    assert status == "met"
    assert "mycophenolate mofetil" in reason
    assert "tacrolimus" not in reason        # stopped four months ago: not what excludes him
    status, _ = result(text, [{"drug": "methotrexate", "start": "2026-01-01"}])     # started, no stop
    assert status == "met"


def test_chronic_corticosteroids_are_not_shown_by_current_prednisone():
    text = chia_line("NCT03364036_exc.txt", CURRENTLY)
    # prednisone for five days, nothing else: "chronic use" is not shown, so not excluded on it
    status, _ = result(text, [{"drug": "prednisone", "start": "2026-11-26"}])
    assert status != "met"
    status, _ = result(text, [{"drug": "prednisone", "current": True}])
    assert status != "met"
    # nor cleared: whether it is chronic use is for a person
    assert status != "not_met"


def test_chronic_immunosuppressive_medications_are_a_habit_not_a_window():
    # Chia NCT02462590: "... those receiving chronic immunosuppressive medications (e.g.,
    # azathioprine, cyclosporine, ..., tacrolimus, ...), previous transplantation ..., malignancy
    # requiring chemotherapy in the last 3 months, ...": tacrolimus stopped two months ago is no
    # chronic immunosuppression the text asks about
    text = chia_line("NCT02462590_exc.txt", "Patients at potential increased risk of iatrogenic")
    status, _ = result(text, [{"drug": "tacrolimus", "start": "2020-01-01", "stop": "2026-10-01"}])
    assert status != "met"


def test_prior_or_current_use_is_still_ever_received():
    # "prior or current" asks about any use: a drug stopped long ago still counts
    status, _ = result("Prior or current treatment with methotrexate",
                       [{"drug": "methotrexate", "start": "2020-01-01", "stop": "2022-06-01"}])
    assert status == "met"


def test_a_last_dose_with_no_stop_date_may_be_current():
    # panel.md: "a therapy is current when it has no stop; last_dose is its most recent dose".
    # Weekly methotrexate last taken a week ago, no stop date: perhaps still taken, perhaps not;
    # the entry does not say, so "currently receiving" is open, never "not received".
    text = chia_line("NCT03364036_exc.txt", CURRENTLY)
    weekly = {"drug": "methotrexate", "start": "2025-01-01", "last_dose": "2026-11-24"}
    status, reason = result(text, [weekly])
    assert status == "unknown"
    assert "methotrexate" in reason and "no stop date" in reason
    # the same with its stop date given: stopped, so not currently received
    status, _ = result(text, [{**weekly, "stop": "2026-11-24"}])
    assert status != "met"
    # said to be current: excluded
    status, _ = result(text, [{"drug": "methotrexate", "current": True}])
    assert status == "met"
