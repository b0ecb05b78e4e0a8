"""Daily closure reminders for the register of approved social media sites.

Idempotent: a second run on the same day sends nothing new and changes nothing. ``--date``
and ``--dry-run`` as every daily command (``core.management.daily``).
"""

from core.management.daily import DailyCommand
from forms_app.register.services import mark_overdue_entries, send_closure_reminders


class Command(DailyCommand):
    help = (
        "Email site administrators and the school's ICT Managers 30 days before, 7 days before and on a "
        "registered site's closure date, and mark entries whose closure date has arrived as closure due."
    )

    def run_for(self, today, **options) -> str:
        marked = mark_overdue_entries(today=today)
        sent = send_closure_reminders(today=today)
        return (
            f"{today.isoformat()}: {len(sent)} closure reminder(s) sent, {len(marked)} entry(ies) marked closure due."
        )
