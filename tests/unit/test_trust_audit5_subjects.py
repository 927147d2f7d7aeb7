"""A careful screener's audit, fifth round (session 9, issue 11): whom a sentence is about.

Each test is one general rule on the words of a real criterion (the record named beside it, from
tests/data, or the Chia tuning part), and says what a clinician reading that text would allow the
tool to decide: a criterion for women who can bear children, wherever the sentence names them,
does not apply to a man nor to a woman who cannot; one for "fertile patients" or "men and women of
reproductive potential" asks a man too, and is settled for him only when the panel says he
cannot father a child; what a patient may come to be ("attempt to become pregnant") is no state
of hers today.
"""

from __future__ import annotations

from tests.corpora import XML_DIR
from trialview.model.criteria import CriteriaTree, parse_criteria, parse_trial
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials

MAN = {"sex": "male", "age": 45}
MAN_WHO_CANNOT_FATHER = {"sex": "male", "age": 45, "childbearing_potential": False}
WOMAN_PAST_CHILDBEARING = {"sex": "female", "age": 62, "childbearing_potential": False, "pregnant": False,
                           "lactating": False}
WOMAN_WHO_MAY_BEAR = {"sex": "female", "age": 30, "childbearing_potential": True, "pregnant": False,
                      "lactating": False}


def statuses(tree: CriteriaTree, values: dict[str, object]) -> dict[str, tuple[str, str]]:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": []})
    return {k: (r.status, r.reason) for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def one(text: str, section: str, values: dict[str, object]) -> tuple[str, str]:
    """The machine's status and reason of one criterion for a patient."""
    tree = parse_criteria(text, "") if section == "inclusion" else parse_criteria("", text)
    return statuses(tree, values)[tree.sections[0].children[0].id]


# --- women of childbearing potential, later in the sentence -----------------------------------

def test_a_bracket_naming_women_of_childbearing_potential_scopes_its_criterion():
    # Chia NCT02510404 inc-8: the test is asked of women who may bear children only; a man, or
    # a woman past childbearing, is not asked it (it read "pregnant: no" of each, not why)
    text = "Negative pregnancy test (if female of childbearing potential)"
    for patient in (MAN, WOMAN_PAST_CHILDBEARING):
        status, reason = one(text, "inclusion", patient)
        assert status == "met" and reason.startswith("does not apply: female of childbearing potential")
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "met"
    assert one(text, "inclusion", {**WOMAN_WHO_MAY_BEAR, "pregnant": True})[0] == "not_met"
    # her potential not known: the test is asked, and she has none on the panel
    assert one(text, "inclusion", {"sex": "female", "age": 30})[0] == "unknown"


def test_an_if_naming_women_of_childbearing_potential_without_a_comma_is_a_condition():
    # Chia NCT01701219 inc-3: it stayed "for a person" for a man
    text = ("If female of childbearing potential must be willing to practice sexual abstinence or dual methods of "
            "contraception during treatment and for at least 30 days after the last dose of study drug.")
    for patient in (MAN, WOMAN_PAST_CHILDBEARING):
        status, reason = one(text, "inclusion", patient)
        assert status == "met" and reason.startswith("does not apply")
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "manual"


def test_a_sentence_for_women_beside_one_for_men_applies_to_neither_outside_them():
    # NCT00739882 inc-4: "For women of childbearing potential, use of an acceptable method of
    # contraception ... For men, during the participation, it is mandatory to practice birth
    # control, ...": a woman past childbearing is asked neither (it stayed for a person); a man
    # is asked the second, a woman who may bear children the first
    (trial,) = parse_trials((XML_DIR / "NCT00739882.xml").read_text(encoding="utf-8"))
    tree = parse_trial(trial)
    assert statuses(tree, WOMAN_PAST_CHILDBEARING)["inc-4"][0] == "met"
    assert statuses(tree, MAN)["inc-4"][0] == "manual"
    assert statuses(tree, WOMAN_WHO_MAY_BEAR)["inc-4"][0] == "manual"


# --- "fertile", "of reproductive potential" --------------------------------------------------------

def test_fertile_patients_are_men_and_women_alike():
    # NCT00023673 (tests/data/ctgov-json) "Fertile patients must use effective contraception":
    # it stayed for a person for everyone; it does not apply to a patient the panel says cannot
    # have children, and a man is asked it too (his fertility not given: open, never "met")
    text = "Fertile patients must use effective contraception"
    for patient in (MAN_WHO_CANNOT_FATHER, WOMAN_PAST_CHILDBEARING):
        status, reason = one(text, "inclusion", patient)
        assert status == "met" and reason.startswith("does not apply: Fertile patients")
    assert one(text, "inclusion", MAN)[0] not in ("met", "not_met")
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "manual"


def test_men_and_women_of_reproductive_potential_are_both_asked():
    # Chia NCT00183885 exc-3: "Men and women of reproductive potential may not participate unless
    # they have agreed to use an effective contraceptive method." A patient who cannot have
    # children is not excluded by it; a man whose fertility the panel does not give is not
    # cleared (the sentence names men)
    text = ("Men and women of reproductive potential may not participate unless they have agreed to use an "
            "effective contraceptive method")
    for patient in (MAN_WHO_CANNOT_FATHER, WOMAN_PAST_CHILDBEARING):
        assert one(text, "exclusion", patient)[0] == "not_met"
    assert one(text, "exclusion", MAN)[0] not in ("met", "not_met")
    assert one(text, "exclusion", WOMAN_WHO_MAY_BEAR)[0] not in ("met", "not_met")


def test_not_of_reproductive_potential_is_read():
    # Chia NCT03253796 inc-1: "Is not of reproductive potential, or is of reproductive potential
    # and agrees to avoid becoming pregnant or impregnating a partner ...": a woman past
    # childbearing meets the first alternative (it stayed for a person); a man is not made one
    # who cannot father a child by his sex
    text = ("Is not of reproductive potential, or is of reproductive potential and agrees to avoid becoming pregnant "
            "or impregnating a partner while receiving trial medication or within 6 months after the last dose of "
            "trial medication")
    assert one(text, "inclusion", WOMAN_PAST_CHILDBEARING)[0] == "met"
    assert one(text, "inclusion", MAN_WHO_CANNOT_FATHER)[0] == "met"
    assert one(text, "inclusion", MAN)[0] not in ("met", "not_met")
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "manual"


# --- what a patient may come to be is no state of hers ---------------------------------------

def test_becoming_pregnant_is_not_being_pregnant():
    # Chia NCT02141061 inc-4 "Agreement not to attempt to become pregnant" read "pregnant: yes
    # required", so every woman who is not pregnant failed it
    assert one("Agreement not to attempt to become pregnant", "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "manual"
    # Chia NCT02519777 inc-20 "Females of reproductive potential must agree not to participate in
    # the conception process (ie, active attempt to become pregnant, in vitro fertilization), and
    # if participating in sexual activity that could lead to pregnancy, must use ...": the same
    text = ("Females of reproductive potential must agree not to participate in the conception process (ie, active "
            "attempt to become pregnant, in vitro fertilization), and if participating in sexual activity that could "
            "lead to pregnancy, must use at least one reliable form of contraception.")
    assert one(text, "inclusion", WOMAN_WHO_MAY_BEAR)[0] == "manual"
    # NCT05381194 exc-10 "For women of childbearing potential if the pregnancy test is positive,
    # women who are breastfeeding or planning to become pregnant within 6 months ..., or who do
    # not want contraception (...)", with a note under it: a woman who may bear children, not
    # breastfeeding, was cleared though her plans and her will to use contraception are unread
    (trial,) = parse_trials((XML_DIR / "NCT05381194.xml").read_text(encoding="utf-8"))
    tree = parse_trial(trial)
    (node,) = [n for n in tree.walk() if n.text.startswith("For women of childbearing potential if the pregnancy")]
    assert statuses(tree, WOMAN_WHO_MAY_BEAR)[node.id][0] not in ("met", "not_met")
    assert any("planning to become pregnant" in u for u in node.unread)
    # a pregnant woman is still excluded: the plain state is read
    assert one("Pregnant, lactating, or planning to become pregnant during the course of the trial", "exclusion",
               {**WOMAN_WHO_MAY_BEAR, "pregnant": True})[0] == "met"


# --- a test in brackets says how a state is found ---------------------------------------------

def test_a_negative_test_in_brackets_does_not_turn_an_exclusion_of_pregnancy_over():
    # Chia NCT02596555 exc-1 "Pregnancy (a negative serum or urine pregnancy test should be
    # available for women of child-bearing potential before study inclusion) or lactation" read
    # "pregnant: no" and excluded every woman who is not pregnant; and its bracket's "for women
    # of child-bearing potential" made it "does not apply" for a breastfeeding woman past
    # childbearing
    text = ("Pregnancy (a negative serum or urine pregnancy test should be available for women of child-bearing "
            "potential before study inclusion) or lactation")
    assert one(text, "exclusion", WOMAN_WHO_MAY_BEAR)[0] != "met"
    assert one(text, "exclusion", {**WOMAN_WHO_MAY_BEAR, "pregnant": True})[0] == "met"
    assert one(text, "exclusion", {**WOMAN_PAST_CHILDBEARING, "lactating": True})[0] == "met"
    # Chia NCT02713087 exc-2 "Pregnancy or nursing (negative pregnancy blood test)": read "not
    # pregnant and not nursing", it excluded every woman who is neither
    text = "Pregnancy or nursing (negative pregnancy blood test)"
    assert one(text, "exclusion", WOMAN_WHO_MAY_BEAR)[0] == "not_met"
    assert one(text, "exclusion", {**WOMAN_WHO_MAY_BEAR, "pregnant": True})[0] == "met"
    assert one(text, "exclusion", {**WOMAN_WHO_MAY_BEAR, "lactating": True})[0] == "met"


def test_the_quick_test_before_what_a_patient_may_become_passes_where_its_regex_matches():
    # states.states tries _TO_BECOME_BEFORE only when one of its words is in the 50 characters
    # before a state: on real lines, wherever the regex matches, the quick test passes
    import re

    from tests.corpora import chia_criteria_lines
    from trialview.model.criteria import states

    cuts = [(ln, m.end()) for ln in chia_criteria_lines("exc") + chia_criteria_lines("inc")
            for m in re.finditer(r"\b(?:becom\w*|get\w*|lead\w*\s+to|result\w*\s+in)\s+(?:a\s+)?", ln, re.I)]
    hits = [(ln, e) for ln, e in cuts if states._TO_BECOME_BEFORE.search(ln, max(0, e - 20), e)]
    assert len(hits) > 20
    words = ("becom", "get", "lead", "result")
    assert all(any(w in ln[max(0, e - 50):e].lower() for w in words) for ln, e in hits)


def test_pregnant_and_breastfeeding_in_an_exclusion_excludes_either():
    # Chia NCT01743755 exc-10 "Pregnant and breastfeeding women.", NCT02970773 exc-9 "Pregnancy
    # and breast feeding": read as both at once, a pregnant woman who is not breastfeeding was
    # cleared of them
    for text in ("Pregnant and breastfeeding women.", "Pregnancy and breast feeding"):
        assert one(text, "exclusion", {**WOMAN_WHO_MAY_BEAR, "pregnant": True})[0] == "met"
        assert one(text, "exclusion", {**WOMAN_WHO_MAY_BEAR, "lactating": True})[0] == "met"
        assert one(text, "exclusion", WOMAN_WHO_MAY_BEAR)[0] == "not_met"
    # an inclusion's "not pregnant and not breastfeeding" still asks both
    assert one("Not pregnant and not breastfeeding", "inclusion", {**WOMAN_WHO_MAY_BEAR, "lactating": True})[0] \
        == "not_met"
