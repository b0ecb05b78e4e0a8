"""Putting an email in the outbox: from a template trio (``send_email``) or a ready-made message (``queue_message``).

A message ``NAME`` under ``templates/`` is three templates: ``NAME_subject.txt`` (one line
once whitespace is folded), ``NAME.txt`` (the plain-text part) and ``NAME.html`` (the HTML
alternative), e.g. ``forms_app/emails/submitted``. Either way the email is rendered at
once (so it says what was true when it was decided, even if things change later), stored
as an ``OutgoingEmail`` and its delivery enqueued, all in the caller's transaction: with
the database task backend (``django_tasks_db``, the default outside tests) the task row is
committed with the change or rolled back with it, and the worker (``manage.py db_worker``)
sends it. A mail server that refuses or is down never fails the caller.
"""

import base64
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from .models import OutgoingEmail

__all__ = ["absolute_url", "queue_message", "send_email"]


def absolute_url(path: str) -> str:
    """Return ``path`` (an absolute path such as ``/admin/...``) prefixed with ``WAGTAILADMIN_BASE_URL``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _one_line(text: str) -> str:
    return " ".join(text.split())[:255]


def _queue(email: OutgoingEmail) -> OutgoingEmail:
    # Imported here: the task decorator reads TASKS, which must not happen while models load.
    from .delivery import deliver_email

    with transaction.atomic():
        email.save()
        deliver_email.enqueue(email_id=email.pk)
    return email


def _attachment_reference(attachment) -> dict:
    if attachment is None:
        return {}
    if not callable(getattr(attachment, "email_attachment", None)) or attachment.pk is None:
        raise TypeError(
            f"{type(attachment).__name__} cannot be attached: it must be saved and offer "
            "email_attachment() -> (filename, bytes, mimetype)."
        )
    return {"attachment_type": ContentType.objects.get_for_model(attachment), "attachment_id": attachment.pk}


def send_email(template: str, *, to: Iterable[str], context: dict, attachment=None) -> OutgoingEmail | None:
    """Render the template trio ``template`` with ``context`` and queue one email to the addresses ``to``.

    ``template`` is the trio's base path, e.g. ``"policy/emails/review_reminder"``.
    ``attachment`` is an optional saved model instance with ``email_attachment()``
    returning ``(filename, bytes, mimetype)``; it is read when the email is sent. Returns
    the queued ``OutgoingEmail``, or None when ``to`` is empty (nothing is queued). Call it
    inside the transaction that makes the email true. Raises what rendering raises (a
    missing template), ``TypeError`` for an attachment without ``email_attachment()``;
    never a mail server's error.
    """
    to = list(to)
    if not to:
        return None
    return _queue(
        OutgoingEmail(
            template=template,
            subject=_one_line(render_to_string(f"{template}_subject.txt", context)),
            to=to,
            body_text=render_to_string(f"{template}.txt", context),
            body_html=render_to_string(f"{template}.html", context),
            **_attachment_reference(attachment),
        )
    )


def _stored_file(attachment) -> dict:
    filename, content, mimetype = attachment
    if content is None or not isinstance(content, str | bytes):
        raise TypeError(f"Only (filename, content, mimetype) attachments can be queued, not {type(content).__name__}.")
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "content": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}


def queue_message(message: EmailMessage, *, template: str = "") -> OutgoingEmail | None:
    """Store the ready-made ``message`` (an ``EmailMessage`` or ``EmailMultiAlternatives``) and queue its delivery.

    Keeps its subject, sender, to/cc/bcc/reply-to, extra headers, plain text, its first
    HTML alternative (an HTML-only message keeps its HTML and gets a plain-text part made
    from it) and its ``(filename, content, mimetype)`` attachments. ``template`` labels it in
    the admin report. Returns the ``OutgoingEmail``, or None when it has no recipients.
    Raises ``TypeError`` for an attachment that is a MIME part rather than a file.
    """
    if not message.recipients():
        return None
    body_text, body_html = message.body or "", ""
    if message.content_subtype == "html":
        body_text, body_html = strip_tags(body_text), body_text
    for alternative in getattr(message, "alternatives", ()):
        content, mimetype = alternative
        if mimetype == "text/html" and not body_html:
            body_html = content
    return _queue(
        OutgoingEmail(
            template=template,
            subject=_one_line(str(message.subject)),
            from_email=message.from_email or "",
            to=[str(a) for a in message.to],
            cc=[str(a) for a in message.cc],
            bcc=[str(a) for a in message.bcc],
            reply_to=[str(a) for a in message.reply_to],
            headers={str(k): str(v) for k, v in message.extra_headers.items()},
            body_text=body_text,
            body_html=body_html,
            files=[_stored_file(a) for a in message.attachments],
        )
    )
