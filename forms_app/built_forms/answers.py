"""A built form's answers as sections of ``Answer`` rows, in the order of the version's questions.

``forms_app.answers.present_answers`` hands a request made on a built form to
``present_built_answers``, so every page that shows answers (check your answers, the
author's request page, the review page, the sealed record) shows a built form's questions
exactly as its version asked them, in one format: dates "1 July 2027", staff "Name (job
title, school)", people without an account flagged.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.models import User

from ..models import ApprovalFormVersion, Question, RequestAttachment, SocialMediaSiteRequest

__all__ = ["follow_up_applies", "format_answer", "present_built_answers", "staff_for_answers"]

DATE_FORMAT = "j F Y"  # 1 July 2027, as for Appendix B


def follow_up_applies(question: Question, value) -> bool:
    """Whether a yes/no ``question``'s follow-up is asked, given its stored answer ``value``."""
    return (
        question.kind == "yes_no"
        and bool(question.value.get("follow_up_label"))
        and isinstance(value, dict)
        and value.get("answer") == question.value.get("reveal_on", "yes")
    )


def staff_for_answers(version: ApprovalFormVersion, answers: dict) -> dict[int, User]:
    """The staff accounts the ``staff`` questions' answers name, by primary key (one query, none if there are none)."""
    ids = {answers.get(q.id) for q in version.questions() if q.kind == "staff"} - {None, ""}
    ids = {value for value in ids if isinstance(value, int)}
    if not ids:
        return {}
    return {user.pk: user for user in User.objects.select_related("school").filter(pk__in=ids)}


def format_answer(
    question: Question,
    value,
    *,
    staff: dict[int, User],
    documents: dict[int, RequestAttachment],
) -> str | list[str] | None:
    """Return a stored answer as shown: a string, a list of strings, or None when it is not answered.

    ``value`` has the shape of ``question.kind`` (``forms_app.blocks``); ``staff`` and
    ``documents`` are the accounts and attachments it may name, by primary key. An answer
    that no longer fits its question (a removed option, a deleted document) is shown as
    stored rather than dropped, so nothing an approver saw disappears from the record.
    """
    from ..answers import user_text

    if value in (None, "", [], {}):
        return None
    kind = question.kind
    if kind == "multiple_choice":
        return [str(item) for item in value]
    if kind == "date":
        try:
            return date_format(datetime.date.fromisoformat(value), DATE_FORMAT)
        except (TypeError, ValueError):
            return str(value)
    if kind == "staff":
        user = staff.get(value)
        return user_text(user) if user else _("A former member of staff (account %(id)s)") % {"id": value}
    if kind == "person":
        name, email = value.get("name", ""), value.get("email", "")
        return _("%(name)s (%(email)s) — not a member of staff") % {"name": name, "email": email or _("no email")}
    if kind == "file":
        return [documents[pk].original_name if pk in documents else _("A removed document") for pk in value]
    if kind == "yes_no":
        return _("Yes") if value.get("answer") == "yes" else _("No") if value.get("answer") == "no" else None
    if kind == "declaration":
        return _("Yes") if value is True else None
    return str(value)


def present_built_answers(
    site_request: SocialMediaSiteRequest,
    *,
    include_blank: bool = False,
    include_declaration: bool = False,
    attachments: list[RequestAttachment] | None = None,
):
    """Return ``site_request``'s answers as ``forms_app.answers.Section`` rows, one per step of its form version.

    Each question becomes an ``Answer`` named by its id (a yes/no question's follow-up
    follows it as ``<id>:follow_up`` when its answer reveals it). Optional questions left
    blank are left out unless ``include_blank``; a required one is kept with ``value=None``
    ("Not answered"). ``include_declaration`` adds a last section with the submission time,
    as Appendix B's record has. A query for the staff named, one for the documents (none
    when ``attachments`` is given).
    """
    from ..answers import DATETIME_FORMAT, Answer, Section

    version = site_request.form_version
    answers = site_request.answers or {}
    staff = staff_for_answers(version, answers)
    if attachments is None:
        attachments = list(site_request.attachments.all()) if site_request.pk else []
    documents = {document.pk: document for document in attachments}
    sections = []
    for number, heading in enumerate(version.step_headings):
        rows = []
        for question in version.questions(step=number):
            value = answers.get(question.id)
            shown = format_answer(question, value, staff=staff, documents=documents)
            if shown is not None or question.required or include_blank:
                rows.append(Answer(name=question.id, label=question.label, value=shown, required=question.required))
            if follow_up_applies(question, value):
                follow_up = value.get("follow_up") or None
                rows.append(
                    Answer(
                        name=f"{question.id}:follow_up",
                        label=question.value["follow_up_label"],
                        value=follow_up,
                        required=question.required,
                    )
                )
        sections.append(Section(key=f"step-{number + 1}", heading=heading, answers=tuple(rows)))
    if include_declaration:
        from django.utils import timezone

        submitted = (
            date_format(timezone.localtime(site_request.submitted_at), DATETIME_FORMAT)
            if site_request.submitted_at
            else None
        )
        sections.append(
            Section(
                key="declaration",
                heading=_("Submission"),
                answers=(
                    Answer(name="form_version", label=_("Form"), value=str(version), required=True),
                    Answer(name="submitted_at", label=_("First submitted"), value=submitted, required=True),
                ),
            )
        )
    return sections
