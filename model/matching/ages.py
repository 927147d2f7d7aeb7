"""An age limit read in whole years, as trials and clinicians count age.

A patient's age is in years (panel.md), whole or not. "Aged 18-65" takes in a patient of 65 years
and 6 months: a limit "≤ 65" holds for every age whose whole years are 65. "Over 18" at 18 whole
years is another matter: some trials mean adults (18 and over), some 19 and over; the text does
not settle it, so a person judges (audit 14: "Age over 18" failed an 18-year-old, "Over the age of
80" excluded a patient of 80 years and 6 months, "40 to 80 years old" turned away one of 80.5).
"""

from __future__ import annotations

import math

from trialview.model.criteria.numbers import AGE_NOT_IN_YEARS
from trialview.model.criteria.tree import Check
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import MANUAL, MET, CheckFn, Outcome, fmt_number


def in_whole_years(check: Check, evaluate: CheckFn) -> CheckFn:
    """evaluate, with an age at the limit in whole years decided as above (a limit that is a whole
    number of years, "≤" or ">"; the other comparators need nothing: "< 65" and "≥ 18" read the
    same in whole years as in fractions)."""
    value = check.value
    if check.op not in ("<=", ">") or isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not float(value).is_integer() or check.negated or check.note == AGE_NOT_IN_YEARS:
        return evaluate
    limit = int(value)
    if check.op == "<=":
        at_limit: Outcome = (MET, f"age in whole years {limit}: up to {limit} years", ())
    else:
        at_limit = (MANUAL, f"age in whole years {limit}: whether \"over {limit}\" takes in someone aged {limit} "
                            "the text does not say: for a person to judge", ())

    def at_age(ctx: MatchContext) -> Outcome:
        reading = ctx.values.get("age")
        age = reading.canonical if reading is not None else None
        if isinstance(age, (int, float)) and not isinstance(age, bool) and math.floor(age) == limit:
            if check.op == "<=" and age == limit:
                return evaluate(ctx)        # (the plain reading, and its plain reason)
            return (at_limit[0], f"age {fmt_number(age)} years; {at_limit[1]}", ()) if age != limit else at_limit
        return evaluate(ctx)

    return at_age
