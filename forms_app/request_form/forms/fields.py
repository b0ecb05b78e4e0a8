"""The building blocks of the request's step forms: answer limits, show-if hints, staff and platform fields.

Kept apart from the forms themselves so that the draft save (``forms_app.request_form.services``)
can read the answer limits without importing every step, and so that each step module holds
questions only, not the widgets they are drawn with.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ...models import SocialMediaSiteRequest

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
