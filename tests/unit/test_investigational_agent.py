"""An investigational drug taken before is another clinical trial (audit 11; session 13).

"Exposure to any investigational agent within the 30 days prior to study visit 1" (NCT00739778
exc-6), "Treatment with investigational therapy within 28 days prior to initiation of study
treatment" (NCT05482516 exc-31): the commonest washout of all was left to a person whole, so a
patient whose whole therapy history was given, with no trial in it, still read "?". The panel's
"other clinical trial" (panel.md) is where a clinician records an investigational drug.

What stays for a person: this study's own product ("hypersensitivity to the investigational
medicinal product", "risk of ... investigational product administration"), and a promise about
the future ("agrees not to participate ... in an investigational drug study").
"""

from __future__ import annotations

from tests.corpora import chia_line, ctgov_tree
from tests.verdicts import criterion_id, verdict
from trialview.model.criteria import parse_criteria


def test_a_recent_investigational_drug_excludes_and_none_in_a_whole_history_clears():
    tree = ctgov_tree("NCT05482516")
    exc = criterion_id(tree, "Treatment with investigational therapy within 28 days")
    ten_days_ago = [{"drug": "other clinical trial", "last_dose": "2026-11-21"}]
    half_a_year_ago = [{"drug": "other clinical trial", "start": "2026-01-01", "stop": "2026-06-01"}]
    assert verdict(tree, exc, ten_days_ago) == "met"
    assert verdict(tree, exc, half_a_year_ago) == "not_met"
    assert verdict(tree, exc, []) == "not_met"                         # the whole history: no trial
    assert verdict(tree, exc, [], history="partial") == "unknown"     # a list that may miss one


def test_any_investigational_agent_of_an_older_record_is_read():
    tree = ctgov_tree("NCT00739778")
    exc = criterion_id(tree, "Exposure to any investigational agent within the 30 days")
    assert verdict(tree, exc, [{"drug": "other clinical trial", "last_dose": "2026-11-21"}]) == "met"


def test_the_studys_own_product_is_no_other_trial():
    for text in ("History of hypersensitivity to the investigational medicinal product",
                 "Participants who cannot swallow investigational products",
                 "Severe medical condition which may increase the risk associated with trial participation "
                 "or investigational product administration"):
        tree = parse_criteria("", text)
        assert not any(c.variable == "other_clinical_trial" for n in tree.walk() for c in n.checks), text


def test_a_promise_not_to_join_another_trial_does_not_turn_away_who_never_joined_one():
    text = chia_line("NCT02531971_inc.txt", "Agrees not to participate in another clinical study")
    tree = parse_criteria(text, "")
    assert verdict(tree, "inc-1", []) != "not_met"


def test_must_be_excluded_says_the_exclusion_again():
    # "must be" here is no requirement of whom the trial takes (required.py): the rituximab a
    # week ago excludes her, it does not clear her
    tree = parse_criteria("", "Patients who have received rituximab within 30 days must be excluded.")
    assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2026-11-24"}]) == "met"
    assert verdict(tree, "exc-1", []) == "not_met"


def test_the_shorter_of_two_windows_is_not_the_one_read():
    # "within 21 days or 5 half-lives, whichever is shorter": a trial drug 16 days ago with a
    # short half-life lies outside the window; the 21 days alone cannot exclude her
    tree = ctgov_tree("NCT05382559")
    exc = criterion_id(tree, "Participant has received investigational therapy within 21 days")
    assert verdict(tree, exc, [{"drug": "other clinical trial", "last_dose": "2026-11-15"}]) != "met"
    # "whichever is longer": inside the 21 days is inside the longer window
    tree = parse_criteria("", "Rituximab within 21 days or 5 half-lives, whichever is longer")
    assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2026-11-15"}]) == "met"


PAST_TRIAL = [{"drug": "other clinical trial", "start": "2024-01-01", "stop": "2024-11-01"}]
IN_A_TRIAL_NOW = [{"drug": "other clinical trial", "current": True}]


def test_participating_in_a_trial_is_being_in_one_now():
    # (review of session 13: "is participating" was read as "ever in a trial")
    tree = ctgov_tree("NCT05382364")
    exc = criterion_id(tree, "Is currently participating in another clinical trial")
    assert verdict(tree, exc, PAST_TRIAL) == "not_met"
    assert verdict(tree, exc, IN_A_TRIAL_NOW) == "met"
    text = chia_line("NCT01742117_inc.txt", "Patient is participating in an investigational drug")
    tree = parse_criteria("", text)          # (an exclusion in all but its file's name)
    assert verdict(tree, "exc-1", PAST_TRIAL) != "met"


def test_which_trial_drug_it_was_is_for_a_person():
    for text in ("Treatment with an investigational agent targeting CD20 within 6 months",
                 "Received any investigational drug for the treatment of lupus within 30 days",
                 "Any prior treatment with an investigational agent in this study"):
        tree = parse_criteria("", text)
        assert verdict(tree, "exc-1", [{"drug": "other clinical trial", "last_dose": "2026-11-11"}]) != "met", text


def test_the_shorter_window_in_brackets_is_for_a_person_too():
    tree = parse_criteria("", "Use of an investigational drug within 30 days of randomization, or within 5 "
                              "half-lives of the investigational drug (whichever is shorter)")
    assert verdict(tree, "exc-1", [{"drug": "other clinical trial", "last_dose": "2026-11-11"}]) != "met"
    tree = parse_criteria("", "Rituximab within 6 months (or 5 half-lives, whichever is shorter)")
    assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2026-08-01"}]) != "met"


def test_recent_months_without_a_number_is_no_window():
    tree = parse_criteria("", "Use of rituximab in recent months")
    assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2026-10-01"}]) != "not_met"


def test_recent_years_is_no_ever():
    # "years" is an age's word; here it says how long ago, which "ever had rituximab" does not
    # read: a dose fourteen years ago neither excludes nor clears the patient
    for text in ("Treatment with rituximab in recent years", "Use of rituximab in the past few years"):
        tree = parse_criteria("", text)
        # (open: for a person, or unknown where the dose with no stop date may still be current)
        assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2012-03-01"}]) in ("manual", "unknown"), text
        assert verdict(tree, "exc-1", [{"drug": "rituximab", "start": "2012-01-01", "stop": "2012-03-01"}]) == "manual"
    tree = parse_criteria("Men or women aged 18 years old or older", "")
    assert verdict(tree, "inc-1", values={"age": 17}) == "not_met"
