"""How every workflow action finds and locks what it acts on: the request, its workflow state, the step.

Always the request row first, then its active Wagtail ``WorkflowState``, so two actions
cannot deadlock; the step is re-read under the lock, so two people deciding at once cannot
both succeed (``forms_app.workflow.services``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from ..models import SocialMediaApprovalTask, SocialMediaSiteRequest
from .errors import RequestActionError


def lock_request(site_request: SocialMediaSiteRequest) -> SocialMediaSiteRequest:
    """Lock the request's row (``SELECT … FOR UPDATE``) and return it as it is now. Raises ``DoesNotExist`` if gone."""
    return SocialMediaSiteRequest.objects.select_for_update().get(pk=site_request.pk)


def lock_workflow_state(site_request: SocialMediaSiteRequest) -> WorkflowState | None:
    """Lock and return the request's in-progress or needs-changes workflow state, if any."""
    return (
        WorkflowState.objects.select_for_update()
        .filter(base_content_type=site_request.get_base_content_type(), object_id=str(site_request.pk))
        .active()
        .order_by("pk")
        .first()
    )


@dataclass
class Step:
    """The locked request and the step of its workflow now awaiting a decision."""

    site_request: SocialMediaSiteRequest
    workflow_state: WorkflowState
    task_state: TaskState
    task: SocialMediaApprovalTask
    digest: str = ""


def lock_current_step(*, task_state: TaskState | None, site_request: SocialMediaSiteRequest | None) -> Step:
    """Lock the request and its workflow state; return them with the step now awaiting a decision.

    When ``task_state`` is given (the step the user was shown), it must still be the
    current, undecided step: otherwise someone decided it first and the caller must not
    act on whatever step came next. Raises ``RequestActionError`` when there is no step
    awaiting a decision.
    """
    if task_state is None and site_request is None:
        raise TypeError("approve_task and request_changes need task_state or site_request")
    if site_request is None:
        site_request = SocialMediaSiteRequest(
            pk=int(TaskState.objects.values_list("workflow_state__object_id", flat=True).get(pk=task_state.pk))
        )
    locked = lock_request(site_request)
    workflow_state = lock_workflow_state(locked)
    moved_on = RequestActionError(
        _("This request is no longer awaiting this decision: someone has already acted on it.")
    )
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        raise moved_on
    if task_state is not None and workflow_state.current_task_state_id != task_state.pk:
        raise moved_on
    current = TaskState.objects.get(pk=workflow_state.current_task_state_id)
    if current.status != TaskState.STATUS_IN_PROGRESS:
        raise moved_on
    task = SocialMediaApprovalTask.objects.filter(pk=current.task_id).first()
    if task is None:
        raise moved_on
    # Share the locked instances so Wagtail's update of the workflow uses them.
    current.workflow_state = workflow_state
    current.task = task
    return Step(site_request=locked, workflow_state=workflow_state, task_state=current, task=task)
