"""Wagtail admin forms for staff accounts: adds school and job title to Wagtail's own."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
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


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin using the forms above (templates add the fields to the page)."""

    template_prefix = "wagtailusers/users/"

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return StaffAccountEditForm if for_update else StaffAccountCreationForm
