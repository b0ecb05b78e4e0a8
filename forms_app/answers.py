"""The one presenter of a request's answers, in Appendix B order, for every page that shows them.

"Check your answers" and the author's request page (``forms_app.request_form``), the
approvers' review page (``forms_app.workflow``) and the signed approval record
(``forms_app.register``) all read a request through ``present_answers``, so a question
has one label, one way of writing its answer, one date format ("1 July 2027") and one
time zone (Europe/London) everywhere. Adding a question means its model field, its form
field and one entry in ``SECTIONS`` below.
"""

import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .constants import EXTERNAL_GROUPS, AudienceGroup, Host
from .models import FROZEN_FIELDS, RequestAttachment, SitePerson, SocialMediaSiteRequest
from .rules import REQUIRED

__all__ = [
    "Answer",
    "Section",
    "SECTIONS",
    "questions_of",
    "DETAIL_OF",
    "ASKED_ONLY_WHEN",
    "detail_applies",
    "person_text",
    "present_answers",
    "answers_digest",
    "Change",
    "answer_changes",
]

DATE_FORMAT = "j F Y"  # 1 July 2027
DATETIME_FORMAT = "j F Y, H:i"  # 1 July 2027, 14:05 (Europe/London)

# Appendix B's sections and questions, in the form's order: (key, heading, question names).
# A name is a field of SocialMediaSiteRequest, or "administrators"/"moderators" (SitePerson rows).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("team", _("Team details"), ("school", "department", "author", "line_manager")),
    (
        "purpose",
        _("Purpose of setting up social media site"),
        ("aims", "proposed_content", "platform", "account_name", "promotion", "visibility"),
    ),
    (
        "audience",
        _("Proposed audience of the site"),
        ("audience", "audience_age_from", "audience_age_to", "audience_other_schools", "audience_other_details"),
    ),
    (
        "contributors",
        _("Proposed contributors to the site"),
        (
            "contributors",
            "contributors_age_from",
            "contributors_age_to",
            "contributors_other_schools",
            "contributors_other_details",
            "contributors_include_vulnerable_adults",
        ),
    ),
    (
        "administration",
        _("Administration of the site"),
        (
            "administrators",
            "moderators",
            "vetting_person",
            "host",
            "go_live_date",
            "closure_date",
            "contributor_advertising",
            "consent_plan",
            "security_measures",
        ),
    ),
    ("declaration", _("Declaration"), ("declaration", "policy_page", "policy_version", "submitted_at")),
)


def questions_of(key: str) -> list[str]:
    """Return the question names of the Appendix B section ``key`` (``"audience"``…), in the form's order.

    The step forms take their fields from here, so a question is listed once. Raises
    ``KeyError`` for a key that is no section.
    """
    return list({section_key: names for section_key, _heading, names in SECTIONS}[key])


PEOPLE_LABELS = {"administrators": _("Names of administrators"), "moderators": _("Names of moderators")}

# Detail questions and the option that makes them apply: {detail: (question asking for the option, value)}.
# ``None`` for the platform: the detail applies to any platform that asks for its name ("Other").
DETAIL_OF = {
    "platform_other_name": ("platform", None),
    "audience_age_from": ("audience", AudienceGroup.PUPILS),
    "audience_age_to": ("audience", AudienceGroup.PUPILS),
    "audience_other_schools": ("audience", AudienceGroup.OTHER_SCHOOLS),
    "audience_other_details": ("audience", AudienceGroup.OTHERS),
    "contributors_age_from": ("contributors", AudienceGroup.PUPILS),
    "contributors_age_to": ("contributors", AudienceGroup.PUPILS),
    "contributors_other_schools": ("contributors", AudienceGroup.OTHER_SCHOOLS),
    "contributors_other_details": ("contributors", AudienceGroup.OTHERS),
    "host_name": ("host", Host.THIRD_PARTY),
}


def _external_contributors(site_request) -> bool:
    return bool(EXTERNAL_GROUPS & set(site_request.contributors or []))


def _children_or_vulnerable_contributors(site_request) -> bool:
    children = {AudienceGroup.PUPILS, AudienceGroup.OTHER_SCHOOLS} & set(site_request.contributors or [])
    return bool(children or site_request.contributors_include_vulnerable_adults)


# Questions the form asks only when the contributors make them relevant (A.5.7, A.5.8, A.5.2).
ASKED_ONLY_WHEN = {
    "vetting_person": _external_contributors,
    "contributor_advertising": _external_contributors,
    "consent_plan": _children_or_vulnerable_contributors,
}


@dataclass(frozen=True)
class Answer:
    """One question and its answer, ready to show.

    ``name`` is the question's name in ``SECTIONS``; ``value`` is a string, a list of
    strings (several choices or people), or None when the question is not answered.
    ``required`` says whether Appendix B needs an answer before submission.
    """

    name: str
    label: str
    value: str | list[str] | None
    required: bool

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def text(self) -> str:
        """The answer as one string: list items on their own lines, "" when not answered."""
        if self.value is None:
            return ""
        return "\n".join(self.value) if self.is_list else self.value


@dataclass(frozen=True)
class Section:
    """One Appendix B section: ``key`` (from ``SECTIONS``), its heading and its answers in order."""

    key: str
    heading: str
    answers: tuple[Answer, ...]


def detail_applies(site_request: SocialMediaSiteRequest, name: str) -> bool:
    """False for a detail question whose option is no longer chosen (say an age range after "Pupils"
    was unticked), or a question the contributors no longer make relevant (``ASKED_ONLY_WHEN``): the
    answer stays in the draft, in case the option is chosen again, but is not shown."""
    if name in ASKED_ONLY_WHEN:
        return ASKED_ONLY_WHEN[name](site_request)
    if name not in DETAIL_OF:
        return True
    parent, value = DETAIL_OF[name]
    if parent == "platform":
        return bool(site_request.platform_id and site_request.platform.needs_name)
    chosen = getattr(site_request, parent)
    return value in chosen if isinstance(chosen, list) else chosen == value


def user_text(user) -> str:
    """A member of staff as shown beside an answer: "Name (job title, school)"."""
    details = ", ".join(part for part in (user.job_title, str(user.school) if user.school_id else "") if part)
    return f"{user.display_name()} ({details})" if details else user.display_name()


def person_text(person: SitePerson) -> str:
    """An administrator or moderator as shown beside an answer; people without an account are flagged."""
    if person.user_id:
        return user_text(person.user)
    return str(
        _("%(name)s (%(description)s) — not a member of staff: authorised person")
        % {"name": person.name, "description": person.description or _("no description given")}
    )


def _format(site_request: SocialMediaSiteRequest, name: str) -> str | list[str] | None:
    field = SocialMediaSiteRequest._meta.get_field(name)
    value = getattr(site_request, name)
    if value in (None, "", []):
        return None
    if name in ("audience", "contributors"):
        return [str(AudienceGroup(item).label) for item in value if item in AudienceGroup.values]
    if name in ("author", "line_manager"):
        return user_text(value)
    # A detail given with its option is part of that answer: "Other" is named, a third-party host too.
    if name == "platform":
        return site_request.platform_other_name if value.needs_name and site_request.platform_other_name else value.name
    if name == "host" and detail_applies(site_request, "host_name") and site_request.host_name:
        return f"{site_request.get_host_display()}: {site_request.host_name}"
    if field.choices:
        return str(getattr(site_request, f"get_{name}_display")())
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return date_format(value, DATE_FORMAT)
    return str(value)


def _answer(site_request: SocialMediaSiteRequest, name: str, people: Sequence[SitePerson]) -> Answer:
    if name in PEOPLE_LABELS:
        role = name[:-1]  # "administrators" -> SiteRole.ADMINISTRATOR
        texts = [person_text(p) for p in people if p.role == role]
        return Answer(name=name, label=str(PEOPLE_LABELS[name]), value=texts or None, required=True)
    label = capfirst(str(SocialMediaSiteRequest._meta.get_field(name).verbose_name))
    return Answer(name=name, label=label, value=_format(site_request, name), required=name in REQUIRED)


def present_answers(
    site_request: SocialMediaSiteRequest,
    *,
    people: Sequence[SitePerson] | None = None,
    include_declaration: bool = False,
    include_blank: bool = False,
) -> list[Section]:
    """Return the answers of ``site_request`` as Appendix B sections, in the form's order.

    A request made on a form built in the admin is presented by its form version instead
    (``forms_app.built_forms.answers.present_built_answers``: one section per step).

    ``people`` are its administrators and moderators (default: ``site_request.site_people``,
    prefetched or not; a draft's unsaved rows may be passed instead). Left out: detail
    questions whose option is not chosen, and optional questions left blank unless
    ``include_blank`` (the printed record shows every question); a required question left
    blank is kept with ``value=None`` ("Not answered"). The "Declaration"
    section (the policy declared against and the submission time) is added only with
    ``include_declaration=True``. No query of its own once ``school``, ``author``,
    ``line_manager``, ``platform`` and the people's accounts are loaded.
    """
    if site_request.form_version_id:
        from .built_forms.answers import present_built_answers

        return present_built_answers(site_request, include_blank=include_blank, include_declaration=include_declaration)
    if people is None:
        people = list(site_request.site_people.all())
    sections = []
    for key, heading, names in SECTIONS:
        if key == "declaration" and not include_declaration:
            continue
        answers = []
        for name in names:
            if not detail_applies(site_request, name):
                continue
            answer = _answer(site_request, name, people)
            if answer.value is None and not (answer.required or include_blank):
                continue
            answers.append(answer)
        sections.append(Section(key=key, heading=str(heading), answers=tuple(answers)))
    return sections


def _digest_value(value):
    if isinstance(value, datetime.datetime):
        # To the millisecond, as a Wagtail revision keeps it, in UTC.
        value = value.astimezone(datetime.UTC).replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def answers_digest(
    site_request: SocialMediaSiteRequest,
    *,
    people: Sequence[SitePerson] | None = None,
    attachments: Sequence[RequestAttachment] | None = None,
) -> str:
    """Return the SHA-256 (64 hex characters) of everything an approver is shown of ``site_request``.

    Covers every Appendix B answer and the declaration (``FROZEN_FIELDS``, stored values),
    the administrators and moderators (``people``; default: its ``site_people``) and the
    supporting documents (``attachments``; default: its ``attachments``), each by its
    stored file name (random, never reused), its name and size. Issue 25: each decision
    stores the digest of what its approver saw, and the record is sealed only when both
    equal the digest of what is sealed. Pass the same lists the page renders, so the digest
    is of that snapshot. Two queries at most (none when both lists are given).
    """
    if people is None:
        people = list(site_request.site_people.all())
    if attachments is None:
        attachments = list(site_request.attachments.all())
    content = {
        "answers": {name: _digest_value(getattr(site_request, name)) for name in FROZEN_FIELDS},
        "people": sorted([p.role, p.sort_order, p.user_id, p.name, p.description, p.email] for p in people),
        "attachments": sorted([a.file.name, a.original_name, a.size] for a in attachments),
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Change:
    """One question whose answer an amendment changed: its ``label`` and the ``old`` and ``new``
    answers as shown ("" when not answered; list items on their own lines)."""

    name: str
    label: str
    old: str
    new: str


def _last_final_approval(site_request: SocialMediaSiteRequest):
    from .constants import ApprovalStep, DecisionOutcome

    return (
        site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def answer_changes(site_request: SocialMediaSiteRequest) -> list[Change]:
    """Return what an amendment changed against the last approved answers, per question in Appendix B order.

    The last approved answers are the request's live revision (published at its final
    approval); the supporting documents then were those uploaded before that approval (an
    amendment may add documents, not remove those approved). Empty for a request never
    approved. A handful of queries (the revision, the people's and options' rows).
    """
    revision = site_request.live_revision
    if revision is None:
        return []
    approved = revision.as_object()
    previous = {
        answer.name: answer
        for section in present_answers(approved, people=list(approved.site_people.all()), include_blank=True)
        for answer in section.answers
    }
    changes = []
    seen = set()
    for section in present_answers(site_request, include_blank=True):
        for answer in section.answers:
            seen.add(answer.name)
            before = previous.get(answer.name)
            old = before.text if before else ""
            if old != answer.text:
                changes.append(Change(name=answer.name, label=answer.label, old=old, new=answer.text))
    for name, before in previous.items():
        if name not in seen and before.text:
            changes.append(Change(name=name, label=before.label, old=before.text, new=""))
    last = _last_final_approval(site_request)
    documents = list(site_request.attachments.all())
    new_names = [a.original_name for a in documents]
    old_names = [a.original_name for a in documents if last is not None and a.uploaded_at <= last.decided_at]
    if old_names != new_names:
        changes.append(
            Change(
                name="attachments",
                label=str(_("Supporting documents")),
                old="\n".join(old_names),
                new="\n".join(new_names),
            )
        )
    return changes
