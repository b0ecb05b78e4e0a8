"""Retention of sealed approval records: how long a closed site's record is kept, and its deletion.

A closed site's sealed records are kept for ``SEALED_RECORD_RETENTION_YEARS`` (default
6) after the date it closed, the usual records-management period for a school's
documents after the matter ends. Sites still open are kept whatever their age.

A request made on a form built in the admin (access to blocked content, taking part in a
third party's site…) has no register entry and so never closes: the matter ends with its
approval. Its records are kept for the same number of years after its latest final
approval (the latest sealed record's ``approved_at``, as a Europe/London date), all its
rounds together, and never while an amendment of it is under way (its status is then not
"Approved"). The
"Records past retention" report lists what is due; ``manage.py purge_expired_records``
deletes them only after a site administrator confirms, and each deletion is logged on
the register entry (``forms_app.register.record_purged``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from wagtail.log_actions import log

from home.models import User

from ..constants import RequestStatus
from ..models import RegisterStatus, SealedRecord
from .record_rendering import LONDON

__all__ = [
    "PurgeCountChanged",
    "purge_expired_records",
    "records_past_retention",
    "retained_until",
    "retention_start",
    "retention_years",
]


class PurgeCountChanged(Exception):
    """The number of records past retention is not the number the administrator confirmed; nothing deleted."""


def retention_years() -> int:
    """The years a closed site's records are kept after closure (``SEALED_RECORD_RETENTION_YEARS``)."""
    return settings.SEALED_RECORD_RETENTION_YEARS


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def retained_until(closed_on: datetime.date, years: int | None = None) -> datetime.date:
    """The last day a record of a site closed on ``closed_on`` is kept (closure + ``years``)."""
    years = retention_years() if years is None else years
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:
        return closed_on.replace(year=closed_on.year + years, day=28)


def records_past_retention(*, today: datetime.date) -> QuerySet[SealedRecord]:
    """Sealed records whose retention ended before ``today`` (Europe/London date).

    Those of closed sites, and those of approved requests on forms built in the admin whose
    latest final approval is older than the retention period (module docstring). Each is
    annotated with ``last_approved_at`` (its request's latest sealed approval, UTC); oldest
    closure first, then built forms' oldest approval, with the request, school and register
    entry joined (one query).
    """
    cutoff = _years_before(today, retention_years())
    latest = (
        SealedRecord.objects.filter(request_id=OuterRef("request_id")).order_by("-approved_at").values("approved_at")
    )
    site_closed = Q(
        request__register_entry__status=RegisterStatus.CLOSED, request__register_entry__closed_on__lt=cutoff
    )
    form_done = Q(
        request__form_version__isnull=False,
        request__status=RequestStatus.APPROVED,
        last_approved_at__lt=datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=LONDON),
    )
    return (
        SealedRecord.objects.select_related("request__school", "request__register_entry", "request__form_version")
        .annotate(last_approved_at=Subquery(latest[:1]))
        .filter(site_closed | form_done)
        .order_by("request__register_entry__closed_on", "last_approved_at", "request__reference", "approval_round")
    )


def retention_start(record: SealedRecord) -> datetime.date:
    """The day ``record``'s retention runs from: its site's closure, or (a built form's) its latest final approval.

    ``record`` comes from ``records_past_retention`` (``last_approved_at`` annotated). No query.
    """
    entry = getattr(record.request, "register_entry", None) if record.request.form_version_id is None else None
    if entry is not None and entry.closed_on:
        return entry.closed_on
    return timezone.localdate(record.last_approved_at or record.approved_at, LONDON)


def purge_expired_records(*, user: User, today: datetime.date, confirmed_count: int) -> int:
    """Delete the sealed records past retention on ``today``; return how many were deleted.

    Only a site administrator (superuser) may purge (``PermissionDenied`` otherwise), and
    only the number of records they were shown and confirmed: if ``confirmed_count`` is
    not the number now due, ``PurgeCountChanged`` is raised and nothing is deleted. Each
    record's PDF file and row are deleted, and the deletion is logged on its register
    entry as ``forms_app.register.record_purged`` (who, which record, its SHA-256).
    """
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied("Only a site administrator may delete records past retention.")
    with transaction.atomic():
        records = list(records_past_retention(today=today).select_for_update(of=("self",)))
        if len(records) != confirmed_count:
            raise PurgeCountChanged(
                f"{len(records)} records are past retention now, not the {confirmed_count} confirmed: nothing deleted."
            )
        for record in records:
            # A built form's request has no register entry: its deletion is logged on the request.
            entry = getattr(record.request, "register_entry", None) if not record.request.form_version_id else None
            start = retention_start(record)
            log(
                instance=entry or record.request,
                action="forms_app.register.record_purged",
                user=user,
                data={
                    "reference": record.request.reference,
                    "round": record.approval_round,
                    "sha256": record.sha256,
                    "closed_on" if entry else "last_approved_on": start.isoformat(),
                    "retained_until": retained_until(start).isoformat(),
                },
            )
            record.delete(purge=True)
    return len(records)
