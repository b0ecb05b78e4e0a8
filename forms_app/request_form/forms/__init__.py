"""One form per step of the Appendix B request, rendered with crispy-forms (bootstrap5).

Fields are optional at form level: what must be answered, and the policy rules, are
checked by ``forms_app.rules`` so that the step and the final submission apply the same
rules. Forms only check each value on its own (type, length, allowed choice).

The forms live in ``fields.py`` (limits, widgets, staff and platform fields), ``base.py``
(``StepForm``), ``steps.py`` (the simple steps and the declaration) and ``administration.py``
(step 5); they are re-exported here so that callers name ``forms_app.request_form.forms``
whatever module a form is in. Every name the single ``forms.py`` had stays importable from
here, beyond those in ``__all__``.
"""

# The names not in ``__all__`` are re-exported for callers that imported them from the old ``forms.py``.
# ruff: noqa: F401

from .administration import MAX_OTHER_PEOPLE, AdministrationForm, OtherPeopleFormSet, OtherPersonForm
from .base import StepForm, has_external_contributors, needs_consent_plan, school_staff
from .fields import (
    MAX_TEXT_LENGTH,
    OLDEST_AGE,
    SHORT_NAMES,
    YOUNGEST_AGE,
    PlatformChoiceField,
    ReadableMaxLengthValidator,
    StaffChoiceField,
    StaffPickerSelect,
    StaffRowsField,
    StaffRowsWidget,
    answer_max_length,
    limit_text_field,
    show_if,
)
from .steps import AudienceForm, ContributorsForm, DatesForm, DeclarationForm, GroupsForm, PurposeForm, TeamForm

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
