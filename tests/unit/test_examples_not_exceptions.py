"""Examples of what a criterion names are not exceptions to it (newcomer nc27, session 11): the
bundled MSC / IL-2 trial's exc-4, "a history of severe active or recurrent bacterial, viral,
fungal, parasitic or other infections (including, but not limited to, tuberculosis and atypical
mycobacterial diseases, hepatitis B and C, HIV infection, herpes zoster, but excluding
onychomycosis)", showed the whole parenthesis under "Unless:", as if tuberculosis or HIV spared
the patient. Only onychomycosis is excepted."""

from __future__ import annotations

from tests.corpora import SEEDS
from trialview.model.criteria import parse_criteria
from trialview.model.sources import parse_trials


def test_the_examples_of_infections_are_not_the_exception() -> None:
    (trial,) = parse_trials((SEEDS / "003_0980480cd58faf05.txt").read_text(encoding="utf-8"))
    tree = parse_criteria(trial.inclusion_text, trial.exclusion_text)
    (node,) = [n for n in tree.sections[1].children if "onychomycosis" in n.text]
    assert len(node.exceptions) == 1
    assert "onychomycosis" in node.exceptions[0]
    assert "tuberculosis" not in node.exceptions[0] and "HIV" not in node.exceptions[0]


def test_an_exception_without_examples_is_kept_whole() -> None:
    tree = parse_criteria("", "ALT > 3 x ULN (except in patients with liver metastases)\n"
                              "Malignancy (other than basal cell carcinoma)")
    (exclusion,) = [s for s in tree.sections if s.section == "exclusion"]
    assert [n.exceptions for n in exclusion.children] == [
        ["except in patients with liver metastases"], ["other than basal cell carcinoma"]]
