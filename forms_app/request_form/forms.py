"""One form per step of the Appendix B request, rendered with crispy-forms (bootstrap5).

Fields are optional at form level: what must be answered, and the policy rules, are
checked by ``forms_app.rules`` so that the step and the final submission apply the same
rules. Forms only check each value on its own (type, length, allowed choice).
"""

import json

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from home.models import School
from home.selectors import active_staff

from ..constants import AudienceGroup, Host, SiteRole, Visibility
from ..models import Platform, SitePerson, SocialMediaSiteRequest

__all__ = [
    "TeamForm",
    "PurposeForm",
    "AudienceForm",
    "ContributorsForm",
    "AdministrationForm",
    "DatesForm",
    "DeclarationForm",
    "MAX_TEXT_LENGTH",
    "EXTERNAL_PERSON_SLOTS",
]

MAX_TEXT_LENGTH = 4000  # characters in a long answer: about two pages, ample for a business case
YOUNGEST_AGE, OLDEST_AGE = 2, 25  # nursery to post-16 provision and adult learners
EXTERNAL_PERSON_SLOTS = 2  # authorised people without a staff account, per request


# How an error message names a text answer ("The aims must be 4,000 characters or fewer").
SHORT_NAMES = {
    "department": _("Your department"),
    "aims": _("The aims"),
    "proposed_content": _("The proposed content"),
    "platform_other_name": _("The name of the platform"),
    "account_name": _("The site or account name"),
    "promotion": _("How the account will be promoted"),
    "audience_other_schools": _("The names of the other schools"),
    "audience_other_details": _("The details of the other audience"),
    "contributors_other_schools": _("The names of the other schools"),
    "contributors_other_details": _("The details of the other contributors"),
    "vetting_person": _("Who will vet external contributors"),
    "host_name": _("The host name"),
    "contributor_advertising": _("How you will advertise for external contributors"),
    "consent_plan": _("How you will obtain consent"),
    "security_measures": _("The security measures"),
}


def answer_max_length(name: str) -> int | None:
    """The documented maximum length, in characters, of the request's text answer ``name``.

    A short answer (a model ``CharField``) has its column's ``max_length`` (80 to 150);
    a long answer (a ``TextField``) has ``MAX_TEXT_LENGTH`` (4,000). None for any other
    field. The form, the draft save and the model agree on these limits; an answer
    over them is refused with a message, never cut short.
    """
    try:
        field = SocialMediaSiteRequest._meta.get_field(name)
    except Exception:  # noqa: BLE001  (a form-only field)
        return None
    if isinstance(field, models.TextField):
        return MAX_TEXT_LENGTH
    if isinstance(field, models.CharField):
        return field.max_length
    return None


def limit_text_field(field: forms.CharField, *, limit: int, short_name) -> None:
    """Give ``field`` a maximum of ``limit`` characters and a NUL-character check, each with a message
    that names the answer and says it was not saved; a hint states the limit. The browser's
    ``maxlength`` is removed: it would cut a pasted answer short without a word."""
    field.max_length = limit
    field.widget.attrs.pop("maxlength", None)
    field.validators = [
        v for v in field.validators if not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator)
    ]
    field.validators.append(
        MaxLengthValidator(
            limit,
            message=format_lazy(
                "{} {}",
                short_name,
                _(
                    "must be %(limit_value)s characters or fewer. You entered %(show_value)s: shorten it. "
                    "This answer was not saved."
                ),
            ),
        )
    )
    field.validators.append(
        ProhibitNullCharactersValidator(
            message=format_lazy(
                "{} {}",
                short_name,
                _(
                    "contains an invisible NUL character (often pasted from another program): retype that part. "
                    "This answer was not saved."
                ),
            )
        )
    )
    hint = _("Up to %(limit)s characters.") % {"limit": f"{limit:,}"}
    field.help_text = format_lazy("{} {}", field.help_text, hint) if field.help_text else hint
    field.widget.attrs["data-max-length"] = str(limit)


def show_if(*conditions: tuple[str, str]) -> dict:
    """Widget attributes telling ``request-form.js`` to show a detail question only when
    one of ``conditions`` (``(field name, value)``) is ticked or chosen."""
    return {"data-show-if": json.dumps([list(c) for c in conditions])}


class StaffChoiceField(forms.ModelChoiceField):
    """An active member of staff of the trust, labelled with name, job title and school."""

    def label_from_instance(self, obj) -> str:
        parts = [obj.display_name(), obj.job_title, str(obj.school) if obj.school_id else ""]
        return ", ".join(p for p in parts if p)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several active members of staff, labelled like ``StaffChoiceField``."""

    label_from_instance = StaffChoiceField.label_from_instance


class PlatformChoiceField(forms.ModelChoiceField):
    """A platform, labelled by its name only."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class StepForm(forms.ModelForm):
    """Base of every step: optional fields, long answers capped, crispy without a <form> tag.

    Takes ``user`` (the signed-in author) as a keyword argument.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            field.required = False
            model_field = self._model_field(name)
            if isinstance(model_field, models.TextField):
                field.widget.attrs.update(rows=4)
            limit = answer_max_length(name)
            if limit is not None and isinstance(field, forms.CharField):
                short_name = SHORT_NAMES.get(name) or capfirst(str(model_field.verbose_name))
                limit_text_field(field, limit=limit, short_name=short_name)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _model_field(self, name):
        try:
            return SocialMediaSiteRequest._meta.get_field(name)
        except Exception:  # noqa: BLE001  (a form-only field)
            return None

    def save_valid_answers(self) -> SocialMediaSiteRequest:
        """Copy every answer that passed its own checks onto the instance (unsaved) and return it.

        Used even when other answers on the step are wrong, so the draft keeps all that can be kept.
        """
        data = getattr(self, "cleaned_data", {})
        for name in self._meta.fields:
            if name in data:
                setattr(self.instance, name, data[name])
        return self.instance

    def people(self) -> list[SitePerson] | None:
        """The administrators and moderators this step sets, or None if it does not ask."""
        return None


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
        help_text=_("Choose from the trust's active staff accounts."),
        error_messages={"invalid_choice": _("Choose your line manager from the trust's active staff.")},
    )

    class Meta:
        model = SocialMediaSiteRequest
        fields = ["school", "department", "line_manager"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(pk=self.user.school_id)
        self.fields["line_manager"].queryset = active_staff().select_related("school").exclude(pk=self.user.pk)

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
        fields = [
            "audience",
            "audience_age_from",
            "audience_age_to",
            "audience_other_schools",
            "audience_other_details",
        ]


class ContributorsForm(GroupsForm):
    """Step 4, "Proposed contributors to the site"."""

    prefix_name = "contributors"

    class Meta:
        model = SocialMediaSiteRequest
        fields = [
            "contributors",
            "contributors_age_from",
            "contributors_age_to",
            "contributors_other_schools",
            "contributors_other_details",
            "contributors_include_vulnerable_adults",
        ]


class AdministrationForm(StepForm):
    """Step 5, "Administration of the site": administrators, moderators, vetting and hosting.

    Administrators and moderators are active staff of the trust (A.3.1) or, for an
    authorised person without an account, a name and who they are; the latter are saved
    as external ``SitePerson`` rows and flagged to approvers.
    """

    administrators = StaffMultipleChoiceField(
        queryset=active_staff().none(),
        label=_("Names of administrators"),
        help_text=_(
            "The site must have at least 2 approved administrators. Choose members of staff "
            "(hold Ctrl, or Cmd on a Mac, to choose more than one)."
        ),
        error_messages={"invalid_choice": _("%(value)s is not an active member of staff: choose from the list.")},
    )
    moderators = StaffMultipleChoiceField(
        queryset=active_staff().none(),
        label=_("Names of moderators"),
        help_text=_(
            "The site must have at least 2 approved moderators, to cover leave and absences. Choose members "
            "of staff (hold Ctrl, or Cmd on a Mac, to choose more than one)."
        ),
        error_messages={"invalid_choice": _("%(value)s is not an active member of staff: choose from the list.")},
    )
    host = forms.ChoiceField(label=_("Who will host the site?"), choices=Host.choices, widget=forms.RadioSelect)

    class Meta:
        model = SocialMediaSiteRequest
        fields = ["vetting_person", "host", "host_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = active_staff().select_related("school")
        for name in ("administrators", "moderators"):
            self.fields[name].queryset = staff
            self.fields[name].widget.attrs.update(size=8)
        self.fields["vetting_person"].help_text = _(
            "Needed when any contributors come from outside the school (A.5.7)."
        )
        self.fields["host_name"].widget.attrs.update(show_if(("host", Host.THIRD_PARTY)))
        existing = self._saved_people = list(self.instance.site_people.all()) if self.instance.pk else []
        self.initial.setdefault(
            "administrators", [p.user_id for p in existing if p.user_id and p.role == SiteRole.ADMINISTRATOR]
        )
        self.initial.setdefault(
            "moderators", [p.user_id for p in existing if p.user_id and p.role == SiteRole.MODERATOR]
        )
        others = [p for p in existing if not p.user_id]
        for slot in range(1, EXTERNAL_PERSON_SLOTS + 1):
            person = others[slot - 1] if len(others) >= slot else None
            self.fields[f"other_{slot}_name"] = forms.CharField(
                label=_("Authorised person without a staff account %(n)s: name") % {"n": slot},
                max_length=150,
                required=False,
                initial=person.name if person else "",
            )
            self.fields[f"other_{slot}_description"] = forms.CharField(
                label=_("Authorised person %(n)s: who they are") % {"n": slot},
                help_text=_("For example: 'Volunteer, Parent Teacher Association'."),
                max_length=150,
                required=False,
                initial=person.description if person else "",
            )
            self.fields[f"other_{slot}_role"] = forms.ChoiceField(
                label=_("Authorised person %(n)s: role on the site") % {"n": slot},
                choices=[("", _("Choose a role"))] + list(SiteRole.choices),
                required=False,
                initial=person.role if person else "",
            )
        # Appendix B's order: administrators, moderators (and authorised others), vetting, hosting.
        self.order_fields(["administrators", "moderators", *[n for n in self.fields if n.startswith("other_")]])

    def clean(self):
        data = super().clean()
        for slot in range(1, EXTERNAL_PERSON_SLOTS + 1):
            name = data.get(f"other_{slot}_name", "")
            description = data.get(f"other_{slot}_description", "")
            role = data.get(f"other_{slot}_role", "")
            if (description or role) and not name:
                self.add_error(f"other_{slot}_name", _("Give the authorised person's name."))
            if name and not description:
                self.add_error(
                    f"other_{slot}_description",
                    _(
                        "Say who %(name)s is: administrators and moderators must be school employees or other "
                        "authorised people (A.3.1)."
                    )
                    % {"name": name},
                )
            if name and not role:
                self.add_error(
                    f"other_{slot}_role",
                    _("Choose whether %(name)s is an administrator or a moderator.") % {"name": name},
                )
        return data

    def people(self) -> list[SitePerson]:
        """The administrators and moderators as unsaved ``SitePerson`` rows, from the answers
        that passed their own checks (used by the rules and saved with the draft)."""
        data = getattr(self, "cleaned_data", {})
        people = []
        for role, name in ((SiteRole.ADMINISTRATOR, "administrators"), (SiteRole.MODERATOR, "moderators")):
            if name in data:
                people.extend(SitePerson(role=role, user=user) for user in data[name])
            else:  # a refused choice (say a leaver's account) must not wipe the saved names
                people.extend(
                    SitePerson(role=role, user_id=p.user_id) for p in self._saved_people if p.user_id and p.role == role
                )
        for slot in range(1, EXTERNAL_PERSON_SLOTS + 1):
            name = data.get(f"other_{slot}_name", "")
            role = data.get(f"other_{slot}_role", "")
            if name and role in SiteRole.values:
                people.append(SitePerson(role=role, name=name, description=data.get(f"other_{slot}_description", "")))
        return people


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
        self.fields["contributor_advertising"].help_text = _(
            "Needed when any contributors come from outside the school (A.5.8)."
        )
        self.fields["consent_plan"].help_text = _(
            "Needed when contributors include pupils or adults with learning disabilities."
        )


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
