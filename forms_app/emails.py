"""The emails about a request or a register entry: one template trio each under ``templates/forms_app/emails/``.

``send_email("submitted", ...)`` is ``core.mail.outbox.send_email`` for the trio
``forms_app/emails/submitted`` (``_subject.txt``, ``.txt``, ``.html``): rendered when it is
decided, queued in the outbox with the decision and delivered by the task worker with
retries (see ``core.mail``).
"""

from django.utils.translation import gettext as _

from core.mail import outbox
from core.mail.delivery import deliver_email
from core.mail.models import OutgoingEmail
from core.mail.outbox import absolute_url

__all__ = ["TEMPLATE_FOLDER", "absolute_url", "deliver_email", "request_names", "send_email"]

TEMPLATE_FOLDER = "forms_app/emails"

# ``deliver_email`` stays importable here as the same task: delivery tasks queued before the
# outbox moved to ``core`` name ``forms_app.emails.deliver_email`` in the task queue, and the
# worker imports that path to run them (migration forms_app 0016 renames the waiting ones).


def send_email(template: str, *, to: list[str], context: dict, sealed_record=None) -> OutgoingEmail | None:
    """Queue the message ``template`` (a name under ``forms_app/emails/``) to the addresses ``to``.

    ``sealed_record`` (a ``SealedRecord``) is attached as its signed PDF when the email is
    sent. Returns the queued ``OutgoingEmail``, or None when ``to`` is empty. Raises only
    what rendering raises (a missing template); never a mail server's error. A ``context``
    with a ``reference`` but no ``request_label`` names an Appendix B request
    (``request_names``' wording), so a caller that knows only the reference still renders.
    """
    if "reference" in context and "request_label" not in context:
        reference = {"reference": context["reference"]}
        context = {
            "request_label": _("social media site request %(reference)s") % reference,
            "request_label_start": _("Social media site request %(reference)s") % reference,
            **context,
        }
    return outbox.send_email(f"{TEMPLATE_FOLDER}/{template}", to=to, context=context, attachment=sealed_record)


def request_names(site_request) -> dict:
    """How every email names ``site_request`` (a ``SocialMediaSiteRequest``): a dict for the templates' context.

    ``request_label`` ("social media site request SM-2026-0001", or for a form built in
    the admin "request BC-2026-0042 (Request access to blocked content)": the form's title
    as its version recorded it), ``request_label_start`` (the same to start a sentence),
    ``built_form`` and ``form_title``. No query once ``form_version`` is loaded.
    """
    reference = site_request.reference
    if site_request.is_built_form:
        title = site_request.form_title
        label = _("request %(reference)s (%(title)s)") % {"reference": reference, "title": title}
        start = _("Request %(reference)s (%(title)s)") % {"reference": reference, "title": title}
    else:
        label = _("social media site request %(reference)s") % {"reference": reference}
        start = _("Social media site request %(reference)s") % {"reference": reference}
    return {
        "request_label": label,
        "request_label_start": start,
        "built_form": site_request.is_built_form,
        "form_title": site_request.form_title,
    }
