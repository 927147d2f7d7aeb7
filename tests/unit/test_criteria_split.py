"""Splitting eligibility text into criteria: lists, one-line lists, nesting, sub-clauses, ids."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trialview.model.criteria import parse_criteria, parse_eligibility, parse_section

# seed 001 (one long line with " - " separators; "=" where "≥" was lost)
SEED_001_INC = (
    "- Voluntarily participate in this clinical study, sign an informed consent form, have good compliance, "
    "and cooperate with follow-up; - Age range from 18 to 65 years old, regardless of gender; - Fulfilling the "
    "2019 ACR/EULAR classification criteria of SLE; - Presence of anti-dsDNA or anti-Sm antibodies and decreased "
    "C3 or C4 levels; - SELENA-SLEDAI=8; - Hemoglobin = 85g/L; white blood cell count = 3 × 10^9/L;neutrophil "
    "count = 1.5 × 10^9/L; platelets = 50 × 10^9/L;"
)
# seed 003: a preamble, then " - " items, one of them not preceded by punctuation
SEED_003_INC = (
    "Only patients with active lupus nephritis who meet all of the following criteria are eligible for inclusion "
    "in this study: - Before random assignment, records show that it meets at least 4 of the 11 SLE classification "
    "criteria recommended by ACR in 1997. - Age: age > 18 years old, = 65 years old when obtaining informed "
    "consent - SLEDAI-2K score = 6 - Urinary total protein / creatinine ratio > 1.0 or 24-hour urinary protein "
    "> 1.0g, with or without microscopic hematuria"
)
SEED_000_INC_7 = (
    "7. Appropriate bone marrow, coagulation, cardiopulmonary, liver, and kidney functions. Bone marrow function: "
    "ANC ≥1.5×10\\^9/L, ALC ≥0.8×10\\^9/L, Hb ≥80g/L. No use of transfusions and growth factors allowed within 7 "
    "days prior to screening to meet these requirements. Coagulation function: INR or APTT ≤1.5×ULN. Cardiac "
    "function: Echocardiography (ECHO) assessment of left ventricular ejection fraction (LVEF) ≥40%. Lung function: "
    "≤CTCAE grade 1 dyspnea and SpO2 ≥92% (measured by pulse oximetry) while breathing indoor air. Liver function: "
    "ALT and AST ≤2.5×ULN, total bilirubin \\<2.0mg/dL (Gilbert syndrome subjects total bilirubin \\<3.0mg/dL). "
    "Kidney function: defined as creatinine clearance rate (Cockcroft-Gault) ≥50mL/min without need for fluid "
    "assistance;"
)


def texts(node):
    return [c.text for c in node.children]


def test_one_line_dash_list_splits_on_spaced_dashes_only():
    sec = parse_section(SEED_001_INC, "inclusion")
    assert [c.id for c in sec.children] == [f"inc-{i}" for i in range(1, 7)]
    assert sec.children[1].text == "Age range from 18 to 65 years old, regardless of gender;"
    # hyphens inside words are not separators
    assert sec.children[3].text.startswith("Presence of anti-dsDNA or anti-Sm antibodies")
    assert sec.children[4].text == "SELENA-SLEDAI=8;"


def test_preamble_is_kept_and_not_a_criterion():
    sec = parse_section(SEED_003_INC, "inclusion")
    assert sec.preamble and sec.preamble.startswith("Only patients with active lupus nephritis")
    # the lead-in narrows who is eligible ("Only patients with active lupus nephritis"): a
    # criterion of its own, with an id that does not shift the numbered ones
    lead, *items = sec.children
    assert lead.id == "inc-lead" and [c.describe() for c in lead.checks] == ["lupus_nephritis_active == True"]
    assert [c.id for c in items[:4]] == ["inc-1", "inc-2", "inc-3", "inc-4"]
    assert items[0].text.startswith("Before random assignment")
    assert items[1].text == "Age: age > 18 years old, = 65 years old when obtaining informed consent"
    assert items[2].text == "SLEDAI-2K score = 6"
    assert items[3].text.startswith("Urinary total protein / creatinine ratio > 1.0 or 24-hour")


def test_numbered_and_bulleted_numbered_lists():
    text = ("  • 1. Meet the 2019 EULAR/ACR classification criteria for systemic lupus erythematosus (SLE).\n"
            "  • 2. SLEDAI-2000 score \\>6.\n"
            "  • 5. Aged 18-65 years; both genders eligible.\n")
    sec = parse_section(text, "inclusion")
    assert [c.id for c in sec.children] == ["inc-1", "inc-2", "inc-3"]
    assert sec.children[2].text == "Aged 18-65 years; both genders eligible."


def test_nested_bullets_become_children_with_dotted_ids():
    text = ("1. Age 18 or older\n"
            "2. Adequate organ function:\n"
            "   - Hemoglobin ≥ 9 g/dL\n"
            "   - Platelet count ≥ 100,000/mm3\n"
            "3. Signed informed consent\n")
    sec = parse_section(text, "inclusion")
    assert texts(sec) == ["Age 18 or older", "Adequate organ function:", "Signed informed consent"]
    organ = sec.children[1]
    assert [c.id for c in organ.children] == ["inc-2.1", "inc-2.2"]
    assert organ.children[1].checks[0].describe() == "platelets >= 100 10^9/L"


def test_wrapped_lines_continue_their_item():
    text = ("        -  Age 18 or older with measurable disease\n"
            "           and adequate organ function\n"
            "        -  No prior chemotherapy\n")
    sec = parse_section(text, "inclusion")
    assert texts(sec) == ["Age 18 or older with measurable disease and adequate organ function", "No prior chemotherapy"]


def test_labelled_sub_clauses_become_child_criteria():
    sec = parse_section(SEED_000_INC_7, "inclusion")
    crit = sec.children[0]
    labels = [c.text.split(":")[0] for c in crit.children]
    assert labels == ["Bone marrow function", "Coagulation function", "Cardiac function", "Lung function",
                      "Liver function", "Kidney function"]
    assert [c.id for c in crit.children][:2] == ["inc-1.1", "inc-1.2"]
    assert not crit.manual


def test_unmarked_lines_are_one_criterion_each():
    text = "Hemoglobin: ≥ 9 g/dL\nNeutrophil count: ≥ 1.5 x 109/L\nPlatelet count: ≥ 100,000/mm3\n"
    sec = parse_section(text, "inclusion")
    assert len(sec.children) == 3


def test_manual_criteria():
    text = ("1. Voluntarily participate in the study, provide written informed consent, and demonstrate good "
            "compliance with follow-up.\n"
            "2. Other conditions deemed by the investigator to preclude study participation.\n")
    for section in ("inclusion", "exclusion"):
        sec = parse_section(text, section)
        assert all(c.manual and not c.checks for c in sec.children)


def test_a_criterion_keeps_its_id_when_the_registry_edits_the_other_list():
    # Screening decisions are saved under criterion ids ("inc-3"): an edited exclusion list on
    # re-import must not move a decision onto another inclusion criterion. Ids go in reading order.
    before = parse_criteria(SEED_001_INC, "1. Pregnant or lactating\n2. Active tuberculosis")
    after = parse_criteria(SEED_001_INC, "1. Active tuberculosis")
    assert [s.id for s in before.sections] == ["inc", "exc"]
    inclusion = [(c.id, c.text) for c in before.sections[0].children]
    assert inclusion == [(c.id, c.text) for c in after.sections[0].children]
    assert [i for i, _ in inclusion] == [f"inc-{n}" for n in range(1, 7)]
    assert inclusion[2] == ("inc-3", "Fulfilling the 2019 ACR/EULAR classification criteria of SLE;")


def test_empty_sections_are_omitted():
    tree = parse_criteria("", "   ")
    assert tree.sections == []
    tree = parse_eligibility("Inclusion Criteria:\n1. Age ≥ 18 years\nExclusion Criteria:\n1. Pregnant\n")
    assert [s.id for s in tree.sections] == ["inc", "exc"]
    assert tree.sections[0].children[0].checks[0].describe() == "age >= 18 years"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    tree = parse_eligibility(text)
    for node in tree.walk():
        for check in node.checks:
            if check.span:
                assert 0 <= check.span[0] <= check.span[1] <= len(node.text) + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["≥", "<", "=", "-", " - ", "(", ")", "1.", "•", "x10^9/L", "ULN", "Hb", "ALT", "within",
                                 "weeks", "and", "or", ";", "\n", " ", "3", "1,500", "except", "BILAG", "A", "at least"])))
def test_never_raises_on_criteria_like_noise(parts):
    parse_criteria("".join(parts), "".join(reversed(parts)))
