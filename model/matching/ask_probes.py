"""The answers ask next tries on a criterion: each threshold of a numeric check and just either
side of it, every word of a yes/no or choice variable, and for a therapy "received now" and "last
received a day outside each window" (model/matching/ask.py says why never "not received").

A probe is plain data, so one patient-with-this-answer serves every trial that tries it:
("value", variable, value, unit) or ("therapy", drug name, days before the screening date, None).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any

from trialview.model.panel import Panel, Reading, Therapy
from trialview.model.matching.compact import CompactCheck
from trialview.model.matching.windows import longest
from trialview.model.units import UnitError, normalise_unit, to_canonical
from trialview.model.vocabulary import BY_ID
from trialview.model.drugs import DRUG_BY_ID, DRUG_CLASSES, drugs_in_class, find_drug

Probe = tuple[str, str, Any, Any]
Answer = Probe | tuple[Probe, ...]     # one answer, or several tried together

_EPS = 1e-6
C_OP, C_UNIT, C_VALUE, C_WINDOW, C_MONTHS = (CompactCheck._fields.index(f)
                                             for f in ("op", "unit", "value", "window_days", "months"))


def therapy_drug(name: str) -> str:
    """The drug a "received" answer names: the drug itself, or for a class the member drug that
    belongs to the fewest other classes (so the answer says as little else as possible)."""
    if name in DRUG_CLASSES:
        members = drugs_in_class(name)
        if members:
            return min(members, key=lambda d: len(d.classes)).name
    drug = DRUG_BY_ID.get(name) or find_drug(name)
    return drug.name if drug else name


def is_therapy(name: str) -> bool:
    return name in DRUG_CLASSES or name in DRUG_BY_ID or find_drug(name) is not None


def threshold_of(var_id: str, check: list[Any]) -> tuple[float, str | None] | None:
    """A numeric check's threshold in the variable's canonical unit, and "xULN" when the check
    compares the value as a multiple of the lab's upper limit; None if it has no number."""
    value = check[C_VALUE]
    if value.__class__ is bool or not isinstance(value, (int, float)):
        return None
    threshold, unit = float(value), check[C_UNIT]
    canonical = BY_ID[var_id].unit or ""
    if unit and unit != canonical and unit.lower() != canonical.lower():
        key = normalise_unit(unit)
        if key == "xULN" and canonical != "xULN":
            return threshold, "xULN"
        if key != canonical and key is not None:
            try:
                return to_canonical(var_id, threshold, unit), None
            except UnitError:
                return None
    return threshold, None


def number_probes(var_id: str, check: list[Any]) -> list[Probe]:
    """Just either side of a numeric check's threshold (and the threshold itself for = and ≠)."""
    found = threshold_of(var_id, check)
    if found is None:
        return []
    threshold, probe_unit = found
    var = BY_ID[var_id]
    step = max(abs(threshold) * _EPS, _EPS)
    points = (threshold - step, threshold, threshold + step) if check[C_OP] in ("==", "!=") else \
        (threshold - step, threshold + step)
    out: list[Probe] = []
    for x in points:
        if probe_unit is None and ((var.low is not None and x < var.low) or (var.high is not None and x > var.high)):
            continue        # no patient has it: "age >= 0" cannot fail
        out.append(("value", var_id, x, probe_unit))
    return out


def word_probes(var_id: str) -> list[Probe]:
    var = BY_ID[var_id]
    words: tuple[Any, ...] = (True, False) if var.kind == "bool" else var.choices
    return [("value", var_id, w, None) for w in words]


def therapy_probes(name: str, checks: Iterable[list[Any]]) -> list[Probe]:
    """Received now, and last received a day outside each window the checks name."""
    drug = therapy_drug(name)
    out: list[Probe] = [("therapy", drug, 0, None)]
    for check in checks:
        window = check[C_VALUE] if check[C_OP] == "within" else check[C_WINDOW]
        if window.__class__ is not bool and isinstance(window, (int, float)) and 0 <= window < 36_500:
            # (a window in calendar months: a day outside the longest it can be)
            out.append(("therapy", drug, int(longest(window, check[C_MONTHS])) + 1, None))
    return out


def probe_panel(panel: Panel, probe: Probe) -> Panel:
    """The panel with one answer added (a shallow copy: the rest is shared, never changed)."""
    kind, name, value, extra = probe
    probed = copy.copy(panel)
    if kind == "value":
        probed.values = {**panel.values, name: Reading(raw=value, unit=extra, canonical=value)}
    else:
        day = panel.as_of - dt.timedelta(days=int(value))
        probed.therapies = [*panel.therapies, Therapy(drug=name, last_dose=day)]
    return probed
