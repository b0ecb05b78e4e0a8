"""Who decides a built form's step that a chosen group decides ("a Trust role, or a named group", issue 29).

A group step (``SocialMediaApprovalTask`` with ``role`` ``ApprovalStep.GROUP``) names a Django
group (``approver_group``) and a ``scope``: ``school``, its members at the request's own
school (a school's Designated Safeguarding Leads); ``trust``, its members at any school of
the trust (the Trust's Data Protection Officer). The rules are the engine's own, as at the
Headteacher step: an active member in scope, never the author, never a person who approved
an earlier step of the same round; being a superuser grants nothing. There is no cover
(``ApproverCover``): a group has several members, any of whom may decide, so an absent one
needs nobody to stand in.
"""

from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from home import roles
from home.models import User

from ..constants import GroupScope, RequestStatus

__all__ = ["group_members", "group_refusal_reason", "group_task_states_user_can_moderate", "in_scope"]


def in_scope(task, site_request, user) -> bool:
    """Whether ``user`` works where ``task``'s scope asks for ``site_request`` (no query)."""
    if task.scope == GroupScope.TRUST:
        return user.school_id is not None
    return user.school_id is not None and user.school_id == site_request.school_id


def group_members(task, site_request, *, excluded: set[int] = frozenset()) -> list[User]:
    """The active members of ``task``'s group in scope for ``site_request``, less ``excluded`` ids, by surname.

    One query.
    """
    people = User.objects.filter(is_active=True, groups=task.approver_group_id, school__isnull=False)
    if task.scope != GroupScope.TRUST:
        people = people.filter(school_id=site_request.school_id)
    return list(people.exclude(pk__in=excluded).distinct().order_by("last_name", "first_name"))


def group_refusal_reason(task, obj, user, *, workflow_state: WorkflowState | None = None) -> str | None:
    """Return why ``user`` may not decide group step ``task`` of request ``obj``, or None if they may.

    The author never decides; nor does anyone outside the group or its scope; nor whoever
    approved an earlier step of this round (distinct approvers, as at the Headteacher step).
    One query at most (the last rule) once the user's groups are cached.
    """
    if not (user.is_authenticated and user.is_active):
        return _("Sign in to review requests.")
    if obj.author_id == user.pk:
        return _("You cannot decide on a request you wrote.")
    if task.approver_group is None or task.approver_group.name not in roles.role_names(user):
        return _("Only members of %(group)s can decide this step.") % {"group": _group_name(task)}
    if not in_scope(task, obj, user):
        return _("Only members of %(group)s at the request's school can decide this step.") % {
            "group": _group_name(task)
        }
    workflow_state = workflow_state or obj.current_workflow_state
    if workflow_state is not None and task.approved_earlier_step(workflow_state, user):
        return _("You approved an earlier step of this request, so another person must decide this one.")
    return None


def _group_name(task) -> str:
    return task.approver_group.name if task.approver_group is not None else task.name


def group_task_states_user_can_moderate(task, user) -> QuerySet[TaskState]:
    """The in-progress task states of group step ``task`` that ``user`` may decide (``group_refusal_reason``'s rules).

    Nothing unless ``user`` is an active member of the group with a school. One query when
    evaluated, built as ``SocialMediaApprovalTask.get_task_states_user_can_moderate`` builds
    its own: the waiting requests in scope (not ``user``'s own), their workflows' current
    task states, less those whose earlier step ``user`` approved.
    """
    from django.contrib.contenttypes.models import ContentType

    from .requests import SocialMediaSiteRequest

    if task.approver_group is None or task.approver_group.name not in roles.role_names(user) or not user.school_id:
        return TaskState.objects.none()
    requests = SocialMediaSiteRequest.objects.filter(status__in=RequestStatus.awaiting_group())
    if task.scope != GroupScope.TRUST:
        requests = requests.filter(school_id=user.school_id)
    request_ids = requests.exclude(author_id=user.pk).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    current_ids = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(SocialMediaSiteRequest),
        object_id__in=request_ids,
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).values("current_task_state_id")
    approved_earlier = TaskState.objects.filter(
        workflow_state_id=OuterRef("workflow_state_id"), status=TaskState.STATUS_APPROVED, finished_by=user
    ).exclude(task_id=task.pk)
    return task.task_states.filter(pk__in=current_ids, status=TaskState.STATUS_IN_PROGRESS).exclude(
        Exists(approved_earlier)
    )
