"""A request's timeline: what happened to it, and (for its author and approvers) the steps still to come.

``timeline_for`` feeds the author's request page and the admin review page; the steps to
come follow the request's own chain (Appendix B's, or a built form's).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState

from home.selectors import final_approvers_for, ict_managers_for

from ..constants import ApprovalStep, DecisionOutcome, RequestStatus
from ..models import ApprovalDecision, SchoolLogEntry, SocialMediaSiteRequest
from .separation import final_step_people

__all__ = ["TimelineEntry", "timeline_for"]


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a request's history: what happened, when (aware, UTC), by whom, with any comment.

    ``kind`` is ``submitted``, ``resubmitted``, ``approved``, ``changes_requested``,
    ``awaiting`` (a step not yet decided; ``when`` is when it started), ``amendment`` (an
    amendment started or abandoned) or ``withdrawn``;
    with ``timeline_for(include_future=True)`` also ``to_submit``, ``changes`` (the author's
    turn), ``review`` (a step to come) and ``register``. ``state`` is ``done`` (past),
    ``current`` (happening now) or ``to_come``; ``who`` is a plain name, or names joined by
    "or" for a step that any of several people may take.
    """

    kind: str
    label: str
    when: datetime.datetime | None
    who: str = ""
    comment: str = ""
    attestation: str = ""
    state: str = "done"


def _names(users) -> str:
    return str(_(" or ")).join(user.display_name() for user in users)


def _approvers(site_request: SocialMediaSiteRequest, step, workflow_state: WorkflowState | None = None) -> str:
    """Who may decide ``step`` (an ``ApprovalStep`` value, or a group step's task), names joined by "or"."""
    if getattr(step, "is_group_step", False):
        from .separation import group_step_people

        return _names(group_step_people(site_request, step, workflow_state))
    step = getattr(step, "role", step)
    if step == ApprovalStep.ICT_MANAGER:
        return _names(ict_managers_for(site_request.school))
    if site_request.status in RequestStatus.awaiting_head():
        people, reason = final_step_people(site_request)
        if reason:
            return f"{_names(people)}. {reason}"
    return _names(final_approvers_for(site_request.school))


def _step_entry(
    site_request: SocialMediaSiteRequest,
    step,
    *,
    kind: str,
    label: str,
    when,
    state: str,
    workflow_state: WorkflowState | None = None,
) -> TimelineEntry:
    """Return the line of ``site_request``'s approval ``step`` (an ``ApprovalStep`` or a task): ``label`` names the
    step (a group step by its own name), ``who`` may decide it."""
    name = step.step_label if hasattr(step, "step_label") else ApprovalStep(step).label
    return TimelineEntry(
        kind=kind,
        label=str(label % {"step": name}),
        when=when,
        who=_approvers(site_request, step, workflow_state),
        state=state,
    )


def _steps_to_come(site_request: SocialMediaSiteRequest) -> list[TimelineEntry]:
    """The steps still ahead of ``site_request`` (the author's turn first when it is theirs), with who takes them."""
    status = site_request.status
    entries = []
    # The author's turn: a draft to submit, or the changes the approvers asked for.
    authors_turn = {
        RequestStatus.DRAFT: ("to_submit", _("Submitted by the author")),
        RequestStatus.CHANGES_REQUESTED: ("changes", _("Changes made and resubmitted by the author")),
    }
    if status in authors_turn:
        kind, label = authors_turn[status]
        entries.append(
            TimelineEntry(
                kind=kind, label=str(label), when=None, who=site_request.author.display_name(), state="current"
            )
        )
    if status in RequestStatus.final():
        return entries
    steps = _chain_steps(site_request)
    roles = [getattr(step, "role", step) for step in steps]
    if status in RequestStatus.awaiting_group():
        # The steps after the group step awaited (a task is in a chain once).
        current = _current_task(site_request)
        ids = [getattr(step, "pk", None) for step in steps]
        if current is not None and current.pk in ids:
            steps = steps[ids.index(current.pk) + 1 :]
    elif status in RequestStatus.awaiting_ict():
        steps = steps[roles.index(ApprovalStep.ICT_MANAGER) + 1 :] if ApprovalStep.ICT_MANAGER in roles else steps
    elif status in RequestStatus.awaiting_head():
        steps = []
    for step in steps:
        entries.append(
            _step_entry(
                site_request, step, kind="review", label=_("Review by the %(step)s"), when=None, state="to_come"
            )
        )
    if site_request.is_built_form:
        # No register for a built form: its final approval seals its record.
        entries.append(TimelineEntry(kind="sealed", label=str(_("Approval record sealed")), when=None, state="to_come"))
    else:
        entries.append(
            TimelineEntry(
                kind="register", label=str(_("Added to the register of approved sites")), when=None, state="to_come"
            )
        )
    return entries


def _chain_steps(site_request: SocialMediaSiteRequest) -> list:
    """The steps of ``site_request``'s chain in order: both ``ApprovalStep`` values for Appendix B, its form
    version's chain's tasks for a form built in the admin (two queries; both steps if the chain has none left)."""
    both = [ApprovalStep.ICT_MANAGER, ApprovalStep.HEADTEACHER]
    if not site_request.is_built_form:
        return both
    from ..models import chain_tasks

    return chain_tasks(site_request.form_version.approval_workflow) or both


def _current_task(site_request: SocialMediaSiteRequest, workflow_state: WorkflowState | None = None):
    """The task ``site_request`` waits at now, or None. One or two queries."""
    from ..models import SocialMediaApprovalTask

    workflow_state = workflow_state or site_request.current_workflow_state
    if workflow_state is None or workflow_state.current_task_state_id is None:
        return None
    return (
        SocialMediaApprovalTask.objects.select_related("approver_group")
        .filter(pk=workflow_state.current_task_state.task_id)
        .first()
    )


# Amendments (issue 25) in a request's history: its audit-log actions and their timeline labels.
AMENDMENT_EVENTS = {
    "forms_app.request.amend": _("Amendment started"),
    "forms_app.request.abandon_amendment": _("Amendment abandoned: approved as last approved"),
}


def timeline_for(site_request: SocialMediaSiteRequest, *, include_future: bool = False) -> list[TimelineEntry]:
    """Return the history of ``site_request`` in time order, for its author and its approvers.

    Submitted (and each resubmission), each decision from the signed ``ApprovalDecision``
    records (step, who, when, comment or reason; decisions of earlier rounds stay), and
    the step now awaited (``state="current"``, ``who`` the people who may decide it) or
    the withdrawal. With ``include_future``, the steps still to come follow (``state``
    ``current`` for the author's turn, else ``to_come``), each naming who takes it.
    Four to seven queries, however long the history.
    """
    entries: list[TimelineEntry] = []
    workflow_states = list(
        WorkflowState.objects.for_instance(site_request)
        .select_related("current_task_state")
        .order_by("created_at", "pk")
    )
    author_name = site_request.author.display_name()
    for index, state in enumerate(workflow_states):
        kind = "submitted" if index == 0 else "resubmitted"
        label = _("Submitted") if index == 0 else _("Resubmitted after changes")
        entries.append(TimelineEntry(kind=kind, label=str(label), when=state.created_at, who=author_name))
    for decision in ApprovalDecision.objects.filter(request=site_request):
        if decision.outcome == DecisionOutcome.APPROVED:
            label = _("Approved by the %(step)s") % {"step": decision.step_label}
        else:
            label = _("Changes requested by the %(step)s") % {"step": decision.step_label}
        entries.append(
            TimelineEntry(
                kind=decision.outcome,
                label=str(label),
                when=decision.decided_at,
                who=decision.signed_by,
                comment=decision.comment,
                attestation=decision.attestation,
            )
        )
    amendment_events = (
        SchoolLogEntry.objects.for_instance(site_request)
        .filter(action__in=AMENDMENT_EVENTS)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    for event in amendment_events:
        who = event.user.display_name() if event.user else ""
        entries.append(
            TimelineEntry(kind="amendment", label=str(AMENDMENT_EVENTS[event.action]), when=event.timestamp, who=who)
        )
    entries.sort(key=lambda entry: entry.when)
    current = workflow_states[-1] if workflow_states else None
    if site_request.status in RequestStatus.pending() and current is not None:
        if site_request.status in RequestStatus.awaiting_group():
            step = _current_task(site_request, current) or ApprovalStep.GROUP
        elif site_request.status in RequestStatus.awaiting_ict():
            step = ApprovalStep.ICT_MANAGER
        else:
            step = ApprovalStep.HEADTEACHER
        since = current.current_task_state.started_at if current.current_task_state else current.created_at
        entries.append(
            _step_entry(
                site_request,
                step,
                kind="awaiting",
                label=_("Awaiting the %(step)s"),
                when=since,
                state="current",
                workflow_state=current,
            )
        )
    elif site_request.status == RequestStatus.WITHDRAWN:
        entries.append(
            TimelineEntry(kind="withdrawn", label=str(_("Withdrawn")), when=site_request.updated_at, who=author_name)
        )
    if include_future:
        entries.extend(_steps_to_come(site_request))
    return entries
