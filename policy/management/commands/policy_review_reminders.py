"""``manage.py policy_review_reminders``: email owners of policies due for review within 60 days or overdue.

Safe to run every day: each policy's owners get one "due soon" and one "overdue" email per
review date, never repeats. ``--date`` and ``--dry-run`` as every daily command
(``core.management.daily``).
"""

from core.management.daily import DailyCommand
from policy.notifications import remind_policy_owners
from policy.selectors import REVIEW_WARNING_DAYS, policies_due_for_review


class Command(DailyCommand):
    help = "Email the owners of live policies due for review within 60 days or overdue (once per review date)."

    def add_daily_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=REVIEW_WARNING_DAYS, help="How far ahead to look (default: 60 days)."
        )

    def run_for(self, today, *, days=REVIEW_WARNING_DAYS, **options) -> str:
        sent = skipped = 0
        for policy in policies_due_for_review(today=today, within_days=days):
            reminder = remind_policy_owners(policy=policy, today=today)
            if reminder is None:
                skipped += 1
                continue
            sent += 1
            self.stdout.write(f"Reminded {len(reminder.recipients.splitlines())} owner(s) of “{policy.title}”.")
        return f"{sent} reminder(s) sent; {skipped} already sent or with nobody to email."
