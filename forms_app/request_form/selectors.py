"""Read-only queries for the request form, the author's request page and "My requests"."""

from django.db.models import Q, QuerySet

from home.models import User
from policy.selectors import social_media_policy_page

from ..constants import RequestStatus
from ..models import SocialMediaSiteRequest

__all__ = [
    "requests_for_author",
    "requests_naming_user",
    "request_for_author",
    "request_visible_to",
    "social_media_policy_page",
]


def requests_for_author(*, user: User) -> QuerySet[SocialMediaSiteRequest]:
    """Return the requests ``user`` wrote, most recently changed first (one query)."""
    return SocialMediaSiteRequest.objects.by_author(user)


def requests_naming_user(*, user: User) -> QuerySet[SocialMediaSiteRequest]:
    """Return submitted requests that name ``user`` as administrator or moderator, and that
    ``user`` did not write (one query). Drafts are left out: until submitted, they are
    only the author's notes."""
    return (
        SocialMediaSiteRequest.objects.filter(site_people__user=user)
        .exclude(author=user)
        .exclude(status=RequestStatus.DRAFT)
        .select_related("school", "author")
        .distinct()
        .order_by("-updated_at")
    )


def request_for_author(*, user: User, public_id) -> QuerySet[SocialMediaSiteRequest]:
    """Return a queryset holding the request with ``public_id`` if ``user`` wrote it, else empty.

    Loads its school and platform with it, so rules run without more queries.
    """
    return SocialMediaSiteRequest.objects.filter(public_id=public_id, author=user).select_related(
        "school", "platform", "line_manager", "author"
    )


def request_visible_to(*, user: User, public_id) -> QuerySet[SocialMediaSiteRequest]:
    """Return a queryset holding the request with ``public_id`` if ``user`` wrote it or is named on
    it as administrator or moderator (a submitted request only), else empty.

    A member of staff sees only the requests they wrote or are named on (issue rule).
    """
    named = requests_naming_user(user=user).values("pk")
    return SocialMediaSiteRequest.objects.filter(Q(author=user) | Q(pk__in=named), public_id=public_id).select_related(
        "school", "platform", "line_manager", "author"
    )
