"""The matcher on hand-built trees: therapies: a drug or a drug class within a window, ever
received, counted, and what a partial or a complete therapy history lets the matcher say."""

from __future__ import annotations

import pytest

from tests.unit.match_helpers import chk, crit, panel, run, status, tree
from trialview.model.panel import PanelError


# --- therapies ------------------------------------------------------------------------------

RITUXIMAB_24W = chk("rituximab", "within", 168, "days")


@pytest.mark.parametrize("entry,expected,reason", [
    # (168 days on from 2026-10-13 is 2027-03-30: the first screening date outside is the next)
    ({"drug": "rituximab", "last_dose": "2026-10-13"}, "met",
     "rituximab 40 days ago: within 168 days (outside it from 2027-03-31)"),
    ({"drug": "rituximab", "last_dose": "2026-01-01"}, "not_met",
     "rituximab: last rituximab 325 days ago, not within 168 days"),
    ({"drug": "Rituximab", "start": "2026-01-01"}, "met", "rituximab current: within 168 days"),
    ({"drug": "rituximab", "start": "2025-01-01", "stop": "2026-11-01"}, "met",
     "rituximab 21 days ago: within 168 days (outside it from 2027-04-19)"),
])
def test_a_drug_within_a_window(entry, expected, reason):
    result = run(tree([], [crit("exc-1", RITUXIMAB_24W)]), panel(therapies=[entry]))
    assert status(result, "exc-1") == expected
    assert result.statuses["exc-1"].reason == reason


def test_the_blocker_for_a_recent_drug_reads_in_one_glance():
    result = run(tree([], [crit("exc-1", RITUXIMAB_24W)]),
                 panel(therapies=[{"drug": "rituximab", "last_dose": "2026-10-13"}]))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "rituximab 40 days ago: within 168 days (outside it from 2027-03-31) excludes"


def test_an_unlisted_therapy_is_unknown_unless_the_history_is_marked_complete():
    # panel.md: "Without it (the default, partial), a therapy that is not listed is unknown"
    t = tree([], [crit("exc-1", RITUXIMAB_24W)])
    unknown = run(t, panel())
    assert status(unknown, "exc-1") == "unknown"
    assert unknown.open[0].needs == ["therapies"]
    hcq = [{"drug": "hydroxychloroquine", "start": "2020-01-01"}]
    partial = run(t, panel(therapies=hcq))
    assert (status(partial, "exc-1"), partial.verdict) == ("unknown", "unknown")
    assert "not marked complete" in partial.statuses["exc-1"].reason
    assert partial.open[0].needs == ["therapies"]
    complete = run(t, panel(therapies=hcq, history="complete"))
    assert status(complete, "exc-1") == "not_met"
    assert "marked complete" in complete.statuses["exc-1"].reason
    assert complete.verdict == "eligible"
    # complete with nothing listed: the patient received none of the table
    assert run(t, panel(history="complete")).verdict == "eligible"


def test_a_current_therapy_without_dates_counts_as_taken_now():
    t = tree([], [crit("exc-1", chk("immunosuppressant", "within", 7, "days"))])
    result = run(t, panel(therapies=[{"drug": "azathioprine", "current": True}]))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "azathioprine current: within 7 days excludes"


def test_a_current_therapy_with_a_stop_date_is_a_clear_error():
    with pytest.raises(PanelError) as err:
        panel(therapies=[{"drug": "azathioprine", "current": True, "stop": "2026-01-01"}])
    assert err.value.problems == [("therapies[0].current", "a current therapy has no stop date")]


def test_prior_car_t_counts_a_cd19_car_t():
    # "Any prior treatment with CAR-T cells" (the parser reads car_t == True): a CD19 CAR-T is a CAR-T
    t = tree([], [crit("exc-1", chk("car_t", "==", True), text="Any prior treatment with CAR-T cells")])
    result = run(t, panel(therapies=[{"drug": "CD19 CAR-T", "last_dose": "2025-02-01"}]))
    assert result.verdict == "ineligible"
    assert result.blockers[0].reason == "CAR-T cell therapies received: CD19 CAR-T excludes"


@pytest.mark.parametrize("drug, verdict", [("rituximab", "ineligible"), ("obinutuzumab", "ineligible"),
                                           ("CD19 CAR-T", "ineligible"), ("belimumab", "eligible"),
                                           ("telitacicept", "eligible")])
def test_b_cell_depletion_counts_depleting_drugs_not_belimumab_or_telitacicept(drug, verdict):
    # "rituximab or any other B cell depletion therapy within 24 weeks": belimumab targets B cells
    # without depleting them (panel.md's therapy table)
    t = tree([], [crit("exc-1", chk("b_cell_depleting", "within", 168, "days"))])
    result = run(t, panel(therapies=[{"drug": drug, "last_dose": "2026-10-01"}], history="complete"))
    assert result.verdict == verdict


def test_a_drug_class_within_a_window():
    t = tree([], [crit("exc-1", chk("b_cell_targeted", "within", 28, "days"))])
    recent = run(t, panel(therapies=[{"drug": "belimumab", "start": "2025-01-01", "stop": "2026-11-02"}]))
    # (the stop on 2026-11-02 plus 28 days is 2026-11-30: outside the window from the next day)
    assert recent.blockers[0].reason == "belimumab 20 days ago: within 28 days (outside it from 2026-12-01) excludes"
    old = [{"drug": "belimumab", "start": "2025-01-01", "stop": "2026-09-01"}]
    # another B-cell targeted drug may be missing from a partial list
    assert status(run(t, panel(therapies=old)), "exc-1") == "unknown"
    assert status(run(t, panel(therapies=old, history="complete")), "exc-1") == "not_met"


def test_an_undated_therapy_cannot_decide_a_window():
    t = tree([], [crit("exc-1", chk("b_cell_targeted", "within", 28, "days"))])
    result = run(t, panel(therapies=[{"drug": "rituximab"}]))
    assert status(result, "exc-1") == "unknown"


def test_counting_distinct_drugs_of_a_class_with_an_extra_class_in_the_note():
    check = chk("immunosuppressant", ">=", 2, "drugs", note="including antimalarials (hydroxychloroquine)")
    t = tree([crit("inc-1", check)])
    result = run(t, panel(therapies=[{"drug": "mycophenolate mofetil", "start": "2021-01-10", "stop": "2026-09-01"},
                                     {"drug": "hydroxychloroquine", "start": "2020-03-01"}]))
    assert status(result, "inc-1") == "met"
    assert result.statuses["inc-1"].reason == (
        "2 immunosuppressants or antimalarials received (mycophenolate mofetil, hydroxychloroquine): ≥ 2 required")
    twice = [{"drug": "MMF", "start": "2019-01-01", "stop": "2019-06-01"},
             {"drug": "mycophenolate mofetil", "start": "2021-01-01"}]
    same_drug_twice = run(t, panel(therapies=twice, history="complete"))
    assert status(same_drug_twice, "inc-1") == "not_met"
    assert same_drug_twice.blockers[0].reason.startswith(
        "1 of the immunosuppressants or antimalarials received (mycophenolate mofetil): ≥ 2 required")
    partial = run(t, panel(therapies=twice))
    assert status(partial, "inc-1") == "unknown"
    assert partial.statuses["inc-1"].reason == (
        "1 of the immunosuppressants or antimalarials listed (mycophenolate mofetil): ≥ 2 required; "
        "the therapy history is not marked complete")
    assert status(run(t, panel()), "inc-1") == "unknown"


def test_counting_without_an_extra_class_ignores_antimalarials():
    t = tree([crit("inc-1", chk("immunosuppressant", ">=", 2, "drugs"))])
    result = run(t, panel(therapies=[{"drug": "MMF", "start": "2021-01-01"},
                                     {"drug": "HCQ", "start": "2020-01-01"}], history="complete"))
    assert status(result, "inc-1") == "not_met"
    assert result.blockers[0].reason.startswith("1 of the immunosuppressants received (mycophenolate mofetil)")


def test_ever_received():
    t = tree([], [crit("exc-1", chk("cell_therapy", "==", True))])
    had = run(t, panel(therapies=[{"drug": "CD19 CAR-T", "last_dose": "2024-05-01"}]))
    assert had.blockers[0].reason == "cell therapies received: CD19 CAR-T excludes"
    aza = [{"drug": "azathioprine", "start": "2024-05-01"}]
    assert status(run(t, panel(therapies=aza)), "exc-1") == "unknown"
    assert status(run(t, panel(therapies=aza, history="complete")), "exc-1") == "not_met"


def test_never_received_with_a_window_on_an_inclusion():
    # "No growth factors within 7 days prior to screening", stated as "== False within 7 days"
    t = tree([crit("inc-1", chk("growth_factor", "==", False, window_days=7))])
    assert run(t, panel(therapies=[{"drug": "G-CSF", "last_dose": "2026-11-20"}])).verdict == "ineligible"
    assert run(t, panel(therapies=[{"drug": "G-CSF", "last_dose": "2026-10-01"}])).verdict == "eligible"
    assert run(t, panel()).verdict == "unknown"


def test_a_drug_trialview_does_not_know_leaves_a_class_question_open():
    t = tree([], [crit("exc-1", chk("immunosuppressant", "within", 7, "days"))])
    sirolimus = [{"drug": "sirolimus", "start": "2026-01-01"}]
    result = run(t, panel(therapies=sirolimus, history="complete"))
    assert status(result, "exc-1") == "unknown"
    assert "sirolimus" in result.statuses["exc-1"].reason
    assert result.open[0].needs == ["therapies"]
    # a name the vocabulary does not know might be a misspelt rituximab: it decides nothing
    rituximab = tree([], [crit("exc-1", RITUXIMAB_24W)])
    typo = run(rituximab, panel(therapies=[{"drug": "ritixumab", "start": "2026-01-01"}], history="complete"))
    assert status(typo, "exc-1") == "unknown"
    assert typo.statuses["exc-1"].reason == ("ritixumab (current): not a drug trialview knows, "
                                             "cannot tell if it is rituximab")
