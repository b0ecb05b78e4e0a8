"""The base of every step form, and the questions about a request that decide which answers a step asks.

Separate from the step forms so that the simple steps and the administration step, each in
its own module, share one base without importing each other.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.db import models
from django.utils.text import capfirst

from home.selectors import active_staff

from ...answers import ASKED_ONLY_WHEN
from ...models import SitePerson, SocialMediaSiteRequest
from .fields import SHORT_NAMES, answer_max_length, limit_text_field


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
