"""Daily reminders and escalation of approval steps waiting too long.

Idempotent: a second run on the same day sends nothing new. ``--date`` and ``--dry-run`` as
every daily command (``core.management.daily``).
"""

from core.management.daily import DailyCommand
from forms_app.models import ApprovalReminder
from forms_app.workflow.reminders import send_approval_reminders


class Command(DailyCommand):
    help = (
        "Remind approvers of requests waiting N school days or more (once a day) and tell the trust about "
        "requests waiting M school days (once); N and M are in Settings > Trust settings."
    )

    def run_for(self, today, **options) -> str:
        sent = send_approval_reminders(today=today)
        reminders = sum(1 for item in sent if item.kind == ApprovalReminder.Kind.REMINDER)
        return f"{today.isoformat()}: {reminders} reminder(s) and {len(sent) - reminders} escalation(s) sent."
