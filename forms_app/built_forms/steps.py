"""The steps of an approval form built in the admin, as the author's pages number and address them.

The counterpart of ``forms_app.request_form.steps`` for a request with a ``form_version``:
steps come from the version (``ApprovalFormVersion.step_headings``), are numbered from 1
and live at the same address as Appendix B's (``forms_app:step`` with the number as its
slug), so "Check your answers", the request's page and "My requests" link to them alike.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..answers import present_answers
from ..models import SocialMediaSiteRequest

__all__ = ["BuiltStep", "built_steps", "built_step_url", "built_continue_url", "built_answers_by_step", "answer_anchor"]


@dataclass(frozen=True)
class BuiltStep:
    """One step of a form version: ``number`` counts from 1; ``slug`` is that number as text."""

    number: int
    title: str

    @property
    def slug(self) -> str:
        return str(self.number)


def built_steps(site_request: SocialMediaSiteRequest) -> list[BuiltStep]:
    """The steps of ``site_request``'s form version, in order. No query once the version is loaded."""
    return [BuiltStep(number, title) for number, title in enumerate(site_request.form_version.step_headings, 1)]


def built_step_url(site_request: SocialMediaSiteRequest, number: int) -> str:
    """The address of step ``number`` (from 1) of the saved ``site_request``."""
    return reverse("forms_app:step", kwargs={"public_id": site_request.public_id, "slug": str(number)})


def built_continue_url(site_request: SocialMediaSiteRequest) -> str:
    """Where the author carries on: the first step not yet completed, or "Check your answers"."""
    total = len(site_request.form_version.steps)
    if site_request.last_completed_step >= total:
        return reverse("forms_app:check", kwargs={"public_id": site_request.public_id})
    return built_step_url(site_request, site_request.last_completed_step + 1)


def answer_anchor(name: str, kind: str) -> str:
    """The HTML id on a step of the control answering ``name`` (a question id, or ``<id>:follow_up``)."""
    if name.endswith(":follow_up"):
        return f"id_{name.removesuffix(':follow_up')}__follow_up"
    if kind in ("choice", "multiple_choice", "yes_no", "date"):
        return f"id_{name}_0"
    if kind == "person":
        return f"id_{name}__name"
    return f"id_{name}"


def built_answers_by_step(site_request: SocialMediaSiteRequest, *, with_change_links: bool) -> list[dict]:
    """The answers of ``site_request`` by step, in the shape of ``request_form.steps.answers_by_step``.

    ``[{"step": BuiltStep, "answers": [{"answer": Answer, "change_url": str}]}]``; each
    change link goes to the answer's control on its step when ``with_change_links``.
    """
    steps = built_steps(site_request)
    kinds = {question.id: question.kind for question in site_request.form_version.questions()}
    grouped = []
    sections = present_answers(site_request)
    for step, section in zip(steps, sections, strict=False):
        rows = []
        for answer in section.answers:
            change_url = ""
            if with_change_links:
                anchor = answer_anchor(answer.name, kinds.get(answer.name.split(":")[0], ""))
                change_url = f"{built_step_url(site_request, step.number)}#{anchor}"
            rows.append({"answer": answer, "change_url": change_url})
        grouped.append({"step": step, "answers": rows})
    return grouped
