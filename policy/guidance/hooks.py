"""Admin hooks for parent e-safety guidance: flag guidance that is due a check.

Guidance about apps and age limits goes out of date. Each guidance page has a "Last
checked" date and a review interval; once the interval has passed the page is listed on
the dashboard of everyone who can edit it (a panel fetched once the dashboard has loaded)
and in the "Guidance due for a check" report (Reports menu). Both list only pages the
signed-in user may edit.
"""

import operator
from functools import reduce

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.admin_reports import RestrictedReportMixin, register_report
from home.dashboard import DeferredPanel, register_deferred_panel
from policy.guidance.selectors import stale_guidance
from policy.models import ParentGuidanceIndexPage, ParentGuidancePage

REPORT_URL_NAME = "policy_stale_guidance"
DASHBOARD_LIMIT = 5
# The page actions that make someone an editor of guidance.
GUIDANCE_ACTIONS = ("add", "change", "publish")


def can_edit_guidance(user) -> bool:
    """True if ``user`` may add, edit or publish pages in a parent guidance section (or is a superuser).

    Takes a user; returns a bool. Reads the user's page permissions from Wagtail's cache
    of them (filled once a request, by the admin menu too), then asks the database one
    question: is a guidance section or page at or below a page they may add to, edit or
    publish on? Permissions propagate down the page tree, as Wagtail's do. The answer is
    kept on the user object: the dashboard and the Reports menu (built twice a page) ask it.
    """
    cached = getattr(user, "_can_edit_guidance", None)
    if cached is None:
        cached = user._can_edit_guidance = _edits_guidance(user)
    return cached


def _edits_guidance(user) -> bool:
    policy = PagePermissionPolicy()
    if not user.is_active or user.is_superuser:
        return user.is_active
    codenames = {f"{action}_page" for action in GUIDANCE_ACTIONS}
    roots = {
        perm.page.path for perm in policy.get_cached_permissions_for_user(user) if perm.permission.codename in codenames
    }
    if not roots:
        return False
    # One condition per page rather than Wagtail's union of one query per permission,
    # which costs milliseconds to build for a Headteacher's or the CEO's many permissions.
    below_a_root = reduce(operator.or_, (Q(path__startswith=path) for path in roots))
    return Page.objects.type(ParentGuidanceIndexPage, ParentGuidancePage).filter(below_a_root).exists()


def stale_guidance_for(user) -> QuerySet[ParentGuidancePage]:
    """Return the stale guidance pages (as of today in Europe/London) that ``user`` may edit."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, {"change", "publish"})
    return stale_guidance(today=timezone.localdate()).filter(pk__in=editable.values("pk"))


class StaleGuidancePanel(Component):
    """Dashboard panel: how many guidance pages are due a check, the most overdue first."""

    name = "stale_guidance"
    template_name = "policy/admin/stale_guidance_panel.html"
    order = 90  # above Wagtail's own panels: it asks the reader to act

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        """Add ``stale_pages`` (up to ``DASHBOARD_LIMIT``), ``stale_count`` and ``report_url``."""
        context = super().get_context_data(parent_context)
        stale = stale_guidance_for(self.user)
        context["stale_pages"] = list(stale[:DASHBOARD_LIMIT])
        context["stale_count"] = stale.count()
        context["report_url"] = reverse(REPORT_URL_NAME)
        return context


class StaleGuidanceReportView(RestrictedReportMixin, PageReportView):
    """Report of live guidance pages due a check, for the communications team; exportable."""

    page_title = _("Guidance due for a check")
    header_icon = "time"
    index_url_name = REPORT_URL_NAME
    may_view = staticmethod(can_edit_guidance)  # people who can add, edit or publish guidance
    results_template_name = "policy/admin/stale_guidance_report_results.html"
    model = ParentGuidancePage
    list_export = ["title", "get_topic_display", "last_checked", "review_due"]
    export_headings = {
        "title": _("Title"),
        "get_topic_display": _("Topic"),
        "last_checked": _("Last checked"),
        "review_due": _("Check due"),
    }

    def get_filename(self):
        """Name of the CSV/Excel download (without extension)."""
        return "guidance-due-for-a-check"

    def get_queryset(self):
        """Stale live guidance the signed-in user may edit, most overdue first."""
        self.queryset = stale_guidance_for(self.request.user)
        return super().get_queryset()


def stale_guidance_panel(request) -> DeferredPanel | None:
    """The "Parent guidance due for a check" panel, for people who edit guidance; fetched after the dashboard.

    Takes the request; returns the deferred panel, or None when the user cannot edit
    guidance (``can_edit_guidance``). Its body reads the guidance due a check and counts it:
    two queries and a table on every visit, for a reminder that is due weeks ahead, so it
    comes after the panels that ask for a decision. Without JavaScript its link opens the
    "Guidance due for a check" report.
    """
    if not can_edit_guidance(request.user):
        return None
    return DeferredPanel(
        StaleGuidancePanel(request.user),
        heading=_("Parent guidance due for a check"),
        listing_url=reverse(REPORT_URL_NAME),
        link_text=_("See the guidance due for a check"),
    )


register_deferred_panel(StaleGuidancePanel.name, stale_guidance_panel)

# At /admin/reports/stale-guidance/, listed under Reports after Wagtail's "Aging pages".
register_report(StaleGuidanceReportView, route="reports/stale-guidance/", menu_name="stale-guidance", menu_order=1150)
