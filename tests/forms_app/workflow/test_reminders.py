"""Reminders after N school days and escalation after M, under frozen time across a weekend and a bank holiday.

The request is submitted on Thursday 27 May 2027. Friday 28 May is school day 1;
the weekend and Monday 31 May (Spring Bank Holiday) do not count; Tuesday 1 June is
day 2, Wednesday 2 June day 3 (the first reminder, N = 3), and Tuesday 8 June day 7
(the escalation to the trust, M = 7).
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from forms_app.models import ApprovalReminder
from forms_app.workflow.school_days import school_days_after
from forms_app.workflow.services import approve_task, submit_request
from home.models import TrustSettings
from tests.clock import at, run_on
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(author, ict_manager, second_ict_manager, headteacher, trust):
    with at(datetime.date(2027, 5, 27), hour=15):
        site_request = submit_request(site_request=complete_request(author=author, declaration=True), user=author)
    mail.outbox.clear()
    return site_request


def test_counting_school_days_skips_weekends_and_bank_holidays():
    thursday = datetime.date(2027, 5, 27)
    assert school_days_after(thursday, datetime.date(2027, 5, 28)) == 1
    assert school_days_after(thursday, datetime.date(2027, 5, 31)) == 1  # weekend and Spring Bank Holiday
    assert school_days_after(thursday, datetime.date(2027, 6, 2)) == 3
    assert school_days_after(thursday, datetime.date(2027, 6, 8)) == 7


def test_reminders_then_escalation_once_each_day(waiting, ict_manager, second_ict_manager, trust):
    ceo, trust_admin = trust
    for day in (28, 29, 30, 31):
        run_on(datetime.date(2027, 5, day), "approval_reminders")
    run_on(datetime.date(2027, 6, 1), "approval_reminders")
    assert mail.outbox == []  # two school days: nobody is reminded yet

    output = run_on(datetime.date(2027, 6, 2), "approval_reminders")
    assert "1 reminder(s) and 0 escalation(s)" in output
    (reminder,) = mail.outbox
    assert sorted(reminder.to) == sorted([ict_manager.email, second_ict_manager.email])
    assert reminder.subject.startswith(f"Reminder: social media site request {waiting.reference} has waited 3")
    assert "Account name: Riverside Year 6" in reminder.body

    second_run_that_day = run_on(datetime.date(2027, 6, 2), "approval_reminders")
    assert "0 reminder(s) and 0 escalation(s)" in second_run_that_day
    assert len(mail.outbox) == 1

    for day in (3, 4, 5, 6, 7):
        run_on(datetime.date(2027, 6, day), "approval_reminders")
    assert len(mail.outbox) == 1 + 3  # Thursday, Friday, Monday; not the weekend
    assert not ApprovalReminder.objects.filter(kind="escalation").exists()

    mail.outbox.clear()
    run_on(datetime.date(2027, 6, 8), "approval_reminders")
    run_on(datetime.date(2027, 6, 8), "approval_reminders")
    escalation = next(m for m in mail.outbox if m.subject.startswith("Stalled"))
    assert sorted(escalation.to) == sorted([ceo.email, trust_admin.email])
    assert "has waited 7 school days" in escalation.body
    assert "ICT Manager" in escalation.body
    assert ict_manager.display_name() in escalation.body
    assert len(mail.outbox) == 2  # one reminder, one escalation, despite two runs

    mail.outbox.clear()
    run_on(datetime.date(2027, 6, 9), "approval_reminders")
    assert [m.subject.startswith("Reminder") for m in mail.outbox] == [True]  # escalated once only


def test_the_head_step_is_timed_from_the_ict_approval_and_leaves_out_the_ict_approver(
    waiting, ict_manager, headteacher, trust
):
    with at(datetime.date(2027, 6, 2), hour=9):
        approve_task(site_request=waiting, user=ict_manager, attested=True)
    mail.outbox.clear()
    run_on(datetime.date(2027, 6, 4), "approval_reminders")
    assert mail.outbox == []
    run_on(datetime.date(2027, 6, 7), "approval_reminders")
    (reminder,) = mail.outbox
    assert reminder.to == [headteacher.email]


def test_the_trust_sets_the_number_of_days(waiting, ict_manager):
    settings = TrustSettings.load()
    settings.reminder_after_school_days = 1
    settings.save()
    run_on(datetime.date(2027, 5, 28), "approval_reminders")
    assert len(mail.outbox) == 1


def test_a_dry_run_says_what_it_would_send_and_keeps_nothing(waiting):
    from django_tasks_db.models import DBTaskResult

    from tests.forms_app.task_backends import use_task_backend

    third_school_day = datetime.date(2027, 6, 2)
    # The worker's queue, as in production: the email would be a queued task in the same transaction.
    with at(third_school_day), use_task_backend("django_tasks_db.DatabaseBackend"):
        out = io.StringIO()
        call_command("approval_reminders", "--dry-run", stdout=out)

    assert "Dry run, nothing kept: 2027-06-02: 1 reminder(s)" in out.getvalue()
    assert not ApprovalReminder.objects.exists()
    assert not DBTaskResult.objects.exists() and mail.outbox == []
    assert "1 reminder(s)" in run_on(third_school_day, "approval_reminders")  # the real run still sends it


def test_a_missed_day_is_caught_up_with_its_date(waiting):
    out = io.StringIO()
    with at(datetime.date(2027, 6, 4)):
        call_command("approval_reminders", "--date", "2027-06-02", stdout=out)

    assert "2027-06-02: 1 reminder(s)" in out.getvalue()
    assert ApprovalReminder.objects.count() == 1
