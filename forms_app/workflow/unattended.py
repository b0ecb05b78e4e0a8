"""The daily check that every waiting approval step, requests and policies alike, has someone who can decide it.

A step can lose its last approver after it started: a Headteacher leaves, an ICT Manager
loses the role, the trust's second approver for policies is cleared. Nothing then
reminds anyone (there is nobody to remind) until the escalation days have passed.
``report_steps_without_approver`` finds every such step now and reports them in one email
to the Trust administrators and the CEO (``home.selectors.trust_oversight``). Run daily by
``manage.py check_approval_steps``.
"""

from dataclasses import dataclass

from django.urls import reverse
from wagtail.models import TaskState

from core.mail.models import OutgoingEmail
from home.selectors import trust_oversight
from policy.approval_reminders import waiting_policy_steps

from ..constants import RequestStatus
from ..emails import absolute_url, send_email
from ..models import SocialMediaApprovalTask, SocialMediaSiteRequest
from .notifications import addresses_of, review_url
from .reminders import _who_has_it

__all__ = ["StepWithoutApprover", "report_steps_without_approver", "steps_without_approver"]


@dataclass(frozen=True)
class StepWithoutApprover:
    """One waiting step nobody can decide: what waits (``title``), its school, the step's name and a link."""

    title: str
    school: str
    step: str
    url: str


def _request_steps() -> list[StepWithoutApprover]:
    steps = SocialMediaApprovalTask.objects.select_related("approver_group").in_bulk()
    states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task_id__in=steps).select_related(
        "workflow_state"
    )
    requests = SocialMediaSiteRequest.objects.filter(
        pk__in=[int(state.workflow_state.object_id) for state in states], status__in=RequestStatus.pending()
    ).select_related("school")
    by_id = {str(site_request.pk): site_request for site_request in requests}
    found = []
    for state in states:
        site_request = by_id.get(state.workflow_state.object_id)
        if site_request is None:
            continue
        step = steps[state.task_id]
        if not _who_has_it(site_request=site_request, step=step, task_state=state):
            found.append(
                StepWithoutApprover(
                    title=str(site_request.reference),
                    school=site_request.school.name,
                    step=step.step_label,
                    url=review_url(site_request),
                )
            )
    return found


def steps_without_approver() -> list[StepWithoutApprover]:
    """Return every waiting step (site requests, then policies) that nobody can decide now."""
    found = _request_steps()
    for state, policy, approvers in waiting_policy_steps():
        if not approvers:
            found.append(
                StepWithoutApprover(
                    title=policy.title,
                    school=policy.applies_to,
                    step=state.task.name,
                    url=absolute_url(reverse("wagtailadmin_pages:edit", args=[policy.pk])),
                )
            )
    return found


def report_steps_without_approver() -> OutgoingEmail | None:
    """Email the Trust administrators and the CEO the steps nobody can decide; return the queued email.

    None when every step has someone (nothing is sent) or nobody in the trust has an
    email address. Call it once a day: each run reports what is stuck that day.
    """
    found = steps_without_approver()
    if not found:
        return None
    return send_email(
        "steps_without_approver",
        to=addresses_of(trust_oversight()),
        context={"steps": found, "count": len(found), "url": absolute_url(reverse("wagtailadmin_home"))},
    )
