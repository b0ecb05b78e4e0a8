"""Every periodic job is scheduled in the worker, and a scheduled job does its work."""

from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.conf import settings
from django.core.management import get_commands
from django.utils import timezone
from wagtail.models import Page

from home.models import StandardPage
from intranet import tasks

ROOT = Path(__file__).resolve().parents[2]

# Every command under */management/commands/ that a trust used to run from cron, with the job
# that now runs it. Commands not listed here are run by people (imports, demo data, one-off fixes).
PERIODIC_COMMANDS = {
    "publish_scheduled": "publish_scheduled_pages",
    "approval_reminders": "approval_reminders",
    "policy_approval_reminders": "policy_approval_reminders",
    "check_approval_steps": "check_approval_steps",
    "closure_reminders": "closure_reminders",
    "seal_records": "seal_records",
    "policy_review_reminders": "policy_review_reminders",
    "policy_acknowledgement_reminders": "policy_acknowledgement_reminders",
    "purge_expired_records": "retention_report",
    "prune_db_task_results": "prune_task_results",
}
BY_HAND = {
    "secure_staff_documents",
    "deactivate_user",
    "verify_record",
    "demo_totp",
    "build_scale_data",
    "load_demo_content",
    "import_policy",
    "run_scheduler",
    "setup_trust",
    # Run by the trust's backup system, which keeps the archives away from the server (README, "Backups").
    "backup",
    "restore",
}


def scheduled_jobs() -> dict[str, CronTrigger]:
    return {job.name: job.trigger for job in scheduler.get_jobs()}


def test_every_periodic_job_is_registered_with_its_schedule():
    jobs = scheduled_jobs()
    for job_name, schedule in settings.SCHEDULED_JOBS.items():
        task = getattr(tasks, job_name)
        assert task.name in jobs, f"{job_name} is not scheduled"
        expected = CronTrigger.from_crontab(schedule, timezone=timezone.get_default_timezone())
        assert str(jobs[task.name]) == str(expected), job_name


def test_each_periodic_command_has_a_job_and_every_project_command_is_accounted_for():
    commands = get_commands()
    for command, job_name in PERIODIC_COMMANDS.items():
        assert command in commands, f"{command} is no management command"
        assert job_name in settings.SCHEDULED_JOBS, f"{command} is not scheduled"
    ours = {path.stem for path in ROOT.glob("*/management/commands/*.py") if path.stem != "__init__"}
    unaccounted = ours - set(PERIODIC_COMMANDS) - BY_HAND
    assert not unaccounted, f"say whether these run on a schedule: {sorted(unaccounted)}"


def test_scheduled_pages_go_live_in_the_job(home_page):
    page = home_page.add_child(instance=StandardPage(title="Half-term clubs", slug="half-term-clubs", live=False))
    go_live = timezone.now() + timedelta(minutes=1)
    page.go_live_at = go_live
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: go_live + timedelta(seconds=5))
        tasks.publish_scheduled_pages.enqueue()

    assert Page.objects.get(pk=page.pk).live


def test_jobs_return_their_command_output(db):
    result = tasks.retention_report.enqueue()
    assert result.return_value is not None
