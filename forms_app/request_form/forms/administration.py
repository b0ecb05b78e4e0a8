"""Step 5, "Administration of the site": administrators and moderators chosen one per row, and the
authorised people without a staff account entered in a formset.

Its own module because the rows, the "Add another" actions and the formset make it as long
as every other step together.
"""

from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from home.selectors import active_staff

from ...constants import Host, SiteRole
from ...models import SitePerson, SocialMediaSiteRequest
from .base import StepForm, has_external_contributors, school_staff
from .fields import StaffRowsField, StaffRowsWidget, limit_text_field, show_if


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


def _staff_rows(label: str, row_label: str, help_text: str) -> StaffRowsField:
    """Return a field of members of staff chosen one per row, each row labelled ``row_label``.

    Its choices are set per form to the active staff of the request's school.
    """
    return StaffRowsField(
        queryset=active_staff().none(),
        label=label,
        help_text=help_text,
        widget=StaffRowsWidget(row_label=row_label, empty_label=_("Choose a member of staff")),
    )


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

    administrators = _staff_rows(
        _("Names of administrators"),
        _("Administrator"),
        _(
            "The site must have at least 2 approved administrators. Start typing a name or job title, then "
            "choose the person."
        ),
    )
    moderators = _staff_rows(
        _("Names of moderators"),
        _("Moderator"),
        _(
            "The site must have at least 2 approved moderators, to cover leave and absences. Start typing a "
            "name or job title, then choose the person."
        ),
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
