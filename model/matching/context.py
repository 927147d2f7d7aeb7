"""One panel's facts for one match, read lazily and at most once."""

from __future__ import annotations

import datetime as dt

from trialview.model.panel import Panel
from trialview.model.drugs import find_drug

# (drug id, display name, classes, last exposure, current: True / False / None, not said:
# panel_model.Therapy.taking_now)
TherapyFacts = tuple[str | None, str, tuple[str, ...], dt.date | None, bool | None]

_DRUG_MEMO: dict[str, tuple[str | None, str, tuple[str, ...]]] = {}


def _drug_facts(name: str) -> tuple[str | None, str, tuple[str, ...]]:
    """(drug id, display name, classes) of a therapy's drug name; memoised (a pure lookup)."""
    facts = _DRUG_MEMO.get(name)
    if facts is None:
        drug = find_drug(name)
        facts = (drug.id, drug.name, drug.classes) if drug else (None, name, ())
        if len(_DRUG_MEMO) < 4096:
            _DRUG_MEMO[name] = facts
    return facts


class MatchContext:
    """One panel's facts for one match, read lazily and at most once."""

    __slots__ = ("_therapies", "as_of", "complete_history", "panel", "values")

    def __init__(self, panel: Panel):
        self.panel = panel
        self.values = panel.values
        self.as_of = panel.as_of
        # panel.md: only a history marked complete lets "not listed" mean "not received"
        self.complete_history = panel.therapy_history == "complete"
        self._therapies: list[TherapyFacts] | None = None

    def therapies(self) -> list[TherapyFacts]:
        """(drug id, display name, classes, last exposure, current) per therapy entry, and the
        glucocorticoid a prednisone dose above 0 says is taken now (dose_facts)."""
        if self._therapies is None:
            as_of = self.as_of
            self._therapies = [(*_drug_facts(t.drug), t.last_exposure(as_of), t.taking_now)
                               for t in self.panel.therapies]
            dose = self.values.get("prednisone_dose")
            if dose is not None:
                self._therapies.extend(dose_facts(dose.canonical, dose.date, as_of, self._therapies))
        return self._therapies


# panel.md: `prednisone_dose` is a value (mg/day, prednisone equivalent), not a therapy entry; a
# dose above 0 says a glucocorticoid is taken now, which one the value does not say (audit 14: a
# patient on 10 mg/day passed "Treatment with glucocorticoids" on a therapy list without it)
DOSE_DRUG = "glucocorticoid"        # its id among the therapy facts: the class's own (therapy.py)


def dose_facts(dose: object, dated: dt.date | None, as_of: dt.date, listed: list[TherapyFacts]) -> list[TherapyFacts]:
    """The glucocorticoid taken now that a prednisone dose above 0 says (on its date, when it has
    one: taken then, and perhaps still), unless a glucocorticoid listed is already current."""
    if isinstance(dose, bool) or not isinstance(dose, (int, float)) or dose <= 0:
        return []
    if any(DOSE_DRUG in classes and current for _d, _n, classes, _l, current in listed):
        return []
    if dated is not None and dated < as_of:
        name = f"a glucocorticoid at {dose:g} mg/day prednisone equivalent (prednisone dose of {dated.isoformat()})"
        return [(DOSE_DRUG, name, (DOSE_DRUG,), dated, None)]
    name = f"a glucocorticoid at {dose:g} mg/day prednisone equivalent (prednisone dose)"
    return [(DOSE_DRUG, name, (DOSE_DRUG,), as_of, True)]
