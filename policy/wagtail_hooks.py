"""Admin integration for policies: reports, dashboard panel, the Policies listing, scope and workflow guards."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin_reports import register_report
from home.dashboard import DeferredPanel, register_deferred_panel
from home.leavers import LEAVER_HOLDINGS_HOOK
from home.models import STAFF_HOME_CONTEXT_HOOK

from . import approval_guard as _approval_guard  # noqa: F401  (no policy submitted to nobody; Heads submit too)
from . import workflow_guard as _workflow_guard  # noqa: F401  (no submission to a step nobody can approve)
from .acknowledgement_admin import (
    REPORT_URL_NAME,
    AcknowledgementPanel,
    PolicyAcknowledgementReportView,
    can_view_acknowledgements,
)
from .acknowledgements import policies_to_acknowledge
from .admin_views import PoliciesDueForReviewView, ReviewDuePanel, manages_policies
from .decisions import tell_the_decision
from .guidance import hooks as guidance_hooks  # noqa: F401  (parent guidance's panel and report)
from .leavers import policy_holdings

hooks.register(LEAVER_HOLDINGS_HOOK, policy_holdings)
hooks.register("after_edit_page", tell_the_decision)


@hooks.register(STAFF_HOME_CONTEXT_HOOK)
def add_policies_to_acknowledge(request, context: dict) -> None:
    """Give the staff home ``policies_to_acknowledge``: the live policies the person has still to acknowledge."""
    context["policies_to_acknowledge"] = policies_to_acknowledge(user=request.user)


@hooks.register("before_serve_page")
def record_opening_a_policy(page, request, serve_args, serve_kwargs):
    """Record that a signed-in member of staff opened a policy they may be asked to acknowledge."""
    from .acknowledgements import record_policy_view
    from .models import PolicyPage

    if isinstance(page, PolicyPage) and request.user.is_authenticated:
        record_policy_view(user=request.user, policy=page)


@hooks.register("register_admin_urls")
def register_policy_upload_urls():
    from .import_admin import PolicyImportPreviewView, PolicyUploadView

    return [
        path("policies/upload/", PolicyUploadView.as_view(), name="policy_upload"),
        path("policies/upload/<str:token>/", PolicyImportPreviewView.as_view(), name="policy_upload_preview"),
    ]


@hooks.register("register_admin_urls")
def register_policy_decision_urls():
    from .decisions import decision_done

    return [path("policies/decided/<int:task_state_id>/", decision_done, name="policy_decision_done")]


register_report(PoliciesDueForReviewView, route="reports/policy-reviews/", menu_name="policy-reviews", menu_order=1300)
register_report(
    PolicyAcknowledgementReportView,
    route="reports/policy-acknowledgements/",
    menu_name="policy-acknowledgements",
    menu_order=1310,
)


def review_due_panel(request) -> DeferredPanel | None:
    """Policies due for review, for the people who manage policies; fetched after the dashboard has loaded."""
    if not manages_policies(request.user):
        return None
    return DeferredPanel(
        ReviewDuePanel(),
        heading=_("Policies due for review"),
        listing_url=reverse("policy_reviews"),
        link_text=_("See the policies due for review"),
    )


register_deferred_panel(ReviewDuePanel.name, review_due_panel)


@hooks.register("register_log_actions")
def register_acknowledgement_log_action(actions):
    actions.register_action("policy.acknowledge", _("Acknowledge policy"), _("Read and acknowledged"))


@hooks.register("register_admin_viewset")
def register_policy_listing():
    from .listing import PolicyPageListingViewSet

    return PolicyPageListingViewSet()


# Defence in depth: every Wagtail page view already asks ``page.permissions_for_user``,
# which ``PolicyPage`` narrows to the policy's school. These hooks refuse the same actions
# again at each view's entry, so a view that forgot to ask still cannot touch another
# school's policy.
def _refuse_outside_scope(request, page, check: str) -> None:
    from django.core.exceptions import PermissionDenied

    from .models import PolicyPage

    specific = page.specific_deferred if not isinstance(page, PolicyPage) else page
    if isinstance(specific, PolicyPage) and not getattr(specific.permissions_for_user(request.user), check)():
        raise PermissionDenied


def _refusing_outside_scope(check: str):
    """Return a ``before_*_page`` hook refusing the action unless ``page.permissions_for_user`` allows ``check``."""

    def refuse(request, page, *destination):  # ``before_move_page`` also passes the destination
        _refuse_outside_scope(request, page, check)

    return refuse


for _hook_name, _check in (
    ("before_edit_page", "can_edit"),
    ("before_delete_page", "can_delete"),
    ("before_unpublish_page", "can_unpublish"),
    ("before_copy_page", "can_copy"),
    ("before_move_page", "can_move"),
):
    hooks.register(_hook_name, _refusing_outside_scope(_check))


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_another_schools_policies(request, action_type, objects, action_class_instance):
    if action_type != "page":
        return
    check = {"publish": "can_publish", "unpublish": "can_unpublish", "delete": "can_delete", "move": "can_move"}.get(
        getattr(action_class_instance, "action_type", ""), "can_edit"
    )
    for page in objects:
        _refuse_outside_scope(request, page, check)


def acknowledgement_panel(request) -> DeferredPanel | None:
    """Who has acknowledged each policy, for the people who may see it; fetched after the dashboard has loaded."""
    if not can_view_acknowledgements(request.user):
        return None
    return DeferredPanel(
        AcknowledgementPanel(request.user),
        heading=_("Policy acknowledgements"),
        listing_url=reverse(REPORT_URL_NAME),
        link_text=_("See who has acknowledged each policy"),
    )


register_deferred_panel(AcknowledgementPanel.name, acknowledgement_panel)
