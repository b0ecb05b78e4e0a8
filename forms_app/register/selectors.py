"""Read-only queries about the register of approved social media sites.

Visibility is the trust's one oversight rule, ``home.selectors.overseen_school_ids``: ICT
Managers and Headteachers see their own school's entries; superusers and members of the
"Trust administrators" group see every school's. Everyone else sees none.
"""

import datetime
import functools

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce

from home import roles
from home.models import School, User
from home.selectors import filter_to_overseen_schools, final_approvers_for, ict_managers_for, overseen_school_ids

from ..constants import (
    MINIMUM_ADMINISTRATORS,
    MINIMUM_MODERATORS,
    ApprovalStep,
    DecisionOutcome,
    RequestStatus,
    SiteRole,
)
from ..models import OPEN_STATUSES, ApprovalDecision, RegisterEntry, RegisterEntryPerson, SocialMediaSiteRequest

CLOSURE_WARNING_DAYS = 30  # the first closure reminder, and the dashboard's horizon
ATTENTION_PANEL_ROWS = 10  # the dashboard panel's rows; the rest are counted and linked


@functools.cache
def _cover_count(role: str) -> Coalesce:
    """A correlated subquery: how many people in ``role`` on the outer entry can still run the site.

    Built once per role and reused: building it cost the listing and the dashboard about a
    millisecond on every request, and Django copies an expression before resolving it into
    a query, so a shared one is never changed.
    """
    people = (
        RegisterEntryPerson.objects.filter(entry=OuterRef("pk"), role=role)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .order_by()
        .values("entry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(people, output_field=IntegerField()), 0)


def with_cover(queryset: QuerySet[RegisterEntry]) -> QuerySet[RegisterEntry]:
    """Annotate ``administrator_cover`` and ``moderator_cover``: people who can still run the site.

    A person counts while their account is active, or if they are an authorised
    external person without an account. Two correlated subqueries rather than a join and
    ``GROUP BY``: the database counts cover only for the rows it returns (a page of 50 of
    a register of thousands), and filtering or counting the queryset does not group the
    whole register. No extra queries.
    """
    return queryset.annotate(
        administrator_cover=_cover_count(SiteRole.ADMINISTRATOR),
        moderator_cover=_cover_count(SiteRole.MODERATOR),
    )


def register_entries_for(user: User) -> QuerySet[RegisterEntry]:
    """Return the register entries ``user`` may see, with cover counts and related rows joined.

    Superusers and Trust administrators: every entry. ICT Managers and Headteachers:
    their own school's. Anyone else: none. One query when evaluated.
    """
    return filter_to_overseen_schools(
        with_cover(RegisterEntry.objects.select_related("school", "platform", "request")), user
    )


def register_entry_count_for(user: User) -> int:
    """Return how many register entries ``user`` may see: the rows of ``register_entries_for(user)``, counted alone.

    The listing's queryset joins each entry's request (the status column shows an amendment
    under way), and PostgreSQL counts through that join, entry by entry: at ten times a
    trust's size (80,000 entries) the trust-wide count took about 80 ms of the CEO's
    register page, where counting the entries alone is one index scan of a few
    milliseconds. The join cannot change the number (every entry has its request). One query.
    """
    return filter_to_overseen_schools(RegisterEntry.objects.all(), user).count()


def visible_schools(user: User) -> QuerySet[School]:
    """Return the schools whose register entries ``user`` may see, by name (see ``overseen_school_ids``)."""
    return filter_to_overseen_schools(School.objects.order_by("name"), user, field="pk")


def user_can_see_entry(*, user: User, entry: RegisterEntry) -> bool:
    """True if ``entry`` is in the part of the register ``user`` may see (see ``register_entries_for``)."""
    school_ids = overseen_school_ids(user)
    return school_ids is None or entry.school_id in school_ids


def closure_due_within(queryset: QuerySet[RegisterEntry], *, today: datetime.date, days: int = CLOSURE_WARNING_DAYS):
    """Open entries whose closure date falls from ``today`` to ``today + days`` inclusive."""
    return queryset.filter(
        status__in=OPEN_STATUSES, closure_date__gte=today, closure_date__lte=today + datetime.timedelta(days=days)
    )


def closure_overdue(queryset: QuerySet[RegisterEntry], *, today: datetime.date):
    """Open entries whose closure date has passed (A.1.6: a site must not be left neglected)."""
    return queryset.filter(status__in=OPEN_STATUSES, closure_date__lt=today)


def entries_needing_attention_for(
    *, user: User, today: datetime.date, limit: int | None = None
) -> tuple[list[RegisterEntry], int]:
    """Return the ICT Manager's school's open entries that need action, soonest closure first, and their number.

    An entry needs attention when its closure date is within 30 days or past, or when
    it is below the minimum cover of 2 administrators and 2 moderators. Returns the first
    ``limit`` entries (default ``ATTENTION_PANEL_ROWS``, the dashboard panel's rows) and how
    many need attention in all, so
    the panel stays the same size however many sites a school has. Each entry carries
    ``needs_closure`` and ``needs_cover`` (bools). ``([], 0)`` for anyone who is not an ICT
    Manager with a school. One query (the total is a window count taken before the limit),
    loading only what the panel shows: the site's name and closure date, its request's
    reference.
    """
    if not (user.is_active and user.school_id and roles.ICT_MANAGERS in roles.role_names(user)):
        return [], 0
    horizon = today + datetime.timedelta(days=CLOSURE_WARNING_DAYS)
    entries = RegisterEntry.objects.select_related("request").only(
        "account_name", "closure_date", "status", "school_id", "request__reference"
    )
    queryset = (
        with_cover(entries)
        .filter(school_id=user.school_id, status__in=OPEN_STATUSES)
        .filter(
            Q(closure_date__lte=horizon)
            | Q(administrator_cover__lt=MINIMUM_ADMINISTRATORS)
            | Q(moderator_cover__lt=MINIMUM_MODERATORS)
        )
        .annotate(attention_total=Window(Count("pk")))
        .order_by("closure_date", "pk")
    )
    entries = list(queryset[: limit or ATTENTION_PANEL_ROWS])
    for entry in entries:
        entry.needs_closure = entry.closure_date is not None and entry.closure_date <= horizon
        entry.needs_cover = (
            entry.administrator_cover < MINIMUM_ADMINISTRATORS or entry.moderator_cover < MINIMUM_MODERATORS
        )
    return entries, (entries[0].attention_total if entries else 0)


def approved_decisions_for(site_request: SocialMediaSiteRequest) -> dict[str, ApprovalDecision]:
    """Return the latest approving ``ApprovalDecision`` per step, keyed by ``ApprovalStep`` value.

    A group step's (issue 29) is keyed ``"group:<its name>"``, as a chain may hold several,
    in the order they were decided. Earlier rounds (before "Request changes") stay in the
    history; the record shows the approvals that stand. Uses a prefetched ``decisions``
    when present.
    """
    latest = {}
    for decision in site_request.decisions.all():
        if decision.outcome == DecisionOutcome.APPROVED:
            key = f"group:{decision.step_name}" if decision.step == "group" else decision.step
            latest.pop(key, None)  # a later round's approval takes its place in the order too
            latest[key] = decision
    return latest


def has_standing_approval(site_request: SocialMediaSiteRequest) -> bool:
    """True if ``site_request`` has an approval that stands: it is approved, or an amendment of it is under way.

    Issue 25: while an amendment is written, awaits approval or was sent back for changes,
    the site stays in the register under its last approved record, which stays readable.
    No query for an approved request or one never approved; one otherwise.
    """
    if site_request.status == RequestStatus.APPROVED:
        return True
    if site_request.status not in (*RequestStatus.amendment(), RequestStatus.CHANGES_REQUESTED):
        return False
    return site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED).exists()


def user_can_view_approval_record(*, user: User, site_request: SocialMediaSiteRequest) -> bool:
    """True if ``user`` may read the signed approval record of ``site_request``.

    Allowed: superusers, the author, the administrators and moderators named on the
    request or currently on its register entry, and the school's approvers (its ICT
    Managers and its Headteacher, or the CEO for the central team). Only a request with
    a standing approval (``has_standing_approval``: approved, or amended since) has a
    record. At most six small queries.
    """
    if not (user.is_authenticated and user.is_active) or not has_standing_approval(site_request):
        return False
    if user.is_superuser or site_request.author_id == user.pk:
        return True
    if site_request.site_people.filter(user=user).exists():
        return True
    if RegisterEntryPerson.objects.filter(entry__request=site_request, user=user).exists():
        return True
    return (
        ict_managers_for(site_request.school).filter(pk=user.pk).exists()
        or final_approvers_for(site_request.school).filter(pk=user.pk).exists()
    )


def entries_with_people(queryset: QuerySet[RegisterEntry]) -> QuerySet[RegisterEntry]:
    """Prefetch each entry's people and their accounts (one extra query per evaluation)."""
    return queryset.prefetch_related("people__user")


def entries_due_reminder_on(today: datetime.date) -> QuerySet[RegisterEntry]:
    """Open entries with a closure date no later than 30 days after ``today``, with their people."""
    horizon = today + datetime.timedelta(days=CLOSURE_WARNING_DAYS)
    return entries_with_people(
        RegisterEntry.objects.select_related("school", "request").filter(
            status__in=OPEN_STATUSES, closure_date__isnull=False, closure_date__lte=horizon
        )
    )
