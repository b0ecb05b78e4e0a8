"""Emails survive a mail server that is down: the real database task backend, the real worker, a real SMTP server.

The SMTP server (``aiosmtpd``, on a free loopback port) first answers every message with
"451 try again later", then accepts mail. The decision must succeed while the server
refuses, its emails must wait in the queue, and once the server is back each email
must arrive exactly once.
"""

import datetime
import io

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail.models import OutgoingEmail
from forms_app.constants import RequestStatus
from forms_app.models import ApprovalDecision
from forms_app.workflow.services import approve_task
from tests.forms_app.factories import submitted_request
from tests.forms_app.task_backends import use_task_backend
from tests.ports import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class FlakyInbox:
    """An SMTP handler that refuses every message (451) until ``refusing`` is switched off."""

    def __init__(self):
        self.refusing = True
        self.refused = 0
        self.received: list[tuple[tuple[str, ...], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Mail server temporarily unavailable"
        self.received.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 OK"


@pytest.fixture
def inbox(settings):
    handler = FlakyInbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        },
    }
    settings.EMAIL_RETRY_DELAYS = (60, 60, 60)
    yield handler
    controller.stop()


def email_tasks():
    return DBTaskResult.objects.filter(task_path="core.mail.delivery.deliver_email")


def run_worker() -> None:
    """Run the worker the way production does, until no task is ready (``--batch``)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", stdout=io.StringIO())


def test_a_decision_succeeds_while_the_mail_server_is_down_and_its_emails_arrive_once(
    inbox, ict_manager, headteacher, staff_user
):
    with use_task_backend("django_tasks_db.DatabaseBackend"):
        site_request = submitted_request(author=staff_user)
        approve_task(site_request=site_request, user=ict_manager, attested=True)

        site_request.refresh_from_db()
        assert site_request.status == RequestStatus.AWAITING_HEAD
        assert ApprovalDecision.objects.filter(request=site_request, approver=ict_manager).exists()
        queued = list(OutgoingEmail.objects.order_by("pk"))
        # Submitted (ICT Managers), awaiting final approval (Headteacher), decision (author).
        assert [email.template for email in queued] == [
            "forms_app/emails/submitted",
            "forms_app/emails/awaiting_final",
            "forms_app/emails/decision",
        ]
        assert email_tasks().ready().count() == 3

        run_worker()  # the server refuses: every email is kept for a retry a minute later

        assert inbox.refused == 3
        assert inbox.received == []
        for email in OutgoingEmail.objects.all():
            assert email.status == OutgoingEmail.Status.QUEUED
            assert email.attempts == 1
            assert "451" in email.last_error
            assert email.next_attempt_at > timezone.now()
        assert email_tasks().ready().count() == 0  # the retries wait for their time

        inbox.refusing = False
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            run_worker()
            run_worker()  # a second run finds nothing to send

    assert inbox.refused == 3
    recipients = sorted(rcpt for rcpts, _ in inbox.received for rcpt in rcpts)
    assert recipients == sorted([ict_manager.email, headteacher.email, site_request.author.email])
    # The refusal never leaks into what people receive (not "451" alone: a MIME boundary may hold it).
    assert all(b"temporarily unavailable" not in content for _, content in inbox.received)
    for email in OutgoingEmail.objects.all():
        assert email.status == OutgoingEmail.Status.SENT
        assert email.attempts == 2
        assert email.sent_at is not None


def test_an_email_the_server_never_accepts_is_marked_failed_with_the_error(inbox, ict_manager, staff_user):
    with use_task_backend("django_tasks_db.DatabaseBackend"):
        submitted_request(author=staff_user)
        run_worker()
        for minutes in (2, 4, 6):
            with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes)):
                run_worker()

    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 4  # the first attempt and three retries
    assert "451" in email.last_error
    assert inbox.received == []
