"""``OutboxBackend``: Django's default mailer, which queues every message in the outbox instead of sending it."""

from django.core.mail.backends.base import BaseEmailBackend

from .delivery import OutboxLoopError, delivering
from .outbox import queue_message

__all__ = ["OutboxBackend"]


class OutboxBackend(BaseEmailBackend):
    """Stores each message as an ``OutgoingEmail`` and enqueues its delivery, in the caller's transaction.

    Configured as ``MAILERS["default"]``, it catches every email sent the ordinary Django
    way (``send_mail``, ``EmailMessage.send()``, ``mail_admins``): Wagtail's moderation
    emails, Django's and allauth's password resets, allauth's security notices. The worker
    delivers them through the delivery mailer (``core.mail.delivery``). ``send_messages``
    returns the number of messages queued; it raises ``OutboxLoopError`` when called
    while the worker is delivering (the delivery mailer must never be the outbox), and a
    database error if the row cannot be written (never a mail server's error).
    """

    def send_messages(self, email_messages) -> int:
        if delivering():
            raise OutboxLoopError(
                "The delivery mailer handed an email back to the outbox: MAILERS[OUTBOX_DELIVERY_MAILER] "
                "must be a real mailer (SMTP, console, locmem), not core.mail.backends.OutboxBackend."
            )
        return sum(1 for message in email_messages if queue_message(message) is not None)
