"""Daily reminders and escalation of approval steps waiting too long.

Run once a day from cron (see the README, "Scheduled commands"). Idempotent: a second
run on the same day sends nothing new.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms_app.models import ApprovalReminder
from forms_app.workflow.reminders import send_approval_reminders


class Command(BaseCommand):
    help = (
        "Remind approvers of requests waiting N school days or more (once a day) and tell the trust about "
        "requests waiting M school days (once); N and M are in Settings > Trust settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD); default: today in Europe/London.",
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        sent = send_approval_reminders(today=today)
        reminders = sum(1 for item in sent if item.kind == ApprovalReminder.Kind.REMINDER)
        self.stdout.write(
            f"{today.isoformat()}: {reminders} reminder(s) and {len(sent) - reminders} escalation(s) sent."
        )
