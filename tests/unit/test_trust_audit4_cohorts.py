"""Cohorts (session 8, issue 11): which exclusion list belongs to which kind of participant.

A trial that takes kinds of participant lists each kind's inclusions under its own heading, and
may do so for its exclusions too. What every kind's list decides the same way is decided
(conditional.cohort_sets); that needs each exclusion list tied to a kind the inclusions name and
every kind covered, and a tie made by a word that tells that kind from the others. The lists
below keep the shape and wording of NCT00055575 (tests/data/ctgov-xml), with the kinds renamed.
"""

from __future__ import annotations

from tests.corpora import XML_DIR
from trialview.model.criteria import parse_criteria, parse_trial
from trialview.model.matching.compact import compact_tree
from trialview.model.matching.conditional import cohort_sets
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials

HIV_POSITIVE_MAN = {"sex": "male", "age": 40, "hiv": "positive"}


def verdict(inclusion: str, exclusion: str, values: dict[str, object]) -> str:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": []})
    return match_trial("T", "t", parse_criteria(inclusion, exclusion), panel).verdict


def lists(*groups: tuple[str, list[str]]) -> str:
    return "\n".join(f"{head}:\n" + "\n".join(f"  -  {item}" for item in items) for head, items in groups)


def test_a_control_group_is_tied_to_healthy_controls_whatever_the_plural():
    # "Control group:" in the exclusions names the "Healthy Controls:" of the inclusions (one
    # word, singular there, plural here): an HIV-positive man is excluded either way
    inclusion = lists(("Patients with Major Depressive Disorder (MDD)", ["Age 18-55", "Able to provide informed consent"]),
                      ("Healthy Controls", ["Age 18-55", "Medically healthy"]))
    exclusion = lists(("Patients with MDD", ["HIV positive status", "Current breast feeding"]),
                      ("Control group", ["HIV positive status", "Current or past history of an axis I disorder"]))
    assert verdict(inclusion, exclusion, HIV_POSITIVE_MAN) == "ineligible"
    assert verdict(inclusion, exclusion, {**HIV_POSITIVE_MAN, "hiv": "negative"}) != "ineligible"


def test_a_word_every_kind_shares_ties_no_list_to_a_kind():
    # the inclusions take patients with type 1 diabetes, with type 2 diabetes and healthy
    # controls; the exclusions list only type 1 patients' and controls'. "type" and "diabetes"
    # name both kinds of patient: type 2 patients have no exclusion list here, so an exclusion
    # both lists share does not exclude whichever kind the patient is (it was read as covering
    # them by the words "type" and "diabetes")
    inclusion = lists(("Patients with type 1 diabetes", ["Age 18-55"]), ("Patients with type 2 diabetes", ["Age 18-55"]),
                      ("Healthy Controls", ["Age 18-55"]))
    exclusion = lists(("Patients with type 1 diabetes", ["HIV positive status"]),
                      ("Healthy Controls", ["HIV positive status"]))
    assert verdict(inclusion, exclusion, HIV_POSITIVE_MAN) != "ineligible"
    tree = parse_criteria(inclusion, exclusion)
    assert "exc-1" not in cohort_sets(compact_tree(tree))
    # with type 2's own list the three kinds are covered, and the man is excluded
    exclusion += "\n" + lists(("Patients with type 2 diabetes", ["HIV positive status"]))
    assert verdict(inclusion, exclusion, HIV_POSITIVE_MAN) == "ineligible"


def test_kinds_named_by_filler_words_alone_are_still_the_kinds_a_trial_takes():
    # NCT05381714 takes "Patients:" (after COVID-19) and "Controls:", each with its own list; a
    # patient is one of them, so a requirement both lists make holds or fails whichever she is
    (trial,) = parse_trials((XML_DIR / "NCT05381714.xml").read_text(encoding="utf-8"))
    sets = cohort_sets(compact_tree(parse_trial(trial)))
    assert sets.get("inc-1") == ("inc-1", "inc-2")
    # the same names in both lists tie them, "Patients:" too
    inclusion = lists(("Patients", ["Age 18-55"]), ("Controls", ["Age 18-55"]))
    exclusion = lists(("Patients", ["HIV positive status"]), ("Controls", ["HIV positive status"]))
    assert verdict(inclusion, exclusion, HIV_POSITIVE_MAN) == "ineligible"
    # a man of 60 fails "Age 18-55" whichever list is his
    assert verdict(inclusion, "", {"sex": "male", "age": 60}) == "ineligible"
    # an exclusion only one list makes stays open
    exclusion = lists(("Patients", ["HIV positive status"]), ("Controls", ["Medically unhealthy"]))
    assert verdict(inclusion, exclusion, HIV_POSITIVE_MAN) != "ineligible"
