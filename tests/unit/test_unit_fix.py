"""The one-key unit fix offered in the form ("7.6 — did you mean g/dL?"): offered only for a
number no patient has in the unit shown, never for a value that merely waits for something."""

from trialview.tui.patient import unit_fix


def test_a_hemoglobin_in_g_dl_typed_under_g_l_is_offered_g_dl() -> None:
    assert unit_fix("hemoglobin", "7.6", "g/L") == "g/dL"


def test_a_plausible_value_gets_no_offer() -> None:
    assert unit_fix("hemoglobin", "76", "g/L") is None


def test_an_alt_in_u_l_waiting_for_the_lab_uln_is_not_offered_times_uln() -> None:
    # 40 U/L cannot be read until the ULN is typed; "did you mean xULN?" would make it 40 × ULN.
    assert unit_fix("alt", "40", "U/L", "") is None
    assert unit_fix("alt", "40", "U/L", "40") is None
