"""Read-only queries about requests in the approval workflow (the services write).

``requests_awaiting_review`` feeds the dashboard's "Awaiting your review" panel,
``timeline_for`` the author's "My requests" page and the admin review page, and
``review_sections`` the read-only display of a request's answers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from home import roles

from .constants import ApprovalStep, DecisionOutcome, Group, RequestStatus
from .models import ApprovalDecision, SocialMediaApprovalTask, SocialMediaSiteRequest, role_names

__all__ = [
    "TimelineEntry",
    "requests_awaiting_review",
    "review_sections",
    "timeline_for",
    "user_may_view_for_review",
]


def user_may_view_for_review(*, request: SocialMediaSiteRequest, user) -> bool:
    """Whether ``user`` may read ``request`` in the admin review page.

    The ICT Managers and Headteachers of the request's school, and superusers (who see
    every admin object anyway, but may only *decide* if they hold the role at the
    school). Approvers of other schools may not: they neither see nor act on it.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.school_id == request.school_id and bool(role_names(user) & {roles.ICT_MANAGERS, roles.HEADTEACHERS})


def requests_awaiting_review(*, user) -> list[SocialMediaSiteRequest]:
    """Return the requests whose current step ``user`` may decide now, oldest step first.

    Each request carries ``awaiting_task_state_id``, ``awaiting_step`` (an
    ``ApprovalStep`` value) and ``awaiting_since`` (aware datetime, UTC) of that step.
    The rules are the task's (``SocialMediaApprovalTask.get_task_states_user_can_moderate``):
    the user's own school, never their own request, never the final step of a request
    whose first step they approved. A fixed number of queries (four) however many
    requests are pending.
    """
    states = TaskState.objects.none()
    for task in SocialMediaApprovalTask.objects.filter(active=True):
        states = states | task.get_task_states_user_can_moderate(user=user)
    rows = list(
        states.annotate(step=F("task__socialmediaapprovaltask__role")).values(
            "pk", "step", "started_at", "workflow_state__object_id"
        )
    )
    if not rows:
        return []
    by_request_id = {row["workflow_state__object_id"]: row for row in rows}
    requests = list(
        SocialMediaSiteRequest.objects.annotate(pk_text=Cast("pk", CharField()))
        .filter(pk_text__in=list(by_request_id))
        .select_related("school", "author", "platform")
    )
    for request in requests:
        row = by_request_id[str(request.pk)]
        request.awaiting_task_state_id = row["pk"]
        request.awaiting_step = row["step"]
        request.awaiting_since = row["started_at"]
    requests.sort(key=lambda r: r.awaiting_since)
    return requests


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a request's history: what happened, when (aware, UTC), by whom, with any comment.

    ``kind`` is ``submitted``, ``resubmitted``, ``approved``, ``changes_requested``,
    ``awaiting`` (a step not yet decided; ``when`` is when it started) or ``withdrawn``.
    """

    kind: str
    label: str
    when: datetime.datetime | None
    who: str = ""
    comment: str = ""
    attestation: str = ""


def timeline_for(request: SocialMediaSiteRequest) -> list[TimelineEntry]:
    """Return the history of ``request`` in time order, for its author and its approvers.

    Submitted (and each resubmission), each decision from the signed ``ApprovalDecision``
    records (step, who, when, comment or reason; decisions of earlier rounds stay), and
    the step now awaited or the withdrawal. Three queries.
    """
    entries: list[TimelineEntry] = []
    workflow_states = list(
        WorkflowState.objects.for_instance(request).select_related("current_task_state").order_by("created_at", "pk")
    )
    author_name = request.author.display_name()
    for index, state in enumerate(workflow_states):
        kind = "submitted" if index == 0 else "resubmitted"
        label = _("Submitted") if index == 0 else _("Resubmitted after changes")
        entries.append(TimelineEntry(kind=kind, label=str(label), when=state.created_at, who=author_name))
    for decision in ApprovalDecision.objects.filter(request=request):
        if decision.outcome == DecisionOutcome.APPROVED:
            label = _("Approved by the %(step)s") % {"step": decision.get_step_display()}
        else:
            label = _("Changes requested by the %(step)s") % {"step": decision.get_step_display()}
        entries.append(
            TimelineEntry(
                kind=decision.outcome,
                label=str(label),
                when=decision.decided_at,
                who=decision.approver_name,
                comment=decision.comment,
                attestation=decision.attestation,
            )
        )
    entries.sort(key=lambda entry: entry.when)
    current = workflow_states[-1] if workflow_states else None
    if request.status in (RequestStatus.AWAITING_ICT, RequestStatus.AWAITING_HEAD) and current is not None:
        step = ApprovalStep.ICT_MANAGER if request.status == RequestStatus.AWAITING_ICT else ApprovalStep.HEADTEACHER
        since = current.current_task_state.started_at if current.current_task_state else current.created_at
        entries.append(
            TimelineEntry(kind="awaiting", label=str(_("Awaiting the %(step)s") % {"step": step.label}), when=since)
        )
    elif request.status == RequestStatus.WITHDRAWN:
        entries.append(
            TimelineEntry(kind="withdrawn", label=str(_("Withdrawn")), when=request.updated_at, who=author_name)
        )
    return entries


# The Appendix B sections, in the form's order: (heading, field names).
REVIEW_SECTIONS = [
    (_("Team details"), ["reference", "school", "department", "author", "line_manager"]),
    (
        _("Purpose of setting up social media site"),
        ["aims", "proposed_content", "platform", "platform_other_name", "account_name", "promotion", "visibility"],
    ),
    (
        _("Proposed audience of the site"),
        ["audience", "audience_age_from", "audience_age_to", "audience_other_schools", "audience_other_details"],
    ),
    (
        _("Proposed contributors to the site"),
        [
            "contributors",
            "contributors_age_from",
            "contributors_age_to",
            "contributors_other_schools",
            "contributors_other_details",
        ],
    ),
    (
        _("Administration of the site"),
        [
            "vetting_person",
            "host",
            "host_name",
            "go_live_date",
            "closure_date",
            "contributor_advertising",
            "consent_plan",
            "contributors_include_vulnerable_adults",
            "security_measures",
        ],
    ),
    (_("Declaration"), ["declaration", "policy_page", "policy_version", "submitted_at"]),
]
GROUP_LABELS = dict(Group.choices)


def _display(request: SocialMediaSiteRequest, name: str) -> str:
    field = request._meta.get_field(name)
    value = getattr(request, name)
    if field.choices:
        return str(getattr(request, f"get_{name}_display")())
    if name in ("audience", "contributors"):
        return ", ".join(str(GROUP_LABELS.get(item, item)) for item in value or [])
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if hasattr(value, "display_name"):
        return value.display_name()
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d %B %Y, %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d %B %Y")
    return "" if value is None else str(value)


def review_sections(request: SocialMediaSiteRequest) -> list[dict]:
    """Return the request's answers as Appendix B sections for reading.

    Each section is ``{"heading": str, "answers": [(question, answer), ...]}``; blank
    answers are left out. The administrators and moderators come last, each flagged when
    they are not a member of staff. Prefetch ``site_people__user`` to keep it to one query.
    """
    sections = []
    for heading, names in REVIEW_SECTIONS:
        answers = []
        for name in names:
            answer = _display(request, name)
            if answer:
                answers.append((capfirst(request._meta.get_field(name).verbose_name), answer))
        sections.append({"heading": str(heading), "answers": answers})
    people = []
    for person in request.site_people.all():
        label = person.display_name
        if person.is_external:
            label = _("%(name)s (%(description)s; not a member of staff)") % {
                "name": person.name,
                "description": person.description or _("no description given"),
            }
        people.append((person.get_role_display(), str(label)))
    sections.append({"heading": str(_("Administrators and moderators")), "answers": people})
    return sections
