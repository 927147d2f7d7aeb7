"""Checks read from criteria text: therapies and time windows, counts of drugs, disease duration,
dose changes and denied exposures. Every phrase is quoted from the seeds or from Chia."""

from __future__ import annotations

import pytest

from tests.unit.criteria_helpers import all_checks, crit, one


# ---- time windows and therapies ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Have received B-cell targeted therapy within 4 weeks prior to screening;", ["b_cell_targeted within 28 days"]),
    ("Received live vaccine treatment within 4 weeks prior to screening;", ["live_vaccine within 28 days"]),
    ("History of live vaccine administration within the last 30 days;", ["live_vaccine within 30 days"]),
    ("Have received plasmapheresis or intravenous immunoglobulin within 3 months prior to screening;",
     ["plasmapheresis within 3 months", "ivig within 3 months"]),
    ("Have participated in other clinical studies within 3 months prior to screening;",
     ["other_clinical_trial within 3 months"]),
    ("Receiving any mRNA-LNP product or other LNP medications within the past two years;", ["mrna_lnp within 24 months"]),
    ("Patients who had received rituximab or any other B cell depletion therapy within 24 weeks before screening",
     ["rituximab within 168 days", "b_cell_depleting within 168 days"]),
    ("Have received immunosuppressants within 1 week prior to screening;", ["immunosuppressant within 7 days"]),
    ("Prior CD19-targeted therapy;", ["cd19_targeted == True"]),
    ("Prior treatment with cell therapy or any prior gene therapy product;",
     ["cell_therapy == True", "gene_therapy == True"]),
])
def test_therapy_windows(text, expected):
    node = crit(text, "exclusion")
    assert all_checks(node) == expected
    if len(expected) > 1:
        assert node.logic == "any"


def test_contraindication_is_not_a_therapy_history():
    node = crit("Contraindication to cyclophosphamide in combination with fludarabine;", "exclusion")
    assert node.manual and not node.checks


def test_drug_count_with_antimalarial_note():
    c = one("At least two immunosuppressants have been used in a standardized manner (including hydroxychloroquine);")
    assert (c.variable, c.op, c.value, c.unit) == ("immunosuppressant", ">=", 2, "drugs")
    assert c.note and "hydroxychloroquine" in c.note


def test_disease_duration():
    c = one("A history of SLE for at least 6 months, having used a stable standard treatment regimen")
    assert c.describe() == "sle_duration_months >= 6 months"
    node = crit("Participants diagnosed with SLE according to the 2019 European League Against Rheumatism (EULAR)/"
                "the American College of Rheumatology (ACR) SLE criteria at least 24 weeks prior to screening;")
    got = {c.variable: c for c in node.checks}
    assert got["sle_eular_acr_2019"].value is True
    assert got["sle_duration_months"].op == ">=" and got["sle_duration_months"].value == pytest.approx(5.5196, rel=1e-3)


def test_a_heading_of_cardiovascular_diseases_is_not_severe_cardiac_disease():
    node = crit("History of any of the following cardiovascular diseases within the last 6 months before screening: "
                "Class III or IV heart failure defined by the New York Heart Association (NYHA), myocardial "
                "infarction, unstable angina", "exclusion")
    # "cardiovascular diseases" is the heading of the list, not "severe cardiac disease": a patient
    # without severe cardiac disease may have had a myocardial infarction 3 months ago
    assert not any(c.variable == "severe_cardiac_disease" for n in node.walk() for c in n.checks)
    assert any(c.describe() == "nyha_class >= 3 class" for n in node.walk() for c in n.checks)
    assert node.unread == ["myocardial infarction, unstable angina"] and node.logic == "any"


# ---- dose changes and denied exposures (seed texts) ---------------------------------------------

SEED_003_EXC_1 = ("Patients who had received rituximab or any other B cell depletion therapy within 24 weeks before "
                  "screening; patients who received unstable doses of mycophenolate mofetil, cyclophosphamide or "
                  "other immunosuppressants (including Cyclosporine, Tacrolimus, Tripterygium wilfordii, Leflunomide, "
                  "Azathioprine, Iguratimod) within the first 12 weeks of screening. Received biological agents or "
                  "small molecule targeted drugs for immune diseases within 4 weeks before screening, such as "
                  "Etanercept, Infliximab, Adalimumab Solution, Golimumab, Belimumab, Tocilizumab or JAK inhibitors;")


def test_seed_003_unstable_doses_are_for_a_person_not_received_within():
    node = crit(SEED_003_EXC_1, "exclusion")
    checks = {(c.variable, c.op, c.value) for n in node.walk() for c in n.checks}
    assert checks == {("rituximab", "within", 168), ("b_cell_depleting", "within", 168),
                      ("biologic", "within", 28), ("jak_inhibitor", "within", 28)}
    assert node.logic == "any"
    manual = [n for n in node.walk() if n.manual]
    # the dose changes are for a person, and so is what the targeted drugs are for ("for immune
    # diseases": the panel does not say why a drug was given)
    assert [n.text for n in manual] == [
        "patients who received unstable doses of mycophenolate mofetil, cyclophosphamide or other immunosuppressants "
        "(including Cyclosporine, Tacrolimus, Tripterygium wilfordii, Leflunomide, Azathioprine, Iguratimod) within "
        "the first 12 weeks of screening", "immune diseases"]
    assert not manual[0].checks and not manual[0].children
    # only a dose change: nothing a machine can check
    only = crit("patients who received unstable doses of mycophenolate mofetil within the first 12 weeks of screening.",
                "exclusion")
    assert only.manual and not all_checks(only)


def test_seed_000_no_use_of_transfusions_and_growth_factors_is_a_negated_window():
    node = crit("Bone marrow function: ANC ≥1.5×10^9/L, ALC ≥0.8×10^9/L, Hb ≥80g/L. No use of transfusions and "
                "growth factors allowed within 7 days prior to screening to meet these requirements.")
    denied = [c for c in node.checks if c.negated]
    assert [(c.variable, c.op, c.value, c.unit) for c in denied] == [
        ("transfusion", "within", 7, "days"), ("growth_factor", "within", 7, "days")]
    assert node.logic == "all" and len(node.checks) == 5
    assert denied[0].describe() == "not (transfusion within 7 days)"
    assert "negated" in denied[0].model_dump(exclude_none=True)
    assert "negated" not in node.checks[0].model_dump(exclude_none=True)    # only serialised when set


def test_a_negation_that_does_not_plainly_deny_the_therapy_reads_nothing():
    # Chia: a local injection is not "no corticosteroids"
    assert all_checks(crit("Patient must not have had a corticosteroid injection in the SI joint within the last "
                           "three months")) == []
    assert all_checks(crit("No previous blood transfusion")) == ["not (transfusion == True)"]      # Chia
    assert all_checks(crit("Absolute neutrophil count (ANC) greater than or equal to 1.5 x 10^9/L without growth "
                           "factor use in the 2 weeks before study randomization")) == ["anc >= 1.5 10^9/L"]  # Chia
