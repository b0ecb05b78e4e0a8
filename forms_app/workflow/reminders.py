"""Reminders and escalation of a step waiting too long, so a request never stalls silently.

Run once a day by ``manage.py approval_reminders`` (cron; see the README). On a school
day (``school_days``), each step of a pending request that has waited at least
``TrustSettings.reminder_after_school_days`` school days (default 3) reminds its
approvers (and whoever covers them today), at most once a day; once it has waited
``TrustSettings.escalate_after_school_days`` (default 7) it is reported once to the
trust: the Trust administrators and the CEO (a Headteacher of the central team), with
the request, the step and who has it. Each email is recorded (``ApprovalReminder``,
unique per step and day) in the same transaction as the email is queued, so a second
run the same day sends nothing.
"""

import datetime
from collections.abc import Callable, Iterator

from django.utils import timezone
from wagtail.models import TaskState

from home.approval_reminders import Notice, WaitingStep, send_reminders_and_escalations
from home.models import User
from home.selectors import final_approvers_for, ict_managers_for, trust_oversight

from ..constants import ApprovalStep, RequestStatus
from ..emails import send_email
from ..models import ApprovalReminder, SocialMediaApprovalTask, SocialMediaSiteRequest
from .notifications import addresses_of, decision_url, request_names, request_summary, with_cover

__all__ = ["send_approval_reminders"]

APPROVERS_FOR_STEP = {ApprovalStep.ICT_MANAGER: ict_managers_for, ApprovalStep.HEADTEACHER: final_approvers_for}


def _who_has_it(*, site_request: SocialMediaSiteRequest, step, task_state: TaskState) -> list[User]:
    """The people who may decide the step now: its role at the school and their cover, less those SoD excludes.

    ``step``: a ``SocialMediaApprovalTask`` (or its ``ApprovalStep`` value). At the final
    step, ``separation.final_step_people`` (the Trust administrators when the school's only
    Headteacher approved the ICT Manager step as cover); at a group step, its group's
    members in scope (``separation.group_step_people``).
    """
    if getattr(step, "is_group_step", False):
        from .separation import group_step_people

        return group_step_people(site_request, step, task_state.workflow_state)
    step = getattr(step, "role", step)
    if step == ApprovalStep.HEADTEACHER:
        from .separation import final_step_people

        return final_step_people(site_request, task_state.workflow_state)[0]
    people = with_cover(APPROVERS_FOR_STEP[step](site_request.school), step=step)
    return [person for person in people if person.pk != site_request.author_id]


def _trust_oversight() -> list[User]:
    """Trust administrators and the CEO (the Headteachers of the central team), active."""
    return list(trust_oversight())


def send_approval_reminders(*, today: datetime.date | None = None) -> list[ApprovalReminder]:
    """Send the reminders and escalations due on ``today`` (a date in Europe/London; default today); return them.

    Nothing is sent on a weekend or a bank holiday in England. Idempotent for a given
    day. Raises nothing for a step whose approvers have no email address: the reminder
    is recorded with no recipients (the escalation still tells the trust).
    """
    return send_reminders_and_escalations(
        reminder_model=ApprovalReminder, today=today, waiting_steps=_waiting_steps, notices=_notices
    )


def _waiting_steps() -> Iterator[WaitingStep]:
    """The approval steps in progress of pending requests: what waits is the request; ``details``, the step (a task).

    Three queries.
    """
    rows = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, task__in=SocialMediaApprovalTask.objects.values("pk")
        ).values("pk", "started_at", "workflow_state_id", "workflow_state__object_id", "task_id")
    )
    steps = SocialMediaApprovalTask.objects.select_related("approver_group").in_bulk()
    requests = SocialMediaSiteRequest.objects.filter(
        pk__in=[int(row["workflow_state__object_id"]) for row in rows], status__in=RequestStatus.pending()
    ).select_related("school", "author", "platform")
    by_id = {str(site_request.pk): site_request for site_request in requests}
    for row in rows:
        site_request = by_id.get(row["workflow_state__object_id"])
        if site_request is None:
            continue
        yield WaitingStep(
            task_state=TaskState(pk=row["pk"], workflow_state_id=row["workflow_state_id"]),
            started_at=row["started_at"],
            waiting_on={"request": site_request},
            details=steps[row["task_id"]],
        )


def _notices(step: WaitingStep, waiting: int, escalate: bool) -> Iterator[Notice]:
    """The reminder to the step's approvers and, if ``escalate``, the escalation to the trust; one context."""
    site_request = step.waiting_on["request"]
    people = _who_has_it(site_request=site_request, step=step.details, task_state=step.task_state)
    context = {
        "reference": site_request.reference,
        "school": site_request.school.name,
        "author_name": site_request.author.display_name(),
        **request_names(site_request),
        "step_label": step.details.step_label,
        "waiting": waiting,
        "since": timezone.localtime(step.started_at),
        "approver_names": ", ".join(person.display_name() for person in people),
        "url": decision_url(site_request),
        "summary": request_summary(site_request),
    }

    def send(kind: str) -> Callable[[list[str]], None]:
        return lambda to: send_email(f"approval_{kind}", to=to, context=context)

    kinds = ApprovalReminder.Kind
    yield Notice(kind=kinds.REMINDER, to=addresses_of(people), send=send(kinds.REMINDER))
    if escalate:
        to = addresses_of(_trust_oversight(), exclude_ids=[site_request.author_id])
        yield Notice(kind=kinds.ESCALATION, to=to, send=send(kinds.ESCALATION))
