"""The approvers' listing "Social media site requests" in the admin; the request chooser and bulk delete scoped alike.

ICT Managers, Headteachers and Trust administrators list the requests they may see
(``requests_visible_to``: their school's; every school's for the trust and superusers),
those made on Appendix B and on every approval form built in the admin in one list, each
named by its form's title; filter them (awaiting me, awaiting others, changes requested,
approved, withdrawn; by form; decided by me), and search by reference or account name. Each row links to the review
page. Wagtail's snippet chooser and bulk-delete confirmation for requests use the same
rule, so no page of the admin lists another school's references.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet, SnippetChosenView

from home import roles

from ..constants import RequestStatus
from ..models import ApprovalDecision, ApprovalFormPage, SocialMediaSiteRequest
from .selectors import INBOX_ROLES, awaiting_user_ids, requests_visible_to

__all__ = ["RequestInboxViewSet", "RequestChooserViewSet", "RequestDeleteBulkAction", "may_use_inbox"]


def may_use_inbox(user) -> bool:
    """Whether ``user`` has the listing: active ICT Managers, Headteachers, Trust administrators and superusers, and
    members of a group that decides an active group step of a built form's chain (issue 29; one query for them)."""
    if not user.is_active:
        return False
    if user.is_superuser or roles.has_role(user, *INBOX_ROLES):
        return True
    from ..constants import ApprovalStep
    from ..models import SocialMediaApprovalTask

    return SocialMediaApprovalTask.objects.filter(
        active=True, role=ApprovalStep.GROUP, approver_group__name__in=roles.role_names(user)
    ).exists()


class RequestInboxFilterSet(WagtailFilterSet):
    SHOW_CHOICES = (
        ("awaiting_me", _("Awaiting me")),
        ("awaiting_others", _("Awaiting others")),
        (RequestStatus.CHANGES_REQUESTED, _("Changes requested")),
        (RequestStatus.AMEND_ICT, RequestStatus.AMEND_ICT.label),
        (RequestStatus.AMEND_GROUP, RequestStatus.AMEND_GROUP.label),
        (RequestStatus.AMEND_HEAD, RequestStatus.AMEND_HEAD.label),
        (RequestStatus.APPROVED, _("Approved")),
        (RequestStatus.WITHDRAWN, _("Withdrawn")),
    )

    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=SHOW_CHOICES, method="filter_show", empty_label=_("All")
    )
    form = django_filters.ChoiceFilter(label=_("Form"), method="filter_form", empty_label=_("All forms"))
    decided_by_me = django_filters.BooleanFilter(
        label=_("Decided by me"),
        method="filter_decided_by_me",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = SocialMediaSiteRequest
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Appendix B, then each approval form built in the admin by title (one query).
        forms = ApprovalFormPage.objects.order_by("title").values_list("pk", "title")
        self.filters["form"].extra["choices"] = [(APPENDIX_B, _("Social Media Site Creation Approval Form"))] + [
            (str(pk), title) for pk, title in forms
        ]

    def filter_form(self, queryset, name, value):
        """Requests made on the form ``value``: ``APPENDIX_B``, or an ``ApprovalFormPage``'s id (any version)."""
        if value == APPENDIX_B:
            return queryset.filter(form_version__isnull=True)
        return queryset.filter(form_version__form_id=value)

    def _awaiting_me(self, queryset):
        ids = awaiting_user_ids(self.request.user)
        return queryset.filter(pk__in=ids)

    def filter_show(self, queryset, name, value):
        if value == "awaiting_me":
            return self._awaiting_me(queryset)
        if value == "awaiting_others":
            mine = self._awaiting_me(SocialMediaSiteRequest.objects.all()).values("pk")
            return queryset.filter(status__in=RequestStatus.pending()).exclude(pk__in=mine)
        return queryset.filter(status=value)

    def filter_decided_by_me(self, queryset, name, value):
        if value is None:
            return queryset
        decided = Exists(ApprovalDecision.objects.filter(request_id=OuterRef("pk"), approver=self.request.user))
        return queryset.filter(decided) if value else queryset.exclude(decided)


APPENDIX_B = "appendix_b"


def _account_label(site_request) -> str:
    platform = site_request.platform_other_name or (site_request.platform.name if site_request.platform_id else "")
    return ": ".join(part for part in (platform, site_request.account_name) if part)


def _review_url(site_request) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])


class RequestInboxView(IndexView):
    """The listing; a fixed number of queries whatever the number of requests (one page of 50)."""

    model = SocialMediaSiteRequest
    page_title = _("Social media site requests")
    header_icon = "form"
    paginate_by = 50
    index_url_name = "request_inbox:index"
    index_results_url_name = "request_inbox:index_results"
    filterset_class = RequestInboxFilterSet
    search_fields = ["reference", "account_name"]
    search_backend_name = None
    default_ordering = "-updated_at"
    any_permission_required = None
    permission_required = None
    columns = [
        TitleColumn("reference", label=_("Reference"), get_url=_review_url),
        Column("form", label=_("Form"), accessor="form_title"),
        Column("school", label=_("School"), accessor="school.name"),
        Column("account", label=_("Platform and account"), accessor=_account_label),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("updated_at", label=_("Last changed"), sort_key="updated_at"),
    ]

    @cached_property
    def permission_policy(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not may_use_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return requests_visible_to(self.request.user).select_related("school", "platform", "form_version")


class RequestInboxMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_inbox(request.user)


class RequestInboxViewSet(ViewSet):
    """Social media > Social media site requests."""

    name = "request_inbox"
    icon = "form"
    menu_label = _("Social media site requests")
    menu_item_class = RequestInboxMenuItem
    url_prefix = "social-media/requests"

    @property
    def menu_url(self):
        return reverse("request_inbox:index")

    def get_urlpatterns(self):
        return [
            path("", RequestInboxView.as_view(), name="index"),
            path("results/", RequestInboxView.as_view(results_only=True), name="index_results"),
        ]


class _ScopedChooser:
    def get_object_list(self):
        return requests_visible_to(self.request.user).select_related("school").order_by("-updated_at")


class RequestChooseView(_ScopedChooser, ChooseView):
    pass


class RequestChooseResultsView(_ScopedChooser, ChooseResultsView):
    pass


class RequestChosenView(SnippetChosenView):
    def get_object(self, pk):
        try:
            return requests_visible_to(self.request.user).get(pk=pk)
        except (SocialMediaSiteRequest.DoesNotExist, ValueError) as error:
            raise Http404 from error


class RequestChooserViewSet(SnippetChooserViewSet):
    """Wagtail's request chooser, limited to the requests the user may see."""

    choose_view_class = RequestChooseView
    choose_results_view_class = RequestChooseResultsView
    chosen_view_class = RequestChosenView


class RequestDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete for requests, listing only the requests the user may see.

    Wagtail's own action lists every selected object's title, even those the user may
    not touch; for requests that would show other schools' references. Registered after
    Wagtail's (hook order), so it takes its place for this model only.
    """

    models = [SocialMediaSiteRequest]

    @cached_property
    def _actionable_objects(self):
        ids = [value for value in self.request.GET.getlist("id") if value.isdigit() or value == "all"]
        visible = requests_visible_to(self.request.user)
        objects = visible if "all" in ids else visible.filter(pk__in=ids)
        allowed, refused = [], []
        for obj in objects:
            (allowed if self.check_perm(obj) else refused).append(obj)
        return allowed, {"items_with_no_access": refused}
