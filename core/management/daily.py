"""The base of the commands run once a day: the same ``--date`` and ``--dry-run`` options for each.

Each daily job (approval reminders and escalation, closure reminders, policy review and
acknowledgement reminders, the retention report) is idempotent: a second run on the same day
sends nothing new. They take their day and their dry run the same way:

- ``--date YYYY-MM-DD``: act as if today were this date (default: today in the project's time
  zone, Europe/London), to catch up a missed day or to try a date in a test;
- ``--dry-run``: do everything, print what was done, then roll the transaction back, so no
  email is queued and nothing is recorded.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone


def iso_date(value: str) -> datetime.date:
    """Parse ``--date``'s ``YYYY-MM-DD``; raise ``argparse``'s error naming the expected form otherwise."""
    import argparse

    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD.") from exc


class DailyCommand(BaseCommand):
    """A command run once a day. Subclasses implement ``run_for(today, **options)`` returning a one-line summary.

    ``today`` is a ``datetime.date`` (``--date`` or the local date). ``add_daily_arguments``
    adds a subclass's own options. Set ``dry_run_option = False`` for a command that has its
    own confirmation step instead (it then changes nothing unless told to).
    """

    dry_run_option = True

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            help="Act as if today were this date (YYYY-MM-DD); default: today in Europe/London.",
        )
        if self.dry_run_option:
            parser.add_argument(
                "--dry-run",
                action="store_true",
                help="Say what would be sent or changed, then undo it all: nothing is queued or recorded.",
            )
        self.add_daily_arguments(parser)

    def add_daily_arguments(self, parser) -> None:
        """Add the subclass's own options (none by default)."""

    def run_for(self, today: datetime.date, **options) -> str:
        """Do the day's work for ``today``; return a one-line summary. Subclasses must implement it."""
        raise NotImplementedError

    def handle(self, *args, date=None, dry_run=False, **options):
        today = date or timezone.localdate()
        if not dry_run:
            summary = self.run_for(today, **options)
        else:
            with transaction.atomic():
                summary = self.run_for(today, **options)
                transaction.set_rollback(True)
            summary = f"Dry run, nothing kept: {summary}"
        if summary:
            self.stdout.write(self.style.SUCCESS(summary))


__all__ = ["CommandError", "DailyCommand", "iso_date"]
