"""Names of labs and antibodies in the reasons and questions a clinician reads: a name keeps its
own capitals ("HbA1c", not "hbA1c"; audit 9 saw "hbA1c 7.2 % > 6.5 % allowed"); a plain word
starts small in running text ("hemoglobin", "anti-dsDNA")."""

from __future__ import annotations

from tests.unit.match_helpers import chk, crit, panel, run, tree
from trialview.model.matching.ask import variable_label


def test_hba1c_keeps_its_capitals_in_a_reason():
    result = run(tree([crit("inc-1", chk("hba1c", "<=", 6.5, "%"))]), panel({"hba1c": 7.2}))
    reason = result.statuses["inc-1"].reason
    assert result.statuses["inc-1"].status == "not_met"
    assert reason.startswith("HbA1c 7.2"), reason


def test_questions_and_reasons_name_a_variable_alike():
    assert variable_label("hba1c") == "HbA1c"
    assert variable_label("spo2") == "SpO2"
    assert variable_label("hemoglobin") == "hemoglobin"
    assert variable_label("anti_dsdna") == "anti-dsDNA"
    assert variable_label("sledai_2k") == "SLEDAI-2K"
