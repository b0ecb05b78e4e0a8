"""Settings → Users: Wagtail's user admin with school and job title, and the record's rules.

- A change of email address is written to the account's history (old and new).
- Deactivating someone (the edit form, or the listing's "Set active state") saves each
  account, so the leaver hand-over connected to a user's deactivation runs exactly as
  for the *Leaver…* button (``forms_app.leavers``: the trust is told at once about
  requests nobody else can decide).
- A person whose name the record keeps (they wrote, decided or recorded something with
  a protected link to their account) is never deleted, singly or in bulk: the page says
  so and points to deactivation instead.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.utils import user_can_delete_user
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction
from wagtail.users.views.users import DeleteView as WagtailUserDeleteView
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from home.models import School

from . import sign_in_log

EXTRA_FIELDS = ("school", "job_title")


class StaffAccountCreationForm(UserCreationForm):
    """Wagtail's "Add user" form plus the person's school and job title."""

    school = forms.ModelChoiceField(queryset=School.objects.all(), required=False)
    job_title = forms.CharField(max_length=120, required=False)

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(EXTRA_FIELDS)


class StaffAccountEditForm(UserEditForm):
    """Wagtail's "Edit user" form plus the person's school and job title."""

    school = forms.ModelChoiceField(queryset=School.objects.all(), required=False)
    job_title = forms.CharField(max_length=120, required=False)

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(EXTRA_FIELDS)


class StaffAccountEditView(WagtailUserEditView):
    """Wagtail's "Edit user" page; a change of email address is written to the account's history.

    Its header shows the buttons of the ``register_user_page_buttons`` hook ("Leaver…").

    Single sign-on links an identity to the account with the same address, so the address
    is changed only here, by a site administrator, and never silently.
    """

    def save_instance(self):
        old = type(self.object).objects.filter(pk=self.object.pk).values_list("email", flat=True).first() or ""
        # Who deactivated them, for the leaver hand-over's history entry (forms_app.leavers).
        self.form.instance._deactivated_by = self.request.user
        instance = super().save_instance()
        if instance.email != old:
            sign_in_log.log_email_changed(instance, old=old, new=instance.email, by=self.request.user)
        return instance

    @cached_property
    def header_buttons(self) -> list:
        buttons = list(super().header_buttons)
        for button_hook in hooks.get_hooks("register_user_page_buttons"):
            buttons.extend(button_hook(user=self.object, request_user=self.request.user))
        return buttons


def records_keeping(user) -> list[str]:
    """The kinds of record that keep ``user``'s name, e.g. ``["social media site requests"]``; empty if none.

    Read from the database's own protection (every ``on_delete=PROTECT`` or ``RESTRICT``
    link to the account, whichever app declares it), so a new kind of record is covered
    without a change here. Names kinds only, never an object: the list may include
    another school's request.
    """
    collector = Collector(using=router.db_for_write(type(user)))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError) as error:
        blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        return sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
    return []


def deletion_refusal(user) -> str | None:
    """Why ``user`` must not be deleted (a sentence for the admin), or None when they may be."""
    kinds = records_keeping(user)
    if not kinds:
        return None
    return _(
        "%(name)s cannot be deleted: the trust's records keep their name (%(kinds)s). "
        "Deactivate the account instead (Leaver…, or untick Active): they can no longer sign in, "
        "and what they held is handed on."
    ) % {"name": user.get_full_name() or user.get_username(), "kinds": get_text_list(kinds, _("and"))}


class StaffAccountDeleteView(WagtailUserDeleteView):
    """Wagtail's "Delete user", refusing (with the reason) someone the records keep."""

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not user_can_delete_user(request.user, self.object):
            raise PermissionDenied
        refusal = deletion_refusal(self.object)
        if refusal:
            messages.error(request, refusal)
            return redirect("wagtailusers_users:edit", self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin using the forms and views above (templates add the fields to the page)."""

    template_prefix = "wagtailusers/users/"
    edit_view_class = StaffAccountEditView
    delete_view_class = StaffAccountDeleteView

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return StaffAccountEditForm if for_update else StaffAccountCreationForm


class KeepRecordsDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk "Delete" for users, leaving out (and naming) the people the records keep.

    Registered after Wagtail's own (hook order), so it takes its place.
    """

    template_name = "wagtailusers/bulk_actions/confirm_bulk_delete_keep_records.html"

    @cached_property
    def _split(self):
        objects, without_access = super().get_actionable_objects()
        deletable, kept = [], []
        for obj in objects:
            (kept if records_keeping(obj) else deletable).append(obj)
        return deletable, {**without_access, "items_kept_for_the_record": kept}

    def get_actionable_objects(self):
        return self._split

    def get_success_message(self, num_parent_objects, num_child_objects):
        kept = self._split[1]["items_kept_for_the_record"]
        if kept:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d user was kept: the trust's records keep their name. Deactivate them instead.",
                    "%(count)d users were kept: the trust's records keep their names. Deactivate them instead.",
                    len(kept),
                )
                % {"count": len(kept)},
            )
        return super().get_success_message(num_parent_objects, num_child_objects)


class HandOverSetActiveStateBulkAction(SetActiveStateBulkAction):
    """Wagtail's bulk "Set active state", saving each account so a deactivation hands on what they held.

    Wagtail's own updates the rows in one query, which no ``pre_save``/``post_save``
    receiver sees; the leaver hand-over (``forms_app.leavers``) is connected to those.
    Registered after Wagtail's own (hook order), so it takes its place.
    """

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, model=None, **kwargs):
        acting = kwargs.get("user")
        changed = 0
        for obj in objects:
            if acting is not None and obj.pk == acting.pk:
                continue  # nobody deactivates themselves (Wagtail's rule)
            if obj.is_active == mark_as_active:
                continue
            obj.is_active = mark_as_active
            obj._deactivated_by = acting
            obj.save(update_fields=["is_active"])
            changed += 1
        return changed, 0
