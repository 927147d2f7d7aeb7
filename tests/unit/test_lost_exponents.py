"""A cell count whose power of ten was lost or not read is left to a person, never read as the
number that remains (trust audit 6, noticed on Chia NCT03506009: "Platelet count < 105/mm3;",
a 10^5 that lost its superscript, was read as 0.105 x 10^9/L, so that no patient, however few
platelets they had, was excluded by it)."""

from __future__ import annotations

from tests.unit.criteria_helpers import all_checks, crit
from tests.unit.match_helpers import panel, run, status, tree


def test_a_platelet_limit_that_lost_its_exponent_is_for_a_person() -> None:
    # Chia NCT03506009, exclusion: 105 platelets a microlitre is no limit a trial sets
    node = crit("Platelet count < 105/mm3;", "exclusion")
    assert all_checks(node) == []
    result = run(tree(exclusion=[node]), panel({"platelets": 50}))
    assert status(result, node.id) == "manual"


def test_a_power_of_ten_written_with_a_caret_is_not_the_number_ten() -> None:
    # "< 10^5/mm3" is 100 x 10^9/L; reading "10" and leaving "^5/mm3" unread cleared a patient
    # with 50 x 10^9/L (50 < 10 fails, and the unread part was joined to it)
    node = crit("Platelet count < 10^5/mm3", "exclusion")
    assert all_checks(node) == []


def test_counts_written_out_are_still_read() -> None:
    assert all_checks(crit("Platelets < 100,000/mm3", "exclusion")) == ["platelets < 100 10^9/L"]
    assert all_checks(crit("ANC >= 1500/mm3")) == ["anc >= 1.5 10^9/L"]
    assert all_checks(crit("Platelets >= 100 x 10^9/L")) == ["platelets >= 100 10^9/L"]
