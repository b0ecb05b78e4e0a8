"""Read-only queries about parent e-safety guidance."""

from datetime import date

from django.db.models import QuerySet

from policy.models import ParentGuidancePage

__all__ = ["stale_guidance"]


def stale_guidance(*, today: date) -> QuerySet[ParentGuidancePage]:
    """Return live guidance pages whose next check is due on or before ``today``, most overdue first.

    ``today`` is a calendar date in the trust's time zone (Europe/London; pass
    ``django.utils.timezone.localdate()``). A page is due a check ``review_interval_months``
    calendar months after its "Last checked" date (default 6 months). Only live pages are
    returned: they are what parents read. StreamFields are deferred. One query.
    """
    return (
        ParentGuidancePage.objects.live()
        .filter(review_due__lte=today)
        .defer_streamfields()
        .order_by("review_due", "title", "pk")
    )
