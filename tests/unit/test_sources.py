"""Importers: real registry files in, the trial a clinician would recognise out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.corpora import JSON_DIR, REPO, SEEDS, XML_DIR
from trialview.model.sources import SourceError, detect_format, parse_trials

CLASSIC_API = {"NCT00023673.json", "NCT02028676.json", "NCT04780763.json"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def one(path: Path):
    trials = parse_trials(read(path), path.name)
    assert len(trials) == 1
    return trials[0]


def seed(prefix: str):
    return one(next(SEEDS.glob(f"{prefix}_*.txt")))


def items(section: str) -> list[str]:
    """The numbered or bulleted items of a section, one string each."""
    return [line for line in section.splitlines()
            if re.match(r"^\s*(?:\d+\.|[-*•])\s", line)]


# ---- format detection and bad input ----------------------------------------------------------

@pytest.mark.parametrize("text, fmt", [
    ('{"protocolSection": {}}', "ctgov-json"),
    ('\ufeff  [{"protocolSection": {}}]', "ctgov-json"),
    ("<?xml version='1.0'?><clinical_study/>", "ctgov-xml"),
    ("Some Trial Title\nStatus: Recruiting", "text-page"),
])
def test_detect_format(text, fmt):
    assert detect_format(text) == fmt


@pytest.mark.parametrize("text, message", [
    ("", "empty input"),
    ("  \n\t", "empty input"),
    ('{"protocolSection": ', "invalid JSON at line 1 column 21"),
    ('{\n  "studies": [\n    {,}\n  ]\n}', "invalid JSON at line 3 column 6"),
    ("42", "wrong-shaped JSON"),
    ('"a string"', "wrong-shaped JSON"),
    ("[]", "no studies"),
    ('{"studies": []}', "no studies"),
    ('{"foo": 1}', "not a ClinicalTrials.gov study: no protocolSection"),
    ("[1, 2]", "not a ClinicalTrials.gov study"),
    ('{"protocolSection": {"statusModule": {}}}', "no identificationModule"),
    ("<clinical_study><brief_title>x</brief_title>", "malformed XML"),
    ("<html><body>Trial</body></html>", "root element is <html>, expected <clinical_study>"),
    ("Just a note about lunch.\nNothing to see here.", "no eligibility criteria found"),
    ("Eligibility\n\n- Adults aged 18 or over\n", "no trial title found"),
])
def test_bad_input_gives_one_clear_line(text, message):
    with pytest.raises(SourceError) as err:
        parse_trials(text)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and "Traceback" not in str(err.value)


def test_json_name_hint_reports_json_error_for_garbage():
    with pytest.raises(SourceError, match=r"^invalid JSON at line 1 column 1"):
        parse_trials("not json at all", "study.json")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<clinical_study><brief_title>&lol9;</brief_title></clinical_study>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<clinical_study><brief_title>&xxe;</brief_title></clinical_study>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entities_are_refused(text):
    with pytest.raises(SourceError, match="entity declarations are not allowed"):
        parse_trials(text)


# ---- ClinicalTrials.gov API v2 JSON ------------------------------------------------------------

JSON_FILES = sorted(JSON_DIR.glob("*.json"))


def test_json_corpus_is_there():
    assert len(JSON_FILES) == 16


@pytest.mark.parametrize("path", [p for p in JSON_FILES if p.name in CLASSIC_API],
                         ids=lambda p: p.name)
def test_json_classic_api_records_are_refused_with_the_reason(path):
    with pytest.raises(SourceError, match=r"no protocolSection: .*retired classic API"):
        parse_trials(read(path), path.name)


@pytest.mark.parametrize("path", [p for p in JSON_FILES if p.name not in CLASSIC_API],
                         ids=lambda p: p.name)
def test_json_v2_records_import(path):
    trial = one(path)
    assert trial.title
    assert trial.nct_id and trial.trial_id == trial.nct_id
    assert trial.source_format == "ctgov-json"
    criteria = __import__("json").loads(read(path))["protocolSection"].get(
        "eligibilityModule", {}).get("eligibilityCriteria")
    if criteria:
        assert trial.inclusion_text
        assert trial.eligibility_original == criteria
        assert "\\>" not in trial.eligibility_text and "\\<" not in trial.eligibility_text


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

XML_FILES = sorted(XML_DIR.glob("*.xml"))


def test_xml_corpus_is_there():
    assert len(XML_FILES) == 65


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_xml_records_import(path):
    trial = one(path)
    assert trial.trial_id == trial.nct_id == path.stem
    assert trial.title and trial.source_format == "ctgov-xml"
    assert trial.sex in {"all", "female", "male"}
    assert trial.inclusion_text
    # &#xD; line ends and the exporter's six-space indent must not survive normalisation.
    assert "\r" not in trial.eligibility_text and "&#xD;" not in trial.eligibility_text
    assert not trial.eligibility_text.startswith(" ")
    assert "\r" in trial.eligibility_original or "\n" in trial.eligibility_original


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
def test_pages_without_nct_keep_their_id_on_reimport(prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    first, again = one(path), one(path)
    assert first.trial_id == again.trial_id
    # Saved with Windows line ends, it is still the same trial.
    assert parse_trials(read(path).replace("\n", "\r\n"))[0].trial_id == first.trial_id


def test_bundled_samples_are_the_seeds():
    for path in sorted((REPO / "sample_trials").glob("*.txt")):
        assert one(path).trial_id == one(SEEDS / path.name).trial_id


def test_text_page_control_characters_are_stripped():
    page = ("A Trial Of Something \x1b[31mRed\x1b[0m For Adults\n\nStatus: Recruiting\n\n"
            "Eligibility Criteria\n\nInclusion Criteria:\n- Adults\x07 aged 18 to 65 years\n")
    t = parse_trials(page)[0]
    assert t.title == "A Trial Of Something Red For Adults"
    assert t.inclusion_text == "- Adults aged 18 to 65 years"
