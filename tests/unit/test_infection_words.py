"""An infection named beside another is not read by the other's check (audit 11; session 13).

A hepatitis's words were "companions" of every infection check: "Knowingly affected by HIV or
Hepatitis." (Chia NCT02884401) read as "HIV" alone, so an HIV-negative patient with hepatitis
was cleared of it; "treponemal antibodies" (a syphilis test) beside an HIV check was taken as
read. "Acquired Immune Deficiency Syndrome (AIDS) antibodies" (NCT05380934 exc-16) is the HIV
test, not the patient's own immunodeficiency. And "any active infection including HBV, HCV and
HIV" (Chia NCT01631058) names kinds of an active infection: an active pneumonia excludes the
patient whatever her HIV status, where it had been read as "active infection and HIV".
"""

from __future__ import annotations

from tests.corpora import chia_line, ctgov_tree
from tests.verdicts import criterion_id, verdict
from trialview.model.criteria import parse_criteria


def test_hepatitis_beside_hiv_is_not_read_by_the_hiv_check():
    tree = parse_criteria("", chia_line("NCT02884401_exc.txt", "Knowingly affected by HIV or Hepatitis"))
    assert verdict(tree, "exc-1", values={"hiv": "negative"}) != "not_met"


def test_a_syphilis_test_beside_hiv_stays_for_a_person():
    tree = parse_criteria("", "Positive HIV, treponemal antibodies")
    assert verdict(tree, "exc-1", values={"hiv": "positive"}) == "met"
    assert verdict(tree, "exc-1", values={"hiv": "negative"}) != "not_met"
    tree = parse_criteria("", "Syphilis (treponemal antibodies) positive")       # its own test's words
    assert verdict(tree, "exc-1", values={"syphilis": "negative"}) == "not_met"


def test_aids_antibodies_are_the_hiv_test():
    tree = ctgov_tree("NCT05380934")
    exc = criterion_id(tree, "Positive screening for viral")
    assert verdict(tree, exc, values={"hiv": "positive"}) == "met"
    assert verdict(tree, exc, values={"hiv": "negative", "immunodeficiency": True}) != "met"
    assert verdict(tree, exc, values={"hiv": "negative"}) != "not_met"        # hepatitis, syphilis: unread


def test_the_kinds_an_infection_includes_are_more_ways_to_be_excluded():
    tree = parse_criteria("", chia_line("NCT01631058_exc.txt", "Patients with any active infection including"))
    assert verdict(tree, "exc-1", values={"active_infection": True, "hiv": "negative"}) == "met"
    assert verdict(tree, "exc-1", values={"active_infection": False, "hiv": "positive"}) == "met"
    tree = parse_criteria("", "Any active infection including tuberculosis and HIV")
    assert verdict(tree, "exc-1", values={"active_infection": True, "tuberculosis": "negative", "hiv": "negative"}) == "met"
    # "any active infection" takes in one under control, which the panel's "no uncontrolled
    # infection needing treatment" does not rule out: a person judges it (audit 15)
    assert verdict(tree, "exc-1", values={"active_infection": False, "tuberculosis": "negative",
                                          "hiv": "negative"}) == "manual"
    tree = parse_criteria("", "Uncontrolled infection including tuberculosis and HIV")
    assert verdict(tree, "exc-1", values={"active_infection": False, "tuberculosis": "negative",
                                          "hiv": "negative"}) == "not_met"


def test_required_values_after_including_are_still_all_required():
    tree = parse_criteria("Adequate organ function including ANC >= 1.5 x 10^9/L and platelets >= 100 x 10^9/L", "")
    assert verdict(tree, "inc-1", values={"anc": 1.0, "platelets": 150}) == "not_met"


def test_hepatitis_listed_before_hiv_is_another_way_to_be_excluded():
    tree = parse_criteria("", chia_line("NCT02531971_exc.txt", "Active positive Hepatitis B, C and HIV serologies"))
    assert verdict(tree, "exc-1", values={"hiv": "positive"}) == "met"
    assert verdict(tree, "exc-1", values={"hiv": "negative"}) != "not_met"       # hepatitis B, C: for a person


def test_hepatitis_viruses_written_out_before_hiv_are_more_ways_to_be_excluded():
    # (review of session 13: "Virus (HCV)" between them hid the list from the rule)
    tree = parse_criteria("", "Active hepatitis B virus (HBV), hepatitis C virus (HCV) and human "
                              "immunodeficiency virus (HIV) infections")
    assert verdict(tree, "exc-1", values={"hiv": "negative", "hbsag": "positive"}) != "not_met"
    assert verdict(tree, "exc-1", values={"hiv": "positive"}) == "met"


def test_both_infections_together_need_both():
    for text in ("Both HBV and HIV infection", "HIV and hepatitis C co-infection",
                 "Symptomatic, AIDS-defining illness and HIV positive"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", values={"hiv": "positive", "hbsag": "negative"}) != "met", text


def test_a_group_of_people_after_including_narrows():
    tree = parse_criteria("", "HBsAg positive, including patients with HBV DNA < 2000 IU/mL")
    assert verdict(tree, "exc-1", values={"hbsag": "negative", "hbv_dna": "negative"}) == "not_met"


def test_people_with_an_undetectable_load_are_still_people_with_the_infection():
    # (review of session 13, older than it: "undetectable" after HIV read as "HIV negative")
    tree = parse_criteria("", "HIV infection including those with undetectable viral load")
    assert verdict(tree, "exc-1", values={"hiv": "positive"}) == "met"
    assert verdict(tree, "exc-1", values={"hiv": "negative"}) == "not_met"
