"""Audit 9 (session 11, issue 11), fault 10: Chia NCT02985242's exclusion "... alanine
transaminase (ALT) or aspartate transaminase (AST) > 3 x upper limit of normal (ULN) (confirmed on
a second day)". Either lab above 3 x ULN excludes. The clause "(confirmed on a second day)" was
joined to the ALT check alone, in a sub-node whose text names both labs: with ALT normal and no
AST, that sub-node said "not met" on ALT alone. A screener reads it as open until AST is known.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.unit.match_helpers import walk
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel




def statuses(text: str, values: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Every node of the exclusion `text`: id -> (its text, its status) for this patient."""
    tree = parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    found = match_trial("T", "t", tree, panel).statuses
    return {n.id: (n.text, found[n.id].status) for n in walk(tree.sections[0].children[0]) if n.id in found}


def lab(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "U/L", "uln": 40}


TEXTS = [chia_line("NCT02985242_exc.txt", "chronic liver disease (including known active hepatitis)"),
         # the same class of wording: one limit for two labs, a qualifier after it
         "AST or ALT > 3 x ULN (confirmed on repeat testing)"]


def test_a_node_naming_two_labs_is_not_cleared_on_one_of_them():
    for text in TEXTS:
        got = statuses(text, {"alt": lab(35)})       # ALT 0.88 x ULN, AST not measured
        assert got["exc-1"][1] != "not_met", text
        for node_id, (words, status) in got.items():
            if "AST" in words and "ALT" in words:
                assert status != "not_met", (text, node_id, words)


def test_both_labs_given_still_decide():
    for text in TEXTS:
        below = statuses(text, {"alt": lab(35), "ast": lab(30)})
        assert below["exc-1"][1] != "met", text      # both under the limit: never excluded
        above = statuses(text, {"alt": lab(35), "ast": lab(200)})
        assert above["exc-1"][1] != "not_met", text  # AST 5 x ULN (to be confirmed): not cleared
    # without the qualifier, the machine decides on its own
    plain = "ALT or AST > 3 x ULN"
    assert statuses(plain, {"alt": lab(35), "ast": lab(30)})["exc-1"][1] == "not_met"
    assert statuses(plain, {"alt": lab(35), "ast": lab(200)})["exc-1"][1] == "met"
    assert statuses(plain, {"alt": lab(35)})["exc-1"][1] not in ("met", "not_met")
