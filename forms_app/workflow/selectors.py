"""Read-only queries about requests in the approval workflow (the services write).

``requests_awaiting_review`` feeds the dashboard's "Awaiting your review" panel; a
request's history and steps to come are ``forms_app.workflow.timeline``'s, its answers are
presented by ``forms_app.answers``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from home import roles
from home.models import User
from home.selectors import SCHOOL_OVERSIGHT_ROLES, final_approvers_for, overseen_school_ids

from ..constants import ApprovalStep, DecisionOutcome, GroupScope, RequestStatus
from ..models import ApprovalDecision, ApproverCover, SocialMediaApprovalTask, SocialMediaSiteRequest
from .separation import after_approval_by_the_only_head

__all__ = [
    "INBOX_ROLES",
    "awaiting_user_ids",
    "awaiting_review_panel",
    "count_awaiting_review",
    "requests_visible_to",
    "after_decision_message",
    "requests_awaiting_review",
    "user_may_view_for_review",
]


def user_may_view_for_review(*, site_request: SocialMediaSiteRequest, user: User) -> bool:
    """Whether ``user`` may read ``site_request`` in the admin review page.

    Whoever ``requests_visible_to`` lets see it: the ICT Managers and Headteachers of the
    request's school (and their cover), Trust administrators and superusers (who may
    only *decide* if they hold the role at the school). Approvers of other schools may
    not: they neither see nor act on it. One query at most.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return requests_visible_to(user).filter(pk=site_request.pk).exists()


# Who has the "Social media site requests" listing in the admin.
INBOX_ROLES = (roles.ICT_MANAGERS, roles.HEADTEACHERS, roles.TRUST_ADMINISTRATORS)


def requests_visible_to(user: User) -> QuerySet[SocialMediaSiteRequest]:
    """Return the submitted requests ``user`` may see in the admin (listing, chooser, bulk actions); a queryset.

    Superusers and Trust administrators: every school's. ICT Managers and Headteachers:
    their own school's, and those of a school whose approver they cover today. A member
    of a group that decides a built form's step (issue 29): the requests waiting at that
    step in its scope (``group_step_requests``) and those they decided. Anyone else: none.
    Drafts never (nobody but the author has anything to do with them). This is the one
    rule of visibility in the admin; the review page (``user_may_view_for_review``) agrees
    with it. No query until evaluated once the user's groups are cached.
    """
    requests = SocialMediaSiteRequest.objects.exclude(status=RequestStatus.DRAFT)
    if not (user.is_authenticated and user.is_active):
        return requests.none()
    school_ids = overseen_school_ids(user)  # the trust's one oversight rule
    if school_ids is None:
        return requests
    covered = ApproverCover.objects.active_today().filter(cover=user).values("approver__school_id")
    visible = Q(school_id__in=school_ids) | Q(school_id__in=covered)
    if roles.role_names(user) - {roles.STAFF, *SCHOOL_OVERSIGHT_ROLES}:
        # Only someone in another group can be a group step's approver: the school approvers' SQL stays as it was.
        visible |= group_step_requests(user)
    return requests.filter(visible)


def group_step_requests(user: User) -> Q:
    """A filter of the requests ``user`` has to do with as a member of a group step's group (issue 29).

    Those waiting at a group step whose group ``user`` belongs to, at ``user``'s school or
    (a trust scope) any school, not their own; and those ``user`` decided. Subqueries only.
    ``WorkflowState.object_id`` is text: it is cast to an integer on the side of the
    workflow states in progress at such a step (few), as in ``awaiting_user_ids``, so
    requests are matched on their primary key rather than each one's id cast to text.
    """
    step = "current_task_state__task__socialmediaapprovaltask__"
    waiting = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(SocialMediaSiteRequest),
        status=WorkflowState.STATUS_IN_PROGRESS,
        **{f"{step}role": ApprovalStep.GROUP, f"{step}approver_group__name__in": roles.role_names(user)},
    )

    def waiting_in(scope: GroupScope):
        return waiting.filter(**{f"{step}scope": scope}).values(request_id=Cast("object_id", IntegerField()))

    trust_wide = Q(pk__in=waiting_in(GroupScope.TRUST))
    at_school = Q(pk__in=waiting_in(GroupScope.SCHOOL), school_id=user.school_id or 0)
    decided = Exists(ApprovalDecision.objects.filter(request_id=OuterRef("pk"), approver_id=user.pk))
    return (Q(status__in=RequestStatus.awaiting_group()) & ~Q(author_id=user.pk) & (trust_wide | at_school)) | decided


def _awaiting_states(user: User) -> QuerySet[TaskState]:
    """The in-progress task states of requests ``user`` may decide now (every active approval task's rules).

    The covers ``user`` holds today are read once for every step.
    """
    states = TaskState.objects.none()
    tasks = list(SocialMediaApprovalTask.objects.filter(active=True).select_related("approver_group"))
    if not tasks or not (user.is_authenticated and user.is_active):
        return states
    covered = SocialMediaApprovalTask.covered_school_ids(user)
    for task in tasks:
        states = states | task.get_task_states_user_can_moderate(user=user, covered_school_ids=covered)
    return states


def awaiting_user_ids(user: User):
    """Return a subquery of the ids (integers) of the requests ``user`` may decide now.

    ``WorkflowState.object_id`` is text; it is cast to an integer on the task states'
    side (the few in progress), so the requests are matched on their primary key index
    rather than by casting every request's id to text.
    """
    return _awaiting_states(user).values(request_id=Cast("workflow_state__object_id", IntegerField()))


def count_awaiting_review(*, user: User) -> int:
    """Return how many requests ``user`` may decide now (see ``requests_awaiting_review``)."""
    return _awaiting_states(user).count()


def awaiting_review_panel(*, user: User, limit: int) -> tuple[list[SocialMediaSiteRequest], int]:
    """Return the oldest ``limit`` requests ``user`` may decide now and how many there are in all.

    Takes the signed-in ``user`` and the number of rows wanted; returns ``(requests, total)``,
    the requests as ``requests_awaiting_review`` gives them. The total comes with the rows,
    in the same query (a count over every matching task state, taken before the limit), so
    the panel costs the same queries with one request waiting as with thousands. (A separate
    count made only once the list was full cost one more query as soon as ``limit`` waited.)
    """
    rows = _awaiting_rows(_awaiting_states(user), limit=limit, with_total=True)
    return _requests_for_rows(rows, fields=PANEL_FIELDS), rows[0]["total"] if rows else 0


def requests_awaiting_review(*, user: User, limit: int | None = None) -> list[SocialMediaSiteRequest]:
    """Return the requests whose current step ``user`` may decide now, oldest step first.

    ``limit`` keeps only the oldest that many (the dashboard shows ten and links to the
    rest). Each request carries ``awaiting_task_state_id``, ``awaiting_step`` (an
    ``ApprovalStep`` value), ``awaiting_step_label`` (a group step's own name, else the
    role's) and ``awaiting_since`` (aware datetime, UTC) of that step.
    The rules are the task's (``SocialMediaApprovalTask.get_task_states_user_can_moderate``):
    the user's own school, never their own request, never the final step of a request
    whose first step they approved. A fixed number of queries however many
    requests are pending; requests are fetched by their integer primary keys.
    """
    return _requests_for_rows(_awaiting_rows(_awaiting_states(user), limit=limit))


def _awaiting_rows(states: QuerySet[TaskState], *, limit: int | None, with_total: bool = False) -> list[dict]:
    """The rows of ``states`` (at most ``limit``, oldest step first): ``pk``, ``step``, ``started_at``,
    ``workflow_state__object_id`` and, ``with_total``, ``total`` (how many states match, before the limit)."""
    states = states.annotate(step=F("task__socialmediaapprovaltask__role"), step_name=F("task__name"))
    fields = ["pk", "step", "step_name", "started_at", "workflow_state__object_id"]
    if with_total:
        states = states.annotate(total=Window(Count("pk")))
        fields.append("total")
    states = states.order_by("started_at", "pk").values(*fields)
    return list(states if limit is None else states[:limit])


# What the dashboard panel shows of each request: its reference, author, platform and account name,
# or the name of the form built in the admin it was made on.
PANEL_FIELDS = (
    "reference",
    "form_version__title",
    "account_name",
    "platform_other_name",
    "platform__name",
    "author__username",
    "author__first_name",
    "author__last_name",
)


def _requests_for_rows(rows: list[dict], *, fields: tuple[str, ...] = ()) -> list[SocialMediaSiteRequest]:
    """The requests of ``rows`` (as ``_awaiting_rows`` gives them), in their order, each with its step's details.

    With ``fields``, only those (and the keys) are loaded, the school is not joined and
    nothing else may be read from the requests without a query each.
    """
    if not rows:
        return []
    by_request_id = {int(row["workflow_state__object_id"]): row for row in rows}
    site_requests = SocialMediaSiteRequest.objects.filter(pk__in=list(by_request_id))
    if fields:
        site_requests = site_requests.select_related("author", "platform", "form_version").only(*fields)
    else:
        site_requests = site_requests.select_related("school", "author", "platform", "form_version")
    site_requests = list(site_requests)
    for site_request in site_requests:
        row = by_request_id[site_request.pk]
        site_request.awaiting_task_state_id = row["pk"]
        site_request.awaiting_step = row["step"]
        site_request.awaiting_step_label = (
            row["step_name"] if row["step"] == ApprovalStep.GROUP else str(ApprovalStep(row["step"]).label)
        )
        site_request.awaiting_since = row["started_at"]
    site_requests.sort(key=lambda r: r.awaiting_since)
    return site_requests


def after_decision_message(*, decision: ApprovalDecision) -> str:
    """Return the confirmation shown to the approver after ``decision``: what they did and what happens next.

    After the ICT Manager step: "Approved. SM-0042 now goes to Jo Bloggs (Headteacher) for
    final sign-off; you will be emailed when it is decided." (the school's final approvers,
    less the author and the ICT approver, who may not decide it, and whoever covers one of
    them today). After the final step: "Final approval given to SM-0042: the site can go
    live; Alex Author has been emailed the signed record." (a built form's: no site). After "Request changes":
    "Changes requested: Alex Author has been emailed and SM-0042 is back with them." Three
    queries at most.
    """
    site_request = decision.request
    facts = {"ref": site_request.reference, "author": site_request.author.display_name()}
    if decision.outcome == DecisionOutcome.CHANGES_REQUESTED:
        return _("Changes requested: %(author)s has been emailed and %(ref)s is back with them.") % facts
    if decision.step == ApprovalStep.HEADTEACHER and site_request.is_built_form:
        # A form built in the admin asks for no site.
        return _("Final approval given to %(ref)s: %(author)s has been emailed the signed record.") % facts
    if decision.step == ApprovalStep.HEADTEACHER:
        return (
            _("Final approval given to %(ref)s: the site can go live; %(author)s has been emailed the signed record.")
            % facts
        )
    if site_request.status in (*RequestStatus.awaiting_group(), *RequestStatus.awaiting_ict()):
        # A built form's chain with a group step: the next step is not the final one.
        step = site_request.awaiting_step_name or ApprovalStep.ICT_MANAGER.label
        return _("Approved. %(ref)s now goes to the %(step)s for their approval.") % {
            "ref": site_request.reference,
            "step": step,
        }
    excluded = {site_request.author_id, decision.approver_id}
    trust_message = after_approval_by_the_only_head(decision=decision, excluded=excluded)
    if trust_message:
        return trust_message
    approvers = [user for user in final_approvers_for(site_request.school) if user.pk not in excluded]
    title = site_request.school.final_approver_title
    names = [f"{user.display_name()} ({title})" for user in approvers]
    covers = (
        ApproverCover.objects.active_today()
        .filter(approver__in=[user.pk for user in approvers], step=ApprovalStep.HEADTEACHER, cover__is_active=True)
        .exclude(cover_id__in=excluded)
        .select_related("cover", "approver")
    )
    names += [
        str(_("%(cover)s (covering %(absent)s, %(title)s)"))
        % {"cover": cover.cover.display_name(), "absent": cover.approver.display_name(), "title": title}
        for cover in covers
    ]
    if not names:
        return _(
            "Approved. %(ref)s now needs the %(title)s's final sign-off, but nobody else holds that role at the "
            "school: ask a site administrator to assign it."
        ) % {"ref": site_request.reference, "title": title}
    return _("Approved. %(ref)s now goes to %(names)s for final sign-off; you will be emailed when it is decided.") % {
        "ref": site_request.reference,
        "names": _(" or ").join(names),
    }
