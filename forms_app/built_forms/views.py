"""The author's side of an approval form built in the admin: starting one, its steps, and "Check your answers".

The request's other pages (submitted, its own page, withdraw, amend, delete) are
``forms_app.request_form``'s, which branch on ``SocialMediaSiteRequest.is_built_form``;
``request_form.step_views.step`` and ``submit_views.check_answers`` hand a built form's
request to ``step`` and ``check_answers`` here. Answers are saved at every step into
``answers`` (merged), files as the request's ``RequestAttachment`` rows through the same
services and rules as Appendix B's supporting documents.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..models import ApprovalFormPage, SocialMediaSiteRequest
from ..request_form.selectors import changes_requested_decision
from ..request_form.services import NoSchoolError, add_attachment, new_draft, remove_attachment, save_draft
from ..request_form.step_views import login_required_keeping_answers
from ..request_form.view_helpers import submit_and_confirm
from ..workflow.separation import steps_nobody_can_decide
from ..workflow.services import submit_request
from .forms import BuiltStepForm
from .steps import built_answers_by_step, built_step_url, built_steps

__all__ = ["start", "step", "check_answers", "chain_summary"]


@sensitive_post_parameters()
@login_required_keeping_answers
@require_http_methods(["GET", "POST"])
def start(request, page_id: int):
    """Step 1 of a new request on the live approval form ``page_id``; 404 for a form not live or never published.

    Nothing is stored until a POST brings an answer: then the draft (its form version the
    form's current one, the author's school) is created, as Appendix B's first step does.
    """
    page = get_object_or_404(ApprovalFormPage.objects.live(), pk=page_id)
    version = page.current_version()
    if version is None:
        raise Http404
    try:
        site_request = new_draft(user=request.user)
    except NoSchoolError as error:
        messages.error(request, str(error))
        return redirect("forms_app:my_requests")
    site_request.form_version = version
    return _step(request, site_request, 1, form_page=page)


def step(request, site_request: SocialMediaSiteRequest, slug: str):
    """Step ``slug`` (its number, from 1) of the author's editable built-form request ``site_request``.

    Called by ``request_form.step_views.step`` once it has found the author's own request
    and checked it may be changed. A step after the first one not completed redirects
    there with a message (``last_completed_step``), so no step is skipped.
    """
    steps = built_steps(site_request)
    if not slug.isdigit() or not 1 <= int(slug) <= len(steps):
        raise Http404
    number = int(slug)
    furthest = min(site_request.last_completed_step + 1, len(steps))
    if number > furthest:
        messages.error(
            request,
            _("Answer the questions in order: step %(n)s, %(title)s, comes next.")
            % {"n": furthest, "title": steps[furthest - 1].title},
        )
        return redirect(built_step_url(site_request, furthest))
    return _step(request, site_request, number, form_page=None)


def _form_page_url(site_request, form_page) -> str:
    page = form_page or (site_request.form_version.form if site_request.form_version.form_id else None)
    return page.url if page and page.live else reverse("forms_app:my_requests")


def _step(request, site_request, number: int, *, form_page):
    steps = built_steps(site_request)
    data = files = action = None
    if request.method == "POST":
        data, files, action = request.POST, request.FILES, request.POST.get("action")
        if action not in ("back", "save"):
            action = "continue"
    form = BuiltStepForm(data, files, site_request=site_request, step=number - 1)
    if form.is_bound:
        form.is_valid()
        answers = form.answers()
        is_new = site_request.pk is None
        if is_new and not any(answers.values()) and not form.uploads:
            if not form.has_own_errors() and action == "back":
                return HttpResponseRedirect(_form_page_url(site_request, form_page))
            if not form.has_own_errors() and action == "save":
                messages.info(request, _("Nothing was saved: you have not answered any question yet."))
                return redirect("forms_app:my_requests")
        else:
            _save(request, site_request, form, answers, completed=number if action == "continue" else 0)
            # Going back or saving for later keeps what was answered; only a refused answer stops them.
            if action == "back" and not form.has_own_errors():
                previous = built_step_url(site_request, number - 1) if number > 1 else None
                return redirect(previous or _form_page_url(site_request, form_page))
            if action == "save" and not form.has_own_errors():
                messages.success(
                    request,
                    _("Your draft %(ref)s is saved. Continue it from here at any time.") % {"ref": site_request},
                )
                return redirect("forms_app:my_requests")
            if action == "continue" and not form.errors:
                if number < len(steps):
                    return redirect(built_step_url(site_request, number + 1))
                return redirect("forms_app:check", public_id=site_request.public_id)
    saved = site_request.pk is not None
    error_links = form.error_links() if form.is_bound else []
    refused = form.refused_labels() if form.is_bound else []
    return render(
        request,
        "forms_app/step.html",
        {
            "site_request": site_request,
            "is_new": not saved,
            "form_title": site_request.form_version.title,
            "form_action": built_step_url(site_request, number)
            if saved
            else reverse("forms_app:built_start", args=[form_page.pk]),
            "step": steps[number - 1],
            "total_steps": len(steps),
            "form": form,
            "error_links": error_links,
            "error_intro": (
                _("These answers were not saved: %(names)s.") % {"names": "; ".join(f"“{n}”" for n in refused)}
            )
            if refused
            else "",
            "changes_decision": changes_requested_decision(site_request=site_request) if saved else None,
        },
    )


def _save(request, site_request, form: BuiltStepForm, answers: dict, *, completed: int) -> None:
    """Merge ``answers`` into the draft and store it (creating it on its first answer), then its files.

    Removed documents go first, so a replacement fits under the limit; each new file is
    stored by ``add_attachment`` (its rules checked again under a lock) and added to its
    question's answer. ``completed`` (the step number on Continue without errors) moves
    ``last_completed_step`` on.
    """
    merged = dict(site_request.answers or {})
    for name, value in answers.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    site_request.answers = merged
    if completed and not form.errors:
        site_request.last_completed_step = max(site_request.last_completed_step, completed)
    save_draft(site_request=site_request, people=None)
    if not (form.uploads or form.removed_documents()):
        return
    for document in form.removed_documents():
        try:
            remove_attachment(attachment=document, user=request.user)
        except PermissionDenied:
            form.add_error(None, _("%(name)s was approved with the request, so it stays.") % {"name": document})
    for question_id, (uploaded, content_type) in form.uploads.items():
        try:
            document = add_attachment(
                site_request=site_request, user=request.user, uploaded=uploaded, content_type=content_type
            )
        except ValidationError as error:
            form.add_error(question_id, error)
            continue
        merged[question_id] = [*merged.get(question_id, []), document.pk]
    site_request.answers = merged
    save_draft(site_request=site_request, people=None)
    # Shown again (when another answer is wrong): the files each question holds now.
    documents = {document.pk: document for document in site_request.attachments.all()}
    for item in form.items:
        if item.kind == "file":
            item.documents = [documents[pk] for pk in merged.get(item.name, []) if pk in documents]


def chain_summary(site_request: SocialMediaSiteRequest) -> list[str]:
    """The approvers of ``site_request``'s chain, in order, as the author reads them ("the ICT Manager")."""
    from ..constants import ApprovalStep
    from ..models import chain_tasks

    workflow = site_request.form_version.get_workflow()
    names = {ApprovalStep.ICT_MANAGER: _("your school's ICT Manager"), ApprovalStep.HEADTEACHER: _("the Headteacher")}
    return [str(names.get(task.role, task.step_label)) for task in chain_tasks(workflow)] if workflow else []


@require_http_methods(["GET", "POST"])
def check_answers(request, site_request: SocialMediaSiteRequest):
    """ "Check your answers" of a built-form request, then Submit (POST).

    Called by ``request_form.submit_views.check_answers`` for the author's editable
    request. Every step must be completed; a required answer still missing, or an
    approval step nobody but the author could decide
    (``workflow.separation.steps_nobody_can_decide``), is listed and blocks Submit.
    Submitting starts the form version's chain (``workflow.services.submit_request``).
    """
    steps = built_steps(site_request)
    if site_request.last_completed_step < len(steps):
        following = site_request.last_completed_step + 1
        messages.error(request, _("Answer all the questions first: step %(n)s comes next.") % {"n": following})
        return redirect(built_step_url(site_request, following))
    sections = built_answers_by_step(site_request, with_change_links=True)
    error_links = [
        {"url": row["change_url"], "message": _("Answer “%(label)s”") % {"label": row["answer"].label}}
        for section in sections
        for row in section["answers"]
        if row["answer"].required and row["answer"].value is None
    ]
    error_links += [{"url": "", "message": m} for m in steps_nobody_can_decide(site_request, submitter=request.user)]
    if request.method == "POST" and not error_links:
        return submit_and_confirm(
            request, site_request, lambda: submit_request(site_request=site_request, user=request.user)
        )
    return render(
        request,
        "forms_app/check_answers.html",
        {
            "site_request": site_request,
            "sections": sections,
            "changes_decision": changes_requested_decision(site_request=site_request),
            "error_links": error_links,
            "chain": chain_summary(site_request),
            "previous_url": built_step_url(site_request, len(steps)),
        },
    )
