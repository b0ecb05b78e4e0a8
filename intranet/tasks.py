"""The periodic jobs, each a task the worker runs on its schedule in ``settings.SCHEDULED_JOBS``.

``manage.py run_scheduler`` (started by ``make run``; a service beside the worker in
production) loads this module and enqueues each job at its time; ``manage.py db_worker``
runs it. Each job is the management command of the same work, so running one by hand
(``manage.py approval_reminders``) does exactly what the schedule does. The commands are
idempotent: a job run twice in a day sends nothing new.
"""

import io
import logging
from collections.abc import Callable

from crontask import cron
from django.conf import settings
from django.core.management import call_command
from django.tasks import Task, task

logger = logging.getLogger(__name__)

# The last characters of a command's output kept with the task's result (the rest is logged).
RESULT_TAIL_CHARS = 2000


def periodic(func: Callable[[], str]) -> Task:
    """Make ``func`` a task scheduled at ``settings.SCHEDULED_JOBS[func.__name__]``.

    Raises ``KeyError`` at start-up when the job has no schedule, so a new job cannot be
    forgotten silently.
    """
    return cron(settings.SCHEDULED_JOBS[func.__name__], sentry_monitor_config=None)(task(func))


def run_command(name: str, *args: str) -> str:
    """Run the management command ``name`` with ``args``; log its output and return its last lines.

    A command that fails raises, so the task is marked failed and the error is logged by the worker.
    """
    output = io.StringIO()
    call_command(name, *args, stdout=output, stderr=output)
    text = output.getvalue().strip()
    logger.info("%s: %s", name, text or "done")
    return text[-RESULT_TAIL_CHARS:]


@periodic
def publish_scheduled_pages() -> str:
    """Publish the pages and revisions whose "go live" time has passed; unpublish expired pages (Wagtail)."""
    return run_command("publish_scheduled")


@periodic
def approval_reminders() -> str:
    """Remind approvers of steps waiting too long and escalate the longest waits (forms_app)."""
    return run_command("approval_reminders")


@periodic
def closure_reminders() -> str:
    """Email closure reminders for registered sites and mark those due for closure (forms_app)."""
    return run_command("closure_reminders")


@periodic
def seal_records() -> str:
    """Seal every approved request's record that could not be sealed at approval (forms_app)."""
    return run_command("seal_records")


@periodic
def policy_review_reminders() -> str:
    """Email the owners of policies due for review or overdue (policy)."""
    return run_command("policy_review_reminders")


@periodic
def policy_acknowledgement_reminders() -> str:
    """Remind staff who have not acknowledged a policy that asks them to (policy)."""
    return run_command("policy_acknowledgement_reminders")


@periodic
def retention_report() -> str:
    """List the sealed records past retention in the worker's log; deletes nothing (forms_app)."""
    return run_command("purge_expired_records")


@periodic
def prune_task_results() -> str:
    """Delete finished task-queue rows older than 30 days (django-tasks-db); emails stay in the outbox."""
    return run_command("prune_db_task_results", "--queue-name", "*", "--min-age-days", "30")
