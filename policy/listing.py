"""The "Policies" listing in the admin: every policy with its school, version, next review and status.

A flat Wagtail page listing (``PageListingViewSet``) of PolicyPage, filterable by school
(or trust-wide) and exportable. Like every page listing it shows only the pages the
signed-in person may explore, and each row's actions follow their permissions, which are
narrowed to the policy's school (``PolicyPagePermissionTester``).
"""

import django_filters
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import HeaderButton

from home.models import School

from .models import PolicyPage


class PolicyPageFilterSet(PageFilterSet):
    """Wagtail's page filters plus the policy's school ("Trust-wide" for policies with none)."""

    school = django_filters.ModelChoiceFilter(
        label=_("School"),
        queryset=School.objects.all(),
        empty_label=_("All schools and trust-wide"),
        null_label=_("Trust-wide"),
    )

    class Meta:
        model = PolicyPage
        fields = ["school"]


class PolicyPageIndexView(IndexView):
    """The listing, with "Upload policies" beside "Add policy" for those who may add policies."""

    @cached_property
    def header_buttons(self):
        from .import_admin import may_upload_policies

        buttons = list(super().header_buttons)
        if may_upload_policies(self.request.user):
            buttons.append(HeaderButton(_("Upload policies"), url=reverse("policy_upload"), icon_name="upload"))
        return buttons


class PolicyPageListingViewSet(PageListingViewSet):
    """Admin menu "Policies": a listing of every policy the user may see, by school."""

    icon = "doc-full"
    menu_label = _("Policies")
    menu_order = 150
    add_to_admin_menu = True
    model = PolicyPage
    name = "policies"
    filterset_class = PolicyPageFilterSet
    index_view_class = PolicyPageIndexView
    columns = [
        *[column for column in PageListingViewSet.columns if column.name in ("bulk_actions", "title")],
        Column("applies_to", label=_("School"), sort_key="school__name", width="18%"),
        Column("version", label=_("Version"), sort_key="version", width="8%"),
        Column(
            "next_review_due",
            label=_("Next review"),
            accessor=lambda page: date_format(page.next_review_due, "j F Y") if page.next_review_due else "",
            sort_key="next_review_due",
            width="12%",
        ),
        *[column for column in PageListingViewSet.columns if column.name == "status"],
    ]
    list_export = ["title", "applies_to", "version", "next_review_due", "status_string"]
    export_headings = {
        "applies_to": _("School"),
        "version": _("Version"),
        "next_review_due": _("Next review due"),
        "status_string": _("Status"),
    }
    export_filename = "policies"
