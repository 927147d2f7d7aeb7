"""Audit 8 (session 10, issue 11), the screener's unsure item 5 read further: Chia NCT02426034's
"ALT and AST <2.5 × ULN; liver metastases, if any, the ALT and AST<5 × ULN" (advanced gastric
cancer, apatinib). Two limits of one lab, the second for patients with liver metastases: read as
two limits for everyone, a patient with liver metastases and ALT 3.75 × ULN was failed. Whether
the patient has liver metastases the panel does not say; a reader holds such a value open, fails
one above both limits, and passes one below both.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_files, chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def status(text: str, section: str, values: dict[str, Any]) -> str:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": values, "therapies": []})
    return match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id].status


def liver(alt: float, ast: float = 60) -> dict[str, Any]:
    return {"alt": {"value": alt, "unit": "U/L", "uln": 40}, "ast": {"value": ast, "unit": "U/L", "uln": 40},
            "total_bilirubin": {"value": 0.6, "unit": "mg/dL", "uln": 1.2}}


def test_a_second_limit_for_some_patients_holds_the_value_between_open():
    text = chia_line("NCT02426034_inc.txt", "ALT and AST <2.5")
    assert status(text, "inclusion", liver(150)) != "not_met"        # 3.75 × ULN: within the liver-metastases limit
    assert status(text, "inclusion", liver(250)) == "not_met"        # 6.25 × ULN: above both
    assert status(text, "inclusion", liver(60)) != "not_met"
    # Chia NCT00050349 "... total bilirubin <1.5 X ULN; AST, ALT<2.5X ULN (<5 X ULN if liver
    # metastases are present)": the bracket's limit is for the values just before it
    text = chia_line("NCT00050349_inc.txt", "The patient has no major impairment of renal or hepatic")
    assert status(text, "inclusion", liver(150)) != "not_met"
    # (the liver within both limits: the renal function the heading names is read by no limit,
    # so it stays for a person, audit 14)
    assert status(text, "inclusion", liver(60)) == "manual"
    # the same two limits in an exclusion: ALT between them is for a person, below both clears
    text = "ALT or AST > 2.5 x ULN (> 5 x ULN if liver metastases are present)"
    assert status(text, "exclusion", liver(150)) != "met"
    assert status(text, "exclusion", liver(60)) == "not_met"
    text = "ALT > 2.5 x ULN, or ALT > 5 x ULN for patients with liver metastases"
    assert status(text, "exclusion", liver(150)) != "met"
    assert status(text, "exclusion", liver(250)) != "not_met"
    assert status(text, "exclusion", liver(60)) == "not_met"



def test_a_second_limit_in_a_sentence_for_some_patients_holds_the_value_between_open():
    # the same rule where the second limit stands in a sentence of its own that names the group
    # (read with its condition): the first limit is not everyone's
    for text in ("AST and ALT <= 2.5 x ULN; for patients with liver metastases, AST and ALT <= 5 x ULN",
                 "AST and ALT <= 2.5 x ULN; if liver metastases are present, AST and ALT <= 5 x ULN",
                 "AST and ALT <= 2.5 x ULN (AST and ALT <= 5 x ULN for patients with liver metastases)"):
        assert status(text, "inclusion", liver(150)) != "not_met", text
        assert status(text, "inclusion", liver(60)) == "met", text
    text = "ALT > 2.5 x ULN; for patients with liver metastases, ALT > 5 x ULN"
    assert status(text, "exclusion", liver(150)) != "met"
    assert status(text, "exclusion", liver(60)) == "not_met"
    # a bracket about another lab relaxes nothing of this one
    text = "ALT <= 2.5 x ULN and total bilirubin <= 1.5 x ULN (total bilirubin <= 3 x ULN for Gilbert syndrome)"
    assert status(text, "inclusion", liver(250)) == "not_met"


def test_the_reasons_an_either_exclusion_does_not_hold_are_both_given_as_facts():
    # Chia NCT02634541 exc "Age <18 years or >75 years" for a man of 61: not excluded because he
    # is neither, which "age 61 years ≥ 18 years or age 61 years ≤ 75 years" misstated (as if
    # one of the two were enough); an inclusion's alternatives still read "… required or …"
    files = chia_files()
    tree = parse_criteria(files["NCT02634541_inc.txt"], files["NCT02634541_exc.txt"])
    (age,) = [n for n in tree.sections[1].children if n.text.startswith("Age <18 years or >75 years")]
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 61, "sex": "male"}, "therapies": []})
    found = match_trial("T", "t", tree, panel).statuses[age.id]
    assert found.status == "not_met"
    assert " or " not in found.reason and "61 years ≥ 18 years" in found.reason and "61 years ≤ 75 years" in found.reason
    tree = parse_criteria("Either SLEDAI-2K >= 6 or a BILAG A score", "")
    panel = parse_panel({"as_of": "2026-12-01", "values": {"sledai_2k": 4, "bilag_a": 0}, "therapies": []})
    reason = match_trial("T", "t", tree, panel).statuses["inc-1"].reason
    assert "required or " in reason
