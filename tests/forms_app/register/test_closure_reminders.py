"""The daily ``closure_reminders`` command under frozen time (entry closes on 20 July 2027)."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from forms_app.models import ClosureReminder, RegisterEntry, RegisterStatus, ReminderKind
from forms_app.register.services import close_entry, mark_entry_live

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def run_on(day: datetime.date):
    """Run the command at 06:00 London time on ``day``, as cron would."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=LONDON), tick=False):
        call_command("closure_reminders", stdout=io.StringIO())


def test_nothing_is_sent_more_than_30_days_before(entry):
    run_on(datetime.date(2027, 6, 19))

    assert mail.outbox == []
    assert not ClosureReminder.objects.exists()


def test_thirty_days_before_administrators_and_ict_managers_are_emailed_once(entry, site_staff, ict_manager):
    run_on(datetime.date(2027, 6, 20))
    run_on(datetime.date(2027, 6, 20))  # a second run the same day sends nothing new

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([u.email for u in site_staff["admins"]] + [ict_manager.email])
    assert "Closure due in 30 days: Riverside PE" in message.subject
    assert "20 July 2027" in message.body
    assert "/admin/forms_app/registerentry/inspect/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Closure due in 30 days" in html
    assert ClosureReminder.objects.get().kind == ReminderKind.THIRTY_DAYS


def test_the_days_between_reminders_send_nothing(entry):
    run_on(datetime.date(2027, 6, 20))
    for day in range(21, 30):
        run_on(datetime.date(2027, 6, day))

    assert len(mail.outbox) == 1


def test_seven_days_before_and_on_the_day_then_marked_closure_due(entry):
    run_on(datetime.date(2027, 6, 20))
    run_on(datetime.date(2027, 7, 13))
    run_on(datetime.date(2027, 7, 13))
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Closure due in 30 days", "Closure due in 7 days"]
    entry.refresh_from_db()
    assert entry.status == RegisterStatus.AWAITING_CREATION

    run_on(datetime.date(2027, 7, 20))
    run_on(datetime.date(2027, 7, 20))

    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject.startswith("Closure date reached: Riverside PE")
    entry.refresh_from_db()
    assert entry.status == RegisterStatus.CLOSURE_DUE


def test_an_overdue_entry_is_marked_and_reminded_once(entry):
    run_on(datetime.date(2027, 8, 2))
    run_on(datetime.date(2027, 8, 3))

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Closure date reached")
    assert RegisterEntry.objects.get(pk=entry.pk).status == RegisterStatus.CLOSURE_DUE


def test_a_live_entry_keeps_its_url_and_becomes_closure_due(entry, ict_manager):
    with time_machine.travel(datetime.datetime(2027, 1, 20, 9, 0, tzinfo=LONDON), tick=False):
        mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/a", went_live_on=datetime.date(2027, 1, 12))

    run_on(datetime.date(2027, 7, 21))

    entry.refresh_from_db()
    assert entry.status == RegisterStatus.CLOSURE_DUE and entry.url == "https://x.com/a"


def test_a_closed_site_gets_no_reminders(entry, headteacher):
    with time_machine.travel(datetime.datetime(2027, 6, 1, 9, 0, tzinfo=LONDON), tick=False):
        close_entry(entry=entry, user=headteacher, closed_on=datetime.date(2027, 5, 31), reason="Team disbanded.")

    run_on(datetime.date(2027, 6, 20))
    run_on(datetime.date(2027, 7, 20))

    assert mail.outbox == []
    assert RegisterEntry.objects.get(pk=entry.pk).status == RegisterStatus.CLOSED


def test_an_entry_approved_late_gets_only_the_reminder_that_is_due(entry):
    RegisterEntry.objects.filter(pk=entry.pk).update(closure_date=datetime.date(2027, 6, 25))

    run_on(datetime.date(2027, 6, 20))

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Closure due in 5 days")
    assert ClosureReminder.objects.get().kind == ReminderKind.SEVEN_DAYS


def test_a_new_closure_date_starts_the_reminders_again(entry):
    run_on(datetime.date(2027, 6, 20))
    RegisterEntry.objects.filter(pk=entry.pk).update(closure_date=datetime.date(2027, 12, 20))

    run_on(datetime.date(2027, 11, 20))

    assert len(mail.outbox) == 2
    assert "20 December 2027" in mail.outbox[1].body
