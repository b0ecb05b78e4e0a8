"""Admin hooks for parent e-safety guidance: flag guidance that is due a check.

Guidance about apps and age limits goes out of date. Each guidance page has a "Last
checked" date and a review interval; once the interval has passed the page is listed on
the dashboard of everyone who can edit it and in the "Guidance due for a check" report
(Reports menu). Both list only pages the signed-in user may edit.
"""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.admin_reports import RestrictedReportMixin, register_report
from policy.guidance.selectors import stale_guidance
from policy.models import ParentGuidanceIndexPage, ParentGuidancePage

REPORT_URL_NAME = "policy_stale_guidance"
DASHBOARD_LIMIT = 5


def can_edit_guidance(user) -> bool:
    """True if ``user`` may add, edit or publish pages in a parent guidance section (or is a superuser).

    The answer is kept on the user object, beside Wagtail's cache of their page permissions
    it comes from: the dashboard hook and the Reports menu (built twice a page) ask it once.
    """
    cached = getattr(user, "_can_edit_guidance", None)
    if cached is None:
        pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, {"add", "change", "publish"})
        cached = pages.type(ParentGuidanceIndexPage, ParentGuidancePage).exists()
        user._can_edit_guidance = cached
    return cached


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


@hooks.register("construct_homepage_panels")
def add_stale_guidance_panel(request, panels):
    """Put the "Parent guidance due for a check" panel on the dashboard of people who edit guidance."""
    if can_edit_guidance(request.user):
        panels.append(StaleGuidancePanel(request.user))


# At /admin/reports/stale-guidance/, listed under Reports after Wagtail's "Aging pages".
register_report(StaleGuidanceReportView, route="reports/stale-guidance/", menu_name="stale-guidance", menu_order=1150)
