"""HCV / HBV viremia (trust8, issue 11): a viraemia is the virus's RNA (HCV) or DNA (HBV) found in the
blood: the panel's `hcv_rna` / `hbv_dna` (detectable or not). Chia NCT02902120 asks for "documented
HCV viremia = 1,000 IU/ml at screening": the words were read by nothing, so a patient whose HCV RNA
is undetectable stayed open. The word says the virus is found; its number (here with its
comparator lost) is left for a person, as for "HCV RNA".
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_files
from tests.unit.criteria_helpers import crit
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel


def status(text: str, section: str, values: dict[str, Any]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id].status


def test_hcv_viremia_is_a_detectable_hcv_rna_its_number_for_a_person():
    (text,) = [ln.strip() for ln in chia_files()["NCT02902120_inc.txt"].splitlines() if "HCV viremia" in ln]
    assert "documented HCV viremia = 1,000 IU/ml at screening" in text
    node = crit(text)
    assert "hcv_rna == positive" in [c.describe() for c in node.checks]
    assert any("1,000 IU/ml" in u for u in node.unread)
    # no virus in the blood: no viremia to document
    assert status(text, "inclusion", {"hcv_rna": "undetectable", "hcv_ab": "positive"}) == "not_met"
    # the virus found: how much, against 1,000 IU/ml, a person reads
    assert status(text, "inclusion", {"hcv_rna": "detectable", "hcv_ab": "positive"}) not in ("met", "not_met")


def test_hbv_viremia_is_a_detectable_hbv_dna():
    # (the brief's wording: no record of tests/data names it)
    assert [c.describe() for c in crit("HBV viremia", "exclusion").checks] == ["hbv_dna == positive"]
    assert status("HBV viremia", "exclusion", {"hbv_dna": "undetectable"}) == "not_met"
    assert status("HBV viremia", "exclusion", {"hbv_dna": "detectable"}) == "met"
