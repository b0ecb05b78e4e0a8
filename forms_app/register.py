"""The register of approved social media sites in the Wagtail admin (wagtail-modeladmin).

Everything the register adds to the admin lives in this one module, so it can later be
swapped for a Wagtail ``ModelViewSet``: the listing (filters, search, CSV export), the
inspect view, the actions (mark live, transfer, close), their audit-log wording and the
ICT Managers' dashboard panel.

Who sees what: ICT Managers and Headteachers see and act on their own school's entries;
superusers and the "Trust administrators" group see every school's (see
``forms_app.register_selectors``). Entries are created only at final approval, and
never deleted.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import HistoryView, InspectView, InstanceSpecificView

from home.selectors import active_staff

from .constants import RequestStatus, SiteRole
from .models import RegisterEntry, RegisterEntryPerson, RegisterStatus, SocialMediaSiteRequest
from .register_selectors import (
    closure_due_within,
    closure_overdue,
    entries_needing_attention_for,
    register_entries_for,
    user_can_see_entry,
    user_can_view_approval_record,
)
from .register_services import close_entry, mark_entry_live, transfer_site_role

# ---------------------------------------------------------------------------
# Audit log wording


@hooks.register("register_log_actions")
def register_register_log_actions(actions):
    """Give the register's audit-log actions their labels and messages (shown in History)."""

    @actions.register_action("forms_app.register.create")
    class CreateFormatter(LogFormatter):
        label = _("Register: entry created at final approval")
        message = _("Added to the register at final approval")

    @actions.register_action("forms_app.register.mark_live")
    class MarkLiveFormatter(LogFormatter):
        label = _("Register: marked live")

        def format_message(self, log_entry):
            return _("Marked live at %(url)s") % {"url": log_entry.data.get("url", "")}

    @actions.register_action("forms_app.register.transfer")
    class TransferFormatter(LogFormatter):
        label = _("Register: administrator or moderator transferred")

        def format_message(self, log_entry):
            data = log_entry.data
            if data.get("to"):
                return _("%(role)s %(old)s replaced by %(new)s") % {
                    "role": SiteRole(data["role"]).label,
                    "old": data.get("from", ""),
                    "new": data["to"],
                }
            return _("%(role)s %(old)s removed") % {"role": SiteRole(data["role"]).label, "old": data.get("from", "")}

    @actions.register_action("forms_app.register.close")
    class CloseFormatter(LogFormatter):
        label = _("Register: closed")

        def format_message(self, log_entry):
            return _("Closed on %(date)s: %(reason)s") % {
                "date": log_entry.data.get("closed_on", ""),
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action("forms_app.register.closure_due")
    class ClosureDueFormatter(LogFormatter):
        label = _("Register: closure due")
        message = _("Closure date reached: marked closure due")


# ---------------------------------------------------------------------------
# Permissions, filters and buttons


class RegisterPermissionHelper(PermissionHelper):
    """Model permissions (granted by migration 0005) narrowed to the entries the user may see.

    Nobody adds or deletes entries in the admin: they are created at final approval
    and kept as the trust's record.
    """

    def user_can_list(self, user):
        return self.user_has_any_permissions(user)

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.user_has_any_permissions(user) and user_can_see_entry(user=user, entry=obj)

    def user_can_edit_obj(self, user, obj):
        return (
            self.user_has_specific_permission(user, self.get_perm_codename("change"))
            and user_can_see_entry(user=user, entry=obj)
            and obj.is_open
        )

    def user_can_act_on(self, user, obj, action: str) -> bool:
        """True if ``user`` may run ``action`` ("mark_live", "transfer" or "close") on ``obj`` now."""
        if not self.user_can_edit_obj(user, obj):
            return False
        if action == "mark_live":
            return obj.status == RegisterStatus.AWAITING_CREATION
        return True


class VisibleRelatedFilter(SimpleListFilter):
    """Filter by a related object, offering only those among the entries the user may see.

    Django's related-field filters need ``django.contrib.admin``, which the intranet
    does not install; this asks the register's own queryset instead (one query).
    """

    field = ""

    def lookups(self, request, model_admin):
        rows = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.field}__isnull": True})
            .order_by(f"{self.field}__name")
            .values_list(f"{self.field}_id", f"{self.field}__name")
            .distinct()
        )
        return [(str(pk), name) for pk, name in rows]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field}_id": self.value()})
        return queryset


class SchoolFilter(VisibleRelatedFilter):
    title = _("school")
    parameter_name = "school"
    field = "school"


class PlatformFilter(VisibleRelatedFilter):
    title = _("platform")
    parameter_name = "platform"
    field = "platform"


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


ACTION_LABELS = {
    "mark_live": _("Mark live"),
    "transfer": _("Transfer"),
    "close": _("Close site"),
}


class RegisterButtonHelper(ButtonHelper):
    """Inspect and edit, plus the register's actions when the user may take them."""

    def action_button(self, action: str, pk) -> dict:
        return {
            "url": self.url_helper.get_action_url(action, pk),
            "label": ACTION_LABELS[action],
            "classname": self.finalise_classname(["button-secondary", "button-small"]),
            "title": ACTION_LABELS[action],
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        for action in ACTION_LABELS:
            if action not in (exclude or []) and self.permission_helper.user_can_act_on(user, obj, action):
                buttons.append(self.action_button(action, obj.pk))
        return buttons


# ---------------------------------------------------------------------------
# Action forms and views


class MarkLiveForm(forms.Form):
    url = forms.CharField(
        label=_("Web address of the site"),
        required=False,
        max_length=500,
        help_text=_("The full address, starting with https://"),
    )
    handle = forms.CharField(
        label=_("Handle"), required=False, max_length=120, help_text=_("For example @riversidepe.")
    )
    went_live_on = forms.DateField(
        label=_("Date the site went live"),
        required=False,
        widget=AdminDateInput,
        help_text=_("Leave empty for today."),
    )


class TransferForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Administrator or moderator to replace"),
        queryset=RegisterEntryPerson.objects.none(),
        error_messages={"required": _("Choose the administrator or moderator to replace.")},
    )
    replacement = forms.ModelChoiceField(
        label=_("New member of staff"),
        queryset=active_staff(),
        required=False,
        help_text=_(
            "Leave empty to remove them without a replacement: allowed only while the site keeps "
            "2 administrators and 2 moderators."
        ),
        error_messages={
            "invalid_choice": _("Choose a current member of staff: that account is not active."),
        },
    )

    def __init__(self, *args, entry: RegisterEntry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = entry.people.select_related("user")
        self.fields["person"].label_from_instance = lambda p: f"{p.display_name} ({p.get_role_display().lower()})"
        self.fields["replacement"].label_from_instance = lambda u: (
            f"{u.display_name()}, {u.school}" if u.school_id else u.display_name()
        )
        self.fields["replacement"].queryset = active_staff().select_related("school")


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Date closed"), required=False, widget=AdminDateInput)
    reason = forms.CharField(label=_("Reason for closure"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RegisterActionView(InstanceSpecificView):
    """A register action: a small form whose valid input is handed to a service.

    The service's ``ValidationError`` is shown beside the field and in the error
    summary; the entry is unchanged and what the user typed is kept.
    """

    action = ""
    form_class = forms.Form
    service = None
    page_title = ""
    success_message = ""
    template_name = "forms_app/register/action.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_act_on(user, self.instance, self.action)

    def get_page_title(self):
        return ACTION_LABELS[self.action]

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, **self.get_form_kwargs())

    def get_form_kwargs(self) -> dict:
        return {}

    def perform(self, form):
        # The forms' field names are the services' keyword arguments.
        self.service(entry=self.instance, user=self.request.user, **form.cleaned_data)

    def render(self, form):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(form=form))

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.success_message % {"account": self.instance.account_name})
                return HttpResponseRedirect(self.url_helper.get_action_url("inspect", self.instance.pk))
        return self.render(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inspect_url"] = self.url_helper.get_action_url("inspect", self.instance.pk)
        context["action_label"] = ACTION_LABELS[self.action]
        return context


class MarkLiveView(RegisterActionView):
    action = "mark_live"
    form_class = MarkLiveForm
    service = staticmethod(mark_entry_live)
    success_message = _("%(account)s is marked live.")


class TransferView(RegisterActionView):
    action = "transfer"
    form_class = TransferForm
    service = staticmethod(transfer_site_role)
    success_message = _("The administrators and moderators of %(account)s are updated.")

    def get_form_kwargs(self):
        return {"entry": self.instance}


class CloseView(RegisterActionView):
    action = "close"
    form_class = CloseForm
    service = staticmethod(close_entry)
    success_message = _("%(account)s is recorded as closed.")


class RegisterInspectView(InspectView):
    """The inspect view, with the current administrators and moderators and the approval record link."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(self.instance.people.select_related("user"))
        request = self.instance.request
        context.update(
            {
                "site_roles": [
                    (_("Administrators"), [p for p in people if p.role == SiteRole.ADMINISTRATOR]),
                    (_("Moderators"), [p for p in people if p.role == SiteRole.MODERATOR]),
                ],
                "record_url": (
                    reverse("approval_record", args=[request.public_id])
                    if user_can_view_approval_record(user=self.request.user, request=request)
                    else ""
                ),
                "history_url": self.url_helper.get_action_url("history", self.instance.pk),
            }
        )
        return context


class RegisterHistoryView(HistoryView):
    """The audit log of an entry, for those who may inspect it (modeladmin's own view checks nothing)."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


# ---------------------------------------------------------------------------
# The register


class RegisterEntryAdmin(ModelAdmin):
    """The register of approved social media sites."""

    model = RegisterEntry
    menu_label = _("Register of sites")
    menu_icon = "list-ul"
    menu_order = 250
    add_to_admin_menu = True
    permission_helper_class = RegisterPermissionHelper
    button_helper_class = RegisterButtonHelper
    inspect_view_enabled = True
    inspect_view_class = RegisterInspectView
    inspect_template_name = "forms_app/register/inspect.html"
    history_view_class = RegisterHistoryView
    list_display = ("account_name", "school", "platform_name", "status", "go_live_date", "closure_date", "cover")
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
        """The entries the user may see, with related rows joined and people prefetched (constant queries)."""
        people = Prefetch("people", queryset=RegisterEntryPerson.objects.select_related("user"))
        return register_entries_for(request.user).prefetch_related(people).order_by(*self.ordering)

    def reference(self, obj):
        return obj.request.reference

    reference.short_description = _("reference")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = _("status")

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


modeladmin_register(RegisterEntryAdmin)


# ---------------------------------------------------------------------------
# Dashboard panel


class RegisterAttentionPanel(Component):
    """Dashboard panel for ICT Managers: their sites due to close within 30 days or past closure,
    and sites below the minimum of 2 administrators and 2 moderators (Appendix B)."""

    name = "register_attention"
    template_name = "forms_app/register/dashboard_panel.html"
    order = 150

    def __init__(self, entries):
        self.entries = entries

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["today"] = timezone.localdate()
        context["entries"] = [
            (entry, reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk])) for entry in self.entries
        ]
        return context


@hooks.register("construct_homepage_panels")
def add_register_attention_panel(request, panels):
    """Show ICT Managers the register entries that need them; nothing for other roles."""
    entries = entries_needing_attention_for(user=request.user, today=timezone.localdate())
    if entries:
        panels.append(RegisterAttentionPanel(entries))


# ---------------------------------------------------------------------------
# Link to the approval record from the requests in the admin


@hooks.register("register_snippet_listing_buttons")
def approval_record_listing_button(snippet, user, next_url=None):
    """Offer "Approval record" on approved requests in the admin's request listing.

    No query per row: the record itself answers "Page not found" to anyone who may not
    read it.
    """
    if isinstance(snippet, SocialMediaSiteRequest) and snippet.status == RequestStatus.APPROVED:
        yield Button(
            _("Approval record"),
            url=reverse("approval_record", args=[snippet.public_id]),
            icon_name="doc-full",
            priority=90,
        )
