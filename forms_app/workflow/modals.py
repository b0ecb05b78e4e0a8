"""Wagtail's workflow modals for a request, which decide nothing and tell only those who may see it.

The request snippet's viewset (``forms_app.workflow.admin``) uses these in place of Wagtail's:
the workflow action and "collect the action's data" send the approver to the review page
(issue 25), and none of the three names or describes a request to someone who may not
read it (issue 29).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import TaskState
from wagtail.snippets.views.snippets import (
    CollectWorkflowActionDataView,
    ConfirmWorkflowCancellationView,
    WorkflowActionView,
)

from ..models import REVIEW_PAGE_ONLY, SocialMediaSiteRequest
from .selectors import user_may_view_for_review

__all__ = [
    "RequestCollectWorkflowActionDataView",
    "RequestConfirmWorkflowCancellationView",
    "RequestWorkflowActionView",
    "ReviewPageOnlyMixin",
]


class ReviewPageOnlyMixin:
    """Wagtail's workflow modals for a request (its action, and its "collect the action's data"): no decision,
    only the way to the review page.

    Issue 25: the modals show none of the answers and post no digest of them, so a decision
    taken there would be of answers the approver never saw. Wagtail's own checks run first
    (someone who may not decide the step gets 403, as before); then the approver is sent to
    the request's review page with a message saying why (the modal follows the redirect),
    and nothing changes. ``SocialMediaApprovalTask.on_action`` refuses too, for any other
    Wagtail door. A step decided meanwhile is answered with a message that names no request:
    Wagtail's own ("… 'BC-2026-0001' is not currently awaiting moderation") would give any
    admin user the reference of another school's request (issue 29).
    """

    def get_redirect_url(self):
        # The review page, which every approver of the school may read and where they decide.
        return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[self.object.pk])

    def _to_review_page(self, request, message):
        messages.error(request, message)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(request, {"step": "success", "redirect": self.redirect_url})
        return redirect(self.redirect_url)

    def dispatch(self, request, *args, **kwargs):
        current = self.object.current_workflow_task_state
        if current is None or current.pk != self.task_state.pk or current.status != TaskState.STATUS_IN_PROGRESS:
            # The step shown was decided meanwhile (two tabs, two approvers, a second click):
            # say so plainly instead of Wagtail's "you do not have permission".
            return self._to_review_page(
                request, _("This request is no longer awaiting this decision: someone has already acted on it.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self._to_review_page(request, REVIEW_PAGE_ONLY)

    def post(self, request, *args, **kwargs):
        return self._to_review_page(request, REVIEW_PAGE_ONLY)


class RequestWorkflowActionView(ReviewPageOnlyMixin, WorkflowActionView):
    """Wagtail's workflow action (its modal, or a direct GET or POST) for a request: see ``ReviewPageOnlyMixin``."""


class RequestCollectWorkflowActionDataView(ReviewPageOnlyMixin, CollectWorkflowActionDataView):
    """Wagtail's modal that collects an action's data for the edit view: see ``ReviewPageOnlyMixin``.

    The edit view of a request is its review page, which never asks for it; the URL stays
    Wagtail's, so it is answered as the workflow action is.
    """


class RequestConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail's "publishing will cancel the workflow" modal, for those who may see the request only.

    Wagtail's view checks no permission: it would tell anyone in the admin which step and
    which approval chain another school's request is at. Whoever may not read the request
    (``user_may_view_for_review``: approvers of another school, staff) gets 404, as on the
    review page (issue 29).
    """

    def dispatch(self, request, *args, **kwargs):
        if not user_may_view_for_review(site_request=self.object, user=request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)
