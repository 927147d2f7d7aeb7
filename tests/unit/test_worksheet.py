"""The screening worksheet: every criterion with status, reason, who decided, and the date."""

from __future__ import annotations

import datetime as dt

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.trial import Trial
from trialview.model.worksheet import worksheet_markdown


def _tree() -> CriteriaTree:
    hb = CriterionNode(id="inc-1", kind="criterion", section="inclusion", text="Hb ≥80g/L",
                       checks=[Check(variable="hemoglobin", op=">=", value=80, unit="g/L", span=(0, 9))])
    consent = CriterionNode(id="inc-2", kind="criterion", section="inclusion", manual=True,
                            text="Signed consent [link](http://evil) | <b>x</b>")
    preg = CriterionNode(id="exc-1", kind="criterion", section="exclusion", text="Pregnant",
                         checks=[Check(variable="pregnant", op="==", value=True)])
    return CriteriaTree(sections=[
        CriterionNode(id="inc", kind="section", section="inclusion", text="inclusion", children=[hb, consent]),
        CriterionNode(id="exc", kind="section", section="exclusion", text="exclusion", children=[preg]),
    ])


def _worksheet(values: dict, screening: dict | None = None) -> str:
    tree = _tree()
    trial = Trial(trial_id="NCT00000001", title="A *trial* [bold]x[/]", status="Recruiting")
    panel = parse_panel({"label": "bed 12", "as_of": "2026-11-22", "values": values,
                         "screening": screening or {}}, today=dt.date(2026, 11, 22))
    result = match_trial(trial.trial_id, trial.title, tree, panel)
    return worksheet_markdown(trial, tree, result, panel)


def test_every_criterion_with_status_reason_and_date() -> None:
    text = _worksheet({"hemoglobin": {"value": 7.5, "unit": "g/dL"}, "pregnant": False})
    assert text.startswith("# Screening worksheet: NCT00000001")
    assert "2026-11-22" in text and "bed 12" in text
    assert "✗ ineligible" in text
    row = next(line for line in text.splitlines() if line.startswith("| inc-1 "))
    # Hb 7.5 g/dL against "Hb ≥80g/L": the inclusion fails, which is against the patient.
    assert "✗ against (not met)" in row and "75 g/L" in row and row.endswith("| machine |")
    exc = next(line for line in text.splitlines() if line.startswith("| exc-1 "))
    # Not pregnant against the exclusion "Pregnant": not met, in the patient's favour; never
    # "does not apply", the words of a criterion whose condition leaves the patient out (cli.md)
    assert "✓ in favour (not met)" in exc and "does not apply" not in exc
    assert "## Why not eligible" in text


def test_hand_decisions_are_marked() -> None:
    text = _worksheet({}, {"NCT00000001": {"inc-2": "met"}})
    row = next(line for line in text.splitlines() if line.startswith("| inc-2 "))
    assert "✓ in favour (met)" in row and row.endswith("| hand |")


def test_untrusted_text_cannot_inject_markdown_or_html() -> None:
    text = _worksheet({})
    assert "[link](http://evil)" not in text and "\\[link\\]\\(http://evil\\)" in text
    assert "<b>" not in text and "\\|" in text
    assert "A \\*trial\\* \\[bold\\]x\\[/\\]" in text


def test_an_exclusion_that_applies_reads_against() -> None:
    # A pregnant patient and the exclusion "Pregnant": the exclusion applies, so the row must say
    # "against" with ✗, never a ✓ that a reader takes for good news.
    text = _worksheet({"pregnant": True})
    exc = next(line for line in text.splitlines() if line.startswith("| exc-1 "))
    assert "✗ against (met)" in exc and "✓" not in exc


def test_a_stale_hand_decision_is_shown_and_not_applied() -> None:
    # Issue 11: a decision made on other text of the criterion (the trial was re-imported with
    # new wording) is reported in the TUI and the CLI; the worksheet a clinician signs shows it
    # too, beside the row it was meant for, and does not count it.
    text = _worksheet({}, {"NCT00000001": {
        "inc-2": {"status": "met", "text": "Signed informed consent"},     # inc-2 reads otherwise now
        "inc-9": {"status": "not_met", "text": "Age over 80"}}})          # no inc-9 any more
    row = next(line for line in text.splitlines() if line.startswith("| inc-2 "))
    assert "☐" in row and "✓" not in row                 # still for a person: the decision is not used
    assert "NOT APPLIED" in row and "Signed informed consent" in row
    assert row.endswith("| a person (pending) (hand decision not applied) |")
    section = text.split("## Hand decisions not applied", 1)[1]
    assert "inc-2: met" in section and "inc-9: not met" in section and "no such criterion now" in section
