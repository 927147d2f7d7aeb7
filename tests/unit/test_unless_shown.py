"""Audit 9 (session 11, issue 11), a clinician's note: an "unless X" clause was shown as "only if:
X", its opposite ("Latent tuberculosis unless effective anti-tuberculosis therapy has been
completed" read "only if: effective anti-tuberculosis therapy has been completed", Chia NCT02419378
exc-18). Wherever a condition is shown (the CLI's tree, the TUI's detail, the worksheet) an
"unless" reads "unless"; an "if" / "for ..." condition still reads "only if".
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from tests.corpora import chia_line
from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.trial import Trial
from trialview.model.worksheet import worksheet_markdown
from trialview.tui.render import tree_text
from trialview.tui.widgets.criterion_detail import CriterionDetail



TB = chia_line("NCT02419378_exc.txt", "Latent tuberculosis unless")
LESION = chia_line("NCT02431442_exc.txt", "Presence of a skin lesion suspicious for malignancy, unless")
WOCBP = "Women of childbearing potential must have a negative pregnancy test."


def sheet(inclusion: str, exclusion: str) -> str:
    tree = parse_criteria(inclusion, exclusion)
    panel = parse_panel({"as_of": dt.date(2026, 12, 1).isoformat(), "values": {}})
    return worksheet_markdown(Trial(trial_id="T", title="t"), tree, match_trial("T", "t", tree, panel), panel)


def detail_text(inclusion: str, exclusion: str) -> str:
    tree = parse_criteria(inclusion, exclusion)
    node = tree.sections[0].children[0]
    shown: list[Text] = []
    detail = CriterionDetail()
    detail._show = lambda body, key=None: shown.append(body) or False  # type: ignore[method-assign]  # capture, no app
    detail.show_criterion(node, tree.sections[0].section, None)
    return shown[0].plain


def test_an_unless_is_shown_as_unless_in_the_tree_the_detail_and_the_worksheet():
    for text, words in ((TB, "effective anti-tuberculosis therapy has been completed"), (LESION, "excised prior to Day 1")):
        shown = tree_text(parse_criteria("", text))
        assert f"unless: {words}" in shown and "only if" not in shown, shown
        assert f"applies unless: {words}" in sheet("", text)
        detail = detail_text("", text)
        assert f"Applies unless: {words}" in detail and "only if" not in detail, detail


def test_an_if_is_still_shown_as_only_if():
    assert "only if: Women of childbearing potential" in tree_text(parse_criteria(WOCBP, ""))
    assert "applies only if: Women of childbearing potential" in sheet(WOCBP, "")
    assert "Applies only if: Women of childbearing potential" in detail_text(WOCBP, "")
