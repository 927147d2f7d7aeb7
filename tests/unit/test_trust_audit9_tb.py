"""Audit 9 (session 11, issue 11), faults 2 and 3: tuberculosis as a trial names it, against the
panel's one value (tuberculosis, active or latent).

Fault 2: Chia NCT02687724 lists investigations to do at screening ("Subjects have following
investigations within 1 month prior to enrolment."), one of them "Intradermal reaction to
Tuberculin (PPD skin test) or Mycobacterium tuberculosis antigenspecific interferon-gamma release
assay (IGRA)". It was read as "tuberculosis positive required" and failed every TB-negative
patient. A reader: a test's name is not its result; whether it was done is for a person.

Fault 3: the same trial excludes "Active tuberculosis (TB), acute or chronic Hepatitis B infection
or other severe infections": a patient whose TB is positive may have latent TB, so that value
cannot say she has active TB (another criterion asks about latent TB); a negative TB says she has
no active TB.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel



def result(text: str, section: str, values: dict[str, Any]) -> tuple[str, str]:
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    panel = parse_panel({"as_of": "2026-12-01", "values": {"age": 40, "sex": "female", **values}, "therapies": []})
    got = match_trial("T", "t", tree, panel).statuses[tree.sections[0].children[0].id]
    return got.status, got.reason


def test_a_tb_test_to_perform_is_no_positive_result_required():
    text = chia_line("NCT02687724_inc.txt", "Intradermal reaction to Tuberculin")
    status, _ = result(text, "inclusion", {"tuberculosis": "negative"})
    assert status != "not_met"      # a TB-negative patient is not failed by a test to be done
    status, _ = result(text, "inclusion", {"tuberculosis": "positive"})
    assert status != "met"          # nor does a positive result meet "the test is done"


def test_a_tb_test_with_its_result_named_still_reads_the_result():
    # NCT02687724 exc-7: "... or positive Mycobacterium tuberculosis antigen-specific
    # interferon-gamma release assay (IGRA)": a positive result is named, so a TB-positive patient
    # is never cleared by it
    text = chia_line("NCT02687724_exc.txt", "Have symptoms or signs suggestive of current active or latent TB")
    status, _ = result(text, "exclusion", {"tuberculosis": "positive"})
    assert status != "not_met"
    status, _ = result("Positive tuberculosis skin test", "exclusion", {"tuberculosis": "positive"})
    assert status != "not_met"


def test_active_tb_is_not_shown_by_a_positive_tb_of_either_kind():
    text = chia_line("NCT02687724_exc.txt", "Contra-indication to use of GLM")
    status, _ = result(text, "exclusion", {"tuberculosis": "positive"})
    assert status != "met"      # latent TB is not "active tuberculosis"
    line = "Active tuberculosis (TB), acute or chronic Hepatitis B infection or other severe infections"
    status, reason = result(line, "exclusion", {"tuberculosis": "positive", "active_infection": False})
    assert status != "met"
    assert "active tuberculosis" in reason.lower()     # the reader sees what the text asks
    # a negative TB is no active TB: it decides in the patient's favour (NCT05482516's
    # exclusion "Active tuberculosis", tests/data)
    status, _ = result("Active tuberculosis", "exclusion", {"tuberculosis": "negative"})
    assert status == "not_met"
    assert result("Active tuberculosis", "exclusion", {"tuberculosis": "positive"})[0] == "unknown"


def test_other_wordings_of_a_narrower_tb():
    # Chia NCT03026088: "Severe infectious disease, example (eg) Human Immunodeficiency Virus
    # positive or active tuberculosis."; NCT03083197: "Current TB or TB treatment in = 6 months ..."
    line = chia_line("NCT03026088_exc.txt", "Severe infectious disease, example")
    assert result(line, "exclusion", {"tuberculosis": "positive", "hiv": "negative"})[0] != "met"
    # (HIV and TB are examples of a severe infectious disease: without either, another one may
    # still exclude, for a person: audit 14)
    assert result(line, "exclusion", {"tuberculosis": "negative", "hiv": "negative"})[0] == "manual"
    line = chia_line("NCT03083197_exc.txt", "Current TB or TB treatment")
    assert result(line, "exclusion", {"tuberculosis": "positive"})[0] != "met"
    # "active or latent" is the panel's own value: a positive decides
    assert result("Active or latent tuberculosis", "exclusion", {"tuberculosis": "positive"})[0] == "met"
    assert result("History of tuberculosis", "exclusion", {"tuberculosis": "positive"})[0] == "met"
