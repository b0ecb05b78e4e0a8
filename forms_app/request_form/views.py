"""Front-end views of the Appendix B request: the steps, "Check your answers", "My requests".

Every address carries the request's random ``public_id``; a request the signed-in user
did not write (or, for the read-only view, is not named on) answers 404. Writes go
through ``forms_app.request_form.services`` and ``forms_app.workflow.services``.
"""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..constants import RequestStatus
from ..models import SitePerson, SocialMediaRequestFormPage, SocialMediaSiteRequest
from ..rules import check_all, check_fields
from ..runners.selectors import runner_statuses
from ..runners.services import send_acknowledgement_reminders
from ..workflow.selectors import timeline_for
from ..workflow.services import RequestActionError, withdraw_request
from .attachments import MAX_ATTACHMENTS, AttachmentForm
from .forms import DeclarationForm
from .selectors import (
    attachment_for_reader,
    changes_requested_decision,
    next_reviewers,
    request_for_author,
    request_visible_to,
    requests_for_author,
    requests_naming_user,
    social_media_policy_page,
    stale_draft_days,
)
from .services import (
    NoSchoolError,
    add_attachment,
    declare_and_submit,
    delete_draft,
    new_draft,
    remove_attachment,
    save_draft,
)
from .steps import FIELD_STEP, STEP_BY_SLUG, STEPS, answers_by_step, field_anchor, form_error_links, step_url

PENDING_POST_KEY = "forms_app:pending_post"


def login_required_keeping_answers(view):
    """Like ``login_required`` (redirect to sign-in with ``next``), but when the session has
    expired before a step is posted, keep the posted answers in the new session so the
    step can save them once the author has signed in again (``django.contrib.auth.login``
    keeps an anonymous session's data when it signs someone in)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                request.session[PENDING_POST_KEY] = {"path": request.path, "data": dict(request.POST.lists())}
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return wrapper


def _form_page_url() -> str:
    page = SocialMediaRequestFormPage.objects.live().first()
    return page.url if page else reverse("forms_app:my_requests")


def _own_request(request, public_id) -> SocialMediaSiteRequest:
    return get_object_or_404(request_for_author(user=request.user, public_id=public_id))


def _people(site_request) -> list[SitePerson]:
    return list(site_request.site_people.select_related("user__school").order_by("role", "sort_order", "pk"))


def _not_editable(request, site_request):
    messages.info(
        request, _("Request %(ref)s has been submitted, so it can no longer be changed.") % {"ref": site_request}
    )
    return redirect("forms_app:detail", public_id=site_request.public_id)


@login_required
def my_requests(request):
    """ "My requests": the user's own requests, and the submitted ones naming them (read-only)."""
    own_requests = list(requests_for_author(user=request.user))
    stale_before = timezone.now() - datetime.timedelta(days=stale_draft_days())
    for site_request in own_requests:
        site_request.continue_url = _continue_url(site_request)
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
            "form_page_url": _form_page_url(),
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


@sensitive_post_parameters()
@login_required_keeping_answers
@require_http_methods(["GET", "POST"])
def new(request):
    """Step 1 of a new request. The draft is stored only when a POST brings at least one answer."""
    try:
        site_request = new_draft(user=request.user)
    except NoSchoolError as error:
        messages.error(request, str(error))
        return redirect("forms_app:my_requests")
    return _step(request, site_request, STEPS[0])


@sensitive_post_parameters()
@login_required_keeping_answers
@require_http_methods(["GET", "POST"])
def step(request, public_id, slug):
    """One step of the form. GET shows it; POST saves the answers as the draft and then goes
    on (``action=continue``, only when the step's rules hold), back (``action=back``) or to
    "My requests" (``action=save``). A later step than the next unanswered one redirects there.

    An answer refused by its own check (too long, a NUL character, a choice not offered)
    is never saved and never dropped without a word: the step is shown again with what was
    typed and an error summary naming it, whatever button was pressed.
    """
    site_request = _own_request(request, public_id)
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        raise Http404
    if site_request.status not in RequestStatus.editable():
        return _not_editable(request, site_request)
    furthest = STEPS[min(site_request.last_completed_step, len(STEPS) - 1)]
    if current.number > furthest.number:
        messages.error(
            request,
            _("Answer the questions in order: step %(n)s, %(title)s, comes next.")
            % {"n": furthest.number, "title": furthest.title},
        )
        return redirect(step_url(site_request, furthest))
    return _step(request, site_request, current)


def _has_answers(site_request, step) -> bool:
    """Whether ``site_request`` (unsaved) holds any answer to ``step`` beyond the preset school."""
    for name in step.fields:
        if name in ("school", "administrators", "moderators"):
            continue
        if getattr(site_request, SocialMediaSiteRequest._meta.get_field(name).attname) not in (None, "", [], False):
            return True
    return False


def _not_saved_text(labels, *, saved: bool) -> str:
    """The error summary's first line when answers were refused: which ones were not saved."""
    if not labels:
        return ""
    names = "; ".join(f"“{label}”" for label in labels)
    if saved:
        return _("Your other answers are saved, but these were not: %(names)s.") % {"names": names}
    return _("These answers were not saved: %(names)s.") % {"names": names}


def _step(request, site_request, current):
    data, action = None, None
    pending = request.session.get(PENDING_POST_KEY)
    if request.method == "POST":
        data, action = request.POST, request.POST.get("action")
        if action not in ("back", "save") and not (action or "").startswith("add-"):
            action = "continue"
    elif pending and pending.get("path") == request.path:
        del request.session[PENDING_POST_KEY]
        data, action = pending["data"], "restore"
        restored = QueryDict(mutable=True)
        for key, values in data.items():
            restored.setlist(key, values)
        data = restored

    is_new = site_request.pk is None
    extra = {"add": request.GET.get("add", "")} if current.slug == "administration" and data is None else {}
    form = current.form_class(data, instance=site_request, user=request.user, **extra)
    not_saved, saved = [], False
    if data is not None:
        form.is_valid()
        answers = form.save_valid_answers()
        people = form.people()
        field_errors = form.has_own_errors()
        not_saved = form.refused_labels()
        for name, messages_for_field in check_fields(answers, people or [], current.fields).items():
            if name not in form.errors:
                for message in messages_for_field:
                    form.add_error(name, message)
        if is_new and not _has_answers(answers, current) and not people:
            # Nothing to keep yet: no draft is created, so abandoned starts leave nothing behind.
            if action == "back" and not field_errors:
                return HttpResponseRedirect(_form_page_url())
            if action == "save" and not field_errors:
                messages.info(request, _("Nothing was saved: you have not answered any question yet."))
                return redirect("forms_app:my_requests")
        elif action == "back" and field_errors:
            messages.error(request, _("Correct the answers marked below before going back, so that nothing is lost."))
        else:
            if action == "continue" and not (form.errors or field_errors):
                answers.last_completed_step = max(answers.last_completed_step, current.number)
            save_draft(site_request=answers, people=people)
            saved = True
            if action.startswith("add-") and not field_errors:
                # "Add another": saved, then the step again with one more row, focused on it.
                wanted = action.removeprefix("add-")
                anchor = "others-heading" if wanted == "others" else f"div_id_{wanted}"
                return HttpResponseRedirect(f"{step_url(site_request, current)}?add={wanted}#{anchor}")
            if action == "back":
                previous = STEPS[current.number - 2] if current.number > 1 else None
                return redirect(step_url(site_request, previous) if previous else _form_page_url())
            if action == "save" and not field_errors:
                messages.success(
                    request, _("Your draft %(ref)s is saved. Continue it from here at any time.") % {"ref": answers}
                )
                return redirect("forms_app:my_requests")
            if action == "restore":
                messages.info(
                    request,
                    _(
                        "You were signed out before your answers were saved. They are saved now: check them and "
                        "press Continue."
                    ),
                )
            elif not (form.errors or field_errors) and not action.startswith("add-"):
                following = STEPS[current.number] if current.number < len(STEPS) else None
                if following:
                    return redirect(step_url(site_request, following))
                return redirect("forms_app:check", public_id=site_request.public_id)

    return render(
        request,
        "forms_app/step.html",
        {
            "site_request": site_request,
            "is_new": site_request.pk is None,
            "form_action": step_url(site_request, current) if site_request.pk else reverse("forms_app:new"),
            "step": current,
            "total_steps": len(STEPS),
            "form": form,
            "error_intro": _not_saved_text(not_saved, saved=saved),
            "changes_decision": changes_requested_decision(site_request=site_request) if site_request.pk else None,
            "error_links": (form_error_links(form) + form.extra_error_links()) if form.is_bound else [],
            "previous_url": step_url(site_request, STEPS[current.number - 2]) if current.number > 1 else "",
        },
    )


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
    and its version at that moment are stored with the request.
    """
    site_request = _own_request(request, public_id)
    if site_request.status not in RequestStatus.editable():
        return _not_editable(request, site_request)
    if site_request.last_completed_step < len(STEPS):
        following = STEPS[site_request.last_completed_step]
        messages.error(request, _("Answer all the questions first: step %(n)s comes next.") % {"n": following.number})
        return redirect(step_url(site_request, following))

    people = _people(site_request)
    rule_errors = _rule_error_links(site_request, check_all(site_request, people))
    policy = social_media_policy_page(school=site_request.school)
    form = DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not rule_errors:
        try:
            submitted = declare_and_submit(site_request=site_request, user=request.user, policy=policy)
        except RequestActionError as error:
            messages.error(request, str(error))
            return redirect("forms_app:detail", public_id=site_request.public_id)
        except PermissionDenied:
            raise Http404 from None
        return redirect("forms_app:submitted", public_id=submitted.public_id)

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
def detail(request, public_id):
    """The read-only view of a request, for its author and the people named on it."""
    site_request = get_object_or_404(request_visible_to(user=request.user, public_id=public_id))
    is_author = site_request.author_id == request.user.pk
    return render(
        request,
        "forms_app/request_detail.html",
        {
            "site_request": site_request,
            "sections": answers_by_step(site_request, _people(site_request), with_change_links=False),
            "is_author": is_author,
            "timeline": timeline_for(site_request, include_future=True),
            "attachments": list(site_request.attachments.all()) if is_author else [],
            "changes_decision": changes_requested_decision(site_request=site_request) if is_author else None,
            "runners": runner_statuses(site_request) if is_author else [],
            "can_continue": is_author and site_request.status in RequestStatus.editable(),
            "can_withdraw": is_author and site_request.status in RequestStatus.withdrawable(),
            "continue_url": _continue_url(site_request),
        },
    )


@login_required
@require_http_methods(["POST"])
def remind_runners(request, public_id):
    """POST: email every administrator and moderator who has not yet acknowledged the Social Media Policy.

    The author's button on the request page. Staff are sent a link to the policy (they
    acknowledge from their staff home); people without an account a single-use link.
    """
    site_request = _own_request(request, public_id)
    reminded = send_acknowledgement_reminders(site_request=site_request, user=request.user)
    if reminded:
        messages.success(request, _("Reminder sent to %(names)s.") % {"names": ", ".join(reminded)})
    else:
        messages.info(request, _("Nobody needed a reminder: everyone who has an email address has read the policy."))
    return redirect(reverse("forms_app:detail", kwargs={"public_id": site_request.public_id}) + "#runners")


def _continue_url(site_request) -> str:
    if site_request.last_completed_step >= len(STEPS):
        return reverse("forms_app:check", kwargs={"public_id": site_request.public_id})
    return step_url(site_request, STEPS[site_request.last_completed_step])


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, public_id):
    """Ask to confirm (GET), then delete the author's own draft (POST). Only drafts: a submitted
    request keeps its history and is withdrawn instead."""
    site_request = _own_request(request, public_id)
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
    site_request = _own_request(request, public_id)
    if site_request.status not in RequestStatus.pending():
        return redirect("forms_app:detail", public_id=site_request.public_id)
    return render(
        request,
        "forms_app/submitted.html",
        {"site_request": site_request, "reviewers": list(next_reviewers(site_request=site_request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, public_id):
    """Ask to confirm (GET), then withdraw the author's draft or pending request (POST)."""
    site_request = _own_request(request, public_id)
    if request.method == "POST":
        try:
            withdraw_request(site_request=site_request, user=request.user)
        except RequestActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Request %(ref)s is withdrawn.") % {"ref": site_request})
        return redirect("forms_app:my_requests")
    if site_request.status not in RequestStatus.withdrawable():
        messages.error(request, _("This request can no longer be withdrawn."))
        return redirect("forms_app:detail", public_id=site_request.public_id)
    return render(request, "forms_app/withdraw.html", {"site_request": site_request})


@login_required
@require_http_methods(["GET", "POST"])
def attachments(request, public_id):
    """The author's supporting documents: the list with Remove buttons, and a form to upload one more (POST)."""
    site_request = _own_request(request, public_id)
    if site_request.status not in RequestStatus.editable():
        return _not_editable(request, site_request)
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
            "check_url": _continue_url(site_request),
        },
    )


@login_required
@require_http_methods(["POST"])
def remove_attachment_view(request, public_id, attachment_id):
    """Remove one of the author's files (POST from the Remove button)."""
    site_request = _own_request(request, public_id)
    attachment = get_object_or_404(site_request.attachments, pk=attachment_id)
    try:
        remove_attachment(attachment=attachment, user=request.user)
    except PermissionDenied:
        return _not_editable(request, site_request)
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
