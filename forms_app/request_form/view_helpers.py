"""What the request form's views share: finding the author's own request, where to continue it, and
the answer for a request that can no longer be changed.

Separate so that the step views, the submission views and the other views (``step_views.py``,
``submit_views.py``, ``views.py``) use one definition of each without importing each other.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import SitePerson, SocialMediaRequestFormPage, SocialMediaSiteRequest
from ..workflow.services import RequestActionError
from .selectors import request_for_author
from .steps import STEPS, step_url


def form_page_url() -> str:
    """The address of the live request form page (its introduction); "My requests" when there is none."""
    page = SocialMediaRequestFormPage.objects.live().first()
    return page.url if page else reverse("forms_app:my_requests")


def own_request(request, public_id) -> SocialMediaSiteRequest:
    """The request ``public_id`` written by ``request.user``; raises ``Http404`` for anyone else's."""
    return get_object_or_404(request_for_author(user=request.user, public_id=public_id))


def people_on(site_request) -> list[SitePerson]:
    """The administrators and moderators named on ``site_request``, with their schools, in the form's order."""
    return list(site_request.site_people.select_related("user__school").order_by("role", "sort_order", "pk"))


def not_editable(request, site_request):
    """Tell the author ``site_request`` can no longer be changed; return the redirect to its read-only page."""
    messages.info(
        request, _("Request %(ref)s has been submitted, so it can no longer be changed.") % {"ref": site_request}
    )
    return redirect("forms_app:detail", public_id=site_request.public_id)


def continue_url(site_request) -> str:
    """Where the author carries on with ``site_request``: the next unanswered step, or "Check your answers"."""
    if site_request.is_built_form:
        from ..built_forms.steps import built_continue_url

        return built_continue_url(site_request)
    if site_request.last_completed_step >= len(STEPS):
        return reverse("forms_app:check", kwargs={"public_id": site_request.public_id})
    return step_url(site_request, STEPS[site_request.last_completed_step])


def submit_and_confirm(request, site_request, submit: Callable[[], SocialMediaSiteRequest]) -> HttpResponseRedirect:
    """Run ``submit`` (a service call returning the submitted request) and go to its confirmation page.

    Shared by Appendix B's and the built forms' Check your answers. A ``RequestActionError``
    (submitted meanwhile in another tab, no approver, a chain switched off) goes back to the
    request's page with its message; ``PermissionDenied`` (not the author) is a 404.
    """
    try:
        submitted = submit()
    except RequestActionError as error:
        messages.error(request, str(error))
        return redirect("forms_app:detail", public_id=site_request.public_id)
    except PermissionDenied:
        raise Http404 from None
    return redirect("forms_app:submitted", public_id=submitted.public_id)
