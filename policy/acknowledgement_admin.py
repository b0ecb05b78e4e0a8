"""Admin report: who has and has not acknowledged a policy, per school, with CSV and Excel export.

For Headteachers and ICT Managers (their own school's staff only) and Trust
administrators (every school); superusers see every school. The report lists one row
per member of staff the policy applies to, with the date and version they acknowledged,
or "Outstanding". Its numbers come from a fixed number of queries, whatever the number
of staff.
"""

import django_filters
from django import forms
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from core.admin_reports import RestrictedReportMixin
from home import roles
from home.models import School, User

from .acknowledgements import policies_needing_acknowledgement, staff_expected_to_acknowledge
from .models import PolicyAcknowledgement, PolicyPage
from .scope import role_names

REPORT_URL_NAME = "policy_acknowledgements"
REPORT_ROLES = {roles.HEADTEACHERS, roles.ICT_MANAGERS, roles.TRUST_ADMINISTRATORS}
ACKNOWLEDGED, OUTSTANDING = "acknowledged", "outstanding"


def can_view_acknowledgements(user) -> bool:
    """Return whether ``user`` may open the report: superusers, Headteachers, ICT Managers, Trust administrators."""
    return user.is_authenticated and user.is_active and (user.is_superuser or bool(role_names(user) & REPORT_ROLES))


def sees_every_school(user) -> bool:
    """Return whether ``user`` sees every school's staff (superusers and Trust administrators) or only their own."""
    return user.is_superuser or roles.TRUST_ADMINISTRATORS in role_names(user)


def policies_for_report(user) -> QuerySet[PolicyPage]:
    """Return the policies asking for acknowledgement that concern ``user``'s schools, A to Z."""
    policies = policies_needing_acknowledgement()
    if not sees_every_school(user):
        policies = policies.filter(Q(school__isnull=True) | Q(school_id=user.school_id))
    return policies


def staff_with_acknowledgement(*, policy: PolicyPage, user) -> QuerySet[User]:
    """Return the staff ``policy`` applies to that ``user`` may see, each annotated with what they acknowledged.

    Annotations: ``acknowledged_at`` (aware datetime, or None when outstanding) and
    ``acknowledged_version``, both of the latest acknowledgement of the version in force.
    Ordered by school, then surname. One query, whatever the number of staff.
    """
    staff = staff_expected_to_acknowledge(policy=policy)
    if not sees_every_school(user):
        staff = staff.filter(school_id=user.school_id)
    latest = PolicyAcknowledgement.objects.filter(
        user=OuterRef("pk"), policy=policy, revision_id__gte=policy.acknowledgement_revision_id
    ).order_by("-acknowledged_at")
    return (
        staff.select_related("school")
        .annotate(
            acknowledged_at=Subquery(latest.values("acknowledged_at")[:1]),
            acknowledged_version=Subquery(latest.values("version")[:1]),
        )
        .order_by("school__name", "last_name", "first_name", "username")
    )


def counts_by_school(staff: QuerySet[User]) -> list[dict]:
    """Return ``[{"school", "total", "acknowledged", "outstanding"}]`` for annotated ``staff``, one query."""
    rows = (
        staff.order_by()
        .values("school__name")
        .annotate(total=Count("pk"), acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)))
        .order_by("school__name")
    )
    return [
        {
            "school": row["school__name"],
            "total": row["total"],
            "acknowledged": row["acknowledged"],
            "outstanding": row["total"] - row["acknowledged"],
        }
        for row in rows
    ]


class AcknowledgementFilterSet(WagtailFilterSet):
    """Policy (chosen by the view, default the first), school, and acknowledged or outstanding."""

    policy = django_filters.ModelChoiceFilter(
        label=_("Policy"), queryset=PolicyPage.objects.none(), method="by_policy", empty_label=None
    )
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.all(), empty_label=_("All schools")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACKNOWLEDGED, _("Acknowledged")), (OUTSTANDING, _("Outstanding"))],
        method="by_status",
        empty_label=_("Everyone"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = User
        fields = ["policy", "school", "status"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["policy"].queryset = policies_for_report(user)
        if not sees_every_school(user):
            self.filters["school"].queryset = School.objects.filter(pk=user.school_id)

    def by_policy(self, queryset, name, value):
        return queryset  # the view builds the list for the chosen policy

    def by_status(self, queryset, name, value):
        if value == ACKNOWLEDGED:
            return queryset.filter(acknowledged_at__isnull=False)
        if value == OUTSTANDING:
            return queryset.filter(acknowledged_at__isnull=True)
        return queryset


class PolicyAcknowledgementReportView(RestrictedReportMixin, ReportView):
    """Who has read and acknowledged a policy's version in force, school by school; exportable."""

    page_title = _("Policy acknowledgements")
    header_icon = "tick-inverse"
    index_url_name = REPORT_URL_NAME
    may_view = staticmethod(can_view_acknowledgements)
    results_template_name = "policy/admin/acknowledgement_report_results.html"
    filterset_class = AcknowledgementFilterSet
    model = User
    paginate_by = 100
    list_export = ["display_name", "school", "job_title", "email", "status", "acknowledged_at", "acknowledged_version"]
    export_headings = {
        "email": _("Email"),
        "acknowledged_at": _("Acknowledged at"),
        "acknowledged_version": _("Version acknowledged"),
    }
    columns = [
        Column("display_name", label=_("Name")),
        Column("school", label=_("School")),
        Column("job_title", label=_("Job title")),
        Column("status", label=_("Status")),
        DateColumn("acknowledged_at", label=_("Acknowledged")),
        Column("acknowledged_version", label=_("Version")),
    ]

    def get_filterset_kwargs(self):
        return super().get_filterset_kwargs() | {"user": self.request.user}

    @cached_property
    def policy(self) -> PolicyPage | None:
        """The policy chosen in the filter (``?policy=<id>``), else the first one the user may report on."""
        policies = policies_for_report(self.request.user)
        chosen = self.request.GET.get("policy", "")
        return (policies.filter(pk=chosen).first() if chosen.isdigit() else None) or policies.first()

    def get_queryset(self):
        if self.policy is None:
            return User.objects.none()
        return staff_with_acknowledgement(policy=self.policy, user=self.request.user)

    def get_filename(self):
        return f"acknowledgements-{self.policy.slug}" if self.policy else "acknowledgements"

    def decorate_paginated_queryset(self, object_list):
        for person in object_list:
            person.status = _("Acknowledged") if person.acknowledged_at else _("Outstanding")
        return object_list

    def to_row_dict(self, item):
        item.status = _("Acknowledged") if item.acknowledged_at else _("Outstanding")
        return super().to_row_dict(item)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.policy is not None:
            context["summary"] = counts_by_school(self.get_queryset())
        context["policy"] = self.policy
        return context


class AcknowledgementPanel(Component):
    """Dashboard panel: for each policy staff must acknowledge, how many have, per school the user may see.

    One query for the policies (without their bodies, which the panel does not show), then
    one per policy (a handful), whatever the number of staff.
    """

    name = "policy_acknowledgements"
    template_name = "policy/admin/acknowledgement_panel.html"
    order = 160

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = []
        for policy in policies_for_report(self.user).defer_streamfields()[:10]:
            for count in counts_by_school(staff_with_acknowledgement(policy=policy, user=self.user)):
                rows.append({"policy": policy, **count})
        context["rows"] = rows
        return context
