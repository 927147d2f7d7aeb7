"""Criteria from a registry record's own fields, and for a record without eligibility text.

ClinicalTrials.gov's search uses a record's minimum and maximum age and sex; so does the
matcher, through one inclusion criterion `inc-registry` whose text says where they came from
("From the registry record: 18 to 65 years, female"). Whether the trial accepts healthy
volunteers is shown in that text and decides nothing. Ages a page gave only in its prose (read
by the importer as a fallback) are the eligibility text's to state, not the registry's.
"""

from __future__ import annotations

from trialview.model.criteria.tree import Check, CriteriaTree, CriterionNode
from trialview.model.trial import Trial

REGISTRY_ID = "inc-registry"
NOTEXT_ID = "inc-notext"
NOTEXT = ("This record has no eligibility criteria text: nothing was read, so eligibility is for a "
          "person to check with the trial's registry entry or its contacts.")


def _age(value: float) -> str:
    """18.0 -> "18"; half a year -> "6 months" (the record said it in months)."""
    if value < 2 and not float(value).is_integer():
        return f"{round(value * 12):g} months"
    return f"{value:g}"


def _with_unit(value: float) -> str:
    age = _age(value)
    return age if age.endswith("months") else f"{age} years"


def _ages(lo: float | None, hi: float | None) -> str | None:
    """"18 to 65 years", "18 years or older", "up to 12 years"."""
    if lo is not None and hi is not None:
        both_years = not _age(lo).endswith("months") and not _age(hi).endswith("months")
        return f"{_age(lo) if both_years else _with_unit(lo)} to {_with_unit(hi)}"
    if lo is not None:
        return f"{_with_unit(lo)} or older"
    if hi is not None:
        return f"up to {_with_unit(hi)}"
    return None


def registry_criterion(trial: Trial) -> CriterionNode | None:
    """`inc-registry` from the record's age and sex fields, or None when they limit nothing."""
    lo = None if trial.ages_from_text else trial.min_age_years
    hi = None if trial.ages_from_text else trial.max_age_years
    lo = lo if lo else None             # a minimum of 0 limits nothing
    checks: list[Check] = []
    words: list[str] = []
    ages = _ages(lo, hi)
    if ages:
        words.append(ages)
    if lo is not None:
        checks.append(Check(variable="age", op=">=", value=float(lo), unit="years"))
    if hi is not None:
        checks.append(Check(variable="age", op="<=", value=float(hi), unit="years"))
    if trial.sex in ("female", "male"):
        words.append(trial.sex)
        checks.append(Check(variable="sex", op="==", value=trial.sex))
    if not checks:
        return None
    if trial.healthy_volunteers is not None:
        words.append("healthy volunteers accepted" if trial.healthy_volunteers else "healthy volunteers not accepted")
    return CriterionNode(id=REGISTRY_ID, kind="criterion", section="inclusion",
                         text="From the registry record: " + ", ".join(words), checks=checks)


def notext_criterion() -> CriterionNode:
    """`inc-notext`: a record with no eligibility text is for a person, and says so."""
    return CriterionNode(id=NOTEXT_ID, kind="criterion", section="inclusion", text=NOTEXT, manual=True)


def with_registry(tree: CriteriaTree, trial: Trial) -> CriteriaTree:
    """tree with `inc-registry` first in its inclusion section (made when missing), and
    `inc-notext` when the record has no eligibility text. Returns the same tree, changed."""
    extra = [n for n in (registry_criterion(trial),) if n is not None]
    if not (trial.inclusion_text.strip() or trial.exclusion_text.strip()):
        extra.append(notext_criterion())
    if extra:
        inc = next((s for s in tree.sections if s.section == "inclusion"), None)
        if inc is None:
            inc = CriterionNode(id="inc", kind="section", text="Inclusion criteria", section="inclusion")
            tree.sections.insert(0, inc)
        inc.children[0:0] = extra
    return tree
