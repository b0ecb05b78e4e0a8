"""The request and platform snippets in the Wagtail admin, under one "Social media" menu.

Approvers reach a request from the dashboard's panel or an email link; its review page
(``forms_app.workflow.views.ReviewRequestView``) is added to the request viewset's URLs.
"""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Platform, SocialMediaSiteRequest
from .cover import ApproverCoverViewSet
from .inbox import RequestChooserViewSet, RequestInboxViewSet
from .modals import (
    RequestCollectWorkflowActionDataView,
    RequestConfirmWorkflowCancellationView,
    RequestWorkflowActionView,
)
from .views import RefuseAdminWriteView, RequestDeleteView, RequestEditView, ReviewRequestView


def _view(view_class) -> property:
    """Return a viewset's view property that serves ``view_class``, given only the viewset.

    Wagtail's own view properties pass the arguments of its views; these views of ours
    take none but the viewset.
    """
    return property(lambda viewset: view_class.as_view(viewset=viewset))


class SocialMediaSiteRequestViewSet(SnippetViewSet):
    """Requests in the admin, where approvers review and moderate them.

    Approvers reach a request from the dashboard's "Awaiting your review" panel or an
    email link: its review page (URL name ``review``) shows it read-only with the forms
    for the current step. Nobody writes a request in the admin (issue 25): the edit view
    (and "revert") shows the review page, add and unpublish are refused (there is no copy) with the
    reason; requests are written by their authors in the staff area and change state only
    through ``forms_app.workflow.services``.
    """

    model = SocialMediaSiteRequest
    icon = "form"
    menu_label = gettext_lazy("Requests")
    list_display = ["reference", "school", "status", "updated_at"]
    list_filter = ["status", "school"]
    workflow_action_view_class = RequestWorkflowActionView
    collect_workflow_action_data_view_class = RequestCollectWorkflowActionDataView
    confirm_workflow_cancellation_view_class = RequestConfirmWorkflowCancellationView
    delete_view_class = RequestDeleteView
    chooser_viewset_class = RequestChooserViewSet
    copy_view_enabled = False

    review_view = _view(ReviewRequestView)
    edit_view = revisions_revert_view = _view(RequestEditView)
    add_view = unpublish_view = _view(RefuseAdminWriteView)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("review/<int:pk>/", self.review_view, name="review")]


class PlatformViewSet(SnippetViewSet):
    """Platforms and their minimum ages, edited by site administrators."""

    model = Platform
    icon = "globe"
    menu_label = gettext_lazy("Platforms")
    list_display = ["name", "minimum_age", "is_third_party"]


class SocialMediaViewSetGroup(SnippetViewSetGroup):
    items = (RequestInboxViewSet, SocialMediaSiteRequestViewSet, ApproverCoverViewSet, PlatformViewSet)
    menu_icon = "group"
    menu_label = gettext_lazy("Social media")
    menu_name = "social-media"
