"""Calendar arithmetic for review cycles: when a policy or a guidance page is next due for review.

Separate from the page models because both policies (``policies.py``) and parent guidance
(``guidance.py``) count their review dates with it, and neither should import the other.
"""

import calendar
import datetime

__all__ = ["add_months"]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return ``day`` moved forward by ``months`` calendar months.

    The day of the month is kept, clipped to the target month's length (31 January + 1
    month is 28 or 29 February).
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
