"""Read-only queries about policies: who may see which pages, what is due for review, who owns a policy."""

import datetime

from django.db.models import F, Q, QuerySet
from wagtail.models import Page, PageViewRestriction

from home import roles
from home.models import School, User

from .models import PolicyPage

REVIEW_WARNING_DAYS = 60


def pages_visible_to(*, user, hidden: tuple[str, ...] | None = None) -> QuerySet[Page]:
    """Return the live pages ``user`` may read, honouring Wagtail page privacy on each page and its ancestors.

    Anonymous visitors get public pages only. Signed-in users also get pages restricted
    to signed-in users, and pages restricted to groups they belong to (superusers: all);
    password-protected pages are left out for everyone, since a search result would
    reveal their text. ``hidden``: the signed-in user's ``paths_hidden_from(user)`` when
    already read. A fixed number of queries (the user's groups, the restrictions and their
    groups, then the pages), whatever the number of pages.
    """
    pages = Page.objects.live()
    if not user.is_authenticated:
        return pages.public()
    excluded = Q()
    for path in paths_hidden_from(user) if hidden is None else hidden:
        excluded |= Q(path__startswith=path)
    return pages.exclude(excluded) if excluded else pages


def paths_hidden_from(user) -> tuple[str, ...]:
    """Return the tree paths of the restricted sections the signed-in ``user`` may not read, sorted.

    A section is a page and everything below it (Wagtail's ``path`` prefix). Those behind
    a password or restricted to groups the user is not in (none for a superuser); a page
    restricted to signed-in users is readable. Two people with the same paths see the same
    pages, whatever else differs. Three queries: the user's groups, the restrictions with
    their pages, and their groups.
    """
    group_ids = set(user.groups.values_list("pk", flat=True)) if not user.is_superuser else None
    paths = set()
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        if restriction.restriction_type == PageViewRestriction.GROUPS and (
            group_ids is None or group_ids & {group.pk for group in restriction.groups.all()}
        ):
            continue
        paths.add(restriction.page.path)
    return tuple(sorted(paths))


def policies_due_for_review(
    *, today: datetime.date, within_days: int = REVIEW_WARNING_DAYS, school: School | None = None
) -> QuerySet[PolicyPage]:
    """Return live policies whose next review is due within ``within_days`` of ``today`` or is overdue.

    Dates are calendar dates (Europe/London). Ordered by school (trust-wide first), then
    the earliest review date. ``school`` narrows to one school's policies. Issue 6: the
    leadership sees policies due within 60 days or overdue, per school. One query.
    """
    policies = (
        PolicyPage.objects.live()
        .filter(next_review_due__lte=today + datetime.timedelta(days=within_days))
        .select_related("school")
        .order_by(F("school__name").asc(nulls_first=True), "next_review_due", "title")
    )
    if school is not None:
        policies = policies.filter(school=school)
    return policies


def policy_owners(*, policy: PolicyPage) -> list[User]:
    """Return the people answerable for reviewing ``policy``, each once, with an email address.

    The page's owner (who created it in Wagtail) and the Policy editors of the policy's
    school; for a trust-wide policy, the Policy editors of the trust's central team.
    Inactive accounts are left out. One query.
    """
    school_filter = Q(school=policy.school) if policy.school_id else Q(school__is_central_team=True)
    editors = Q(groups__name=roles.POLICY_EDITORS) & school_filter
    owner = Q(pk=policy.owner_id) if policy.owner_id else Q(pk__in=[])
    return list(User.objects.filter(owner | editors, is_active=True).exclude(email="").distinct().order_by("last_name"))


def social_media_policy_page(*, school: School | None = None) -> PolicyPage | None:
    """Return the published Social Media Policy the author declares they have read, or None.

    Takes the request's ``School`` (or None). A live ``PolicyPage`` titled "Social Media
    Policy" for that school is preferred, then the trust-wide one; the most recently
    published wins within each. The page and its ``version`` are stored on the request
    at submission (the approval record shows the policy in force then).
    """
    candidates = PolicyPage.objects.live().filter(title__icontains="Social Media Policy")
    if school is not None:
        own = candidates.filter(school=school).order_by("-last_published_at").first()
        if own is not None:
            return own
    return candidates.filter(school__isnull=True).order_by("-last_published_at").first()
