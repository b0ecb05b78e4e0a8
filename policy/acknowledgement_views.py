"""Front-end views: staff acknowledge a policy; someone without an account acknowledges through a link."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .acknowledgements import (
    AcknowledgementError,
    acknowledge_by_link,
    acknowledge_policy,
    external_link_for,
    has_opened_version_in_force,
)
from .models import PolicyPage


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def acknowledge(request, policy_id: int):
    """Record that the signed-in member of staff has read and understood the live policy ``policy_id``.

    POST only. Someone who has not opened the policy's version in force is sent to the
    policy with a message instead: the statement is given after reading. Redirects to
    ``next`` (a local address) or the policy, with a message saying
    what was recorded, or why nothing was (another school's policy, not published, hidden
    from them by page privacy: then 404).
    """
    policy = get_object_or_404(PolicyPage.objects.live().select_related("school"), pk=policy_id)
    if not all(restriction.accept_request(request) for restriction in policy.get_view_restrictions()):
        raise Http404("No such policy.")
    destination = _safe_next(request, policy.url or "/")
    applies = not policy.school_id or policy.school_id == request.user.school_id
    if applies and not has_opened_version_in_force(user=request.user, policy=policy):
        # Read before acknowledging: the statement is given on the policy's page, once opened.
        messages.error(request, _("Open and read the policy before you confirm you have read and understood it."))
        return redirect(policy.url or destination)
    try:
        acknowledgement = acknowledge_policy(user=request.user, policy=policy)
    except AcknowledgementError as exc:
        messages.error(request, str(exc))
        return redirect(destination)
    version = f" (version {acknowledgement.version})" if acknowledgement.version else ""
    messages.success(
        request,
        _("Thank you. You have acknowledged “%(title)s”%(version)s.") % {"title": policy.title, "version": version},
    )
    return redirect(destination)


class ExternalAcknowledgementForm(forms.Form):
    """The one statement a person without an account ticks to acknowledge a policy."""

    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the box to confirm you have read and understood the policy.")},
    )

    def __init__(self, *args, policy_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I have read and understood the %(title)s") % {"title": policy_title}


def _private(response):
    # The token is in the address: never leak it to other sites (same-origin still sends the
    # Origin header that CSRF protection checks on the form POST).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def external_acknowledgement(request, token: str):
    """Show, and on POST record, the acknowledgement a single-use link ``token`` was made for.

    GET shows the policy (summary and full text), who the link is for, and the "I have
    read and understood" statement. POST without the box ticked shows the form again with
    the error; with it ticked, records the acknowledgement once. An unknown link answers
    404; a used or expired one 410, each with a sentence saying what to do.
    """
    record = external_link_for(token)
    if record is None:
        return _private(
            TemplateResponse(
                request, "policy/external_acknowledgement_unavailable.html", {"reason": "unknown"}, status=404
            )
        )
    if record.is_used or record.is_expired():
        reason = "used" if record.is_used else "expired"
        context = {"reason": reason, "record": record}
        return _private(
            TemplateResponse(request, "policy/external_acknowledgement_unavailable.html", context, status=410)
        )
    policy = PolicyPage.objects.get(pk=record.policy_id)
    form = ExternalAcknowledgementForm(request.POST if request.method == "POST" else None, policy_title=policy.title)
    if request.method == "POST" and form.is_valid():
        try:
            record = acknowledge_by_link(token=token)
        except AcknowledgementError as exc:
            context = {"reason": "error", "message": str(exc)}
            return _private(
                TemplateResponse(request, "policy/external_acknowledgement_unavailable.html", context, status=410)
            )
        return _private(
            TemplateResponse(request, "policy/external_acknowledgement_done.html", {"record": record, "policy": policy})
        )
    context = {"record": record, "policy": policy, "form": form, "revision_page": record.revision.as_object()}
    return _private(TemplateResponse(request, "policy/external_acknowledgement.html", context))
