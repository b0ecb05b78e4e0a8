"""State changes of a social media site request in the approval workflow. Views call these; they never
change ``status`` directly.

Each function runs in one transaction. It locks the request row and then the request's
active Wagtail ``WorkflowState`` row (always in that order, so two actions cannot
deadlock), re-reads the state under the lock and only then acts, so two clicks or two
people at once cannot both succeed: the loser gets ``RequestActionError`` with a message
for the user, and nothing changes. On SQLite every transaction is ``IMMEDIATE``
(``intranet/settings/env.py``), which serialises them the same way.

The approval itself is Wagtail's moderation workflow ("Social media site approval",
created by a data migration) with two ``SocialMediaApprovalTask`` steps; these functions
call its API (``Workflow.start``, ``TaskState.approve``/``reject``,
``WorkflowState.cancel``), which writes the audit-log entries, and add what Appendix B
asks on top: the signed ``ApprovalDecision`` record, the author-facing ``status``, the
``request_approved`` signal (the register listens) and the emails, queued in the same
transaction (``forms_app.emails``) and sent by the task worker, so a mail server that is
down never fails a decision.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from home.models import User

from ..answers import answers_digest
from ..constants import ApprovalStep, DecisionOutcome, RequestStatus, attestation_for
from ..models import ApprovalDecision, SocialMediaApprovalTask, SocialMediaSiteRequest
from ..runners.selectors import unready_runners
from ..signals import request_approved
from . import notifications
from .amendments import carry_register_people
from .errors import RequestActionError, StaleReviewError
from .forms import MAX_COMMENT_LENGTH
from .locks import Step, lock_current_step, lock_request, lock_workflow_state

__all__ = [
    "RequestActionError",
    "StaleReviewError",
    "submit_request",
    "start_amendment",
    "withdraw_request",
    "approve_task",
    "request_changes",
]

STATUS_AWAITING = {
    ApprovalStep.ICT_MANAGER: RequestStatus.AWAITING_ICT,
    ApprovalStep.GROUP: RequestStatus.AWAITING_GROUP,
    ApprovalStep.HEADTEACHER: RequestStatus.AWAITING_HEAD,
}
AMENDMENT_AWAITING = {
    ApprovalStep.ICT_MANAGER: RequestStatus.AMEND_ICT,
    ApprovalStep.GROUP: RequestStatus.AMEND_GROUP,
    ApprovalStep.HEADTEACHER: RequestStatus.AMEND_HEAD,
}


def _await_step(site_request: SocialMediaSiteRequest, task, *, amendment: bool) -> None:
    """Set ``site_request``'s status (and a group step's name) to say it waits at ``task`` (not saved)."""
    site_request.status = (AMENDMENT_AWAITING if amendment else STATUS_AWAITING)[task.role]
    site_request.awaiting_step_name = task.name if task.is_group_step else ""


def submit_request(*, site_request: SocialMediaSiteRequest, user: User) -> SocialMediaSiteRequest:
    """Submit a complete draft (or resubmit after "Request changes") for approval.

    Takes the request and the signed-in author; returns the locked, updated request.
    Saves a revision of the answers and starts the "Social media site approval" workflow
    at its first task (the ICT Manager: Appendix B, A.3.6 "forward it to the school's
    ICT Manager"); a request on a form built in the admin starts its form version's chain
    (``ApprovalFormVersion.approval_workflow``) at its first step. A resubmission also starts
    again at the first step (the ICT Manager), because the content it approved has changed:
    the workflow waiting for changes is cancelled and a new one started (as Wagtail's "restart
    workflow" does), so earlier
    decisions stay in the history. The approvers of the chain's first step at the school are emailed
    (``notifications.notify_submitted``; queued in this transaction).
    The caller must have validated the answers first.

    Raises ``PermissionDenied`` if ``user`` is not the author, and
    ``RequestActionError`` if the request is not a draft or awaiting changes (for
    example it was submitted a moment ago in another tab) or its chain was switched off.
    """
    with transaction.atomic():
        locked = lock_request(site_request)
        if locked.author_id != user.pk:
            raise PermissionDenied
        if locked.status not in RequestStatus.submittable():
            raise RequestActionError(_("This request has already been submitted."))
        resubmitted = locked.status == RequestStatus.CHANGES_REQUESTED
        workflow = locked.get_workflow()
        if workflow is None:
            raise RequestActionError(
                _("This form's approval chain is switched off, so it cannot be submitted now. Ask the ICT Manager.")
            )
        first_step = _first_step(locked, workflow)
        waiting_for_changes = lock_workflow_state(locked)
        _await_step(locked, first_step, amendment=_approved_before(locked))
        if locked.submitted_at is None:
            locked.submitted_at = timezone.now()
        locked.save()
        locked.save_revision(user=user, log_action=True)
        if waiting_for_changes is not None:
            waiting_for_changes.cancel(user=user)
        workflow.start(locked, user)
        notifications.notify_submitted(site_request=locked, resubmitted=resubmitted)
    return locked


def _first_step(site_request: SocialMediaSiteRequest, workflow) -> SocialMediaApprovalTask:
    """The step ``workflow`` asks first: the ICT Manager for Appendix B (A.3.6), the chain's first step for a
    form built in the admin (two queries)."""
    if not site_request.is_built_form:
        return SocialMediaApprovalTask.objects.get(role=ApprovalStep.ICT_MANAGER)
    from ..models import chain_tasks

    tasks = chain_tasks(workflow)
    if not tasks:
        raise RequestActionError(_("This form's approval chain has no approval step. Ask the ICT Manager."))
    return tasks[0]


def _approved_before(site_request: SocialMediaSiteRequest) -> bool:
    """Whether ``site_request`` has had a final approval, so a new round of it is an amendment. One query."""
    return site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED).exists()


def start_amendment(*, site_request: SocialMediaSiteRequest, user: User) -> SocialMediaSiteRequest:
    """Open an approved request for its author to amend; returns the locked, updated request.

    Issue 25: a change after approval is an explicit amendment, a new round of approval that
    starts at the ICT Manager (a built form's: its chain's first step) when the author submits
    it (``submit_request``), whose
    approvers are shown what changed against the last approved answers. Until it ends the
    site stays in the register under its last approved record (its sealed record and
    register entry are untouched) and the request is "Amendment being written", then
    "Amendment awaiting ICT Manager". It starts with the administrators and moderators the
    register has now (``amendments.carry_register_people``: a transfer made in the register
    reaches the answers only through an amendment; a built form has no register, so nothing is
    carried). Logged as ``forms_app.request.amend``.

    Raises ``PermissionDenied`` if ``user`` is not the author and ``RequestActionError``
    unless the request is approved (an amendment already under way included).
    """
    with transaction.atomic():
        locked = lock_request(site_request)
        if locked.author_id != user.pk:
            raise PermissionDenied
        if locked.status != RequestStatus.APPROVED:
            raise RequestActionError(_("Only an approved request can be amended."))
        locked.status = RequestStatus.AMENDING
        locked.save(update_fields=["status", "updated_at"])
        from_register = carry_register_people(locked)
        log(instance=locked, action="forms_app.request.amend", user=user, data={"people_from_register": from_register})
    return locked


def withdraw_request(*, site_request: SocialMediaSiteRequest, user: User) -> SocialMediaSiteRequest:
    """Withdraw a draft or a pending request at the author's wish; returns the updated request.

    A pending request's workflow is cancelled (logged by Wagtail), so approvers no longer
    see it. Raises ``PermissionDenied`` if ``user`` is not the author and
    ``RequestActionError`` if the request is already approved or withdrawn, for example
    because the final approval was given a moment earlier.
    """
    with transaction.atomic():
        locked = lock_request(site_request)
        if locked.author_id != user.pk:
            raise PermissionDenied
        if locked.status not in RequestStatus.withdrawable() or _approved_before(locked):
            raise RequestActionError(_("This request can no longer be withdrawn."))
        workflow_state = lock_workflow_state(locked)
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        locked.status = RequestStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
    return locked


@contextmanager
def _deciding(
    *,
    task_state: TaskState | None,
    site_request: SocialMediaSiteRequest | None,
    user: User,
    seen_digest: str | None = None,
) -> Iterator[Step]:
    """Open the transaction of one decision: lock the step awaiting it and check ``user`` may decide it.

    Yields the locked ``Step`` with ``digest``, the digest of the request's answers now
    (``answers.answers_digest``). Raises ``RequestActionError`` (the transaction rolls back)
    when the step moved on, ``user`` may not decide it (``SocialMediaApprovalTask.refusal_reason``)
    or ``seen_digest`` (the digest of the page the approver read) is not the digest now.
    """
    with transaction.atomic():
        step = lock_current_step(task_state=task_state, site_request=site_request)
        refusal = step.task.refusal_reason(step.site_request, user, workflow_state=step.workflow_state)
        if refusal:
            raise RequestActionError(refusal)
        step.digest = answers_digest(step.site_request)
        if seen_digest is not None and seen_digest != step.digest:
            raise StaleReviewError(_("This request changed while you were reading it — review the changes."))
        yield step


def _bounded(text: str) -> str:
    """Return ``text`` stripped; raise ``RequestActionError`` if longer than ``MAX_COMMENT_LENGTH`` characters."""
    text = (text or "").strip()
    if len(text) > MAX_COMMENT_LENGTH:
        raise RequestActionError(
            _("Keep the comment or reason to %(limit)s characters or fewer (it has %(length)s).")
            % {"limit": MAX_COMMENT_LENGTH, "length": len(text)}
        )
    return text


def _record_decision(*, step: Step, outcome: str, user: User, comment: str) -> ApprovalDecision:
    """Create the signed record of one decision (Appendix B: name, signature and date).

    When ``user`` decides as cover for an approver who is away today, the record names
    that approver too ("on behalf of"). The statement is the step's (Appendix B's wording, or
    the built forms' one: ``constants.attestation_for``).
    """
    absent = step.task.covered_approver(step.site_request, user)
    decision = ApprovalDecision(
        request=step.site_request,
        on_behalf_of=absent,
        on_behalf_of_name=absent.display_name() if absent else "",
        task_state=step.task_state,
        step=step.task.role,
        step_name=step.task.name if step.task.is_group_step else "",
        outcome=outcome,
        approver=user,
        approver_name=user.display_name(),
        attestation=attestation_for(step.task.role, built_form=step.site_request.is_built_form)
        if outcome == DecisionOutcome.APPROVED
        else "",
        comment=comment,
        decided_at=step.task_state.finished_at or timezone.now(),
        answers_digest=step.digest,
    )
    decision.full_clean()
    decision.save()
    return decision


def _check_runners_ready(site_request: SocialMediaSiteRequest) -> None:
    """Refuse the final approval while a named administrator or moderator is not ready to run the site.

    Thurcroft and Preston policies: the SLT "must be satisfied that anyone running a social
    media account on behalf of the school has read and understood this policy and
    received appropriate training. This also applies to anyone who is not directly
    employed by the school, including volunteers or parents"; Appendix A gives
    administrators and moderators their duties. Applies when the school's Social Media
    Policy asks staff to acknowledge it (``runners.selectors.policy_to_acknowledge``).
    """
    unready = unready_runners(site_request)
    if unready:
        names = "; ".join(f"{s.person.display_name} {' and '.join(s.missing)}" for s in unready)
        raise RequestActionError(
            _(
                "The final approval must wait until everyone who will run the site has read the Social Media "
                "Policy and been trained (the policy: 'read and understood this policy and received appropriate "
                "training'): %(names)s."
            )
            % {"names": names}
        )


def _publish_approved(workflow_state: WorkflowState, user=None) -> None:
    """Finish an approved request's workflow: its approved revision becomes the live version.

    Replaces Wagtail's default finishing action (publish with the user's ``publish``
    permission) for this workflow only: the final approver's right to finish is the
    task's rule, so the Headteacher needs no extra model permission.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)


def approve_task(
    *,
    task_state: TaskState | None = None,
    site_request: SocialMediaSiteRequest | None = None,
    user: User,
    attested: bool,
    comment: str = "",
    seen_digest: str | None = None,
) -> SocialMediaSiteRequest:
    """Approve the step awaiting a decision on a request; returns the updated request.

    Pass ``task_state`` (the step the approver was shown; preferred, so that a step
    decided meanwhile is not confused with the next one) or ``site_request`` (its current
    step). Appendix B: the approver ticks the step's statement (``attested``) and the
    record keeps their full name, the exact statement, the optional ``comment`` and the
    time (UTC). After the ICT Manager step the request awaits the Headteacher, who is
    emailed (on a built form's chain, whichever step comes next: a group step's members, or
    the ICT Manager after a group step, are emailed by ``notifications.notify_step_reached``,
    and the status names the step); after the final step it is approved, published and ``request_approved`` is
    sent once, in this transaction. The author is emailed either way.

    Raises ``RequestActionError`` (message for the user; nothing changes) when the
    statement is not ticked, the comment is longer than ``MAX_COMMENT_LENGTH`` characters,
    ``user`` may not decide this step (not the role at the request's school, the author,
    or the ICT approver at the final step) or the step was already decided, and
    ``StaleReviewError`` (a ``RequestActionError``) when ``seen_digest`` (the digest the
    review page was rendered with) is given and the answers changed since. The decision
    stores the digest of the answers decided on.
    """
    with _deciding(task_state=task_state, site_request=site_request, user=user, seen_digest=seen_digest) as step:
        if not attested:
            raise RequestActionError(_("Tick the statement to approve the request."))
        if step.task.role == ApprovalStep.HEADTEACHER:
            _check_runners_ready(step.site_request)
        comment = _bounded(comment)
        # Only this workflow state finishes differently; Wagtail's default stays for pages.
        step.workflow_state.on_finish = partial(_publish_approved, step.workflow_state)
        step.task_state.approve(user=user, comment=comment)
        decision = _record_decision(step=step, outcome=DecisionOutcome.APPROVED, user=user, comment=comment)
        locked = step.site_request
        final = step.workflow_state.status == WorkflowState.STATUS_APPROVED
        if final:
            locked.status = RequestStatus.APPROVED
        else:
            next_task = SocialMediaApprovalTask.objects.select_related("approver_group").get(
                pk=step.workflow_state.current_task_state.task_id
            )
            _await_step(locked, next_task, amendment=locked.status in RequestStatus.amendment())
        if final:
            locked.awaiting_step_name = ""
        locked.save(update_fields=["status", "awaiting_step_name", "updated_at"])
        if final:
            request_approved.send(sender=SocialMediaSiteRequest, instance=locked, user=user)
            notifications.notify_final_approval(site_request=locked, decision=decision)
        elif next_task.role == ApprovalStep.HEADTEACHER:
            notifications.notify_awaiting_final_approval(site_request=locked, decision=decision)
        else:
            notifications.notify_step_reached(site_request=locked, task=next_task, decision=decision)
        notifications.notify_author_of_decision(site_request=locked, decision=decision)
    return locked


def request_changes(
    *,
    task_state: TaskState | None = None,
    site_request: SocialMediaSiteRequest | None = None,
    user: User,
    reason: str,
    seen_digest: str | None = None,
) -> SocialMediaSiteRequest:
    """Send a request back to its author at the step awaiting a decision; returns it updated.

    ``task_state``/``site_request`` as for ``approve_task``. A ``reason`` is required: the
    author needs to know what to change. The decision is recorded; the author is emailed,
    and when the Headteacher asks for changes the ICT Manager who approved this round is
    emailed too. The author then edits and resubmits, which restarts at the ICT Manager.

    Raises ``RequestActionError`` (nothing changes) for a blank reason or one longer than
    ``MAX_COMMENT_LENGTH``, a user who may
    not decide this step, or a step already decided.
    """
    with _deciding(task_state=task_state, site_request=site_request, user=user, seen_digest=seen_digest) as step:
        reason = _bounded(reason)
        if not reason:
            raise RequestActionError(_("Give a reason so the author knows what to change."))
        earlier_approver_ids = list(
            TaskState.objects.filter(workflow_state=step.workflow_state, status=TaskState.STATUS_APPROVED)
            .exclude(finished_by=None)
            .values_list("finished_by_id", flat=True)
        )
        step.task_state.reject(user=user, comment=reason)
        decision = _record_decision(step=step, outcome=DecisionOutcome.CHANGES_REQUESTED, user=user, comment=reason)
        locked = step.site_request
        locked.status = RequestStatus.CHANGES_REQUESTED
        locked.awaiting_step_name = ""
        locked.save(update_fields=["status", "awaiting_step_name", "updated_at"])
        notifications.notify_author_of_decision(site_request=locked, decision=decision)
        if earlier_approver_ids:
            notifications.notify_earlier_approvers(
                site_request=locked,
                decision=decision,
                approver_ids=earlier_approver_ids,
            )
    return locked
