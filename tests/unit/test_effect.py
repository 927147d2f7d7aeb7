"""Effect words: what a criterion's status means for the patient, the same in every rendering."""

from __future__ import annotations

import datetime as dt

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode
from trialview.model.matching.match import match_trial
from trialview.model.matching.effect import EFFECT_ICON, effect_label, effect_of
from trialview.model.panel import parse_panel
from trialview.tui.render import match_text


def test_an_exclusion_that_is_met_is_against_the_patient() -> None:
    assert effect_of("exclusion", "met") == "against"
    assert effect_of("exclusion", "not_met") == "in_favour"
    assert effect_of("inclusion", "met") == "in_favour"
    assert effect_of("inclusion", "not_met") == "against"
    assert effect_of("exclusion", "unknown") == "open"
    assert effect_of("inclusion", "manual") == "for_a_person"
    assert effect_label("exclusion", "met") == "✗ against"


def test_the_four_icons_differ_without_colour() -> None:
    assert len(set(EFFECT_ICON.values())) == 4


def test_cli_text_says_against_and_for_a_person() -> None:
    preg = CriterionNode(id="exc-1", kind="criterion", section="exclusion", text="Pregnant",
                         checks=[Check(variable="pregnant", op="==", value=True)])
    consent = CriterionNode(id="inc-1", kind="criterion", section="inclusion", manual=True,
                            text="Signed consent")
    tree = CriteriaTree(sections=[
        CriterionNode(id="inc", kind="section", section="inclusion", text="inclusion", children=[consent]),
        CriterionNode(id="exc", kind="section", section="exclusion", text="exclusion", children=[preg]),
    ])
    panel = parse_panel({"as_of": "2026-11-22", "values": {"pregnant": True}}, today=dt.date(2026, 11, 22))
    text = match_text(match_trial("T1", "A trial", tree, panel))
    assert "✗ against: exc-1" in text
    assert "☐ for a person: inc-1" in text
