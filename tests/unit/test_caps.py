"""A trial with more criteria than trialview reads (issue 12 item 8), with a small cap: the rest
is a criterion for a person, so the trial is never eligible and the store holds a bounded tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialview.model import caps
from trialview.model.matching.match import match_trial
from trialview.model.panel import parse_panel
from trialview.model.trial import Trial
from trialview.store import Store


def _trial(inclusion_items: int, exclusion_items: int) -> Trial:
    inclusion = "\n".join(f"{n}. Age {18 + n % 3} years or older" for n in range(1, inclusion_items + 1))
    exclusion = "\n".join(f"{n}. Age {90 + n % 3} years or older" for n in range(1, exclusion_items + 1))
    return Trial(trial_id="NCT01234567", title="Many criteria", inclusion_text=inclusion,
                 exclusion_text=exclusion)


def _criteria(tree) -> list:  # type: ignore[no-untyped-def]
    return [n for n in tree.walk() if n.kind != "section"]


@pytest.fixture()
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(caps, "MAX_CRITERIA", 6)
    return 6


def test_a_trial_within_the_cap_is_read_whole(small_cap: int) -> None:
    trial = _trial(3, 2)
    tree = caps.parse_capped(trial.inclusion_text, trial.exclusion_text)
    assert len(_criteria(tree)) == 5
    assert not any(n.id.endswith("-cut") for n in tree.walk())


def test_criteria_past_the_cap_are_a_criterion_for_a_person_and_never_eligible(
        small_cap: int, tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    trial = _trial(40, 3)
    store.add_trials([trial])
    tree = store.tree(trial.trial_id)
    assert tree is not None
    assert len(_criteria(tree)) <= small_cap
    inclusion = tree.sections[0]
    note = inclusion.children[-1]
    assert note.manual and "Not read" in note.text and "more criteria" in note.text and "past that bound" in note.text
    assert [n.id for n in tree.sections[1].children] == ["exc-1", "exc-2", "exc-3"]   # within its share
    # a 50-year-old meets every inclusion item read, and no exclusion: still not eligible
    panel = parse_panel({"values": {"age": 50}})
    result = match_trial(trial.trial_id, trial.title, tree, panel)
    assert result.verdict != "eligible"


def test_text_past_the_bound_is_not_parsed_and_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caps, "MAX_CRITERIA", 5)
    monkeypatch.setattr(caps, "LINES_PER_CRITERION", 2)        # 10 lines reach the parser
    trial = _trial(300, 0)
    kept, cut = caps.cut_section_text(trial.inclusion_text)
    assert kept.count("\n") == 9 and trial.inclusion_text.startswith(kept)
    assert cut == len(trial.inclusion_text) - len(kept)
    tree = caps.parse_capped(trial.inclusion_text, "")
    note = tree.sections[0].children[-1]
    assert note.manual and f"{cut:,} more characters of text" in note.text


def test_one_enormous_line_is_cut_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caps, "MAX_SECTION_CHARS", 1000)
    kept, cut = caps.cut_section_text("no rituximab " * 1000)
    assert len(kept) == 1000 and cut == 13 * 1000 - 1000
