"""The ICT Manager's form for recording a site runner's training, on the approvers' review page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from ..models import SitePerson

__all__ = ["TrainingForm"]


class TrainingForm(forms.Form):
    """Who was trained (one of the request's administrators and moderators), when, and in what.

    Field names are ``record_training``'s keyword arguments; its ``ValidationError`` is
    shown beside the field.
    """

    person = forms.ModelChoiceField(
        label=_("Administrator or moderator"),
        queryset=SitePerson.objects.none(),
        error_messages={"required": _("Choose who was trained."), "invalid_choice": _("Choose a person named here.")},
    )
    trained_on = forms.DateField(
        label=_("Date of training"),
        required=False,
        widget=AdminDateInput,
        error_messages={"invalid": _("Enter a real date, for example 31/12/2026.")},
    )
    course = forms.CharField(
        label=_("Training given"),
        max_length=200,
        required=False,
        help_text=_("For example: 'Running an official school account: safeguarding, moderation, closure'."),
    )

    def __init__(self, *args, site_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = site_request.site_people.select_related("user").order_by("role", "sort_order")
        self.fields["person"].label_from_instance = lambda p: f"{p.display_name} ({p.get_role_display().lower()})"
