"""The step forms with a fixed set of questions: team, purpose, audience, contributors and dates,
and the declaration on "Check your answers".

The administration step, with its rows of people and its formset, is in ``administration.py``:
it is as long as all of these together.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import School
from home.selectors import active_staff

from ...answers import questions_of
from ...constants import AudienceGroup, Visibility
from ...models import Platform, SocialMediaSiteRequest
from .base import StepForm, has_external_contributors, needs_consent_plan, school_staff
from .fields import OLDEST_AGE, YOUNGEST_AGE, PlatformChoiceField, StaffChoiceField, StaffPickerSelect, show_if


class TeamForm(StepForm):
    """Step 1, "Team details": the school, department and line manager (the author is the user)."""

    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        label=_("School or central team the site is for"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose your own school: you can only request a site for it.")},
    )
    line_manager = StaffChoiceField(
        queryset=active_staff().none(),
        label=_("Author's line manager"),
        help_text=_("Start typing their name or job title, then choose them from the list."),
        empty_label=_("Choose a member of staff"),
        widget=StaffPickerSelect,
    )

    class Meta:
        model = SocialMediaSiteRequest
        fields = ["school", "department", "line_manager"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(pk=self.user.school_id)
        school = self.instance.school if self.instance.school_id else self.user.school
        self.fields["line_manager"].queryset = school_staff(school).exclude(pk=self.user.pk)
        self.fields["line_manager"].error_messages["invalid_choice"] = _(
            "Choose your line manager from the staff of %(school)s: the person chosen is not one of them."
        ) % {"school": school}

    def clean_school(self):
        # The school cannot be blanked: a draft always belongs to one (it decides the approvers).
        return self.cleaned_data.get("school") or self.instance.school


class PurposeForm(StepForm):
    """Step 2, "Purpose of setting up social media site", with the business case questions."""

    platform = PlatformChoiceField(
        queryset=Platform.objects.all(),
        label=_("Platform"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the platforms listed.")},
    )
    visibility = forms.ChoiceField(
        label=_("Will the account be open or private/closed?"), choices=Visibility.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = SocialMediaSiteRequest
        fields = [
            "aims",
            "proposed_content",
            "platform",
            "platform_other_name",
            "account_name",
            "promotion",
            "visibility",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs_name = [str(p.pk) for p in self.fields["platform"].queryset if p.needs_name]
        self.fields["platform_other_name"].widget.attrs.update(show_if(*[("platform", pk) for pk in needs_name]))


class GroupsForm(StepForm):
    """Base of the audience and contributors steps: Appendix B's tick-boxes and their details."""

    prefix_name = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        p = self.prefix_name
        self.fields[p] = forms.MultipleChoiceField(
            label=self.fields[p].label,
            help_text=_("Tick all that apply."),
            choices=AudienceGroup.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={"invalid_choice": _("Choose only from the groups listed.")},
        )
        for name in (f"{p}_age_from", f"{p}_age_to"):
            self.fields[name] = forms.IntegerField(
                label=self.fields[name].label,
                required=False,
                min_value=YOUNGEST_AGE,
                max_value=OLDEST_AGE,
                widget=forms.NumberInput(attrs=show_if((p, AudienceGroup.PUPILS))),
            )
        self.fields[f"{p}_other_schools"].widget.attrs.update(show_if((p, AudienceGroup.OTHER_SCHOOLS)))
        self.fields[f"{p}_other_details"].widget.attrs.update(show_if((p, AudienceGroup.OTHERS)))

    def clean(self):
        data = super().clean()
        p = self.prefix_name
        if p in data:
            data[p] = [g for g in AudienceGroup.values if g in data[p]]  # the form's order, no repeats
        return data


class AudienceForm(GroupsForm):
    """Step 3, "Proposed audience of the site (tick all that apply)"."""

    prefix_name = "audience"

    class Meta:
        model = SocialMediaSiteRequest
        fields = questions_of("audience")


class ContributorsForm(GroupsForm):
    """Step 4, "Proposed contributors to the site"."""

    prefix_name = "contributors"

    class Meta:
        model = SocialMediaSiteRequest
        fields = questions_of("contributors")


class DatesForm(StepForm):
    """Step 6: going live, closure, advertising for contributors, consent and security."""

    class Meta:
        model = SocialMediaSiteRequest
        fields = ["go_live_date", "closure_date", "contributor_advertising", "consent_plan", "security_measures"]
        widgets = {
            "go_live_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closure_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("go_live_date", "closure_date"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
            self.fields[name].error_messages["invalid"] = _("Enter a real date, for example 31/12/2026.")
        # Asked only when the contributors (step 4) make them relevant; an answer given earlier stays
        # in the draft, in case the contributors change back.
        if has_external_contributors(self.instance):
            self.fields["contributor_advertising"].help_text = _(
                "Your contributors include people from outside the school; the Headteacher must approve how "
                "you advertise for them (A.5.8)."
            )
        else:
            del self.fields["contributor_advertising"]
        if needs_consent_plan(self.instance):
            self.fields["consent_plan"].help_text = _(
                "Your contributors include children or adults with learning disabilities (A.5.2)."
            )
        else:
            del self.fields["consent_plan"]


class DeclarationForm(forms.Form):
    """The declaration on "Check your answers": the author has read the Social Media Policy."""

    declaration = forms.BooleanField(
        label=_("I have read the Social Media Policy"),
        error_messages={"required": _("Confirm that you have read the Social Media Policy before you submit.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
