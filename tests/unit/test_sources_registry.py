"""Importers: ClinicalTrials.gov records, API v2 JSON and legacy XML, read as a clinician would
recognise the trial (phases, ages, headings, cohorts)."""

from __future__ import annotations

import pytest

from tests.corpora import JSON_DIR, XML_DIR
from tests.unit.sources_helpers import CLASSIC_API, items, one, read
from trialview.model.sources import SourceError, parse_trials


# ---- ClinicalTrials.gov API v2 JSON ------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CLASSIC_API))
def test_json_classic_api_records_are_refused_with_the_reason(name):
    with pytest.raises(SourceError, match=r"no protocolSection: .*retired classic API"):
        parse_trials(read(JSON_DIR / name), name)


def test_json_cystic_fibrosis_pilot():
    t = one(JSON_DIR / "NCT00763412.json")
    assert t.title == ("Pilot and Feasibility Study for the Treatment of Pre-diabetes in "
                       "Patients With Cystic Fibrosis")
    assert (t.status, t.phase, t.enrollment) == ("Completed", "N/A", 31)
    assert (t.min_age_years, t.max_age_years, t.sex) == (12, 24, "all")
    assert len(t.conditions) == 2
    assert t.lead_sponsor == "Arbelaez, Ana Maria"
    assert t.exclusion_text


def test_json_dupilumab():
    t = one(JSON_DIR / "NCT02210780.json")
    assert t.title == "Study of Dupilumab and Immune Responses in Adults With Atopic Dermatitis (AD)"
    assert (t.status, t.phase, t.enrollment, t.study_type) == (
        "Completed", "Phase 2", 194, "Interventional")
    assert (t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers) == (18, 64, "all", False)
    assert t.conditions == ["Atopic Dermatitis"]
    assert [(s.name, s.role) for s in t.sponsors] == [
        ("Regeneron Pharmaceuticals", "lead"), ("Sanofi", "collaborator")]
    assert [i.name for i in t.interventions] == ["Dupilumab", "Placebo"]
    assert t.inclusion_text.startswith("1. Male or female adults ages 18 to 64 years")
    assert t.exclusion_text.startswith("1. Prior treatment with dupilumab")


def test_json_observational_registry():
    t = one(JSON_DIR / "NCT03475563.json")
    assert t.title == "BiOSS Study (BiOSS LIM C Stent Registry in Bifurcated Lesions)"
    assert (t.acronym, t.status, t.phase, t.enrollment) == ("BIOSS", "Unknown status", None, 100)
    assert (t.study_type, t.min_age_years, t.max_age_years) == ("Observational", 18, None)
    assert t.lead_sponsor == "Hospital Universitari Vall d'Hebron Research Institute"
    assert len(t.keywords) == 4 and len(t.locations) == 3
    assert t.locations[0].city == "Sabadell" and t.locations[0].status == "Recruiting"
    assert t.contacts[0].email == "iotaegui@vhebron.net"
    assert (t.start_date, t.last_updated) == ("2018-08-16", "2019-11-27")
    assert len(items(t.inclusion_text)) == 5 and len(items(t.exclusion_text)) == 7


def test_json_page_and_list_shapes():
    study = read(JSON_DIR / "NCT06171568.json")
    for text in (f"[{study}]", f'{{"studies": [{study}]}}',
                 f'{{"nextPageToken": "abc", "studies": [{study}, {study}]}}'):
        trials = parse_trials(text)
        assert trials and all(t.trial_id == "NCT06171568" for t in trials)
        assert trials[0].status == "Not yet recruiting"


def test_json_bad_study_in_a_list_is_named():
    study = read(JSON_DIR / "NCT06171568.json")
    with pytest.raises(SourceError, match=r"^study 2 of 2: .*no protocolSection"):
        parse_trials(f'[{study}, {{"hasResults": false}}]')


# ---- legacy ClinicalTrials.gov XML -------------------------------------------------------------

def test_xml_voriconazole_interaction():
    t = one(XML_DIR / "NCT05380245.xml")
    assert t.title == "Drug-Drug Interaction Study of Voriconazole With Clarithromycin."
    assert (t.status, t.phase, t.enrollment) == ("Completed", "Phase 4", 12)
    assert (t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers) == (18, 35, "male", True)
    assert t.conditions == ["Healthy"] and t.lead_sponsor == "Abdul Wali Khan University Mardan"
    assert t.inclusion_text.startswith("• Male Pakistani volunteers in good health aged 18-35")
    assert len(items(t.exclusion_text)) == 5
    assert t.arms[0].interventions == ["Drug: Voriconazole 200 mg x 2 Tablets",
                                       "Drug: Clarithromycin 500 mg x 1Tablets"]
    assert t.contacts[0].role == "Principal investigator"


def test_xml_combined_phase():
    t = one(XML_DIR / "NCT05482568.xml")
    assert (t.status, t.phase, t.enrollment) == ("Not yet recruiting", "Phase 1/Phase 2", 324)
    assert (t.min_age_years, t.max_age_years) == (18, 75)
    assert t.lead_sponsor == "Jiangsu HengRui Medicine Co., Ltd."
    assert t.contacts[0].email == "suqiang.yu@hengrui.com"


def test_xml_ages_in_weeks_and_na_phase():
    t = one(XML_DIR / "NCT05381285.xml")
    assert t.title == "Survival Model for Preterm Infants"
    assert (t.status, t.phase, t.study_type) == ("Recruiting", None, "Observational")
    assert t.min_age_years == 0 and t.max_age_years == pytest.approx(16 / 52.1775, abs=1e-3)
    assert [s.role for s in t.sponsors] == ["lead", "collaborator", "collaborator"]
    assert len(items(t.inclusion_text)) == 3 and len(items(t.exclusion_text)) == 3


def test_xml_short_headings_split():
    t = one(XML_DIR / "NCT00055497.xml")  # "Inclusion:" / "Exclusion:"
    assert t.inclusion_text.startswith("- Patient must have successfully completed")
    assert len(items(t.exclusion_text)) == 5
    t = one(XML_DIR / "NCT05482828.xml")  # "[Inclusion Criteria]" / "[Exclusion Criteria]"
    assert t.inclusion_text.startswith("- Chronic subjective dizziness")
    assert t.exclusion_text.startswith("- Inner ear disease")


def test_xml_cohorts_keep_every_inclusion_list_on_the_inclusion_side():
    t = one(XML_DIR / "NCT05389865.xml")
    assert "radiological, genetic or post-mortem" in t.inclusion_text
    assert "Inclusion Criteria" not in t.exclusion_text
    assert "Isolated surgery on the descending thoracic aorta" in t.exclusion_text
