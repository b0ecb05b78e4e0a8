"""The steps of the front-end Appendix B form, in the form's order, and how answers are shown.

``STEPS`` is the single list the views, the progress indicator ("Step N of M") and the
"Check your answers" page are built from.
"""

from dataclasses import dataclass

from django import forms as django_forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import forms
from .constants import Group, Host
from .rules import REQUIRED

__all__ = [
    "Step",
    "STEPS",
    "STEP_BY_SLUG",
    "FIELD_STEP",
    "step_url",
    "field_anchor",
    "form_error_links",
    "answer_sections",
]


@dataclass(frozen=True)
class Step:
    """One page of questions: ``number`` counts from 1; ``fields`` are the questions it asks,
    in order (model fields, plus ``administrators``/``moderators`` on the administration step)."""

    number: int
    slug: str
    title: str
    form_class: type[forms.StepForm]
    fields: tuple[str, ...]


def _step(number, slug, title, form_class, extra=()) -> Step:
    return Step(number, slug, title, form_class, tuple(extra) + tuple(form_class._meta.fields))


STEPS: tuple[Step, ...] = (
    _step(1, "team", _("Team details"), forms.TeamForm),
    _step(2, "purpose", _("Purpose of setting up social media site"), forms.PurposeForm),
    _step(3, "audience", _("Proposed audience of the site"), forms.AudienceForm),
    _step(4, "contributors", _("Proposed contributors to the site"), forms.ContributorsForm),
    _step(
        5, "administration", _("Administration of the site"), forms.AdministrationForm, ("administrators", "moderators")
    ),
    _step(6, "dates", _("Going live, closure and safety"), forms.DatesForm),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
FIELD_STEP = {field: step for step in STEPS for field in step.fields}

# Questions answered with radio buttons or tick-boxes: their first option is the link target.
_MULTI_INPUT = {"platform", "visibility", "audience", "contributors", "host"}


def step_url(request_obj, step: Step) -> str:
    """The address of ``step`` for ``request_obj`` (uses its ``public_id``)."""
    return reverse("forms_app:step", kwargs={"public_id": request_obj.public_id, "slug": step.slug})


def field_anchor(name: str) -> str:
    """The HTML id of the control an error summary link for ``name`` points to."""
    return f"id_{name}_0" if name in _MULTI_INPUT else f"id_{name}"


def _bound_anchor(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, django_forms.RadioSelect | django_forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def form_error_links(form) -> list[dict]:
    """The error summary's entries for a bound form: ``[{"anchor": id, "message": text}]``."""
    links = [{"anchor": "", "message": message} for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        for message in errors:
            links.append({"anchor": _bound_anchor(form[name]), "message": message})
    return links


def _user_text(user) -> str:
    details = ", ".join(p for p in (user.job_title, str(user.school) if user.school_id else "") if p)
    return f"{user.display_name()} ({details})" if details else user.display_name()


def _person_text(person) -> str:
    if person.user_id:
        return _user_text(person.user)
    return str(
        _("%(name)s (%(description)s) — not a member of staff: authorised person")
        % {
            "name": person.name,
            "description": person.description,
        }
    )


def _answer(request_obj, name: str, people: list):
    """Return (label, value) for a question; value is a string, a list of strings, or None."""
    if name in ("administrators", "moderators"):
        role = name[:-1]
        label = _("Names of administrators") if name == "administrators" else _("Names of moderators")
        return label, [_person_text(p) for p in people if p.role == role] or None
    field = request_obj._meta.get_field(name)
    value = getattr(request_obj, name)
    if value in (None, "", []):
        return field.verbose_name, None
    if name in ("audience", "contributors"):
        return field.verbose_name, [str(Group(g).label) for g in value if g in Group.values]
    if name == "line_manager":
        return field.verbose_name, _user_text(value)
    if field.choices:
        return field.verbose_name, str(getattr(request_obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return field.verbose_name, str(_("Yes") if value else _("No"))
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return field.verbose_name, date_format(value, "j F Y")
    return field.verbose_name, str(value)


# Detail questions and the option that makes them apply: (question asking for the option, value).
DETAIL_OF = {
    "platform_other_name": ("platform", None),
    "audience_age_from": ("audience", Group.PUPILS),
    "audience_age_to": ("audience", Group.PUPILS),
    "audience_other_schools": ("audience", Group.OTHER_SCHOOLS),
    "audience_other_details": ("audience", Group.OTHERS),
    "contributors_age_from": ("contributors", Group.PUPILS),
    "contributors_age_to": ("contributors", Group.PUPILS),
    "contributors_other_schools": ("contributors", Group.OTHER_SCHOOLS),
    "contributors_other_details": ("contributors", Group.OTHERS),
    "host_name": ("host", Host.THIRD_PARTY),
}


def detail_applies(request_obj, name: str) -> bool:
    """False for a detail whose option is no longer chosen (say an age range after "Pupils"
    was unticked): it stays in the draft, in case the option is chosen again, but is not shown."""
    if name not in DETAIL_OF:
        return True
    parent, value = DETAIL_OF[name]
    if parent == "platform":
        return bool(request_obj.platform_id and request_obj.platform.needs_name)
    chosen = getattr(request_obj, parent)
    return value in chosen if isinstance(chosen, list) else chosen == value


def answer_sections(request_obj, people: list, *, with_change_links: bool) -> list[dict]:
    """The answers grouped by step, for "Check your answers" and the read-only view.

    Returns ``[{"step": Step, "rows": [{"name", "label", "value", "change_url"}]}]``;
    a ``value`` of None means "not answered". Optional details left blank are omitted.
    """
    sections = []
    for step in STEPS:
        rows = []
        for name in step.fields:
            if not detail_applies(request_obj, name):
                continue
            label, value = _answer(request_obj, name, people)
            if value is None and name not in REQUIRED and name not in ("administrators", "moderators"):
                continue
            change_url = f"{step_url(request_obj, step)}#{field_anchor(name)}" if with_change_links else ""
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "value": value,
                    "is_list": isinstance(value, list),
                    "change_url": change_url,
                }
            )
        sections.append({"step": step, "rows": rows})
    return sections
