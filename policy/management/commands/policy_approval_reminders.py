"""``manage.py policy_approval_reminders``: remind, then escalate, policies waiting too long for approval.

Safe to run every day: on weekends and bank holidays in England it sends nothing, and a
second run the same day sends nothing new (``policy.approval_reminders``).
"""

from django.core.management.base import BaseCommand

from policy.approval_reminders import send_policy_approval_reminders


class Command(BaseCommand):
    help = "Remind approvers of policies waiting for approval, and escalate those waiting too long to the trust."

    def handle(self, *args, **options):
        sent = send_policy_approval_reminders()
        for reminder in sent:
            to = reminder.recipients or "—"
            self.stdout.write(f"{reminder.get_kind_display()}: “{reminder.policy.title}” → {to}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) and escalation(s) sent."))
