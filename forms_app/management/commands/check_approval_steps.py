"""``manage.py check_approval_steps``: tell the trust about any waiting approval step nobody can decide.

Run once a day (see the README, "Scheduled jobs"); covers site requests and policies.
``--date`` and ``--dry-run`` as every daily command (``core.management.daily``).
"""

from core.management.daily import DailyCommand
from forms_app.workflow.unattended import report_steps_without_approver, steps_without_approver


class Command(DailyCommand):
    help = (
        "Email the Trust administrators and the CEO every waiting approval step (requests, policies) "
        "with nobody to decide it."
    )

    def run_for(self, today, **options) -> str:
        found = steps_without_approver()
        for step in found:
            self.stdout.write(f"Nobody can decide: {step.title} ({step.school}), {step.step}")
        email = report_steps_without_approver() if found else None
        return (
            f"{today.isoformat()}: {len(found)} step(s) without an approver; {'reported' if email else 'nothing sent'}."
        )
