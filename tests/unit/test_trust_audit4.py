"""A careful screener's audit, fourth round (session 8, issue 11): who a criterion is about.

Each test is one general rule on the words of a real criterion (the record named beside it, from
tests/data, or the Chia tuning part), and says what a clinician reading that text would allow the
tool to decide: a criterion for women who can bear children does not apply to a woman who cannot,
nor to a man; one that names men and women alike applies to both.
"""

from __future__ import annotations

from tests.corpora import ctgov_tree
from trialview.model.criteria import CriteriaTree, CriterionNode, parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel

WOMAN_PAST_CHILDBEARING = {"sex": "female", "age": 62, "pregnant": False, "childbearing_potential": False}
WOMAN_WHO_MAY_BEAR = {"sex": "female", "age": 30, "pregnant": False, "childbearing_potential": True}
MAN = {"sex": "male", "age": 55}


def results(tree: CriteriaTree, values: dict[str, object]) -> dict[str, tuple[str, str]]:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": []})
    return {k: (r.status, r.reason) for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def node(tree: CriteriaTree, start: str) -> CriterionNode:
    (found,) = [n for n in tree.walk() if n.text.startswith(start)]
    return found


def one(text: str, section: str, values: dict[str, object]) -> tuple[str, str]:
    """The machine's status and reason of one criterion for a patient."""
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    return results(tree, values)[tree.sections[0].children[0].id]


# --- "Not a woman of childbearing potential" ------------------------------------------------------

def test_not_a_woman_of_childbearing_potential_is_read():
    # NCT05382559 inc-9: "Female participant is not pregnant, ..., and at least 1 of the following
    # conditions apply: - Not a woman of childbearing potential (WOCBP). - WOCBP who agrees to
    # follow the contraceptive guidance ...". A woman the panel says cannot bear children meets
    # the first; it stayed "for a person" (no check read it), so the whole criterion did too
    tree = ctgov_tree("NCT05382559")
    first, whole = node(tree, "Not a woman of childbearing potential"), node(tree, "Female participant is not pregnant")
    woman = results(tree, WOMAN_PAST_CHILDBEARING)
    assert woman[first.id][0] == "met" and woman[whole.id][0] == "met"
    # a man is no woman of childbearing potential either, and is not pregnant
    man = results(tree, MAN)
    assert man[first.id][0] == "met" and man[whole.id][0] == "met"
    # a woman who may bear children is one: the first alternative fails her, and the second
    # (contraceptive guidance) is for a person, so the criterion is not met by the machine
    may = results(tree, WOMAN_WHO_MAY_BEAR)
    assert may[first.id][0] == "not_met" and may[whole.id][0] != "met"
    # nothing said of her childbearing potential: open
    assert results(tree, {"sex": "female", "age": 40, "pregnant": False})[first.id][0] == "unknown"
    # the same words as a criterion of their own, among requirements
    alone = parse_criteria("Is not a woman of childbearing potential (WOCBP)", "")
    only = alone.sections[0].children[0].id
    assert results(alone, WOMAN_PAST_CHILDBEARING)[only][0] == "met"
    assert results(alone, WOMAN_WHO_MAY_BEAR)[only][0] == "not_met"


def test_a_woman_said_to_be_of_non_childbearing_potential():
    # Chia NCT02531971 "Female subjects must be of non-childbearing potential (as defined as
    # surgically sterile ...)": a woman who cannot bear children meets it, one who can does
    # not; it is the female subjects' only, so a man is out of it
    text = "Female subjects must be of non-childbearing potential"
    assert one(text, "inclusion", WOMAN_PAST_CHILDBEARING)[0] == "met"
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "not_met"
    status, reason = one(text, "inclusion", MAN)
    assert status == "met" and reason.startswith("does not apply: Female subjects")
    # said of a woman without a subject, the man's own childbearing potential is not made up
    text = "Adult female of nonchildbearing potential"
    assert one(text, "inclusion", WOMAN_PAST_CHILDBEARING)[0] == "met"
    assert one(text, "inclusion", MAN)[0] != "met"


# --- criteria for women of childbearing potential -------------------------------------------------

def test_a_criterion_for_wocbp_does_not_apply_to_a_woman_who_cannot_bear_children_nor_to_a_man():
    # NCT05382559 inc-9.1.2's words as a criterion of their own: "WOCBP" is a woman; it read
    # "open" for a man (only childbearing potential was asked of him)
    text = "WOCBP who agrees to follow the contraceptive guidance from the time of informed consent"
    for patient in (WOMAN_PAST_CHILDBEARING, MAN):
        status, reason = one(text, "inclusion", patient)
        assert status == "met" and reason.startswith("does not apply: WOCBP")
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "manual"
    # NCT04207047: "Subjects of childbearing potential must have a negative urine pregnancy test
    # result and must not be lactating ...": subjects who can bear children are women
    text = "Subjects of childbearing potential must have a negative urine pregnancy test result and must not be lactating"
    status, reason = one(text, "inclusion", MAN)
    assert status == "met" and reason.startswith("does not apply")


def test_a_criterion_for_women_not_of_childbearing_potential_does_not_apply_to_one_who_may_bear():
    # NCT05381142 inc-5.2 "Women of non-childbearing potential are not required to use
    # contraception.": it says nothing against a woman who may bear children
    tree = ctgov_tree("NCT05381142")
    relief = node(tree, "Women of non-childbearing potential are not required")
    status, reason = results(tree, WOMAN_WHO_MAY_BEAR)[relief.id]
    assert status == "met" and reason.startswith("does not apply")
    assert results(tree, WOMAN_PAST_CHILDBEARING)[relief.id][0] == "manual"


def test_women_named_as_the_subject_make_a_criterion_theirs_only():
    # NCT05382559 inc-10 / inc-11: "Female participant must agree not to breastfeed ...", "Female
    # participant must not donate ova ...": they stayed for a person for a man, where the
    # trial's "Male participant must not donate sperm ..." already read "does not apply" for a woman
    tree = ctgov_tree("NCT05382559")
    man, woman = results(tree, MAN), results(tree, WOMAN_PAST_CHILDBEARING)
    for start in ("Female participant must agree not to breastfeed", "Female participant must not donate ova"):
        found = node(tree, start)
        assert man[found.id][0] == "met" and man[found.id][1].startswith("does not apply: Female participant")
        assert woman[found.id][0] == "manual"
    sperm = node(tree, "Male participant must not donate sperm")
    assert man[sperm.id][0] == "manual" and woman[sperm.id][0] == "met"


def test_a_sentence_naming_men_too_is_not_for_women_only():
    # Chia NCT00989261: "Females of childbearing potential and sexually mature males must agree to
    # use a medically accepted method of contraception throughout the study." read "does not
    # apply" for every man: the subject's first words were taken for the whole of it
    text = ("Females of childbearing potential and sexually mature males must agree to use a medically "
            "accepted method of contraception throughout the study.")
    assert one(text, "inclusion", MAN)[0] == "manual"
    # Chia NCT00679341: "For women of childbearing potential and men with partners of
    # childbearing potential, agreement to use a highly effective ... contraception": men too
    text = ("For women of childbearing potential and men with partners of childbearing potential, agreement to "
            "use a highly effective, non-hormonal form of contraception")
    assert one(text, "inclusion", MAN)[0] == "manual"
    # a partner is not the patient: "Male participant with female partner(s) of childbearing
    # potential ... must agree to use contraception" is still the man's only (NCT05382559 inc-12)
    tree = ctgov_tree("NCT05382559")
    partners = node(tree, "Male participant with female partner")
    assert results(tree, WOMAN_PAST_CHILDBEARING)[partners.id][0] == "met"


def test_what_follows_and_after_an_alternative_is_required_of_either():
    # NCT05389722 inc-2 "Adult female of nonchildbearing potential or male, any race or ethnicity,
    # and in good health as determined by the medical history, physical exam, ...": good health is
    # asked of both; a woman who cannot bear children is not met on that alone
    tree = ctgov_tree("NCT05389722")
    found = node(tree, "Adult female of nonchildbearing potential or male")
    assert results(tree, WOMAN_PAST_CHILDBEARING)[found.id][0] != "met"
    assert any("good health" in u for u in found.unread)
    # a woman who may bear children is neither alternative
    assert results(tree, WOMAN_WHO_MAY_BEAR)[found.id][0] != "met"


def test_an_exclusions_sentences_are_each_a_way_to_be_excluded():
    # Chia NCT02141061: "Women with abnormally high liver enzymes or liver disease. (ALT or AST
    # exceeding 2.0 x ULN AND total bilirubin exceeding 1.5 x ULN at screening and confirmed on
    # repeat)": a woman with liver disease is excluded whatever her bilirubin; a normal
    # bilirubin does not clear her of the first sentence, which only a person can judge
    text = ("Women with abnormally high liver enzymes or liver disease. (ALT or AST exceeding 2.0 x ULN AND total "
            "bilirubin exceeding 1.5 x ULN at screening and confirmed on repeat)")
    woman = {"sex": "female", "age": 50, "total_bilirubin": {"value": 0.8, "unit": "mg/dL"},
             "alt": {"value": 1, "unit": "xULN"}, "ast": {"value": 1, "unit": "xULN"}}
    assert one(text, "exclusion", woman)[0] != "not_met"
    # a man is out of the women's sentence; the labs' sentence still reads his labs
    man = {**woman, "sex": "male"}
    assert one(text, "exclusion", man)[0] != "met"


def test_women_named_as_the_subject_of_an_exclusion():
    # NCT05482516 inc-15 "Women must not be breastfeeding." and NCT00739830 exc-5 "Women who are
    # pregnant or lactating": a man is out of them, a woman's own answers decide
    tree = ctgov_tree("NCT05482516")
    found = node(tree, "Women must not be breastfeeding")
    status, reason = results(tree, MAN)[found.id]
    assert status == "met" and reason.startswith("does not apply")
    assert results(tree, {"sex": "female", "age": 40, "lactating": True})[found.id][0] == "not_met"
    tree = ctgov_tree("NCT00739830")
    found = node(tree, "Women who are pregnant or lactating")
    assert results(tree, MAN)[found.id][0] == "not_met"
    assert results(tree, {"sex": "female", "age": 40, "pregnant": True})[found.id][0] == "met"
    assert results(tree, {"sex": "female", "age": 40})[found.id][0] == "unknown"


def test_an_inclusion_naming_women_with_nothing_required_of_them_says_whom_the_trial_takes():
    # Chia NCT02620904 "Women with one prior low transverse cesarean delivery": the trial takes
    # such women; a man does not meet it (it is not "for women only, so not his")
    assert one("Women with one prior low transverse cesarean delivery", "inclusion", MAN)[0] != "met"
    # Chia NCT02106598 "Women who are pre-menopausal must have a negative serum pregnancy test":
    # what is required of some women; a man is out of it
    status, reason = one("Women who are pre-menopausal must have a negative serum pregnancy test", "inclusion", MAN)
    assert status == "met" and reason.startswith("does not apply")
    # as an exclusion, "Women who are pregnant or lactating" still is women's only (NCT00739830)
    assert one("Women who are pregnant or lactating", "exclusion", MAN)[0] == "not_met"
