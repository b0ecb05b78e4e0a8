"""``manage.py policy_review_reminders``: email owners of policies due for review within 60 days or overdue.

Safe to run every day (see docs/policies.md for the cron line): each policy's owners
get one "due soon" and one "overdue" email per review date, never repeats.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from policy.notifications import remind_policy_owners
from policy.selectors import REVIEW_WARNING_DAYS, policies_due_for_review


class Command(BaseCommand):
    help = "Email the owners of live policies due for review within 60 days or overdue (once per review date)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=REVIEW_WARNING_DAYS, help="How far ahead to look (default: 60 days)."
        )

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        sent = skipped = 0
        for policy in policies_due_for_review(today=today, within_days=days):
            reminder = remind_policy_owners(policy=policy, today=today)
            if reminder is None:
                skipped += 1
                continue
            sent += 1
            self.stdout.write(f"Reminded {len(reminder.recipients.splitlines())} owner(s) of “{policy.title}”.")
        self.stdout.write(
            self.style.SUCCESS(f"{sent} reminder(s) sent; {skipped} already sent or with nobody to email.")
        )
