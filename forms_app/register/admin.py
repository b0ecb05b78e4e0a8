"""The register of approved social media sites in the Wagtail admin (wagtail-modeladmin): the listing
(filters, search, CSV/XLSX export), its permissions and its buttons.

Who sees what: ICT Managers and Headteachers see and act on their own school's entries;
superusers and the "Trust administrators" group see every school's (see
``forms_app.register.selectors``). Entries are created only at final approval, and
never deleted. The actions' views live in ``views.py``; ``forms_app/wagtail_hooks.py``
registers this ModelAdmin.
"""

from django.conf import settings
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.db.models import F, Prefetch, QuerySet
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from home.selectors import overseen_school_ids

from ..constants import RequestStatus, SiteRole
from ..models import Platform, RegisterEntry, RegisterEntryPerson, RegisterStatus
from .listing import RegisterIndexView
from .selectors import (
    closure_due_within,
    closure_overdue,
    register_entries_for,
    visible_schools,
)
from .views import ACTION_LABELS, CloseView, MarkLiveView, RegisterHistoryView, RegisterInspectView, TransferView


class RegisterPermissionHelper(PermissionHelper):
    """Model permissions (granted by migration 0005) narrowed to the entries the user may see.

    Nobody adds or deletes entries in the admin: they are created at final approval
    and kept as the trust's record.
    """

    def _remembered(self, user, key, compute):
        """Work ``compute()`` out once per user object and keep it there, as ``roles.role_names`` does.

        The listing asks the same questions for every button of every row; Django builds
        the user object afresh for each request, so nothing outlives the request.
        """
        cache = getattr(user, "_register_permissions", None)
        if cache is None:
            cache = {}
            user._register_permissions = cache
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def user_has_specific_permission(self, user, perm_codename):
        """True if ``user`` holds ``perm_codename`` on register entries; asked once per request."""
        ask = super().user_has_specific_permission
        return self._remembered(user, perm_codename, lambda: ask(user, perm_codename))

    def user_can_see(self, user, obj) -> bool:
        """True if ``obj`` is in the part of the register ``user`` may see.

        The rule of ``selectors.user_can_see_entry``, with the user's schools
        (``overseen_school_ids``) worked out once per request.
        """
        school_ids = self._remembered(user, "overseen_school_ids", lambda: overseen_school_ids(user))
        return school_ids is None or obj.school_id in school_ids

    def user_can_list(self, user):
        return self.user_has_any_permissions(user)

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.user_has_any_permissions(user) and self.user_can_see(user, obj)

    def user_can_edit_obj(self, user, obj):
        return (
            self.user_has_specific_permission(user, self.get_perm_codename("change"))
            and self.user_can_see(user, obj)
            and obj.is_open
        )

    def user_can_act_on(self, user, obj, action: str) -> bool:
        """True if ``user`` may run ``action`` ("mark_live", "transfer" or "close") on ``obj`` now."""
        if not self.user_can_edit_obj(user, obj):
            return False
        if action == "mark_live":
            return obj.status == RegisterStatus.AWAITING_CREATION
        return True


class ForeignKeyFilter(SimpleListFilter):
    """Filter by a foreign key (``field``), offering the ``(pk, name)`` of each row of ``offered(request)``.

    Django's related-field filters need ``django.contrib.admin``, which the intranet does
    not install. A subclass sets ``title``, ``parameter_name`` and ``field`` and returns
    the rows offered from ``offered``: a plain list (one small query), not a distinct scan of
    the register. Shown as a drop-down list (``choices``).
    """

    field = ""
    template = "forms_app/register/includes/select_filter.html"

    def offered(self, request) -> QuerySet:
        """Return the rows offered, as a queryset with ``pk`` and ``name``. Subclasses must implement it."""
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in self.offered(request).values_list("pk", "name")]

    def choices(self, changelist):
        """Yield ``{"value", "display", "selected"}`` for "All" (value "") and for each row offered.

        Shown as a drop-down list in a form that keeps the listing's other filters, search
        and order (``kept_parameters``, set here for the template), rather than as a link per
        row: each link carries a query string of its own, and a trust's 500 schools as links
        took 40 ms to render on every visit, and a long column to scroll past.
        """
        current = self.value() or ""
        params = changelist.params
        pairs = params.lists() if hasattr(params, "lists") else ((name, [value]) for name, value in params.items())
        self.kept_parameters = [
            (name, value) for name, values in pairs if name != self.parameter_name for value in values
        ]
        yield {"value": "", "display": _("All"), "selected": not current}
        for pk, name in self.lookup_choices:
            yield {"value": pk, "display": name, "selected": pk == current}

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset


class SchoolFilter(ForeignKeyFilter):
    """Filter by school, offering the schools whose entries the user may see (``overseen_school_ids``)."""

    title = _("school")
    parameter_name = "school"
    field = "school_id"

    def offered(self, request) -> QuerySet:
        return visible_schools(request.user)


class PlatformFilter(ForeignKeyFilter):
    """Filter by platform, offering every platform in the list of platforms."""

    title = _("platform")
    parameter_name = "platform"
    field = "platform_id"

    def offered(self, request) -> QuerySet:
        return Platform.objects.order_by("name")


class ClosureFilter(SimpleListFilter):
    """Filter by closure: due within 30 days, or overdue (dates in Europe/London)."""

    title = _("closure")
    parameter_name = "closure"

    def lookups(self, request, model_admin):
        return [("due", _("Closure due within 30 days")), ("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "due":
            return closure_due_within(queryset, today=today)
        if self.value() == "overdue":
            return closure_overdue(queryset, today=today)
        return queryset


# Stands in for the entry's id when an action's URL is reversed once per request.
_PK_SLOT = "pk-slot"


class RegisterButtonHelper(ButtonHelper):
    """Inspect and edit, plus the register's actions when the user may take them.

    One helper serves one request: each kind of button's label, title and classes, and
    each action's URL, are worked out once and reused for every row.
    """

    def __init__(self, view, request):
        super().__init__(view, request)
        self._url_parts = {}
        self._button_parts = {}

    def action_url(self, action: str, pk) -> str:
        """Return the URL of ``action`` on the entry ``pk`` (reversed once per action, then filled in)."""
        if action not in self._url_parts:
            before, _slot, after = self.url_helper.get_action_url(action, _PK_SLOT).partition(_PK_SLOT)
            self._url_parts[action] = (before, after)
        before, after = self._url_parts[action]
        return f"{before}{quote(pk)}{after}"

    def _button(self, action: str, pk, build, variant=()) -> dict:
        """``build()``'s button for the entry ``pk``: its label, title and classes are kept per action
        and ``variant`` (the extra and excluded classes), and only the URL is made for each row."""
        key = (action, variant)
        if key not in self._button_parts:
            self._button_parts[key] = {name: str(value) for name, value in build().items() if name != "url"}
        return {**self._button_parts[key], "url": self.action_url(action, pk)}

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        """Return modeladmin's "Inspect" button (a dict: url, label, classname, title) for the entry ``pk``."""
        build = super().inspect_button
        variant = (tuple(classnames_add or ()), tuple(classnames_exclude or ()))
        return self._button("inspect", pk, lambda: build(pk, classnames_add, classnames_exclude), variant)

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        """Return modeladmin's "Edit" button (a dict: url, label, classname, title) for the entry ``pk``."""
        build = super().edit_button
        variant = (tuple(classnames_add or ()), tuple(classnames_exclude or ()))
        return self._button("edit", pk, lambda: build(pk, classnames_add, classnames_exclude), variant)

    def action_button(self, action: str, pk) -> dict:
        """Return the button of a register action ("mark_live", "transfer" or "close") on the entry ``pk``."""
        return self._button(
            action,
            pk,
            lambda: {
                "label": ACTION_LABELS[action],
                "classname": self.finalise_classname(["button-secondary", "button-small"]),
                "title": ACTION_LABELS[action],
            },
        )

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        """Return the button dicts for ``obj``'s row: inspect and edit, then the actions the user may take."""
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        for action in ACTION_LABELS:
            if action not in (exclude or []) and self.permission_helper.user_can_act_on(user, obj, action):
                buttons.append(self.action_button(action, obj.pk))
        return buttons


class RegisterEntryAdmin(ModelAdmin):
    """The register of approved social media sites."""

    model = RegisterEntry
    menu_label = _("Register of sites")
    menu_icon = "list-ul"
    menu_order = 250
    add_to_admin_menu = True
    permission_helper_class = RegisterPermissionHelper
    button_helper_class = RegisterButtonHelper
    index_view_class = RegisterIndexView
    inspect_view_enabled = True
    inspect_view_class = RegisterInspectView
    inspect_template_name = "forms_app/register/inspect.html"
    index_template_name = "forms_app/register/index.html"
    history_view_class = RegisterHistoryView
    list_display = ("account_name", "school", "platform_name", "status_label", "go_live_date", "closure_date", "cover")
    list_filter = (SchoolFilter, "status", PlatformFilter, ClosureFilter)
    search_fields = ("account_name", "url", "handle", "request__reference", "school__name", "notes")
    list_per_page = 50
    ordering = ("closure_date", "pk")
    inspect_view_fields = (
        "account_name",
        "school",
        "platform",
        "platform_other_name",
        "status",
        "url",
        "handle",
        "go_live_date",
        "went_live_on",
        "closure_date",
        "credentials_location",
        "notes",
        "approved_at",
        "final_approval_by",
        "closed_on",
        "closure_reason",
    )
    list_export = (
        "reference",
        "account_name",
        "school",
        "platform_name",
        "status_label",
        "url",
        "handle",
        "go_live_date",
        "went_live_on",
        "closure_date",
        "administrator_names",
        "moderator_names",
        "credentials_location",
        "closed_on",
        "closure_reason",
        "notes",
        "approval_record",
    )
    export_filename = "register-of-social-media-sites"

    def get_queryset(self, request):
        """The entries the user may see, with related rows joined (constant queries).

        Only the export names the administrators and moderators and gives the request's
        reference, so only the export prefetches the people and joins the request; the
        listing shows cover from the counts annotated per row.
        """
        # The request's status says whether an amendment is under way (shown beside the entry's).
        queryset = (
            register_entries_for(request.user).order_by(*self.ordering).annotate(request_status=F("request__status"))
        )
        if request.GET.get(IndexView.EXPORT_VAR) in IndexView.FORMATS:
            people = Prefetch("people", queryset=RegisterEntryPerson.objects.select_related("user"))
            return queryset.prefetch_related(people)
        # The listing's columns never show the request (a wide row): join only the school and platform.
        return queryset.select_related(None).select_related("school", "platform")

    def reference(self, obj):
        return obj.request.reference

    reference.short_description = _("reference")

    def status_label(self, obj):
        """The entry's status, and "Amendment awaiting ICT Manager" (or the like) while its request is being amended.

        The site stays in the register under its last approved record until the amendment ends.
        """
        label = obj.get_status_display()
        request_status = getattr(obj, "request_status", None)
        if request_status in RequestStatus.amendment():
            label = f"{label} ({RequestStatus(request_status).label})"
        return label

    status_label.short_description = _("status")
    status_label.admin_order_field = "status"

    def platform_name(self, obj):
        return obj.platform_label

    platform_name.short_description = _("platform")

    def cover(self, obj):
        return _("Administrators %(admins)s, moderators %(mods)s") % {
            "admins": obj.administrator_cover,
            "mods": obj.moderator_cover,
        }

    cover.short_description = _("cover")

    def approval_record(self, obj):
        path = reverse("approval_record", args=[obj.request.public_id])
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path

    approval_record.short_description = _("approval record")

    def administrator_names(self, obj):
        return "; ".join(p.display_name for p in obj.people.all() if p.role == SiteRole.ADMINISTRATOR)

    administrator_names.short_description = _("administrators")

    def moderator_names(self, obj):
        return "; ".join(p.display_name for p in obj.people.all() if p.role == SiteRole.MODERATOR)

    moderator_names.short_description = _("moderators")

    def _action_view(self, view_class):
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

        return view

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        views = {"mark_live": MarkLiveView, "transfer": TransferView, "close": CloseView}
        return urls + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                self._action_view(view_class),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view_class in views.items()
        )
