"""Daily closure reminders for the register of approved social media sites.

Run once a day from cron (see docs/register.md). Idempotent: a second run on the same
day sends nothing new and changes nothing.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms_app.register.services import mark_overdue_entries, send_closure_reminders


class Command(BaseCommand):
    help = (
        "Email site administrators and the school's ICT Managers 30 days before, 7 days before and on a "
        "registered site's closure date, and mark entries whose closure date has arrived as closure due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD); default: today in Europe/London.",
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        marked = mark_overdue_entries(today=today)
        sent = send_closure_reminders(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {len(sent)} closure reminder(s) sent, {len(marked)} entry(ies) marked closure due."
        )
