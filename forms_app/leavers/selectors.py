"""What a leaver's deactivation would affect (read only)."""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail import hooks
from wagtail.models import TaskState

from home import roles
from home.leavers import LEAVER_HOLDINGS_HOOK
from home.models import User
from home.selectors import members_in_role

from ..constants import GroupScope, RequestStatus
from ..models import OPEN_STATUSES, RegisterEntry, SocialMediaApprovalTask, SocialMediaSiteRequest
from ..models.group_steps import group_members

__all__ = ["LeaverHoldings", "LeaverImpact", "leaver_holdings", "leaver_impact", "trust_escalation_recipients"]


@dataclass
class LeaverImpact:
    """What deactivating ``user`` affects, for the confirmation page and the follow-up emails.

    ``waiting_only_on_them``: pending requests whose current step nobody else may decide;
    ``waiting_on_others_too``: pending requests they could decide, that others can too;
    ``register_entries``: open register entries naming them as administrator or moderator;
    ``drafts``: their own requests not yet submitted (or sent back for changes).
    """

    user: User
    waiting_only_on_them: list[SocialMediaSiteRequest] = field(default_factory=list)
    waiting_on_others_too: list[SocialMediaSiteRequest] = field(default_factory=list)
    register_entries: list[RegisterEntry] = field(default_factory=list)
    drafts: list[SocialMediaSiteRequest] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.waiting_only_on_them or self.waiting_on_others_too or self.register_entries or self.drafts)


def _current_steps(user: User) -> list[tuple[SocialMediaSiteRequest, SocialMediaApprovalTask, TaskState]]:
    """The pending requests ``user`` might decide now, each with its current step and task state.

    Those of ``user``'s school, and, when ``user`` belongs to the group of a trust-wide group
    step (a Trust role, issue 29), the requests of every school waiting at a group step.
    """
    tasks = {task.pk: task for task in SocialMediaApprovalTask.objects.select_related("approver_group")}
    where = Q(school_id=user.school_id)
    if any(
        task.is_group_step and task.scope == GroupScope.TRUST and task.group_name in roles.role_names(user)
        for task in tasks.values()
    ):
        where |= Q(status__in=RequestStatus.awaiting_group())
    pending = list(
        SocialMediaSiteRequest.objects.filter(where, status__in=RequestStatus.pending()).select_related(
            "school", "author"
        )
    )
    steps = []
    for site_request in pending:
        task_state = site_request.current_workflow_task_state
        if task_state is not None and task_state.task_id in tasks:
            steps.append((site_request, tasks[task_state.task_id], task_state))
    return steps


def leaver_impact(user: User) -> LeaverImpact:
    """Return what deactivating ``user`` (or moving them to another school) would affect now.

    A step "waits only on them" when no other active person may decide it: another member
    of the step's role at the request's school, or of a group step's group in its scope
    (issue 29); the author never decides their own request, and whoever approved an earlier
    step of the round cannot decide a later one (Appendix B's distinct signatures).
    """
    impact = LeaverImpact(user=user)
    if user.school_id is not None:
        for site_request, task, task_state in _current_steps(user):
            if task.refusal_reason(site_request, user) is not None:
                continue
            approved_earlier = set(
                TaskState.objects.filter(
                    workflow_state_id=task_state.workflow_state_id, status=TaskState.STATUS_APPROVED
                ).values_list("finished_by_id", flat=True)
            )
            excluded = {user.pk, site_request.author_id} | approved_earlier
            if task.is_group_step:
                others = bool(group_members(task, site_request, excluded=excluded))
            else:
                others = (
                    members_in_role(school=site_request.school, role=task.group_name).exclude(pk__in=excluded).exists()
                )
            (impact.waiting_on_others_too if others else impact.waiting_only_on_them).append(site_request)
    impact.register_entries = list(
        RegisterEntry.objects.filter(people__user=user, status__in=OPEN_STATUSES)
        .select_related("school", "request")
        .distinct()
    )
    impact.drafts = list(SocialMediaSiteRequest.objects.by_author(user).editable())
    return impact


def trust_escalation_recipients() -> list[User]:
    """The trust's people who take over a request nobody at its school can decide.

    Trust administrators and the CEO (the Headteacher of the central team, Preston
    Primary Academy Trust policy). Active accounts with an email address; one query.
    """
    trust_roles = Q(groups__name=roles.TRUST_ADMINISTRATORS) | Q(
        groups__name=roles.HEADTEACHERS, school__is_central_team=True
    )
    return list(User.objects.filter(trust_roles, is_active=True).exclude(email="").distinct())


@dataclass
class LeaverHoldings:
    """Everything ``user`` holds that someone must take over when they leave, for the hand-over page.

    ``impact``: the requests and sites as ``leaver_impact`` sees them; ``pages``: pages they
    own (``Page.owner``; policies among them, whose review reminders go to their owner),
    specific, by title; ``policies``: those of ``pages`` that are policies; ``seats``: their
    places as administrator or moderator of open register entries; ``approval_steps``: the
    approval steps (``ApprovalStep`` values) of requests nobody else at the school may
    decide; ``covers``: cover periods, not yet over, in which they stand in for someone;
    ``held``: what other apps say they hold (``home.leavers.HeldItems``, from the hook
    ``LEAVER_HOLDINGS_HOOK``: policies, policy approvals).
    """

    user: User
    impact: LeaverImpact
    pages: list = field(default_factory=list)
    policies: list = field(default_factory=list)
    seats: list = field(default_factory=list)
    approval_steps: list[str] = field(default_factory=list)
    covers: list = field(default_factory=list)
    held: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.impact.is_empty and not (self.pages or self.seats or self.covers or self.held)


def leaver_holdings(user: User) -> LeaverHoldings:
    """Return everything ``user`` holds (``LeaverHoldings``). A handful of queries, plus one per waiting request."""
    from django.utils import timezone
    from wagtail.models import Page

    from policy.models import PolicyPage

    from ..models import ApproverCover, RegisterEntryPerson

    impact = leaver_impact(user)
    pages = list(Page.objects.filter(owner=user).specific().order_by("title"))
    steps = []
    for site_request in impact.waiting_only_on_them:
        task_state = site_request.current_workflow_task_state
        task = SocialMediaApprovalTask.objects.filter(pk=task_state.task_id).first() if task_state else None
        if task is not None and task.role not in steps:
            steps.append(task.role)
    return LeaverHoldings(
        user=user,
        impact=impact,
        pages=pages,
        policies=[page for page in pages if isinstance(page, PolicyPage)],
        seats=list(
            RegisterEntryPerson.objects.filter(user=user, entry__status__in=OPEN_STATUSES)
            .select_related("entry__school", "entry__request")
            .order_by("entry__account_name", "role")
        ),
        approval_steps=steps,
        covers=list(
            ApproverCover.objects.filter(cover=user, ends_on__gte=timezone.localdate())
            .select_related("approver__school")
            .order_by("starts_on")
        ),
        held=[items for holdings in hooks.get_hooks(LEAVER_HOLDINGS_HOOK) for items in holdings(user)],
    )
