"""Front-end views of the Appendix B request: "My requests", starting a request, the read-only
request page, reminders to its runners and its attached files.

Every address carries the request's random ``public_id``; a request the signed-in user
did not write (or, for the read-only view, is not named on) answers 404. Writes go
through ``forms_app.request_form.services`` and ``forms_app.workflow.services``. The
steps are in ``step_views.py``; "Check your answers", submitting, withdrawing and deleting
in ``submit_views.py``.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..constants import RequestStatus
from ..runners.selectors import runner_statuses
from ..runners.services import send_acknowledgement_reminders
from ..workflow.amendments import may_abandon_amendment
from ..workflow.timeline import timeline_for
from .attachments import MAX_ATTACHMENTS, AttachmentForm
from .selectors import (
    attachment_for_reader,
    changes_requested_decision,
    request_visible_to,
    requests_for_author,
    requests_naming_user,
    stale_draft_days,
)
from .services import NoSchoolError, add_attachment, new_draft, remove_attachment
from .steps import answers_by_step
from .view_helpers import continue_url, form_page_url, not_editable, own_request, people_on


@login_required
def my_requests(request):
    """ "My requests": the user's own requests, and the submitted ones naming them (read-only)."""
    own_requests = list(requests_for_author(user=request.user))
    stale_before = timezone.now() - datetime.timedelta(days=stale_draft_days())
    for site_request in own_requests:
        site_request.continue_url = continue_url(site_request)
        site_request.is_stale = site_request.status == RequestStatus.DRAFT and site_request.updated_at < stale_before
        site_request.status_text = _("Not finished") if site_request.is_stale else site_request.get_status_display()
    return render(
        request,
        "forms_app/my_requests.html",
        {
            "own_requests": own_requests,
            "named_requests": requests_naming_user(user=request.user),
            "editable": RequestStatus.editable(),
            "withdrawable": RequestStatus.withdrawable(),
            "amendment": RequestStatus.amendment(),
            "form_page_url": form_page_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """ "Start a new request": go to step 1 of a request not stored yet (nothing is created here).

    The draft is created by the first answer saved (see ``step``). A member of staff whose
    account has no school is told whom to ask.
    """
    try:
        new_draft(user=request.user)
    except NoSchoolError as error:
        messages.error(request, str(error))
        return redirect("forms_app:my_requests")
    return redirect("forms_app:new")


@login_required
def detail(request, public_id):
    """The read-only view of a request, for its author and the people named on it."""
    site_request = get_object_or_404(request_visible_to(user=request.user, public_id=public_id))
    is_author = site_request.author_id == request.user.pk
    return render(
        request,
        "forms_app/request_detail.html",
        {
            "site_request": site_request,
            "sections": answers_by_step(site_request, people_on(site_request), with_change_links=False),
            "is_author": is_author,
            "timeline": timeline_for(site_request, include_future=True),
            "attachments": list(site_request.attachments.all()) if is_author else [],
            "changes_decision": changes_requested_decision(site_request=site_request) if is_author else None,
            "runners": runner_statuses(site_request) if is_author else [],
            "can_continue": is_author and site_request.status in RequestStatus.editable(),
            "can_withdraw": is_author and site_request.status in RequestStatus.withdrawable(),
            "continue_url": continue_url(site_request),
            # The last approved record stands while an amendment is under way (issue 25).
            "has_record": site_request.status in (RequestStatus.APPROVED, *RequestStatus.amendment()),
            "can_abandon": is_author and may_abandon_amendment(site_request=site_request, user=request.user),
        },
    )


@login_required
@require_http_methods(["POST"])
def remind_runners(request, public_id):
    """POST: email every administrator and moderator who has not yet acknowledged the Social Media Policy.

    The author's button on the request page. Staff are sent a link to the policy (they
    acknowledge from their staff home); people without an account a single-use link.
    """
    site_request = own_request(request, public_id)
    reminded = send_acknowledgement_reminders(site_request=site_request, user=request.user)
    if reminded:
        messages.success(request, _("Reminder sent to %(names)s.") % {"names": ", ".join(reminded)})
    else:
        messages.info(request, _("Nobody needed a reminder: everyone who has an email address has read the policy."))
    return redirect(reverse("forms_app:detail", kwargs={"public_id": site_request.public_id}) + "#runners")


@login_required
@require_http_methods(["GET", "POST"])
def attachments(request, public_id):
    """The author's supporting documents: the list with Remove buttons, and a form to upload one more (POST)."""
    site_request = own_request(request, public_id)
    if site_request.status not in RequestStatus.editable():
        return not_editable(request, site_request)
    files = list(site_request.attachments.all())
    form = AttachmentForm(request.POST or None, request.FILES or None, existing=len(files))
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            add_attachment(
                site_request=site_request, user=request.user, uploaded=uploaded, content_type=form.content_type
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(name)s is attached.") % {"name": uploaded.name})
            return redirect("forms_app:attachments", public_id=site_request.public_id)
    return render(
        request,
        "forms_app/attachments.html",
        {
            "site_request": site_request,
            "attachments": files,
            "form": form,
            "can_add": len(files) < MAX_ATTACHMENTS,
            "max_attachments": MAX_ATTACHMENTS,
            "error_links": [{"anchor": "id_file", "message": m} for m in form.errors.get("file", [])],
            "check_url": continue_url(site_request),
        },
    )


@login_required
@require_http_methods(["POST"])
def remove_attachment_view(request, public_id, attachment_id):
    """Remove one of the author's files (POST from the Remove button)."""
    site_request = own_request(request, public_id)
    attachment = get_object_or_404(site_request.attachments, pk=attachment_id)
    try:
        remove_attachment(attachment=attachment, user=request.user)
    except PermissionDenied:
        return not_editable(request, site_request)
    messages.success(request, _("%(name)s is removed.") % {"name": attachment.original_name})
    return redirect("forms_app:attachments", public_id=site_request.public_id)


@login_required
def download_attachment(request, public_id, attachment_id):
    """Send one attached file, as a download, to someone who may read the request's files; 404 for anyone else."""
    attachment = attachment_for_reader(user=request.user, public_id=public_id, attachment_id=attachment_id)
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
