"""Audit 9 (session 11, issue 11), fault 11: Chia NCT02687724's exclusion "... receipt of
cyclosporine, tacrolimus, sirolimus, or mycophenolate mofetil within 8 weeks before the first
study agent injection ...". Sirolimus is no drug of the vocabulary: it had no check and was not
left unread (the list's first check ran over it), and a therapy history marked "complete" cleared
the list. A complete history answers only for the drugs the vocabulary knows (panel.md): whether
the patient took sirolimus is for a person.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.unit.match_helpers import walk
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel




def statuses(text: str, therapies: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Every node of the exclusion `text`: id -> (its text, its status), history complete."""
    tree = parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 45, "sex": "male"}, "therapies": therapies,
                         "therapy_history": "complete"})
    found = match_trial("T", "t", tree, panel).statuses
    return {n.id: (n.text, found[n.id].status) for n in walk(tree.sections[0].children[0]) if n.id in found}


AUDITED = chia_line("NCT02687724_exc.txt", "Oral corticosteroids at a dose >40 mg")
# the same class: a name the vocabulary does not know between names it knows, one window for all
OTHER = "Use of azathioprine, 6-mercaptopurine, methotrexate, or tofacitinib within 8 weeks before screening"
PREDNISONE = [{"drug": "prednisone", "current": True},
              {"drug": "methotrexate", "start": "2024-01-01", "stop": "2026-06-01"}]


def test_a_complete_history_does_not_clear_a_drug_the_vocabulary_does_not_know():
    for text, unknown in ((AUDITED, "sirolimus"), (OTHER, "6-mercaptopurine")):
        got = statuses(text, PREDNISONE if text is AUDITED else [])
        assert got["exc-1"][1] != "not_met", text
        for node_id, (words, status) in got.items():
            if unknown in words:
                assert status != "not_met", (node_id, words)


def test_a_known_drug_of_the_list_taken_in_the_window_still_excludes():
    got = statuses(AUDITED, [{"drug": "tacrolimus", "start": "2026-01-01", "stop": "2026-11-01"}])
    assert got["exc-1"][1] == "met"
    got = statuses(OTHER, [{"drug": "methotrexate", "current": True}])
    assert got["exc-1"][1] == "met"
