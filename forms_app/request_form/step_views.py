"""The steps of the request form: a new request's first step, each later step, and keeping answers
posted after the session expired.

Separate from "Check your answers" and submission (``submit_views.py``) and from the other
views (``views.py``) because saving a step, with its refused answers and its "Add another"
rows, is the longest of the form's flows.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..constants import RequestStatus
from ..models import SocialMediaSiteRequest
from ..rules import check_fields
from .selectors import changes_requested_decision
from .services import NoSchoolError, new_draft, save_draft
from .steps import STEP_BY_SLUG, STEPS, form_error_links, step_url
from .view_helpers import form_page_url, not_editable, own_request

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
    site_request = own_request(request, public_id)
    if site_request.status not in RequestStatus.editable():
        return not_editable(request, site_request)
    if site_request.is_built_form:
        from ..built_forms import views as built_views

        return built_views.step(request, site_request, slug)
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        raise Http404
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
                return HttpResponseRedirect(form_page_url())
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
                return redirect(step_url(site_request, previous) if previous else form_page_url())
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
