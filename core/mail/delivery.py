"""The worker's side of the outbox: ``deliver_email`` sends one queued email through the delivery mailer.

The delivery mailer is ``MAILERS[OUTBOX_DELIVERY_MAILER]`` (SMTP in production, the
console in development, locmem in tests), never the default mailer, which is the outbox
itself. While an email is being delivered, the outbox refuses new messages
(``OutboxLoopError``), so a delivery mailer configured by mistake as the outbox fails that
attempt with a clear error instead of queueing the email again for ever.
"""

import base64
import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import OutgoingEmail

__all__ = ["DEFAULT_RETRY_DELAYS", "OutboxLoopError", "deliver_email", "delivering", "delivery_mailer", "retry_delays"]

# Seconds to wait before each retry: 1, 5, 15 minutes, 1 and 4 hours (six attempts in all).
DEFAULT_RETRY_DELAYS = (60, 300, 900, 3600, 14400)

_delivering: ContextVar[bool] = ContextVar("core_mail_delivering", default=False)


class OutboxLoopError(RuntimeError):
    """An email was handed to the outbox while the worker was delivering one: the delivery mailer is the outbox."""


def delivering() -> bool:
    """True while ``deliver_email`` is sending (the outbox then refuses messages)."""
    return _delivering.get()


@contextlib.contextmanager
def _delivery() -> Iterator[None]:
    token = _delivering.set(True)
    try:
        yield
    finally:
        _delivering.reset(token)


def retry_delays() -> tuple[float, ...]:
    """Return the delays in seconds before each retry (setting ``EMAIL_RETRY_DELAYS``); its length is the retries."""
    return tuple(getattr(settings, "EMAIL_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def delivery_mailer():
    """Return a new instance of the mailer that really sends: ``MAILERS[OUTBOX_DELIVERY_MAILER]`` ("delivery")."""
    return mail.mailers[getattr(settings, "OUTBOX_DELIVERY_MAILER", "delivery")]


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """Return the ``EmailMultiAlternatives`` that ``email`` stands for, with its attachment read now.

    An attachment whose object has since been deleted is left out (as the old foreign key's
    ``SET_NULL`` did); the email still links to what it is about.
    """
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for stored in email.files:
        message.attach(stored["filename"], base64.b64decode(stored["content"]), stored["mimetype"])
    if email.attachment_type_id:
        attached = email.attachment
        if attached is not None:
            message.attach(*attached.email_attachment())
    return message


@task
def deliver_email(*, email_id: int) -> str:
    """Send the queued ``OutgoingEmail`` ``email_id`` once; return its status afterwards (``sent``, ``queued``, ...).

    An email already sent or failed is left alone (``skipped``), so a task run twice sends
    once. When the mail server refuses it or cannot be reached, the attempt and the error
    are recorded and the task enqueues itself again after the next of ``retry_delays()``;
    after the last it marks the email failed. A backend that cannot run a task later
    (Django's ``ImmediateBackend``, used by the tests) gets no retry: the email is marked
    failed.
    """
    email = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).first()
    if email is None:
        return "skipped"
    try:
        with _delivery():
            delivery_mailer().send_messages([build_message(email)])
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        return _record_failure(email, error)
    # Claimed by the worker: the only writer of a queued email's status.
    OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.SENT,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        next_attempt_at=None,
    )
    return OutgoingEmail.Status.SENT


def _record_failure(email: OutgoingEmail, error: Exception) -> str:
    delays = retry_delays()
    attempts = email.attempts + 1
    error_text = f"{type(error).__name__}: {error}"[:2000]
    can_defer = deliver_email.get_backend().supports_defer
    with transaction.atomic():
        if attempts <= len(delays) and can_defer:
            next_attempt = timezone.now() + datetime.timedelta(seconds=delays[attempts - 1])
            OutgoingEmail.objects.filter(pk=email.pk).update(
                attempts=attempts, last_error=error_text, next_attempt_at=next_attempt
            )
            deliver_email.using(run_after=next_attempt).enqueue(email_id=email.pk)
            return OutgoingEmail.Status.QUEUED
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.FAILED, attempts=attempts, last_error=error_text, next_attempt_at=None
        )
    return OutgoingEmail.Status.FAILED
