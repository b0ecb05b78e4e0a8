"""Frozen school time for the tests of the daily jobs (reminders, escalation, reviews)."""

import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

LONDON = ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int = 6):
    """A ``time_machine`` travel to ``hour``:00 UK time on ``day``, the clock stopped."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=LONDON), tick=False)


def run_on(day: datetime.date, command: str) -> str:
    """Run the management ``command`` at 06:00 UK time on ``day``; return what it printed."""
    with at(day):
        out = io.StringIO()
        call_command(command, stdout=out)
        return out.getvalue()


# The cover tests' week: Monday 8 to Friday 12 March 2027, term time.
COVER_WEEK_MONDAY = datetime.datetime(2027, 3, 8, 10, 0, tzinfo=LONDON)


def on(day: int):
    """A ``time_machine`` travel to 10:00 UK time on ``day`` March 2027, the clock stopped."""
    return time_machine.travel(COVER_WEEK_MONDAY.replace(day=day), tick=False)
