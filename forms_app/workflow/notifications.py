"""Emails about social media site requests (HTML and plain text, from Django templates).

Who hears what (issue "Two-step sign-off"; Wagtail issues #10196 and #7542 leave these
gaps in its own workflow emails):

* the approvers of the first step of the request's chain (the school's ICT Managers for
  Appendix B; the Headteacher for a Headteacher-only form built in the admin), when a
  request is submitted or resubmitted;
* the school's Headteacher (the CEO for the central team), when the ICT Manager approves;
* whoever covers one of those approvers today (``ApproverCover``), with them;
* the author, on every decision, with the comment or reason;
* on the final approval, the ICT Manager who approved the round, and each administrator
  and moderator named on the request who has an account, with their duties;
* the approvers of earlier steps of the same round, when changes are requested later.

Each email names the request (``request_names``: a built form's title with its reference)
and carries a link built from
``WAGTAILADMIN_BASE_URL``. Approvers' and named people's emails add a short summary
(``request_summary``: platform, account name, audience groups, dates). No email carries
a free-text answer from the form (in particular none of the safeguarding answers about
pupils, consent or security) nor anyone's name but the author's and the approvers'. Superusers are not emailed for being
superusers, nor is the person who made the decision or the author of the request when
it is about reviewing it. Services call these inside the
transaction of the change: the emails are queued with it (``forms_app.emails``), so
nobody is emailed about a change that was rolled back, and none is lost if the mail
server is down.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.models import User
from home.selectors import final_approvers_for, ict_managers_for

from ..constants import ApprovalStep, AudienceGroup, DecisionOutcome, SiteRole
from ..emails import absolute_url, request_names, send_email
from ..models import ApprovalDecision, ApproverCover, SocialMediaSiteRequest


def review_url(site_request: SocialMediaSiteRequest) -> str:
    """Absolute URL of the request's review page in the Wagtail admin (for approvers)."""
    return absolute_url(reverse(site_request.snippet_viewset.get_url_name("review"), args=[site_request.pk]))


def decision_url(site_request: SocialMediaSiteRequest) -> str:
    """Absolute URL of the request's decision on its review page (``#approve``): where an approver's email takes them.

    Issue 28: an approver opening the email on a phone lands on the statement and the buttons.
    """
    return review_url(site_request) + "#approve"


def author_url(site_request: SocialMediaSiteRequest) -> str:
    """Absolute URL of the author's page for the request in the staff area (reached from "My requests")."""
    return absolute_url(reverse("forms_app:detail", kwargs={"public_id": site_request.public_id}))


def addresses_of(users: Iterable[User], *, exclude_ids: Iterable[int] = ()) -> list[str]:
    """Return the distinct addresses of ``users``, leaving out ``exclude_ids``, superusers and inactive accounts."""
    excluded = set(exclude_ids)
    addresses = []
    for user in users:
        if user.pk in excluded or user.is_superuser or not user.is_active or not user.email:
            continue
        if user.email not in addresses:
            addresses.append(user.email)
    return addresses


def _context(site_request: SocialMediaSiteRequest, **extra) -> dict:
    return {
        "reference": site_request.reference,
        "school": site_request.school.name,
        "author_name": site_request.author.display_name(),
        **request_names(site_request),
        **extra,
    }


def request_summary(site_request: SocialMediaSiteRequest) -> list[tuple[str, str]]:
    """Return the short, non-sensitive summary approvers' emails carry, as (label, value) pairs.

    Reference, school, platform, account name, the audience groups (their labels only:
    never a name, another school's name or any free-text answer) and the go-live and
    closure dates (``j F Y``). Never a safeguarding answer (consent, security). A request on
    a form built in the admin has its reference, school and the form's title: none of its
    answers, which are free text the email must not carry.
    """
    if site_request.is_built_form:
        rows = [
            (_("Reference"), site_request.reference),
            (_("School"), site_request.school.name),
            (_("Form"), site_request.form_title),
        ]
        return [(str(label), value) for label, value in rows if value]
    platform = site_request.platform_other_name or (site_request.platform.name if site_request.platform_id else "")
    audience = [str(AudienceGroup(value).label) for value in site_request.audience if value in AudienceGroup.values]
    rows = [
        (_("Reference"), site_request.reference),
        (_("School"), site_request.school.name),
        (_("Platform"), platform),
        (_("Account name"), site_request.account_name),
        (_("Audience"), "; ".join(audience)),
        (_("Go-live date"), date_format(site_request.go_live_date, "j F Y") if site_request.go_live_date else ""),
        (_("Closure date"), date_format(site_request.closure_date, "j F Y") if site_request.closure_date else ""),
    ]
    return [(str(label), value) for label, value in rows if value]


def with_cover(approvers: Iterable[User], *, step: str) -> list[User]:
    """Return ``approvers`` followed by whoever covers one of them today at ``step`` (``ApproverCover``)."""
    approvers = list(approvers)
    covering = User.objects.filter(
        is_active=True,
        pk__in=ApproverCover.objects.active_today()
        .filter(approver__in=[approver.pk for approver in approvers], step=step)
        .values("cover_id"),
    )
    return approvers + list(covering)


def approvers_of_step(site_request: SocialMediaSiteRequest, step) -> list[User]:
    """The people who decide ``step`` of ``site_request``, and their cover today.

    ``step``: an ``ApprovalStep`` value or a ``SocialMediaApprovalTask``. The school's ICT
    Managers for the ICT Manager step; its Headteachers (the CEO for the central team) for
    the Headteacher step; for a group step, its group's active members in its scope, less
    the author (a group has no cover). A few queries.
    """
    if getattr(step, "is_group_step", False):
        from .separation import group_step_people

        return group_step_people(site_request, step)
    step = getattr(step, "role", step)
    if step == ApprovalStep.ICT_MANAGER:
        return with_cover(ict_managers_for(site_request.school), step=step)
    return with_cover(final_approvers_for(site_request.school), step=step)


def first_step_of(site_request: SocialMediaSiteRequest):
    """The step ``site_request``'s chain asks first: the ICT Manager for Appendix B (A.3.6), the first step (a
    ``SocialMediaApprovalTask``) of its form version's chain for a form built in the admin (the Headteacher on a
    Headteacher-only form, a group step on a chain that starts with one)."""
    if site_request.is_built_form:
        from ..models import chain_tasks

        tasks = chain_tasks(site_request.form_version.approval_workflow)
        if tasks:
            return tasks[0]
    return ApprovalStep.ICT_MANAGER


def _step_label(step) -> str:
    """How an email names ``step`` (an ``ApprovalStep`` value or a task): a group step by its own name."""
    return step.step_label if hasattr(step, "step_label") else str(ApprovalStep(step).label)


def notify_submitted(*, site_request: SocialMediaSiteRequest, resubmitted: bool) -> None:
    """Email the approvers of the first step of the request's chain, at its school, that it awaits their approval.

    The ICT Managers for Appendix B and for a built form whose chain starts with them; the
    Headteacher(s) for a Headteacher-only form; with whoever covers them today. The author
    is left out. ``resubmitted``: after "Request changes".
    """
    step = first_step_of(site_request)
    to = addresses_of(approvers_of_step(site_request, step), exclude_ids=[site_request.author_id])
    send_email(
        "submitted",
        to=to,
        context=_context(
            site_request,
            resubmitted=resubmitted,
            step_label=_step_label(step),
            url=decision_url(site_request),
            summary=request_summary(site_request),
        ),
    )


def notify_awaiting_final_approval(*, site_request: SocialMediaSiteRequest, decision: ApprovalDecision) -> None:
    """Email the Headteacher(s) of the school (the CEO for the central team) after the ICT Manager approved.

    The ICT approver is left out even if they also hold the Headteacher role: they may not
    give the final approval. When the school's only Headteacher approved the ICT Manager
    step as cover, the Trust administrators are emailed instead, with the reason
    (``separation.final_step_people``).
    """
    from .separation import final_step_people

    workflow_state = decision.task_state.workflow_state if decision.task_state_id else None
    people, trust_reason = final_step_people(site_request, workflow_state)
    to = addresses_of(people, exclude_ids=[site_request.author_id, decision.approver_id])
    send_email(
        "awaiting_final",
        to=to,
        context=_context(
            site_request,
            decision=decision,
            url=decision_url(site_request),
            summary=request_summary(site_request),
            trust_reason=trust_reason,
        ),
    )


def notify_step_reached(*, site_request: SocialMediaSiteRequest, task, decision: ApprovalDecision) -> None:
    """Email the people who decide ``task`` (a step before the final one) that ``decision`` brought the request to it.

    On a built form's chain with a group step (issue 29): the group's members in scope, or
    the ICT Managers and their cover when the ICT Manager step follows a group step; never
    the author, nor whoever approved an earlier step of the round (``separation``).
    """
    from .separation import earlier_approver_ids, group_step_people

    workflow_state = decision.task_state.workflow_state if decision.task_state_id else None
    if task.is_group_step:
        people = group_step_people(site_request, task, workflow_state)
    else:
        people = approvers_of_step(site_request, task.role)
    excluded = {site_request.author_id, decision.approver_id} | earlier_approver_ids(workflow_state)
    send_email(
        "step_reached",
        to=addresses_of(people, exclude_ids=excluded),
        context=_context(
            site_request,
            decision=decision,
            step_label=_step_label(task),
            url=decision_url(site_request),
            summary=request_summary(site_request),
        ),
    )


def notify_amendment_abandoned(*, site_request: SocialMediaSiteRequest, step, by: User) -> None:
    """Email the approvers of ``step`` (an ``ApprovalStep`` value or a task), whose decision the amendment awaited,
    that it ended.

    They no longer need to review it: the request is approved as last approved. The person
    who abandoned it (``by``) and the author are left out.
    """
    send_email(
        "amendment_abandoned",
        to=addresses_of(approvers_of_step(site_request, step), exclude_ids=[site_request.author_id, by.pk]),
        context=_context(site_request, by_name=by.display_name(), url=review_url(site_request)),
    )


def notify_author_of_decision(*, site_request: SocialMediaSiteRequest, decision: ApprovalDecision) -> None:
    """Email the author the decision on their request, with the approver's comment or reason."""
    final = decision.outcome == DecisionOutcome.APPROVED and decision.step == ApprovalStep.HEADTEACHER
    to = addresses_of([site_request.author])
    send_email(
        "decision", to=to, context=_context(site_request, decision=decision, final=final, url=author_url(site_request))
    )


def notify_final_approval(*, site_request: SocialMediaSiteRequest, decision: ApprovalDecision) -> None:
    """After the final approval, email whoever approved an earlier step of this round and each named person.

    Each earlier approver (the ICT Manager, a group step's member) learns the request they
    approved is now approved, in words naming the step they approved ("final_approval_ict");
    each administrator and moderator named on the request (A.5.4) who has an active
    account is told they are named, in which role, and their duties under the policy
    (A.4, A.5.3-A.5.7: "named_on_site"). The author already has the decision email.
    """
    earlier_approvals = (
        ApprovalDecision.objects.filter(
            task_state__workflow_state_id=decision.task_state.workflow_state_id if decision.task_state_id else None,
            outcome=DecisionOutcome.APPROVED,
        )
        .exclude(pk=decision.pk)
        .exclude(step=ApprovalStep.HEADTEACHER)
        .select_related("approver")
        .order_by("decided_at", "pk")
    )
    summary = request_summary(site_request)
    for earlier in earlier_approvals:
        send_email(
            "final_approval_ict",
            to=addresses_of([earlier.approver], exclude_ids=[decision.approver_id]),
            context=_context(
                site_request,
                decision=decision,
                step_label=earlier.step_label,
                url=review_url(site_request),
                summary=summary,
            ),
        )
    people = [person for person in site_request.site_people.select_related("user").all() if person.user_id]
    for role in (SiteRole.ADMINISTRATOR, SiteRole.MODERATOR):
        to = addresses_of([person.user for person in people if person.role == role], exclude_ids=[])
        send_email(
            "named_on_site",
            to=to,
            context=_context(
                site_request,
                role=role,
                role_label=SiteRole(role).label,
                is_administrator=role == SiteRole.ADMINISTRATOR,
                url=author_url(site_request),
                summary=summary,
            ),
        )


def notify_earlier_approvers(
    *, site_request: SocialMediaSiteRequest, decision: ApprovalDecision, approver_ids: Iterable[int]
) -> None:
    """Email those who approved earlier steps of the round that a later step asked for changes."""
    approvers = User.objects.filter(pk__in=list(approver_ids))
    to = addresses_of(approvers, exclude_ids=[decision.approver_id, site_request.author_id])
    send_email(
        "changes_requested_later",
        to=to,
        context=_context(site_request, decision=decision, url=review_url(site_request)),
    )


def _skipping_requests(notifier):
    """Wrap one of Wagtail's workflow email notifiers so it ignores social media site requests."""

    def receiver(sender, instance=None, **kwargs):
        request_type = ContentType.objects.get_for_model(SocialMediaSiteRequest, for_concrete_model=False)
        if instance is not None and instance.base_content_type_id == request_type.pk:
            return False
        return notifier(sender=sender, instance=instance, **kwargs)

    return receiver


def replace_wagtail_workflow_emails() -> None:
    """Stop Wagtail's generic workflow emails for requests; this module sends the request's own.

    Wagtail emails the submitter when a workflow is approved or rejected, synchronously
    and without the reason's context this process needs, so the author would get two
    emails, one of them even if the transaction rolled back. Pages and other snippets keep
    Wagtail's emails. The wrappers take Wagtail's ``dispatch_uid``\\s, so whichever app is
    ready first, exactly one receiver per signal remains. Called from ``FormsAppConfig.ready``.
    """
    from wagtail.admin import signal_handlers
    from wagtail.models import WorkflowState
    from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

    for signal, notifier, dispatch_uid in (
        (
            workflow_submitted,
            signal_handlers.workflow_submission_email_notifier,
            "workflow_state_submitted_email_notification",
        ),
        (
            workflow_rejected,
            signal_handlers.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
        (
            workflow_approved,
            signal_handlers.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=dispatch_uid)
        signal.connect(_skipping_requests(notifier), sender=WorkflowState, dispatch_uid=dispatch_uid, weak=False)
