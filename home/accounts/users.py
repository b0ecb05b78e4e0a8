"""Wagtail admin forms for staff accounts: adds school and job title to Wagtail's own.

The edit page's header also shows the buttons that apps register with the project's
``register_user_page_buttons`` hook (each a function ``(user, request_user)`` yielding
Wagtail ``HeaderButton``s): the leaver hand-over comes from ``forms_app``, a floor above.
"""

from django import forms
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from home.models import School

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
    """Wagtail's "Edit user" page, with the buttons of the ``register_user_page_buttons`` hook in its header."""

    @cached_property
    def header_buttons(self) -> list:
        buttons = list(super().header_buttons)
        for button_hook in hooks.get_hooks("register_user_page_buttons"):
            buttons.extend(button_hook(user=self.object, request_user=self.request.user))
        return buttons


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin using the forms above (templates add the fields to the page)."""

    template_prefix = "wagtailusers/users/"
    edit_view_class = StaffAccountEditView

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return StaffAccountEditForm if for_update else StaffAccountCreationForm
