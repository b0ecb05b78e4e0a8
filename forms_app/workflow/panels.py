"""The approvers' dashboard panel "Awaiting your review" for social media site requests.

Every approver opens the dashboard many times between two decisions, and the panel (which
task states the person may decide, their requests, ten table rows) was about a third of
an ICT Manager's dashboard. Its HTML is therefore kept in the shared cache, per person,
language and day (covers start and end with the day), and used only while nothing it
shows has changed: a change to a task or workflow state, a request, a task, a cover, a
decision or a platform replaces the ``REVIEWS`` generation (declared in ``install``,
through ``core.caching.registry``, after commit), a change to anybody's access (roles,
names, schools) the ``ACCESS`` one, and a change to the site (schools, trust settings) the
``SITE`` one. The panel holds links only: no form, so no CSRF token, and no relative time.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import TaskState

from core.caching.generations import ACCESS, cached_until_site_changes

from ..models import SocialMediaApprovalTask, SocialMediaSiteRequest
from ..models.tasks import hide_from_generic_moderation_panel
from .inbox import may_use_inbox
from .selectors import awaiting_review_panel

# Rows the dashboard shows; the rest are one click away in the approver inbox ("awaiting me").
PANEL_ROWS = 10
# The generation that any change to what the request panel shows replaces (see ``install``).
REVIEWS = "dashboard-reviews:generation"
# How long an unused panel is kept; a change ends it sooner.
PANEL_SECONDS = 60 * 60


class RequestsAwaitingReviewPanel(Component):
    """The requests whose current step the signed-in user may decide, each linked to its review page.

    Only requests of the user's own school, never their own, never the final step of a
    request whose ICT Manager step they approved. The oldest ``PANEL_ROWS`` only, then
    "and N more" linking to the approver inbox filtered to "awaiting me": a fixed number of
    queries and a bounded page however many requests are pending. When nothing waits, approvers
    read "Nothing is waiting for your review" and a link to all their school's requests.
    """

    name = "social_media_requests_awaiting_review"
    template_name = "forms_app/admin/awaiting_review_panel.html"
    order = 210
    # Above every other panel while something waits: it asks the reader to act, and the
    # issue "No dead ends" found it fourth, below the fold.
    ORDER_WHEN_WAITING = 0

    def __init__(self, *, awaiting: tuple[list, int] | None = None, rendered: tuple[str, int] | None = None):
        """``awaiting``: ``awaiting_review_panel``'s answer when the caller already has it (saves its query).

        ``rendered``: the panel's HTML and how many requests wait, as ``cached_panel``
        keeps them; the panel then shows that HTML as it is.
        """
        self.awaiting = awaiting
        self.rendered = rendered
        waiting = (awaiting or rendered or (None, 0))[1]
        if waiting:
            self.order = self.ORDER_WHEN_WAITING

    def render_html(self, parent_context=None) -> SafeString:
        if self.rendered is not None:
            return mark_safe(self.rendered[0])  # noqa: S308 - this panel's own HTML, rendered by its template
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["requests"], total = self.awaiting or awaiting_review_panel(user=user, limit=PANEL_ROWS)
        context["more"] = total - len(context["requests"])
        context["review_url_name"] = SocialMediaSiteRequest.snippet_viewset.get_url_name("review")
        # Approvers always see the panel: "Nothing is waiting" is news too, and the way to the listing.
        context["has_inbox"] = may_use_inbox(user)
        context["inbox_url"] = reverse("request_inbox:index")
        context["awaiting_me_url"] = f"{context['inbox_url']}?show=awaiting_me"
        return context


class OtherObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's own "Awaiting your review" panel, for everything except social media site requests.

    Wagtail's panel runs several queries per item; requests have their own panel above,
    so the approval task hides its task states while this one is built.

    Wagtail asks every active task, one by one, for the states the user may review (about
    ten queries, on every visit of every approver), although most of the time no page is
    in a workflow at all. One query first asks whether any task other than a request's
    step is in progress; when none is, the panel is empty (Wagtail's template then shows
    nothing) and the rest is skipped.
    """

    def get_context_data(self, parent_context):
        if not page_work_in_progress():
            return {"states": [], "request": parent_context["request"], "csrf_token": parent_context["csrf_token"]}
        token = hide_from_generic_moderation_panel.set(True)
        try:
            return super().get_context_data(parent_context)
        finally:
            hide_from_generic_moderation_panel.reset(token)


def page_work_in_progress() -> bool:
    """Return whether any active task other than a request's approval step has a state in progress.

    That is, whether Wagtail's "Awaiting your review" could list anything for anyone (a
    policy or other page, or a snippet, waiting for a decision). The same for every user,
    so kept in the shared cache until a task or workflow state changes (the ``REVIEWS``
    generation): the query reads every state in progress, which at trust scale means every
    request waiting for a decision, to find none.
    """
    return cached_until_site_changes(
        "dashboard-page-work-in-progress", _page_work_in_progress, timeout=PANEL_SECONDS, also=(REVIEWS,)
    )


def _page_work_in_progress() -> bool:
    request_tasks = ContentType.objects.get_for_model(SocialMediaApprovalTask)  # cached by Django per process
    return (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__active=True)
        .exclude(task__content_type=request_tasks)
        .exists()
    )


def cached_panel(request) -> RequestsAwaitingReviewPanel:
    """Return the request panel of ``request``'s user, rendered, from the shared cache when nothing it shows changed.

    Takes the dashboard's request; returns a ``RequestsAwaitingReviewPanel`` holding its
    HTML and how many requests wait. Kept under the user, the language, today's date
    (Europe/London) and the ``ACCESS`` and ``REVIEWS`` generations, for as long as the
    ``SITE`` one lasts. Without a shared cache (``settings.SHARED_SITE_CACHE`` false) or
    when the cache cannot be read, the panel is built afresh.
    """

    def build() -> tuple[str, int]:
        panel = RequestsAwaitingReviewPanel(awaiting=awaiting_review_panel(user=request.user, limit=PANEL_ROWS))
        return str(panel.render_html({"request": request})), panel.awaiting[1]

    key = f"dashboard-requests:{request.user.pk}:{get_language()}:{timezone.localdate().isoformat()}"
    return RequestsAwaitingReviewPanel(
        rendered=cached_until_site_changes(key, build, timeout=PANEL_SECONDS, also=(ACCESS, REVIEWS))
    )


def install() -> None:
    """Declare what makes the request panels stale (``REVIEWS``); called once from ``FormsAppConfig.ready``.

    A task state or workflow state (a request submitted, decided, withdrawn, cancelled), a
    request (its school, reference, account name, platform), a task (made active or not),
    a cover, a decision and a platform's name, each saved or deleted.
    """
    from wagtail.models import Task, WorkflowState

    from core.caching import registry

    from ..models import ApprovalDecision, ApproverCover, Platform

    for model in (
        TaskState,
        WorkflowState,
        Task,
        SocialMediaApprovalTask,
        SocialMediaSiteRequest,
        ApproverCover,
        ApprovalDecision,
        Platform,
    ):
        registry.stale_on_change(model, generation=REVIEWS)


def replace_moderation_panel(request, panels: list) -> None:
    """``construct_homepage_panels`` hook: add the request panel, and keep Wagtail's panel for other content.

    The request panel comes first when something waits for the user (its rows are read,
    or its HTML taken from the cache, here once); otherwise it keeps its place below the others.
    """
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            # Rendered with the page, not deferred: its Approve and Request changes buttons are
            # started by Wagtail's script on page load, which a body fetched later misses.
            panels[index] = OtherObjectsToModeratePanel()
    panels.append(cached_panel(request))
