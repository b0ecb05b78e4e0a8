"""The steps of the front-end Appendix B form, in the form's order.

``STEPS`` is the single list the views, the progress indicator ("Step N of M") and the
"Check your answers" page are built from; the answers themselves are presented by
``forms_app.answers``.
"""

from dataclasses import dataclass

from django import forms as django_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..answers import present_answers
from . import forms

__all__ = [
    "Step",
    "STEPS",
    "STEP_BY_SLUG",
    "FIELD_STEP",
    "step_url",
    "field_anchor",
    "form_error_links",
    "answers_by_step",
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


def step_url(site_request, step: Step) -> str:
    """The address of ``step`` for ``site_request`` (uses its ``public_id``)."""
    return reverse("forms_app:step", kwargs={"public_id": site_request.public_id, "slug": step.slug})


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


def answers_by_step(site_request, people: list, *, with_change_links: bool) -> list[dict]:
    """The answers of ``forms_app.answers.present_answers`` grouped by the step that asks them.

    For "Check your answers" (``with_change_links=True``: each answer links to its control
    on its step) and the author's read-only request page. Returns
    ``[{"step": Step, "answers": [{"answer": Answer, "change_url": str}]}]``, one entry per
    step in order; questions no step asks (the author's name) go with the first step. A
    request on a form built in the admin is grouped by its version's steps
    (``forms_app.built_forms.steps.built_answers_by_step``).
    """
    if site_request.is_built_form:
        from ..built_forms.steps import built_answers_by_step

        return built_answers_by_step(site_request, with_change_links=with_change_links)
    grouped = {step.slug: [] for step in STEPS}
    for section in present_answers(site_request, people=people):
        for answer in section.answers:
            step = FIELD_STEP.get(answer.name)
            change_url = ""
            if step is not None and with_change_links:
                change_url = f"{step_url(site_request, step)}#{field_anchor(answer.name)}"
            grouped[(step or STEPS[0]).slug].append({"answer": answer, "change_url": change_url})
    return [{"step": step, "answers": grouped[step.slug]} for step in STEPS]
