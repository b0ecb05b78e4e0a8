"""Finishing a request: "Check your answers" and submit, the confirmation, withdrawing and deleting.

Separate from the steps (``step_views.py``) because these views act on a whole request
through the workflow's services rather than saving one step's answers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..constants import RequestStatus
from ..models import SocialMediaSiteRequest
from ..rules import check_all
from ..workflow.amendments import abandon_amendment, may_abandon_amendment
from ..workflow.separation import steps_nobody_can_decide
from ..workflow.services import RequestActionError, start_amendment, withdraw_request
from .forms import DeclarationForm
from .selectors import changes_requested_decision, next_reviewers, social_media_policy_page
from .services import declare_and_submit, delete_draft
from .steps import FIELD_STEP, STEPS, answers_by_step, field_anchor, step_url
from .view_helpers import not_editable, own_request, people_on, submit_and_confirm


def _rule_error_links(site_request, errors) -> list[dict]:
    links = []
    for error in errors:
        name = error.fields[0]
        target = FIELD_STEP.get(name)
        url = f"{step_url(site_request, target)}#{field_anchor(name)}" if target else ""
        links.append({"url": url, "message": error.message, "step": target})
    return links


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request, public_id):
    """ "Check your answers": every answer with a Change link, the declaration, and Submit.

    All the policy rules run again here; the request is submitted (``submit_request``)
    only when they all hold and the declaration is ticked. The Social Media Policy page
    and its version at that moment are stored with the request. A request on a form built
    in the admin has its own check (``forms_app.built_forms.views.check_answers``).
    """
    site_request = own_request(request, public_id)
    if site_request.status not in RequestStatus.editable():
        return not_editable(request, site_request)
    if site_request.is_built_form:
        from ..built_forms import views as built_views

        return built_views.check_answers(request, site_request)
    if site_request.last_completed_step < len(STEPS):
        following = STEPS[site_request.last_completed_step]
        messages.error(request, _("Answer all the questions first: step %(n)s comes next.") % {"n": following.number})
        return redirect(step_url(site_request, following))

    people = people_on(site_request)
    rule_errors = _rule_error_links(site_request, check_all(site_request, people))
    # Said before, not after: a step nobody could decide is shown with who to ask, and blocks Submit.
    rule_errors += [
        {"url": "", "message": message, "step": None}
        for message in steps_nobody_can_decide(site_request, submitter=request.user)
    ]
    policy = social_media_policy_page(school=site_request.school)
    form = DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not rule_errors:
        return submit_and_confirm(
            request,
            site_request,
            lambda: declare_and_submit(site_request=site_request, user=request.user, policy=policy),
        )

    error_links = [{"url": link["url"], "message": link["message"]} for link in rule_errors]
    if form.is_bound:
        error_links += [{"url": "#id_declaration", "message": m} for m in form.errors.get("declaration", [])]
    return render(
        request,
        "forms_app/check_answers.html",
        {
            "site_request": site_request,
            "sections": answers_by_step(site_request, people, with_change_links=True),
            "attachments": list(site_request.attachments.all()),
            "changes_decision": changes_requested_decision(site_request=site_request),
            "form": form,
            "error_links": error_links,
            "policy_page": policy,
            "previous_url": step_url(site_request, STEPS[-1]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, public_id):
    """Ask to confirm (GET), then delete the author's own draft (POST). Only drafts: a submitted
    request keeps its history and is withdrawn instead."""
    site_request = own_request(request, public_id)
    if site_request.status != RequestStatus.DRAFT:
        messages.error(request, _("Only a draft that was never submitted can be deleted. Withdraw it instead."))
        return redirect("forms_app:detail", public_id=site_request.public_id)
    if request.method == "POST":
        reference = str(site_request)
        delete_draft(site_request=site_request, user=request.user)
        messages.success(request, _("Draft %(ref)s is deleted.") % {"ref": reference})
        return redirect("forms_app:my_requests")
    return render(request, "forms_app/delete.html", {"site_request": site_request})


@login_required
def submitted(request, public_id):
    """The confirmation page after submitting: the reference, who reviews it next and what happens next."""
    site_request = own_request(request, public_id)
    if site_request.status not in RequestStatus.pending():
        return redirect("forms_app:detail", public_id=site_request.public_id)
    context = {"site_request": site_request, "reviewers": list(next_reviewers(site_request=site_request))}
    if site_request.is_built_form:
        from ..built_forms.views import chain_summary

        context["chain"] = chain_summary(site_request)
        context["awaiting_head"] = site_request.status in RequestStatus.awaiting_head()
    return render(request, "forms_app/submitted.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, public_id):
    """Ask to confirm (GET), then withdraw the author's draft or pending request (POST)."""
    site_request = own_request(request, public_id)
    if request.method == "POST":
        try:
            withdraw_request(site_request=site_request, user=request.user)
        except RequestActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Request %(ref)s is withdrawn.") % {"ref": site_request})
        return redirect("forms_app:my_requests")
    return _confirmation_page(
        request,
        site_request,
        "forms_app/withdraw.html",
        allowed=site_request.status in RequestStatus.withdrawable(),
        refusal=_("This request can no longer be withdrawn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, public_id):
    """Ask to confirm (GET), then open the author's approved request for an amendment (POST).

    Issue 25: the amendment is a new round of approval starting at the ICT Manager once the
    author submits it from "Check your answers"; the site stays in the register under its
    last approved record meanwhile. Redirects to "Check your answers", where each answer has
    its Change link.
    """
    site_request = own_request(request, public_id)
    if request.method == "POST":
        try:
            site_request = start_amendment(site_request=site_request, user=request.user)
        except RequestActionError as error:
            messages.error(request, str(error))
            return redirect("forms_app:detail", public_id=site_request.public_id)
        if site_request.is_built_form:
            message = _(
                "Change the answers of %(ref)s, then submit the amendment: it goes through the form's approvals "
                "again. The request stays approved as it was meanwhile."
            )
        else:
            message = _(
                "Change the answers of %(ref)s, then submit the amendment: it goes to the ICT Manager, then the "
                "Headteacher. The site stays in the register as approved meanwhile."
            )
        messages.info(request, message % {"ref": site_request})
        return redirect("forms_app:check", public_id=site_request.public_id)
    return _confirmation_page(
        request,
        site_request,
        "forms_app/amend.html",
        allowed=site_request.status == RequestStatus.APPROVED,
        refusal=_("Only an approved request can be amended."),
    )


def _confirmation_page(request, site_request, template_name: str, *, allowed: bool, refusal: str) -> HttpResponse:
    """Return the page asking the author to confirm an action on ``site_request`` (``template_name``).

    When the action is not ``allowed`` in the request's state, redirect to the request's
    page with ``refusal`` as an error message instead.
    """
    if not allowed:
        messages.error(request, refusal)
        return redirect("forms_app:detail", public_id=site_request.public_id)
    return render(request, template_name, {"site_request": site_request})


@login_required
@require_http_methods(["GET", "POST"])
def abandon(request, public_id):
    """Ask to confirm (GET), then abandon the amendment under way of a request (POST).

    For its author and the ICT Managers of its school (``may_abandon_amendment``); anyone
    else gets 404. Issue 25: the request goes back to "Approved" with its last approved
    answers, and the approvers whose step was waiting are emailed. The author returns to
    the request's page, an ICT Manager to its review page in the admin.
    """
    site_request = get_object_or_404(SocialMediaSiteRequest.objects.select_related("school"), public_id=public_id)
    is_author = site_request.author_id == request.user.pk
    if not is_author and not may_abandon_amendment(site_request=site_request, user=request.user):
        raise Http404
    if is_author:
        back_url = reverse("forms_app:detail", kwargs={"public_id": site_request.public_id})
    else:
        back_url = reverse(site_request.snippet_viewset.get_url_name("review"), args=[site_request.pk])
    if request.method == "POST":
        try:
            abandon_amendment(site_request=site_request, user=request.user)
        except RequestActionError as error:
            messages.error(request, str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("The amendment of %(ref)s is abandoned: the request is approved as it was last approved.")
                % {"ref": site_request},
            )
        return redirect(back_url)
    if not may_abandon_amendment(site_request=site_request, user=request.user):
        messages.error(request, _("There is no amendment of this request to abandon."))
        return redirect(back_url)
    return render(request, "forms_app/abandon_amendment.html", {"site_request": site_request, "back_url": back_url})
