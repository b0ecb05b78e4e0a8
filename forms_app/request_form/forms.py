"""One form per step of the Appendix B request, rendered with crispy-forms (bootstrap5).

Fields are optional at form level: what must be answered, and the policy rules, are
checked by ``forms_app.rules`` so that the step and the final submission apply the same
rules. Forms only check each value on its own (type, length, allowed choice).
"""

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from home.models import School
from home.selectors import active_staff

from ..answers import ASKED_ONLY_WHEN
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
    "OtherPeopleFormSet",
    "answer_max_length",
    "has_external_contributors",
    "school_staff",
]

MAX_TEXT_LENGTH = 4000  # characters in a long answer: about two pages, ample for a business case
YOUNGEST_AGE, OLDEST_AGE = 2, 25  # nursery to post-16 provision and adult learners


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


class ReadableMaxLengthValidator(MaxLengthValidator):
    """``MaxLengthValidator`` whose message writes numbers as people read them: "4,000", "4,599"."""

    def __call__(self, value):
        length = self.clean(value)
        if length > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": f"{self.limit_value:,}", "show_value": f"{length:,}", "value": value},
            )


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
        ReadableMaxLengthValidator(
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
    """An active member of staff of the request's school, labelled "Name, job title"."""

    def label_from_instance(self, obj) -> str:
        return ", ".join(p for p in (obj.display_name(), obj.job_title) if p)


class StaffPickerSelect(forms.Select):
    """A plain ``<select>`` that ``static/js/staff-picker.js`` enhances into an accessible
    autocomplete (typing a name or job title); without JavaScript it stays a select."""

    def __init__(self, attrs=None):
        super().__init__({"data-staff-picker": "", "autocomplete": "off", **(attrs or {})})


class StaffRowsWidget(forms.SelectMultiple):
    """Several people chosen one per row: ``rows`` single ``<select>`` elements sharing one name.

    The first row's id is the field's id (the error summary's link target); the others get
    ``_1``, ``_2``... Each row is labelled "<row_label> N". The form sets ``rows`` (at least
    the people already chosen, plus one when "Add another" was pressed). Choices are read
    once however many rows there are.
    """

    template_name = "forms_app/widgets/staff_rows.html"
    use_fieldset = True

    def __init__(self, attrs=None, *, row_label: str = "", empty_label: str = ""):
        super().__init__(attrs)
        self.rows = 2
        self.row_label = row_label
        self.empty_label = empty_label

    def id_for_label(self, id_):
        return ""

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/), not the form renderer's own.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308  (an escaping template)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [str(v) for v in (value or []) if str(v)]
        options = [(str(v), str(label)) for v, label in self.choices if str(v)]
        base_id = context["widget"]["attrs"].get("id", f"id_{name}")
        rows = []
        for index in range(max(self.rows, len(chosen))):
            rows.append(
                {
                    "id": base_id if index == 0 else f"{base_id}_{index}",
                    "label": f"{self.row_label} {index + 1}",
                    "value": chosen[index] if index < len(chosen) else "",
                }
            )
        invalid = context["widget"]["attrs"].get("aria-invalid") == "true"
        context["widget"].update(rows=rows, options=options, empty_label=self.empty_label, invalid=invalid)
        return context

    def value_from_datadict(self, data, files, name):
        return [v for v in super().value_from_datadict(data, files, name) or [] if v]


class StaffRowsField(forms.ModelMultipleChoiceField):
    """Members of staff chosen one per row (``StaffRowsWidget``), labelled like ``StaffChoiceField``;
    the same person chosen twice counts once, in the order chosen."""

    label_from_instance = StaffChoiceField.label_from_instance

    def clean(self, value):
        value = list(dict.fromkeys(str(v) for v in value or []))
        chosen = super().clean(value)
        by_pk = {str(user.pk): user for user in chosen}
        return [by_pk[v] for v in value if v in by_pk]


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

    def has_own_errors(self) -> bool:
        """Whether any answer failed its own checks (type, length, allowed choice): such an answer is not saved."""
        return bool(self.errors)

    def refused_labels(self) -> list[str]:
        """The labels of the questions whose answers failed their own checks (and so were not saved)."""
        return [str(self[name].label) for name in self.errors if name in self.fields]

    def extra_error_links(self) -> list[dict]:
        """Error summary entries beyond the form's own fields (say a formset's rows); none by default."""
        return []


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


class OtherPersonForm(forms.Form):
    """One authorised person without a staff account (A.3.1): name, who they are, role on the site."""

    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    description = forms.CharField(
        label=_("Who they are"),
        help_text=_("For example: 'Volunteer, Parent Teacher Association'."),
        max_length=150,
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Role on the site"), choices=[("", _("Choose a role"))] + list(SiteRole.choices), required=False
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "They will be emailed a link to read and acknowledge the Social Media Policy: everyone who runs the "
            "site must have read it."
        ),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_field(self.fields["name"], limit=150, short_name=_("The name"))
        limit_text_field(self.fields["description"], limit=150, short_name=_("Who they are"))
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "role" else "form-control"

    def clean(self):
        data = super().clean()
        name, description, role = data.get("name", ""), data.get("description", ""), data.get("role", "")
        if (description or role) and not name:
            self.add_error("name", _("Enter the authorised person's name."))
        if name and not description:
            self.add_error(
                "description",
                _(
                    "Say who %(name)s is: administrators and moderators must be school employees or other "
                    "authorised people (A.3.1)."
                )
                % {"name": name},
            )
        if name and not role:
            self.add_error("role", _("Choose whether %(name)s is an administrator or a moderator.") % {"name": name})
        return data


MAX_OTHER_PEOPLE = 10  # authorised people without an account on one request; more is a matter for the approvers

OtherPeopleFormSet = forms.formset_factory(
    OtherPersonForm, extra=0, max_num=MAX_OTHER_PEOPLE, validate_max=True, absolute_max=MAX_OTHER_PEOPLE
)


def has_external_contributors(site_request) -> bool:
    """Whether the contributors include people from outside the school (``EXTERNAL_GROUPS``): then who
    vets them (A.5.7) and how they are advertised for (A.5.8) are asked."""
    return ASKED_ONLY_WHEN["vetting_person"](site_request)


def needs_consent_plan(site_request) -> bool:
    """Whether the contributors include children or adults with learning disabilities (A.5.2): then the
    consent plan is asked."""
    return ASKED_ONLY_WHEN["consent_plan"](site_request)


def school_staff(school):
    """The active staff of ``school`` (``home.selectors.active_staff``), the only people a request may name."""
    return active_staff().filter(school=school)


class AdministrationForm(StepForm):
    """Step 5, "Administration of the site": administrators, moderators, vetting and hosting.

    Administrators and moderators are active staff of the request's school (A.3.1), chosen
    one per row with "Add another"; an authorised person without an account is entered in
    the ``others`` formset (prefix ``others``) and saved as an external ``SitePerson``,
    flagged to approvers. "Who will vet external contributors?" is asked only when the
    contributors include people from outside the school (A.5.7).

    POST ``action=add-administrators`` / ``add-moderators`` / ``add-others`` asks for one more row.
    """

    ADD_ACTIONS = {"add-administrators": "administrators", "add-moderators": "moderators", "add-others": "others"}

    administrators = StaffRowsField(
        queryset=active_staff().none(),
        label=_("Names of administrators"),
        help_text=_(
            "The site must have at least 2 approved administrators. Start typing a name or job title, then "
            "choose the person."
        ),
        widget=StaffRowsWidget(row_label=_("Administrator"), empty_label=_("Choose a member of staff")),
    )
    moderators = StaffRowsField(
        queryset=active_staff().none(),
        label=_("Names of moderators"),
        help_text=_(
            "The site must have at least 2 approved moderators, to cover leave and absences. Start typing a "
            "name or job title, then choose the person."
        ),
        widget=StaffRowsWidget(row_label=_("Moderator"), empty_label=_("Choose a member of staff")),
    )
    host = forms.ChoiceField(label=_("Who will host the site?"), choices=Host.choices, widget=forms.RadioSelect)

    class Meta:
        model = SocialMediaSiteRequest
        fields = ["vetting_person", "host", "host_name"]

    def __init__(self, *args, add: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        school = self.instance.school
        staff = school_staff(school)
        for name in ("administrators", "moderators"):
            self.fields[name].queryset = staff
            message = _("Choose %(role)s from the active staff of %(school)s: a person chosen is not one of them.") % {
                "role": self.fields[name].label.lower().removeprefix("names of "),
                "school": school,
            }
            self.fields[name].error_messages.update(invalid_choice=message, invalid_pk_value=message)
        if not has_external_contributors(self.instance):
            del self.fields["vetting_person"]  # kept in the draft, asked again if external contributors return
        else:
            self.fields["vetting_person"].help_text = _(
                "Contributors from outside the school must be checked carefully before they are approved (A.5.7)."
            )
        self.fields["host_name"].widget.attrs.update(show_if(("host", Host.THIRD_PARTY)))
        existing = self._saved_people = list(self.instance.site_people.all()) if self.instance.pk else []
        for name, role in (("administrators", SiteRole.ADMINISTRATOR), ("moderators", SiteRole.MODERATOR)):
            self.initial.setdefault(name, [p.user_id for p in existing if p.user_id and p.role == role])
        if self.is_bound and self.data.get("action") in self.ADD_ACTIONS:
            add = self.ADD_ACTIONS[self.data["action"]]
        self.add = add
        for name in ("administrators", "moderators"):
            chosen = self.fields[name].widget.value_from_datadict(self.data, {}, name) if self.is_bound else []
            chosen = chosen or self.initial[name]
            self.fields[name].widget.rows = max(2, len([c for c in chosen if c])) + (1 if add == name else 0)
        saved_others = [
            {"name": p.name, "description": p.description, "role": p.role, "email": p.email}
            for p in existing
            if not p.user_id
        ]
        if self.is_bound and f"others-{forms.formsets.TOTAL_FORM_COUNT}" in self.data:
            data = self.data
            if add == "others":
                data = self.data.copy()
                total = int(data.get(f"others-{forms.formsets.TOTAL_FORM_COUNT}") or 0)
                data[f"others-{forms.formsets.TOTAL_FORM_COUNT}"] = str(min(total + 1, MAX_OTHER_PEOPLE))
            self.others = OtherPeopleFormSet(data, prefix="others")
        elif self.is_bound:  # a post without the rows (an old page, a script): no authorised others
            self.others = OtherPeopleFormSet({"others-TOTAL_FORMS": "0", "others-INITIAL_FORMS": "0"}, prefix="others")
        else:
            self.others = OtherPeopleFormSet(
                prefix="others", initial=saved_others + ([{}] if add == "others" or not saved_others else [])
            )
            self.others.extra = 0
        self.helper.layout = Layout(
            Field("administrators", template="forms_app/includes/staff_rows_field.html"),
            Field("moderators", template="forms_app/includes/staff_rows_field.html"),
            HTML('{% include "forms_app/includes/other_people.html" %}'),
            *[name for name in ("vetting_person", "host", "host_name") if name in self.fields],
        )

    def has_own_errors(self) -> bool:
        """Whether any answer on the step failed its own checks, the authorised people's rows included."""
        return bool(self.errors) or (self.others.is_bound and not self.others.is_valid())

    def refused_labels(self) -> list[str]:
        labels = super().refused_labels()
        if self.others.is_bound and not self.others.is_valid():
            labels.append(str(_("Authorised people without a staff account")))
        return labels

    def extra_error_links(self) -> list[dict]:
        """Error summary entries for the authorised people's rows: ``[{"anchor": id, "message": text}]``."""
        if not (self.others.is_bound and not self.others.is_valid()):
            return []
        links = [{"anchor": "others-heading", "message": m} for m in self.others.non_form_errors()]
        for index, row in enumerate(self.others.forms, start=1):
            for name, errors in row.errors.items():
                for message in errors:
                    anchor = row[name].auto_id if name in row.fields else "others-heading"
                    links.append(
                        {
                            "anchor": anchor,
                            "message": _("Authorised person %(n)s: %(message)s") % {"n": index, "message": message},
                        }
                    )
        return links

    def people(self) -> list[SitePerson]:
        """The administrators and moderators as unsaved ``SitePerson`` rows, from the answers
        that passed their own checks (used by the rules and saved with the draft). A refused
        answer keeps the saved people of that kind."""
        data = getattr(self, "cleaned_data", {})
        people = []
        for role, name in ((SiteRole.ADMINISTRATOR, "administrators"), (SiteRole.MODERATOR, "moderators")):
            if name in data:
                people.extend(SitePerson(role=role, user=user) for user in data[name])
            else:  # a refused choice (say a leaver's account) must not wipe the saved names
                people.extend(
                    SitePerson(role=role, user_id=p.user_id) for p in self._saved_people if p.user_id and p.role == role
                )
        if self.others.is_bound and self.others.is_valid():
            for row in self.others.cleaned_data:
                if row.get("name") and row.get("role") in SiteRole.values:
                    people.append(
                        SitePerson(
                            role=row["role"],
                            name=row["name"],
                            description=row["description"],
                            email=row.get("email", ""),
                        )
                    )
        else:
            people.extend(
                SitePerson(role=p.role, name=p.name, description=p.description, email=p.email)
                for p in self._saved_people
                if not p.user_id
            )
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
