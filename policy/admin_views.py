"""Admin views: the "Policies due for review" report and the dashboard panel that links to it."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from core.admin_reports import RestrictedReportMixin
from home import roles
from home.models import School

from .models import PolicyPage
from .selectors import REVIEW_WARNING_DAYS, policies_due_for_review


def manages_policies(user) -> bool:
    """Return whether ``user`` sees review reports: superusers, Policy editors and Headteachers.

    Reads the role lookup cached on the user object (``home.roles``), so the dashboard hook and
    the Reports menu ask it without a query each.
    """
    return user.is_active and (user.is_superuser or roles.has_role(user, roles.POLICY_EDITORS, roles.HEADTEACHERS))


def review_status(policy: PolicyPage, today) -> str:
    """Return "Overdue" or "Due soon" for a policy in the review report."""
    return str(_("Overdue")) if policy.is_overdue(today) else str(_("Due soon"))


class DueForReviewFilterSet(WagtailFilterSet):
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.all(), empty_label=_("All schools and trust-wide")
    )

    class Meta:
        model = PolicyPage
        fields = ["school"]


class PoliciesDueForReviewView(RestrictedReportMixin, ReportView):
    """Live policies due for review within 60 days or overdue, by school, earliest first; exportable."""

    page_title = _("Policies due for review")
    header_icon = "time"
    index_url_name = "policy_reviews"
    may_view = staticmethod(manages_policies)
    filterset_class = DueForReviewFilterSet
    model = PolicyPage
    list_export = ["title", "applies_to", "next_review_due", "review_status", "lead_member_of_staff"]
    export_headings = {"title": _("Title")}
    columns = [
        TitleColumn("title", label=_("Policy"), url_name="wagtailadmin_pages:edit"),
        Column("applies_to", label=_("School")),
        DateColumn("next_review_due", label=_("Next review due")),
        Column("review_status", label=_("Status")),
        Column("lead_member_of_staff", label=_("Lead member of staff")),
    ]

    def get_queryset(self):
        return policies_due_for_review(today=timezone.localdate())

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for policy in object_list:
            policy.review_status = review_status(policy, today)
        return object_list


class ReviewDuePanel(Component):
    """Dashboard panel: per school, the policies due for review within 60 days or overdue."""

    name = "policies_due_for_review"
    template_name = "policy/admin/review_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        by_school: dict[str, list[PolicyPage]] = {}
        for policy in policies_due_for_review(today=today):
            policy.review_status = review_status(policy, today)
            by_school.setdefault(policy.applies_to, []).append(policy)
        context.update(by_school=list(by_school.items()), days=REVIEW_WARNING_DAYS, today=today)
        return context
