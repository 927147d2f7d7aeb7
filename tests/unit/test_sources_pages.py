"""Importers: trial web pages saved as text (the seed pages), with or without an NCT number."""

from __future__ import annotations

import re

import pytest

from tests.corpora import SEEDS
from tests.unit.sources_helpers import items, read, seed
from trialview.model.sources import parse_trials
from trialview.store import Store


# ---- trial web pages saved as text --------------------------------------------------------------

def test_seed_000_registry_clone():
    t = seed("000")
    assert t.trial_id == t.nct_id == "NCT06801119"
    assert t.title == "Efficacy and Safety of HN2301 in Refractory Systemic Lupus Erythematosus (SLE)"
    assert (t.status, t.phase, t.enrollment, t.study_type) == (
        "Recruiting", "N/A", 9, "Interventional")
    assert (t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers) == (18, 69, "all", False)
    assert t.conditions == ["Systemic Lupus Erythematosus"]
    assert (t.start_date, t.completion_date, t.last_updated) == (
        "2025-03-16", "2026-03-31", "2025-03-25")
    assert t.inclusion_text.startswith("1. Patients aged between 18 and 69")
    assert len(items(t.inclusion_text)) == 8
    assert len(items(t.exclusion_text)) == 9
    assert t.exclusion_text.endswith("deemed inappropriate for participation in this clinical "
                                     "study by the investigator.")
    assert "Minimum Eligible Age" not in t.eligibility_text
    # Markdown escapes are undone in the text, kept in the verbatim original.
    assert "10^9/L" in t.eligibility_text and "\\^" in t.eligibility_original
    assert "total bilirubin <2.0mg/dL" in t.inclusion_text
    assert t.lead_sponsor == "Shenzhen MagicRNA Biotechnology Co., Ltd"
    assert [s.role for s in t.sponsors] == ["collaborator", "lead"]
    assert {(loc.city, loc.country) for loc in t.locations} == {("Hefei", "China")}
    assert any(c.name == "Ze Xiu Xiao, MD" and c.phone == "+86075527109036" for c in t.contacts)


def test_seed_001_administrative_data_page():
    t = seed("001")
    assert t.trial_id == t.nct_id == "NCT06421701"
    # The page prints no title; the summary's stated aim stands in for one.
    assert t.title.startswith("Investigate the safety and efficacy of anti-CD19 CAR-NK cells")
    assert (t.status, t.phase, t.enrollment) == ("Not yet recruiting", "Phase 1", 10)
    assert (t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers) == (18, 65, "all", False)
    assert t.inclusion_text.startswith("- Voluntarily participate in this clinical study")
    assert len(items(t.inclusion_text)) == 10
    assert t.exclusion_text.startswith("- History of severe allergy")
    assert len(items(t.exclusion_text)) == 26
    assert t.exclusion_text.endswith("inappropriate to participate in the study.")
    assert "Study Design" not in t.eligibility_text
    assert t.eligibility_original.startswith("Inclusion Criteria: - Voluntarily")
    assert t.lead_sponsor == "Second Affiliated Hospital, School of Medicine, Zhejiang University"
    assert t.contacts[0].email == "wuhx8855@zju.edu.cn"
    assert t.interventions[0].name == "anti-CD19 CAR-NK cells"


def test_seed_002_clinconnect_page():
    t = seed("002")
    assert t.trial_id == t.nct_id == "NCT06946485"
    assert t.title == ("Universal CAR-T (CHT101) Cell Therapy for Relapsed Refractory Systemic "
                       "Lupus Erythematosus")
    assert (t.status, t.phase, t.enrollment) == ("Not yet recruiting", None, None)
    assert (t.min_age_years, t.max_age_years, t.sex) == (18, 65, "all")
    assert t.inclusion_text.startswith("1. Meet the 2019 EULAR/ACR classification criteria")
    assert len(items(t.inclusion_text)) == 8
    assert len(items(t.exclusion_text)) == 14
    assert t.exclusion_text.endswith("14. Other conditions deemed by the investigator to preclude "
                                     "study participation.")
    assert "•" not in t.eligibility_text and "•" in t.eligibility_original
    assert "SLEDAI-2000 score >6." in t.inclusion_text
    assert "About" not in t.eligibility_text


def test_seed_003_pipe_table_page_without_nct():
    t = seed("003")
    assert t.nct_id is None and re.fullmatch(r"TV-[0-9A-F]{10}", t.trial_id)
    assert t.title.startswith("A Prospective, Single-center Study of Comparing the Efficacy")
    assert t.title.endswith("Low-dose IL-2 in the Treatment of Lupus Nephritis")
    assert (t.status, t.phase, t.enrollment) == ("Recruiting", None, 40)
    assert (t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers) == (18, 65, "all", False)
    assert t.inclusion_text.startswith("Only patients with active lupus nephritis")
    assert len(items(t.inclusion_text)) == 7
    assert t.exclusion_text.startswith("Patients who met any of the following criteria")
    assert len(items(t.exclusion_text)) == 8
    assert t.exclusion_text.endswith("- Pregnant or lactating women.")
    assert not t.eligibility_original.endswith("|")
    assert t.locations[0].city == "Nanjing" and t.locations[0].state == "Jiangsu"


def test_seed_004_summary_page_without_nct():
    t = seed("004")
    assert t.nct_id is None and re.fullmatch(r"TV-[0-9A-F]{10}", t.trial_id)
    assert t.title == ("Clinical Study of the Safety and Efficacy of CD19/BCMA CAR-T Cell Therapy "
                       "for Refractory/Moderate-to-severe Systemic Lupus Erythematosus")
    assert (t.status, t.phase, t.enrollment) == ("Recruiting", "Phase 1", 20)
    assert (t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers) == (18, 70, "all", False)
    assert t.inclusion_text.startswith("- Participants or their legal guardians understand")
    assert len(items(t.inclusion_text)) == 5
    assert t.exclusion_text == ""
    assert "Locations" not in t.eligibility_text and "View:" not in t.eligibility_text
    assert t.start_date == "2025-02-10"


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_a_page_without_nct_imported_again_is_the_same_trial_not_a_second_one(prefix, tmp_path):
    # Its id comes from its title and criteria: imported again, or saved with Windows line ends,
    # it updates its row (and the screening decisions kept under its id still find it).
    text = read(next(SEEDS.glob(f"{prefix}_*.txt")))
    store = Store(tmp_path / "store")
    [(trial_id, created)] = store.add_trials(parse_trials(text))
    assert created and trial_id.startswith("TV-")
    for again in (text, text.replace("\n", "\r\n")):
        assert store.add_trials(parse_trials(again)) == [(trial_id, False)]
    assert [s.trial_id for s in store.list()] == [trial_id]


def test_text_page_control_characters_are_stripped():
    page = ("A Trial Of Something \x1b[31mRed\x1b[0m For Adults\n\nStatus: Recruiting\n\n"
            "Eligibility Criteria\n\nInclusion Criteria:\n- Adults\x07 aged 18 to 65 years\n")
    t = parse_trials(page)[0]
    assert t.title == "A Trial Of Something Red For Adults"
    assert t.inclusion_text == "- Adults aged 18 to 65 years"
