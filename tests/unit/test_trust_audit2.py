"""A careful screener's audit, second round (session 6, issue 11): each test is one general rule,
on the words of a real criterion (the record named beside it, from tests/data), and says what a
clinician reading that text would allow the tool to decide.
"""

from __future__ import annotations

from tests.corpora import XML_DIR
from trialview.model.criteria import CriteriaTree, CriterionNode, parse_criteria, parse_section, parse_trial
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials


def crit(text: str, section: str = "inclusion") -> CriterionNode:
    return parse_section(text, section).children[0]  # type: ignore[arg-type]


def checks(node: CriterionNode) -> list[str]:
    return [c.describe() for n in node.walk() for c in n.checks]


def match(tree: CriteriaTree, values: dict[str, object], therapies: list[dict[str, object]] | None = None) -> \
        dict[str, str]:
    panel = parse_panel({"as_of": "2026-11-30", "values": values, "therapies": therapies or []})
    return {k: r.status for k, r in match_trial("T", "t", tree, panel).statuses.items()}


def status(text: str, section: str, values: dict[str, object],
           therapies: list[dict[str, object]] | None = None) -> str:
    """The machine's status of one criterion for a patient."""
    inc, exc = (text, "") if section == "inclusion" else ("", text)
    tree = parse_criteria(inc, exc)
    return match(tree, values, therapies)[tree.sections[0].children[0].id]


def xml_tree(nct: str) -> CriteriaTree:
    (trial,) = parse_trials((XML_DIR / f"{nct}.xml").read_text(encoding="utf-8"))
    return parse_trial(trial)


# --- a list nested in the record stays nested ---------------------------------------------------

def test_a_sub_list_indented_in_a_legacy_record_stays_under_its_lead_in():
    # NCT05480072: "For women of childbearing potential: agreeable to use one of the following:"
    # with its four methods indented under it; flattened, each method was a requirement of its
    # own, for every patient (a man was asked whether he uses an intrauterine device)
    tree = xml_tree("NCT05480072")
    (lead,) = [n for n in tree.sections[0].children if n.text.startswith("For women of childbearing potential")]
    assert [c.text.split(" ")[0] for c in lead.children] == ["hormonal", "barrier", "intrauterine", "abstinence"]
    assert lead.logic == "any"
    statuses = match(tree, {"sex": "male"})
    assert statuses[lead.id] == "met"
    assert not any("intrauterine" in n.text for n in tree.sections[0].children)


def test_the_first_item_of_an_indented_list_is_no_lead_in_of_the_rest():
    # NCT05482516's exclusions: the section's text starts at "1. There is suspicion ...", its
    # indent stripped with the heading; items 2 to 53 are its siblings, not its sub-items
    tree = xml_tree("NCT05482516")
    first = tree.sections[1].children[0]
    assert first.text.startswith("There is suspicion") and not first.children
    assert len(tree.sections[1].children) > 40
