"""Audit 10 (session 12, issue 11), class M: "Concurrent treatment with immunosuppressive agents"
(NCT00739830 exc-18) was read as "ever received an immunosuppressant", with "Concurrent
treatment" left unread; a man whose methotrexate stopped four months before screening (his whole
history given) was left open, and one who had ever taken it would have been excluded.

A reader: "concurrent" (like "concomitant", "ongoing") asks what the patient takes alongside the
study, so at the screening date: a drug stopped months ago is not concurrent; one taken now is.
"Prior or concurrent" still asks about ever.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line, ctgov_tree
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def status_of(tree: Any, start: str, therapies: list[dict[str, Any]]) -> tuple[str, str]:
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 58, "sex": "male"},
                         "therapies": therapies, "therapy_history": "complete"})
    (found,) = [n for n in tree.walk() if n.text.startswith(start)]
    got = match_trial("T", "t", tree, panel).statuses[found.id]
    return got.status, got.reason


CONCURRENT = "Concurrent treatment with immunosuppressive agents"


def test_a_drug_stopped_months_ago_is_not_concurrent():
    tree = ctgov_tree("NCT00739830")
    stopped = {"drug": "methotrexate", "start": "2024-01-01", "stop": "2026-08-01"}
    status, _ = status_of(tree, CONCURRENT, [stopped])
    assert status == "not_met"


def test_a_drug_taken_now_is_concurrent():
    tree = ctgov_tree("NCT00739830")
    status, reason = status_of(tree, CONCURRENT, [{"drug": "methotrexate", "current": True}])
    assert status == "met" and "methotrexate" in reason


def test_prior_or_concurrent_still_asks_about_ever():
    tree = parse_criteria("", "Prior or concurrent treatment with methotrexate")
    status, _ = status_of(tree, "Prior or concurrent",
                          [{"drug": "methotrexate", "start": "2024-01-01", "stop": "2026-08-01"}])
    assert status == "met"


def test_concomitant_administration_is_taken_now():
    # Chia NCT02596555: "Concomitant administration of strong inhibitors of P-glycoprotein like
    # ketoconazole, cyclosporin, ..." -- cyclosporine stopped a year ago is not concomitant
    text = chia_line("NCT02596555_exc.txt", "Concomitant administration")
    tree = parse_criteria("", text)
    status, _ = status_of(tree, "Concomitant", [{"drug": "cyclosporine", "start": "2024-01-01", "stop": "2025-11-01"}])
    assert status != "met"
    status, _ = status_of(tree, "Concomitant", [{"drug": "cyclosporine", "current": True}])
    assert status == "met"
