"""The newcomer's path (tests/functional/newcomer_script.py) replayed with Pilot at 80x24: F2
from the list, then each question the form asks, its keys posted at once (a burst, as over SSH);
asserts the five verdicts a careful screener reads from the trials' text and the key count."""

from __future__ import annotations

from tests.functional.bedside_script import EXPECTED
from tests.functional.newcomer_script import KEY_BUDGET, newcomer
from tests.functional.tui_helpers import app_for, fresh_store, sync
from trialview.tui.widgets.trial_list import TrialList


@sync
async def test_a_newcomer_screens_the_issue_patient_from_the_form_at_80x24(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        pressed = await newcomer(pilot)
        print(f"\nnewcomer script: {len(pressed)} keys:", " ".join(pressed))
        table = app.screen.query_one(TrialList)
        assert {t: table.results[t].verdict for t in EXPECTED} == EXPECTED
        assert len(pressed) < KEY_BUDGET, len(pressed)
        assert app.draft.raw("hemoglobin") == {"value": 7.6, "unit": "g/dL"}
