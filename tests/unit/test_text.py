"""Text hygiene: one normal form for criteria text, and the inclusion/exclusion split."""

from __future__ import annotations

from trialview.model.text import dedent_block, normalise_text, split_sections, strip_controls


def test_markdown_escapes_of_api_v2_are_undone():
    raw = r"* ANC \>1.5 x 10\^9/L, Hb \< 10 g/dL \[see note\], eGFR \>\= 60"
    assert normalise_text(raw) == "* ANC >1.5 x 10^9/L, Hb < 10 g/dL [see note], eGFR >= 60"


def test_xml_carriage_return_entities_and_crlf_become_newlines():
    assert normalise_text("Inclusion Criteria:&#xD;\n&#xD;\n - Age 18") == (
        "Inclusion Criteria:\n\n - Age 18")
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"


def test_odd_spaces_and_invisible_characters():
    assert normalise_text("Hb\u00a0\u00a0>\u2009100 g/L") == "Hb > 100 g/L"
    assert normalise_text("creat\u200binine\ufeff") == "creatinine"
    assert normalise_text("a   \t b   \n\n\n\n c  ") == "a b\n\n c"


def test_terminal_escapes_and_controls_are_stripped():
    evil = "Age \x1b[31m>= 18\x1b[0m\x1b]0;owned\x07 years\x00\x08\x9b"
    assert normalise_text(evil) == "Age >= 18 years"
    assert strip_controls("tab\tand\nnewline stay\x7f") == "tab\tand\nnewline stay"


def test_dedent_block_removes_exporter_indent_only():
    block = "\n        Inclusion Criteria:\n\n          -  Age 18\n             or older\n"
    assert dedent_block(block).split("\n")[1:4] == ["Inclusion Criteria:", "", "  -  Age 18"]


# Real snippets: ClinicalTrials.gov v2 (NCT03475563), a flattened page (seed 001), legacy XML
# (NCT00055497 "Inclusion:", NCT05482828 "[Inclusion Criteria]"), cohorts (NCT05389865).

def test_split_v2_block():
    text = ("Inclusion Criteria:\n\n* Age over 18 years.\n* Express acceptance of consent.\n\n"
            "Exclusion Criteria:\n\n* Lesions due to restenosis.\n* Cardiogenic shock.")
    assert split_sections(text) == (
        "* Age over 18 years.\n* Express acceptance of consent.",
        "* Lesions due to restenosis.\n* Cardiogenic shock.")


def test_split_flattened_line():
    text = ("Inclusion Criteria: - Age range from 18 to 65 years old, regardless of gender; - SELENA-"
            "SLEDAI=8; Exclusion Criteria: - Pregnant (or lactating) women; - IgA deficiency;")
    inc, exc = split_sections(text)
    assert inc == "- Age range from 18 to 65 years old, regardless of gender; - SELENA-SLEDAI=8;"
    assert exc == "- Pregnant (or lactating) women; - IgA deficiency;"


def test_split_short_and_bracketed_headings():
    assert split_sections("Inclusion:\n - Crohn's disease\nExclusion:\n - Pregnancy") == (
        "- Crohn's disease", "- Pregnancy")
    assert split_sections("[Inclusion Criteria]\n - DHI score ≥ 24\n[Exclusion Criteria]\n"
                          " - Inner ear disease") == ("- DHI score ≥ 24", "- Inner ear disease")


def test_mentions_are_not_headings():
    text = ("Inclusion Criteria:\n- Meets all inclusion criteria listed by the sponsor\n"
            "- Patients fitting the above inclusion criteria will be excluded if unable to attend\n"
            "- No condition listed in the exclusion criteria below\n"
            "Exclusion Criteria:\n- Pregnancy")
    inc, exc = split_sections(text)
    assert inc.count("\n") == 2 and exc == "- Pregnancy"


def test_a_wrapped_sentence_going_on_with_exclusion_criteria_keeps_its_words():
    # NCT00055575 wraps "... (including general MRI\nexclusion criteria and vision ...)": the
    # second line is no heading, and a reader must see the sentence whole.
    text = ("Exclusion Criteria:\n- HIV positive\nThey will not be excluded for imaging exclusion "
            "criteria (including general MRI\nexclusion criteria and vision problems).")
    inc, exc = split_sections(text)
    assert inc == ""
    assert exc.endswith("(including general MRI\nexclusion criteria and vision problems).")


def test_preamble_stays_with_inclusion_unless_it_is_just_a_label():
    assert split_sections("Eligibility Criteria:\nInclusion Criteria:\n- a\nExclusion Criteria:\n- b") \
        == ("- a", "- b")
    assert split_sections("Adults with SLE.\nInclusion Criteria:\n- a\nExclusion Criteria:\n- b") \
        == ("Adults with SLE.\n- a", "- b")


def test_no_headings_is_all_inclusion_and_exclusion_only_is_kept():
    assert split_sections("- Age >= 18\n- Signed consent") == ("- Age >= 18\n- Signed consent", "")
    assert split_sections("Age >= 18\nExclusion Criteria:\n- Pregnancy") == (
        "Age >= 18", "- Pregnancy")


def test_exclusion_first_and_cohorts_keep_each_list_on_its_side():
    assert split_sections("Exclusion Criteria:\n- b\nInclusion Criteria:\n- a") == ("- a", "- b")
    text = ("Surgical cohort\n\nInclusion Criteria:\n\n- operated adults\n\nExclusion Criteria:\n\n"
            "- descending aorta only\n\nNon-surgical cohort\n\nInclusion Criteria:\n\n"
            "- diagnosed adults\n\nExclusion Criteria:\n\n- under 18")
    inc, exc = split_sections(text)
    assert "- operated adults" in inc and "- diagnosed adults" in inc
    assert "- descending aorta only" in exc and "- under 18" in exc
    assert "diagnosed" not in exc
