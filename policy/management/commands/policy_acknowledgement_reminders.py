"""``manage.py policy_acknowledgement_reminders``: remind staff who have still to acknowledge a policy.

Safe to run every day (see README.md for the cron line): each person gets at most one
reminder per policy version in force; a version published as needing re-acknowledgement
starts again.
"""

from django.core.management.base import BaseCommand

from policy.acknowledgements import policies_needing_acknowledgement
from policy.notifications import outstanding_staff_to_remind, remind_to_acknowledge


class Command(BaseCommand):
    help = "Email staff who have not yet acknowledged a policy that asks them to (once per person per version)."

    def handle(self, *args, **options):
        sent = 0
        for policy in policies_needing_acknowledgement():
            count = 0
            for user in outstanding_staff_to_remind(policy=policy):
                count += remind_to_acknowledge(policy=policy, user=user)
            if count:
                self.stdout.write(f"Reminded {count} member(s) of staff to acknowledge “{policy.title}”.")
            sent += count
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
