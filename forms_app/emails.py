"""How every email about a request or a register entry is built and sent: one template trio each.

A message ``NAME`` is three templates under ``templates/forms_app/emails/``:
``NAME_subject.txt`` (one line once whitespace is folded), ``NAME.txt`` (the plain-text
part) and ``NAME.html`` (the HTML alternative).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

__all__ = ["absolute_url", "send_email"]


def absolute_url(path: str) -> str:
    """Return ``path`` (an absolute path such as ``/admin/...``) prefixed with ``WAGTAILADMIN_BASE_URL``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_email(template: str, *, to: list[str], context: dict) -> None:
    """Render the message ``template`` with ``context`` and send one email to the addresses ``to``.

    Sends nothing when ``to`` is empty. Raises whatever the mail backend raises when the
    server refuses the message.
    """
    if not to:
        return
    base = f"forms_app/emails/{template}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
