"""A time window counted back from the screening date (`as_of`).

A window the text wrote in days or weeks is that many days. One written in months or years is
counted by the calendar (a check's `months`): "within 3 months" of 1 December reaches back to
1 September, 91 days, and "within 12 months" to the same day a year before, 365 or 366 days. Read
as 30 days a month, a dose given 361 days before screening fell outside "12 months" but inside
"1 year" (audit 14).
"""

from __future__ import annotations

import calendar
import datetime as dt

from trialview.model.matching.outcome import fmt_number


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` months before day (the month's last day where it is
    shorter: 31 March less one month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def reach(as_of: dt.date, days: float, months: int | None) -> float:
    """How many days before as_of the window reaches: a date that many days back or fewer is in it."""
    if not months:
        return days
    return (as_of - months_before(as_of, months)).days


def length_text(days: float, months: int | None) -> str:
    """The window's length as the text gave it: "6 months", "1 year", "28 days"."""
    if not months:
        return f"{fmt_number(days)} days"
    if months % 12 == 0 and months > 12:
        years = months // 12
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{months} month{'s' if months > 1 else ''}"


def first_day_outside(as_of: dt.date, days_ago: int, days: float, months: int | None) -> dt.date:
    """The first screening date at which a dose given days_ago days before as_of lies outside the
    window."""
    if not months:
        return as_of + dt.timedelta(days=int(days) - days_ago + 1)
    given = as_of - dt.timedelta(days=days_ago)
    # the same day `months` months on (the month's last where it is shorter), then the days after
    # it whose window still reaches back to the dose: after 28 February, "1 month" reaches it up
    # to 31 March, whose month before is clipped to 28 February too (audit 14 review)
    later = dt.date(given.year + (given.month - 1 + months) // 12, (given.month - 1 + months) % 12 + 1, 1)
    day = later.replace(day=min(given.day, calendar.monthrange(later.year, later.month)[1]))
    while months_before(day, months) <= given:
        day += dt.timedelta(days=1)
    return day


# the most days n calendar months can span (31 days a month is never less): a dose this many days
# back lies outside the window whatever the screening date
def longest(days: float, months: int | None) -> float:
    return days if not months else months * 31
