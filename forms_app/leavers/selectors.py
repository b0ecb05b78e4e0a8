"""What a leaver's deactivation would affect (read only)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail import hooks
from wagtail.models import TaskState, WorkflowState

from home import roles
from home.leavers import LEAVER_HOLDINGS_HOOK
from home.models import User

from ..constants import GroupScope, RequestStatus
from ..models import OPEN_STATUSES, RegisterEntry, SocialMediaApprovalTask, SocialMediaSiteRequest
from ..workflow.selectors import awaiting_user_ids

__all__ = ["LeaverHoldings", "LeaverImpact", "leaver_holdings", "leaver_impact", "trust_escalation_recipients"]


@dataclass
class LeaverImpact:
    """What deactivating ``user`` affects, for the confirmation page and the follow-up emails.

    ``waiting_only_on_them``: pending requests whose current step nobody else may decide;
    ``waiting_on_others_too``: pending requests they could decide, that others can too;
    ``register_entries``: open register entries naming them as administrator or moderator;
    ``drafts``: their own requests not yet submitted (or sent back for changes);
    ``waiting_at``: the step (``SocialMediaApprovalTask``) each of the pending requests
    above waits at, by request id.
    """

    user: User
    waiting_only_on_them: list[SocialMediaSiteRequest] = field(default_factory=list)
    waiting_on_others_too: list[SocialMediaSiteRequest] = field(default_factory=list)
    register_entries: list[RegisterEntry] = field(default_factory=list)
    drafts: list[SocialMediaSiteRequest] = field(default_factory=list)
    waiting_at: dict[int, SocialMediaApprovalTask] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.waiting_only_on_them or self.waiting_on_others_too or self.register_entries or self.drafts)


def _steps_they_may_decide(user: User) -> list[tuple[SocialMediaSiteRequest, SocialMediaApprovalTask, set]]:
    """The pending requests ``user`` may decide now, each with its current step and who approved an earlier one.

    Those of ``user``'s school, and, when ``user`` belongs to the group of a trust-wide group
    step (a Trust role, issue 29), the requests of every school waiting at a group step; of
    those, the ones whose current step the task's own rules let ``user`` decide
    (``awaiting_user_ids``, as ``SocialMediaApprovalTask.refusal_reason``). The third item
    holds the ids of whoever approved a step of the request's current round. A fixed number
    of queries however many requests wait.
    """
    tasks = {task.pk: task for task in SocialMediaApprovalTask.objects.select_related("approver_group")}
    where = Q(school_id=user.school_id)
    if any(
        task.is_group_step and task.scope == GroupScope.TRUST and task.group_name in roles.role_names(user)
        for task in tasks.values()
    ):
        where |= Q(status__in=RequestStatus.awaiting_group())
    theirs = SocialMediaSiteRequest.objects.filter(
        where, status__in=RequestStatus.pending(), pk__in=awaiting_user_ids(user)
    )
    site_requests = list(theirs.select_related("school", "author"))
    if not site_requests:
        return []
    # ``object_id`` is text: the requests' ids are cast in a subquery, as the task's own rules do, so that
    # thousands of them never travel as parameters.
    rounds = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(SocialMediaSiteRequest),
        object_id__in=theirs.annotate(pk_text=Cast("pk", CharField())).values("pk_text"),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    current = {
        int(object_id): task_id for object_id, task_id in rounds.values_list("object_id", "current_task_state__task_id")
    }
    approved = TaskState.objects.filter(workflow_state__in=rounds, status=TaskState.STATUS_APPROVED)
    approvers: dict[int, set] = {}
    for object_id, person_id in approved.values_list("workflow_state__object_id", "finished_by_id"):
        approvers.setdefault(int(object_id), set()).add(person_id)
    return [
        (site_request, tasks[current[site_request.pk]], approvers.get(site_request.pk, set()))
        for site_request in site_requests
        if current.get(site_request.pk) in tasks
    ]


def _deciders(steps: list[tuple[SocialMediaApprovalTask, int]]) -> Callable[[SocialMediaApprovalTask, int], set[int]]:
    """Who may decide each of ``steps`` (``(task, school id)`` pairs), as a function of a task and a school id.

    It returns the ids of the active members of the step's role at the school
    (``members_in_role``) or of a group step's group in its scope (``group_members``),
    before the exclusions of a round. One query for them all.
    """
    role_schools = {(task.group_name, school_id) for task, school_id in steps if not task.is_group_step}
    group_ids = {task.approver_group_id for task, _school_id in steps if task.is_group_step}
    in_roles = Q(group__name__in={name for name, _ in role_schools}, user__school_id__in={s for _, s in role_schools})
    memberships = User.groups.through.objects.filter(
        in_roles | Q(group_id__in=group_ids), user__is_active=True, user__school__isnull=False
    ).values_list("user_id", "user__school_id", "group_id", "group__name")
    by_role: dict[tuple[str, int], set[int]] = {}
    by_group: dict[int, list[tuple[int, int]]] = {}
    for person_id, school_id, group_id, group_name in memberships:
        by_role.setdefault((group_name, school_id), set()).add(person_id)
        by_group.setdefault(group_id, []).append((person_id, school_id))

    def deciders(task: SocialMediaApprovalTask, school_id: int) -> set[int]:
        if not task.is_group_step:
            return by_role.get((task.group_name, school_id), set())
        everywhere = task.scope == GroupScope.TRUST
        return {pk for pk, where in by_group.get(task.approver_group_id, []) if everywhere or where == school_id}

    return deciders


def leaver_impact(user: User) -> LeaverImpact:
    """Return what deactivating ``user`` (or moving them to another school) would affect now.

    A step "waits only on them" when no other active person may decide it: another member
    of the step's role at the request's school, or of a group step's group in its scope
    (issue 29); the author never decides their own request, and whoever approved an earlier
    step of the round cannot decide a later one (Appendix B's distinct signatures). A fixed
    number of queries however many requests wait.
    """
    impact = LeaverImpact(user=user)
    if user.school_id is not None:
        steps = _steps_they_may_decide(user)
        deciders = _deciders([(task, site_request.school_id) for site_request, task, _ in steps])
        for site_request, task, approved_earlier in steps:
            excluded = {user.pk, site_request.author_id} | approved_earlier
            others = bool(deciders(task, site_request.school_id) - excluded)
            impact.waiting_at[site_request.pk] = task
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
    approval steps (``ApprovalStep`` values, a school role each) of requests nobody else at
    the school may decide; ``approval_groups``: the groups (``auth.Group``) of the group
    steps of requests nobody else may decide (issue 29: not a school role, so nobody is
    given one here); ``covers``: cover periods, not yet over, in which they stand in for someone;
    ``held``: what other apps say they hold (``home.leavers.HeldItems``, from the hook
    ``LEAVER_HOLDINGS_HOOK``: policies, policy approvals).
    """

    user: User
    impact: LeaverImpact
    pages: list = field(default_factory=list)
    policies: list = field(default_factory=list)
    seats: list = field(default_factory=list)
    approval_steps: list[str] = field(default_factory=list)
    approval_groups: list = field(default_factory=list)
    covers: list = field(default_factory=list)
    held: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.impact.is_empty and not (self.pages or self.seats or self.covers or self.held)


def leaver_holdings(user: User) -> LeaverHoldings:
    """Return everything ``user`` holds (``LeaverHoldings``).

    A fixed number of queries however many requests wait on them, plus what the
    ``LEAVER_HOLDINGS_HOOK`` functions read.
    """
    from django.utils import timezone
    from wagtail.models import Page

    from policy.models import PolicyPage

    from ..models import ApproverCover, RegisterEntryPerson

    impact = leaver_impact(user)
    pages = list(Page.objects.filter(owner=user).specific().order_by("title"))
    steps, groups = [], []
    for site_request in impact.waiting_only_on_them:
        task = impact.waiting_at[site_request.pk]
        if task.is_group_step:
            if task.approver_group not in groups:
                groups.append(task.approver_group)
        elif task.role not in steps:
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
        approval_groups=groups,
        covers=list(
            ApproverCover.objects.filter(cover=user, ends_on__gte=timezone.localdate())
            .select_related("approver__school")
            .order_by("starts_on")
        ),
        held=[items for holdings in hooks.get_hooks(LEAVER_HOLDINGS_HOOK) for items in holdings(user)],
    )
