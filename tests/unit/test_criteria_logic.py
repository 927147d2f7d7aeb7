"""Checks read from criteria text: and/or logic, the groups it makes and the shape of the seeds'
infection lists. Every phrase is quoted from the seeds or from Chia."""

from __future__ import annotations

from tests.unit.criteria_helpers import all_checks, crit
from trialview.model.criteria import CriterionNode


# ---- logic ---------------------------------------------------------------------------------------

def test_or_and_groups():
    node = crit("Presence of anti-dsDNA or anti-Sm antibodies and decreased C3 or C4 levels;")
    assert node.logic == "all" and not node.checks
    groups = [(g.kind, [c.describe() for c in g.checks]) for g in node.children]
    assert groups == [("any", ["anti_dsdna == positive", "anti_sm == positive"]),
                      ("any", ["c3_low == True", "c4_low == True"])]


def test_and_or_is_any():
    node = crit("Screening period tests meet: positive blood antinuclear antibody (ANA), and/or positive "
                "anti-ds-DNA antibodies, and/or hypocomplementemia;")
    assert node.logic == "any"
    assert [c.describe() for c in node.checks] == ["ana == positive", "anti_dsdna == positive", "c3_low == True",
                                                   "c4_low == True"]


def test_one_of_the_following_list_is_any():
    text = ("1. Participants meeting any of the following: Hepatitis B surface antigen (HBsAg)-positive or hepatitis "
            "B core antibody (HBcAb)-positive with detectable HBV DNA; Hepatitis C virus (HCV) antibody-positive "
            "with detectable HCV RNA; HIV antibody-positive; Syphilis-positive (RPR and TPHA positive, or TPHA "
            "positive with RPR reconfirmed positive after 4 weeks).")
    node = crit(text, "exclusion")
    assert node.logic == "any"
    assert {c.describe() for c in node.checks} == {"hiv == positive", "syphilis == positive"}
    hbv, hcv = node.children
    # HBsAg positive excludes on its own; HBcAb positive only with detectable HBV DNA
    assert hbv.kind == "any" and [c.variable for c in hbv.checks] == ["hbsag"]
    assert hbv.children[0].kind == "all" and [c.variable for c in hbv.children[0].checks] == ["hbcab", "hbv_dna"]
    assert hcv.kind == "all" and [c.variable for c in hcv.checks] == ["hcv_ab", "hcv_rna"]


def test_or_between_values_of_one_variable():
    node = crit("Platelet count <80,000 or >700,000 cells/mm3", "exclusion")
    assert node.logic == "any"
    assert [c.describe() for c in node.checks] == ["platelets < 80 10^9/L", "platelets > 700 10^9/L"]


def test_shared_value_for_listed_analytes():
    node = crit("AST (SGOT) and ALT (SGPT) < 2.5 UNL")
    assert all_checks(node) == ["ast < 2.5 xULN", "alt < 2.5 xULN"]
    node = crit("Coagulation function: INR or APTT ≤1.5×ULN.")
    # an inclusion's limit on listed labs: each must meet it (test_trust_audit3)
    assert node.logic == "all" and all_checks(node) == ["inr <= 1.5 xULN", "aptt <= 1.5 xULN"]


# ---- and/or shape of infection lists (seed texts) -----------------------------------------------

def shape(node: CriterionNode):
    """A node as nested (logic, [checks..., children...]) with checks as 'variable' (or 'not variable')."""
    parts = [("not " if c.negated else "") + c.variable for c in node.checks]
    parts += [shape(c) if (c.checks or c.children) else "MANUAL" for c in node.children]
    logic = node.kind if node.kind in ("all", "any") else node.logic
    return canon((logic, parts))


def canon(expr):
    """(logic, [parts]) with parts in a fixed order, to compare shapes regardless of order."""
    if isinstance(expr, str):
        return expr
    return (expr[0], sorted((canon(p) for p in expr[1]), key=str))


def assert_sensible_texts(node: CriterionNode) -> None:
    for n in node.walk():
        assert n.text in node.text, n.text
        assert not n.text[:1].islower() or n.text.split()[0] in ("positive", "negative", "detectable", "patients",
                                                                  "biological", "rituximab", "hepatitis"), n.text


SEED_001_EXC_7 = ("Abnormal test results for hepatitis B or C indicate the presence of an active or chronic infection, "
                  "including positive HBsAg or positive HBcAb with HBV DNA levels exceeding the normal upper "
                  "limit,positive hepatitis C antibody and detectable HCV RNA;positive serology for human "
                  "immunodeficiency virus (HIV) or a known history of HIV infection;")


def test_seed_001_hbv_and_hcv_are_separate_ways_to_be_excluded():
    node = crit(SEED_001_EXC_7, "exclusion")
    # "positive HBsAg or positive HBcAb with HBV DNA ...": HBsAg, or HBcAb with DNA (a positive
    # HBcAb alone, a resolved infection, does not exclude); the opening summary is for a person
    # any[ any[hbsag, all[hbcab, hbv_dna]], all[hcv_ab, hcv_rna], hiv ]
    assert shape(node) == canon(("any", [("any", ["hbsag", ("all", ["hbcab", "hbv_dna"])]),
                                         ("all", ["hcv_ab", "hcv_rna"]), "hiv"]))
    assert node.unread == ["Abnormal test results for hepatitis B or C indicate the presence of an active or "
                           "chronic infection"]
    texts = [n.text for n in node.walk()][1:]
    assert "positive HBcAb with HBV DNA" in texts
    assert "positive hepatitis C antibody and detectable HCV RNA" in texts
    assert_sensible_texts(node)


def test_seed_000_and_002_infection_lists_keep_their_shape_and_texts():
    node = crit("Individuals with positive Hepatitis B surface antigen (HBsAg) and/or Hepatitis B core antibody "
                "(HBcAb), and Hepatitis B virus (HBV) DNA positivity or titers above the detection threshold; those "
                "with positive Hepatitis C virus (HCV) antibodies and HCV RNA positivity or titers above the detection "
                "threshold; individuals with Human Immunodeficiency Virus (HIV) antibodies positivity, CMV DNA "
                "positivity or above the detection limit; those with positive syphilis antigen or antibodies;",
                "exclusion")
    assert shape(node) == canon(("any", ["syphilis", ("all", ["hbv_dna", ("any", ["hbcab", "hbsag"])]),
                                         ("all", ["hcv_ab", "hcv_rna"]), ("any", ["cmv_dna", "hiv"])]))
    assert_sensible_texts(node)
    node = crit("Participants meeting any of the following: Hepatitis B surface antigen (HBsAg)-positive or hepatitis B "
                "core antibody (HBcAb)-positive with detectable HBV DNA; Hepatitis C virus (HCV) antibody-positive "
                "with detectable HCV RNA; HIV antibody-positive; Syphilis-positive (RPR and TPHA positive, or TPHA "
                "positive with RPR reconfirmed positive after 4 weeks).", "exclusion")
    assert shape(node) == canon(("any", ["hiv", "syphilis", ("any", ["hbsag", ("all", ["hbcab", "hbv_dna"])]),
                                         ("all", ["hcv_ab", "hcv_rna"])]))
    assert_sensible_texts(node)


def test_seed_001_two_different_infections_joined_by_and_either_excludes():
    node = crit("Cytomegalovirus DNA levels and EB (Epstein-Barr) virus DNA levels in the peripheral blood exceeding "
                "the normal upper limits;", "exclusion")
    assert shape(node) == ("any", ["cmv_dna", "ebv_dna"])
    # the same infection's two tests confirm each other: both are needed
    node = crit("positive hepatitis C antibody and detectable HCV RNA", "exclusion")
    assert shape(node) == ("all", ["hcv_ab", "hcv_rna"])
