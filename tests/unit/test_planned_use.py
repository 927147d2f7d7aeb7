"""A therapy needed or planned in the future is no therapy received (session 12, issue 11).

NCT05482516 exc-34 "Treatment with systemic immunosuppressive medication (...) within 2 weeks prior
to initiation of study treatment, or anticipation of need for systemic immunosuppressive medication
during study treatment" (trust11 noticed it): the second way out was read as "ever received an
immunosuppressive", so a patient who never had one was cleared of it; whether she will need one
is for a person. Chia NCT03079141 "... or anticipated start of corticosteroid treatment within the
first 2 years" read as "received a corticosteroid within 2 years": a course of prednisone a year
ago excluded her.
"""

from __future__ import annotations

from tests.corpora import chia_line, ctgov_tree
from tests.verdicts import verdict
from trialview.model.criteria import parse_criteria


def test_an_anticipated_need_is_for_a_person():
    tree = ctgov_tree("NCT05482516")
    (exc34,) = [n.id for n in tree.sections[1].children
                if n.text.startswith("Treatment with systemic immunosuppressive medication")]
    assert verdict(tree, exc34, []) != "not_met"       # never treated: her future need is not known


def test_an_anticipated_start_is_no_course_received():
    text = chia_line("NCT03079141_exc.txt", "Current treatment with corticosteroids")
    tree = parse_criteria("", text)
    a_year_ago = [{"drug": "prednisone", "start": "2025-11-01", "stop": "2025-12-01"}]
    assert verdict(tree, "exc-1", a_year_ago) != "met"
    assert not any(c.variable == "glucocorticoid" and c.value == 730 for n in tree.walk() for c in n.checks)


def test_a_past_window_is_still_read():
    tree = parse_criteria("", "Treatment with rituximab within 6 months before screening")
    assert verdict(tree, "exc-1", [{"drug": "rituximab", "last_dose": "2026-10-01"}]) == "met"
    assert verdict(tree, "exc-1", []) == "not_met"
