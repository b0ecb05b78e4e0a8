"""The periodic jobs, each a task the worker runs on its schedule in ``settings.SCHEDULED_JOBS``.

``manage.py run_scheduler`` (started by ``make run``; a service beside the worker in
production) loads this module and enqueues each job at its time; ``manage.py db_worker``
runs it. Each job is the management command of the same work, so running one by hand
(``manage.py approval_reminders``) does exactly what the schedule does. The commands are
idempotent: a job run twice in a day sends nothing new.
"""

import io
import logging

from crontask import cron
from django.conf import settings
from django.core.management import call_command
from django.tasks import Task, task

logger = logging.getLogger(__name__)

# The last characters of a command's output kept with the task's result (the rest is logged).
RESULT_TAIL_CHARS = 2000


def run_command(name: str, *args: str) -> str:
    """Run the management command ``name`` with ``args``; log its output and return its last lines.

    A command that fails raises, so the task is marked failed and the error is logged by the worker.
    """
    output = io.StringIO()
    call_command(name, *args, stdout=output, stderr=output)
    text = output.getvalue().strip()
    logger.info("%s: %s", name, text or "done")
    return text[-RESULT_TAIL_CHARS:]


def command_job(job: str, command: str, *args: str, doc: str) -> Task:
    """Return the task ``intranet.tasks.<job>``, which runs ``manage.py <command> <args>``, on its schedule.

    ``doc`` says what the job does. The task is scheduled at ``settings.SCHEDULED_JOBS[job]``;
    raises ``KeyError`` at start-up when the job has no schedule, so a new job cannot be
    forgotten silently. Assign the result to the module-level name ``job``: the worker finds
    the task by that name.
    """

    def run() -> str:
        return run_command(command, *args)

    # The worker imports the task as ``intranet.tasks.<job>``: name the function so.
    run.__name__ = run.__qualname__ = job
    run.__doc__ = doc
    return cron(settings.SCHEDULED_JOBS[job], sentry_monitor_config=None)(task(run))


publish_scheduled_pages = command_job(
    "publish_scheduled_pages",
    "publish_scheduled",
    doc='Publish the pages and revisions whose "go live" time has passed; unpublish expired pages (Wagtail).',
)
approval_reminders = command_job(
    "approval_reminders",
    "approval_reminders",
    doc="Remind approvers of steps waiting too long and escalate the longest waits (forms_app).",
)
policy_approval_reminders = command_job(
    "policy_approval_reminders",
    "policy_approval_reminders",
    doc="Remind approvers of policies waiting too long and escalate the longest waits (policy).",
)
check_approval_steps = command_job(
    "check_approval_steps",
    "check_approval_steps",
    doc="Tell the Trust administrators and the CEO about waiting steps nobody can decide (forms_app, policy).",
)
closure_reminders = command_job(
    "closure_reminders",
    "closure_reminders",
    doc="Email closure reminders for registered sites and mark those due for closure (forms_app).",
)
seal_records = command_job(
    "seal_records",
    "seal_records",
    doc="Seal every approved request's record that could not be sealed at approval (forms_app).",
)
policy_review_reminders = command_job(
    "policy_review_reminders",
    "policy_review_reminders",
    doc="Email the owners of policies due for review or overdue (policy).",
)
policy_acknowledgement_reminders = command_job(
    "policy_acknowledgement_reminders",
    "policy_acknowledgement_reminders",
    doc="Remind staff who have not acknowledged a policy that asks them to (policy).",
)
retention_report = command_job(
    "retention_report",
    "purge_expired_records",
    doc="List the sealed records past retention in the worker's log; deletes nothing (forms_app).",
)
prune_task_results = command_job(
    "prune_task_results",
    "prune_db_task_results",
    "--queue-name",
    "*",
    "--min-age-days",
    "30",
    doc="Delete finished task-queue rows older than 30 days (django-tasks-db); emails stay in the outbox.",
)
