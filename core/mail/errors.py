"""Errors mailed to ``ADMINS`` through the outbox, without the secrets Django's own report would carry.

Django's ``AdminEmailHandler`` mails a report that lists every setting, the request's
headers, cookies and form data. Settings such as ``REDIS_URL``'s cache location or an
Azure connection string are not hidden by Django's filter, and the email lands in
mailboxes and mail servers' logs. ``AdminErrorReporter`` keeps only what a technician
needs: the request line, the signed-in user's id and the traceback (code lines, no local
variables). ``OutboxAdminEmailHandler`` uses it and never lets a failure to queue the
email (the database down) turn into a second error. The production settings' ``LOGGING``
(``intranet.settings.env.error_logging``) attaches it to ``django.request`` (500s) and
``django.tasks`` (the worker's failed tasks).
"""

import contextlib
import logging
import traceback

from django.utils.html import escape
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter

__all__ = ["AdminErrorReporter", "OutboxAdminEmailHandler", "SkipOutboxDelivery"]

# The worker's own delivery task: an admin email about its failure would be delivered by it.
DELIVERY_TASK = "core.mail.delivery.deliver_email"


class AdminErrorReporter(ExceptionReporter):
    """An error report with the request line, the user's id and the traceback, and nothing else.

    No settings, headers, cookies, form data or local variables, so no secret or personal
    data ends up in an email. Used by ``OutboxAdminEmailHandler`` for its plain-text body.
    """

    def _request_lines(self) -> list[str]:
        if self.request is None:
            return []
        lines = [f"Request: {self.request.method} {self.request.path}"]
        # The user cannot be loaded while the database is down: then it is left out.
        with contextlib.suppress(Exception):
            user = getattr(self.request, "user", None)
            if user is not None and user.is_authenticated:
                lines.append(f"User id: {user.pk}")
        return lines

    def get_traceback_text(self) -> str:
        """Return the plain-text report: request line, user id, then the traceback."""
        lines = self._request_lines()
        if self.exc_type is not None:
            lines += ["", *(line.rstrip("\n") for line in traceback.format_exception(self.exc_value))]
        return "\n".join(lines) + "\n"

    def get_traceback_html(self) -> str:
        """Return the same report in a ``<pre>`` (for a handler with ``include_html``)."""
        return f"<pre>{escape(self.get_traceback_text())}</pre>"


class SkipOutboxDelivery(logging.Filter):
    """Drops the failure of the outbox's own delivery task: its report would be delivered by that task."""

    def filter(self, record: logging.LogRecord) -> bool:
        return DELIVERY_TASK not in record.getMessage()


class OutboxAdminEmailHandler(AdminEmailHandler):
    """``AdminEmailHandler`` with ``AdminErrorReporter``; the email goes to the default mailer (the outbox).

    Takes Django's handler's arguments. A report that cannot be queued (the database is
    down) is written to standard error by ``logging``'s ``handleError``, never raised into
    the request or task that failed.
    """

    def __init__(self, include_html=False, email_backend=None, reporter_class=None, using=None):
        super().__init__(include_html, email_backend, reporter_class or "core.mail.errors.AdminErrorReporter", using)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)
        except Exception:  # noqa: BLE001 - logging must not fail the caller
            self.handleError(record)
