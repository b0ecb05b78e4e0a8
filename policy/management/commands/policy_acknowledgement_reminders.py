"""``manage.py policy_acknowledgement_reminders``: remind staff who have still to acknowledge a policy.

Safe to run every day: each person gets at most one reminder per policy version in force; a
version published as needing re-acknowledgement starts again. ``--dry-run`` as every daily
command (``core.management.daily``); the reminders do not depend on the date.
"""

from core.management.daily import DailyCommand
from policy.acknowledgements import policies_needing_acknowledgement
from policy.notifications import outstanding_staff_to_remind, remind_to_acknowledge


class Command(DailyCommand):
    help = "Email staff who have not yet acknowledged a policy that asks them to (once per person per version)."

    def run_for(self, today, **options) -> str:
        sent = 0
        for policy in policies_needing_acknowledgement():
            count = 0
            for user in outstanding_staff_to_remind(policy=policy):
                count += remind_to_acknowledge(policy=policy, user=user)
            if count:
                self.stdout.write(f"Reminded {count} member(s) of staff to acknowledge “{policy.title}”.")
            sent += count
        return f"{sent} reminder(s) sent."
