"""Property tests: no string from a trial file or a user makes the parser, matcher or a renderer raise."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialview.model.criteria import parse_criteria
from trialview.model.matching.match import match_trial
from trialview.model.panel import PanelError, parse_panel
from trialview.model.sources import parse_trials
from trialview.model.text import strip_controls
from trialview.model.trial import Trial
from tests.corpora import chia_criteria_lines
from trialview.model.worksheet import worksheet_markdown
from trialview.tui.render import match_text, tree_text

ROOT = Path(__file__).resolve().parents[2]

_REAL_LINES = chia_criteria_lines("inc", limit=120)
_SEED = parse_trials((ROOT / "sample_trials" / "000_cc9c7aa6d262c8f4.txt").read_text(encoding="utf-8"))[0]
_PANEL = parse_panel({"as_of": "2026-11-22", "values": {"age": 40, "sex": "female", "hemoglobin": 90,
                                                          "alt": 1.0, "weight": 60, "creatinine": 0.8},
                      "therapies": [{"drug": "rituximab", "last_dose": "2026-10-01"}]})
_NASTY = ["[bold]", "[/]", "[@click=app.quit]", "\x1b[2J", "\x9b31m", "\u202e", "\x00", "≥", "×10^9/L",
          "=", " - ", "\n", "•", "(", ")", "except", "or", "and/or", "within", "ULN", "\\>"]


@st.composite
def mutated_criteria(draw) -> str:
    """Real Chia criteria lines with characters cut, doubled, swapped and hostile bits inserted."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    lines = [rng.choice(_REAL_LINES) for _ in range(draw(st.integers(1, 8)))]
    text = "\n".join(lines)
    chars = list(text)
    for _ in range(draw(st.integers(0, 12))):
        op = rng.randrange(4)
        pos = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op == 1:
            chars[pos:pos] = list(rng.choice(_NASTY))
        elif op == 2 and chars:
            chars.insert(pos, chars[min(pos, len(chars) - 1)])
        else:
            chars[pos:pos] = list(draw(st.text(max_size=5)))
    return "".join(chars)


def _render_all(inclusion: str, exclusion: str) -> None:
    tree = parse_criteria(inclusion, exclusion)
    result = match_trial("T1", "title", tree, _PANEL)
    assert result.verdict in ("eligible", "ineligible", "unknown")
    for rendered in (tree_text(tree), match_text(result)):
        assert "\x1b" not in rendered and "\x9b" not in rendered
    trial = Trial(trial_id="T1", title=inclusion[:80] or "t", inclusion_text=inclusion, exclusion_text=exclusion)
    sheet = worksheet_markdown(trial, tree, result, _PANEL)
    assert "\x1b" not in sheet
    result.to_json(tree)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_criteria(), mutated_criteria())
def test_mutated_real_criteria_never_break_parse_match_or_render(inclusion: str, exclusion: str) -> None:
    _render_all(inclusion, exclusion)


@settings(max_examples=150, deadline=None)
@given(st.text(), st.text())
def test_arbitrary_text_never_breaks_parse_match_or_render(inclusion: str, exclusion: str) -> None:
    _render_all(inclusion, exclusion)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_strip_controls_leaves_no_control_characters(text: str) -> None:
    cleaned = strip_controls(text)
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f for c in cleaned)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["label", "as_of", "values", "therapies", "screening", "x"]), _json_values),
       st.dictionaries(st.sampled_from(["hemoglobin", "age", "sex", "alt", "wbc", "pregnant", "nope"]), _json_values))
def test_any_panel_json_is_a_panel_or_a_panel_error(top: dict, values: dict) -> None:
    data = {**top, "values": values}
    try:
        panel = parse_panel(data, today=dt.date(2026, 11, 22))
    except PanelError as exc:
        assert exc.problems and all(isinstance(f, str) and isinstance(m, str) for f, m in exc.problems)
        return
    match_trial(_SEED.trial_id, _SEED.title, parse_criteria(_SEED.inclusion_text, _SEED.exclusion_text), panel)
