"""How every email about a request or a register entry is built, queued and delivered: one template trio each.

A message ``NAME`` is three templates under ``templates/forms_app/emails/``:
``NAME_subject.txt`` (one line once whitespace is folded), ``NAME.txt`` (the plain-text
part) and ``NAME.html`` (the HTML alternative).

``send_email`` renders the message at once (so the email says what was decided, even if
the request changes later), stores it as an ``OutgoingEmail`` and enqueues the
``deliver_email`` task through Django's tasks framework, all in the caller's
transaction. With the database backend (``django_tasks_db``, the default outside tests)
the task row is committed with the decision or rolled back with it; the worker process
(``manage.py db_worker``) sends it. A mail server that refuses or is down never fails a
decision: the worker retries with back-off (``EMAIL_RETRY_DELAYS``), then marks the email
failed with the error for site administrators to see.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

__all__ = ["absolute_url", "send_email", "deliver_email", "retry_delays"]

# Seconds to wait before each retry: 1, 5, 15 minutes, 1 and 4 hours (six attempts in all).
DEFAULT_RETRY_DELAYS = (60, 300, 900, 3600, 14400)


def absolute_url(path: str) -> str:
    """Return ``path`` (an absolute path such as ``/admin/...``) prefixed with ``WAGTAILADMIN_BASE_URL``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def retry_delays() -> tuple[float, ...]:
    """Return the delays in seconds before each retry (setting ``EMAIL_RETRY_DELAYS``); its length is the retries."""
    return tuple(getattr(settings, "EMAIL_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def send_email(template: str, *, to: list[str], context: dict, sealed_record=None) -> OutgoingEmail | None:
    """Render the message ``template`` with ``context`` and queue one email to the addresses ``to``.

    Returns the queued ``OutgoingEmail``, or None when ``to`` is empty (nothing is
    queued). ``sealed_record`` (a ``SealedRecord``) is attached as its PDF when sent.
    Call it inside the transaction that makes the email true: the email and its
    delivery task are saved with it. Raises only what rendering raises (a missing
    template); never a mail server's error.
    """
    if not to:
        return None
    base = f"forms_app/emails/{template}"
    email = OutgoingEmail.objects.create(
        template=template,
        subject=" ".join(render_to_string(f"{base}_subject.txt", context).split())[:255],
        to=list(to),
        body_text=render_to_string(f"{base}.txt", context),
        body_html=render_to_string(f"{base}.html", context),
        sealed_record=sealed_record,
    )
    deliver_email.enqueue(email_id=email.pk)
    return email


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=email.to
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.sealed_record_id:
        message.attach(email.sealed_record.filename, email.sealed_record.pdf_bytes(), "application/pdf")
    return message


@task
def deliver_email(*, email_id: int) -> str:
    """Send the queued ``OutgoingEmail`` ``email_id`` once; return its status afterwards (``sent``, ``queued``, ...).

    An email already sent or failed is left alone, so a task run twice sends once. When
    the mail server refuses it or cannot be reached, the attempt and the error are
    recorded and the task enqueues itself again after the next of ``retry_delays()``; after
    the last it marks the email failed. A backend that cannot run a task later (Django's
    ``ImmediateBackend``, used by the tests) gets no retry: the email is marked failed.
    """
    email = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).first()
    if email is None:
        return "skipped"
    try:
        _message(email).send(fail_silently=False)
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
