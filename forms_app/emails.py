"""The emails about a request or a register entry: one template trio each under ``templates/forms_app/emails/``.

``send_email("submitted", ...)`` is ``core.mail.outbox.send_email`` for the trio
``forms_app/emails/submitted`` (``_subject.txt``, ``.txt``, ``.html``): rendered when it is
decided, queued in the outbox with the decision and delivered by the task worker with
retries (see ``core.mail``).
"""

from core.mail import outbox
from core.mail.delivery import deliver_email
from core.mail.models import OutgoingEmail
from core.mail.outbox import absolute_url

__all__ = ["TEMPLATE_FOLDER", "absolute_url", "deliver_email", "send_email"]

TEMPLATE_FOLDER = "forms_app/emails"

# ``deliver_email`` stays importable here as the same task: delivery tasks queued before the
# outbox moved to ``core`` name ``forms_app.emails.deliver_email`` in the task queue, and the
# worker imports that path to run them (migration forms_app 0016 renames the waiting ones).


def send_email(template: str, *, to: list[str], context: dict, sealed_record=None) -> OutgoingEmail | None:
    """Queue the message ``template`` (a name under ``forms_app/emails/``) to the addresses ``to``.

    ``sealed_record`` (a ``SealedRecord``) is attached as its signed PDF when the email is
    sent. Returns the queued ``OutgoingEmail``, or None when ``to`` is empty. Raises only
    what rendering raises (a missing template); never a mail server's error.
    """
    return outbox.send_email(f"{TEMPLATE_FOLDER}/{template}", to=to, context=context, attachment=sealed_record)
