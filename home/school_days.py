"""School days: Monday to Friday, except England's bank holidays (the ``holidays`` package's "GB", subdivision "ENG").

Term dates differ from school to school and are not recorded, so holidays outside bank
holidays count as school days: a reminder during a half-term is a nudge, not an error.
"""

import datetime
from functools import cache

import holidays

__all__ = ["is_school_day", "school_days_after"]


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_school_day(day: datetime.date) -> bool:
    """Whether ``day`` is a weekday that is not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def school_days_after(start: datetime.date, end: datetime.date) -> int:
    """Return how many school days fall after ``start`` and up to ``end`` (both dates in Europe/London).

    A step that started on a Thursday has waited one school day on Friday, still one over
    the weekend, and two on Monday unless Monday is a bank holiday. Zero when ``end`` is
    not after ``start``.
    """
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        if is_school_day(day):
            count += 1
        day += datetime.timedelta(days=1)
    return count
