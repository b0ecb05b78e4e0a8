"""The small forms of the register's actions (mark live, transfer, close).

Each form's field names are the keyword arguments of its service in
``forms_app.register.services``, which checks the rules and raises ``ValidationError``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from home.selectors import active_staff

from ..models import RegisterEntry, RegisterEntryPerson
from ..runners.selectors import candidate_statuses

__all__ = ["MarkLiveForm", "TransferForm", "CloseForm"]


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
        """Offer the site's people, and as replacements only the active staff of its school who are ready to run it.

        ``not_ready`` lists the school's other staff with what each is missing
        (``runners.selectors.candidate_statuses``), for the page to say. A submitted form
        accepts any active account so that the service refuses a wrong one with its reason.
        """
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = entry.people.select_related("user")
        self.fields["person"].label_from_instance = lambda p: f"{p.display_name} ({p.get_role_display().lower()})"
        self.fields["replacement"].label_from_instance = lambda u: u.display_name()
        statuses = candidate_statuses(entry.request)
        if statuses is None:
            self.not_ready = []
            offered = active_staff().filter(school_id=entry.school_id)
        else:
            self.not_ready = [status for status in statuses if not status.is_ready]
            offered = active_staff().filter(pk__in=[status.user.pk for status in statuses if status.is_ready])
        if self.is_bound:
            offered = active_staff()
        self.fields["replacement"].queryset = offered.select_related("school")


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Date closed"), required=False, widget=AdminDateInput)
    reason = forms.CharField(label=_("Reason for closure"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
