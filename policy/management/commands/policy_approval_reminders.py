"""``manage.py policy_approval_reminders``: remind, then escalate, policies waiting too long for approval.

Safe to run every day: on weekends and bank holidays in England it sends nothing, and a
second run the same day sends nothing new (``policy.approval_reminders``). ``--date`` and
``--dry-run`` as every daily command (``core.management.daily``).
"""

from core.management.daily import DailyCommand
from policy.approval_reminders import send_policy_approval_reminders
from policy.models import PolicyApprovalReminder


class Command(DailyCommand):
    help = "Remind approvers of policies waiting for approval, and escalate those waiting too long to the trust."

    def run_for(self, today, **options) -> str:
        sent = send_policy_approval_reminders(today=today)
        for reminder in sent:
            to = reminder.recipients or "—"
            self.stdout.write(f"{reminder.get_kind_display()}: “{reminder.policy.title}” → {to}")
        reminders = sum(1 for item in sent if item.kind == PolicyApprovalReminder.Kind.REMINDER)
        return f"{today.isoformat()}: {reminders} policy reminder(s) and {len(sent) - reminders} escalation(s) sent."
