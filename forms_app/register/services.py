"""State changes of the register of approved social media sites.

Each function runs in one transaction, locks the entry row, checks its input before
changing anything and writes a Wagtail audit-log entry. Bad input raises Django's
``ValidationError`` with a message per form field (``url``, ``person``, ``replacement``,
``closed_on``, ``reason``), so the admin forms show it beside the field; nothing is
changed when it is raised.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.models import User
from home.selectors import ict_managers_for

from ..answers import DATE_FORMAT
from ..constants import MINIMUM_ADMINISTRATORS, MINIMUM_MODERATORS, SiteRole
from ..emails import absolute_url, send_email
from ..models import (
    OPEN_STATUSES,
    ClosureReminder,
    RegisterEntry,
    RegisterEntryPerson,
    RegisterStatus,
    ReminderKind,
    SocialMediaSiteRequest,
)
from ..runners.selectors import candidate_statuses
from .selectors import entries_due_reminder_on

MINIMUM_COVER = {SiteRole.ADMINISTRATOR: MINIMUM_ADMINISTRATORS, SiteRole.MODERATOR: MINIMUM_MODERATORS}
http_url_validator = URLValidator(schemes=["http", "https"])


def _lock(entry: RegisterEntry) -> RegisterEntry:
    return RegisterEntry.objects.select_for_update().select_related("request", "school").get(pk=entry.pk)


def _save_and_log(entry: RegisterEntry, action: str, *, user: User, **data) -> None:
    entry.full_clean()
    entry.save()
    log(instance=entry, action=f"forms_app.register.{action}", user=user, data=data)


def _require_open(entry: RegisterEntry) -> None:
    if entry.status not in OPEN_STATUSES:
        raise ValidationError(_("This site is closed: it can no longer be changed."))


def _approved_details(site_request: SocialMediaSiteRequest) -> dict:
    """The register entry's fields that come from the request's approved answers (Appendix B)."""
    return {
        "school_id": site_request.school_id,
        "platform_id": site_request.platform_id,
        "platform_other_name": site_request.platform_other_name,
        "account_name": site_request.account_name or str(site_request),
        "go_live_date": site_request.go_live_date,
        "closure_date": site_request.closure_date,
    }


def _copy_people(entry: RegisterEntry, site_request: SocialMediaSiteRequest) -> None:
    RegisterEntryPerson.objects.bulk_create(
        RegisterEntryPerson(entry=entry, **person.seat()) for person in site_request.site_people.all()
    )


def create_register_entry(*, site_request: SocialMediaSiteRequest, approved_by: User) -> RegisterEntry:
    """Create the register entry of a request at its final approval; return it.

    Takes the approved request and the final approver (the Headteacher, or the CEO
    for the central team). Copies school, platform, account name, go-live and closure
    dates, and the named administrators and moderators (Appendix B "Administration of
    the site"), so later transfers change the register, never the signed site_request.
    Idempotent: a request has one entry, and a second call returns the existing one
    unchanged (``register_approval`` updates it after an amendment). Logged as
    ``forms_app.register.create``.
    """
    with transaction.atomic():
        existing = RegisterEntry.objects.filter(request=site_request).first()
        if existing is not None:
            return existing
        entry = RegisterEntry(
            request=site_request, approved_at=timezone.now(), approved_by=approved_by, **_approved_details(site_request)
        )
        entry.full_clean(exclude=["request"])
        entry.save()
        _copy_people(entry, site_request)
        log(
            instance=entry,
            action="forms_app.register.create",
            user=approved_by,
            data={"reference": site_request.reference},
        )
    return entry


def register_approval(*, site_request: SocialMediaSiteRequest, approved_by: User) -> RegisterEntry:
    """Put a final approval of ``site_request`` in the register: create its entry, or bring it up to date.

    The first creates the entry (``create_register_entry``). A later one approves an
    amendment (issue 25): the entry's platform, account name, dates and people become those
    just approved; its first approval date (the earliest it can have closed), address,
    handle, status and notes stay (a closure due that moves later reopens it). Until then the
    entry kept its last approved details. Logged as ``forms_app.register.amended`` (fields
    changed) when something changed. Raises ``ValidationError`` past a field's limits.
    """
    with transaction.atomic():
        entry = RegisterEntry.objects.select_for_update().filter(request=site_request).first()
        if entry is None:
            return create_register_entry(site_request=site_request, approved_by=approved_by)
        details = _approved_details(site_request)
        changed = [name for name, value in details.items() if getattr(entry, name) != value]
        seats = sorted(tuple(person.seat().values()) for person in site_request.site_people.all())
        if seats != sorted(tuple(person.seat().values()) for person in entry.people.all()):
            changed.append("people")
            entry.people.all().delete()
            _copy_people(entry, site_request)
        if not changed:
            return entry
        for name, value in details.items():
            setattr(entry, name, value)
        if (
            entry.status == RegisterStatus.CLOSURE_DUE
            and entry.closure_date
            and entry.closure_date > timezone.localdate()
        ):
            entry.status = RegisterStatus.LIVE if entry.went_live_on else RegisterStatus.AWAITING_CREATION
        _save_and_log(entry, "amended", user=approved_by, reference=site_request.reference, changed=changed)
    return entry


def mark_entry_live(
    *, entry: RegisterEntry, user: User, url: str, handle: str = "", went_live_on: datetime.date | None = None
) -> RegisterEntry:
    """Record that the approved site has been created and is live; return the updated entry.

    Takes the site's web address (required; http or https only), an optional handle
    and the go-live date (default: today, Europe/London). Only an entry awaiting
    creation can be marked live (the administrator "create[s] the account following
    SLT approval"). Raises ``ValidationError`` (field ``url``) for a missing or
    non-http(s) address, (field ``went_live_on``) for a date in the future, or when
    the entry is not awaiting creation. Logged as
    ``forms_app.register.mark_live``.
    """
    url = (url or "").strip()
    if went_live_on and went_live_on > timezone.localdate():
        raise ValidationError({"went_live_on": _("The date the site went live cannot be in the future.")})
    if not url:
        raise ValidationError({"url": _("Enter the web address of the live site, starting with https://.")})
    try:
        http_url_validator(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Enter a web address that starts with http:// or https://, for example https://x.com/school.")}
        ) from None
    with transaction.atomic():
        locked = _lock(entry)
        if locked.status != RegisterStatus.AWAITING_CREATION:
            raise ValidationError(_("Only a site awaiting creation can be marked live."))
        locked.url = url
        if handle:
            locked.handle = handle.strip()
        locked.went_live_on = went_live_on or timezone.localdate()
        locked.status = RegisterStatus.LIVE
        _save_and_log(locked, "mark_live", user=user, url=url, went_live_on=locked.went_live_on.isoformat())
    return locked


def _cover_after(entry: RegisterEntry, role: str, *, removed: RegisterEntryPerson, added: User | None) -> tuple:
    people = list(entry.people.filter(role=role).select_related("user"))
    before = sum(1 for p in people if p.provides_cover)
    after = sum(1 for p in people if p.pk != removed.pk and p.provides_cover) + (1 if added else 0)
    return before, after


def transfer_site_role(
    *, entry: RegisterEntry, user: User, person: RegisterEntryPerson, replacement: User | None
) -> RegisterEntry:
    """Replace one administrator or moderator of a registered site; return the entry.

    The policies make the administrator responsible for "closing or transferring" the
    account when the lead member of staff leaves. ``replacement`` must be an active
    staff account (A.3.1: "school employees or other authorised people") not already
    in that role on the site. ``replacement=None`` removes the person without a
    successor, allowed only while the site keeps its cover. The replacement must be on the
    staff of the site's school and, when its Social Media Policy asks for acknowledgement,
    have acknowledged the version in force and have a recorded training date, as for the
    final approval (``runners.selectors.candidate_statuses``); otherwise ``ValidationError``
    says what is missing.

    Appendix B: the site must have at least 2 approved administrators and 2 approved
    moderators; a transfer that would take the site below that (counting only active
    accounts and authorised external people) raises ``ValidationError`` (field
    ``replacement``). Inactive or duplicate replacements and people not on this site
    raise it too. Logged as ``forms_app.register.transfer``.
    """
    with transaction.atomic():
        locked = _lock(entry)
        _require_open(locked)
        if person.entry_id != locked.pk:
            raise ValidationError({"person": _("Choose an administrator or moderator of this site.")})
        role_label = SiteRole(person.role).label.lower()
        if replacement is not None:
            if not replacement.is_active or replacement.school_id is None:
                raise ValidationError(
                    {
                        "replacement": _("%(name)s's account is not active: choose a current member of staff.")
                        % {"name": replacement.display_name()}
                    }
                )
            if replacement.school_id != locked.school_id:
                raise ValidationError(
                    {
                        "replacement": _("%(name)s is not on the staff of %(school)s: choose one of its staff.")
                        % {"name": replacement.display_name(), "school": locked.school}
                    }
                )
            readiness = candidate_statuses(locked.request)
            status = next((s for s in readiness or [] if s.user.pk == replacement.pk), None)
            if status is not None and not status.is_ready:
                raise ValidationError(
                    {
                        "replacement": _("%(name)s cannot take over: %(missing)s.")
                        % {"name": replacement.display_name(), "missing": _(" and ").join(status.missing)}
                    }
                )
            if locked.people.filter(role=person.role, user=replacement).exists():
                raise ValidationError(
                    {
                        "replacement": _("%(name)s is already one of this site's %(role)ss: choose someone else.")
                        % {"name": replacement.display_name(), "role": role_label}
                    }
                )
        before, after = _cover_after(locked, person.role, removed=person, added=replacement)
        minimum = MINIMUM_COVER[person.role]
        if after < minimum and after < before:
            raise ValidationError(
                {
                    "replacement": _(
                        "The site must keep at least %(minimum)s %(role)ss: choose someone to take over from %(name)s."
                    )
                    % {"minimum": minimum, "role": role_label, "name": person.display_name}
                }
            )
        old_name = person.display_name
        if replacement is None:
            person.delete()
        else:
            person.user = replacement
            person.name = ""
            person.description = ""
            person.full_clean()
            person.save()
        locked.save(update_fields=["updated_at"])
        log(
            instance=locked,
            action="forms_app.register.transfer",
            user=user,
            data={
                "role": person.role,
                "from": old_name,
                "to": replacement.display_name() if replacement else "",
            },
        )
    return locked


def close_entry(*, entry: RegisterEntry, user: User, closed_on: datetime.date | None, reason: str) -> RegisterEntry:
    """Record that a registered site has been closed; return the updated entry.

    A.1.6 asks for "a careful exit strategy and a clear plan from the outset about how
    long the site will last". Takes the date the site was closed (not in the future,
    not before the day it went live or, for a site never created, the day it was
    approved; Europe/London) and the reason. Raises
    ``ValidationError`` (fields ``closed_on``, ``reason``) on a missing or impossible
    date or an empty reason, or when the site is already closed. Logged as
    ``forms_app.register.close``.
    """
    reason = (reason or "").strip()
    errors = {}
    if closed_on is None:
        errors["closed_on"] = _("Enter the date the site was closed.")
    elif closed_on > timezone.localdate():
        errors["closed_on"] = _("The date closed cannot be in the future.")
    if not reason:
        errors["reason"] = _("Say why the site was closed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(entry)
        _require_open(locked)
        earliest, since = locked.earliest_closure
        if closed_on < earliest:
            if since == "live":
                message = _("The date closed cannot be before the site went live (%(date)s).")
            else:
                message = _("The date closed cannot be before the site was approved (%(date)s).")
            raise ValidationError({"closed_on": message % {"date": date_format(earliest, DATE_FORMAT)}})
        locked.closed_on = closed_on
        locked.closure_reason = reason
        locked.status = RegisterStatus.CLOSED
        _save_and_log(locked, "close", user=user, closed_on=closed_on.isoformat(), reason=reason)
    return locked


def mark_overdue_entries(*, today: datetime.date) -> list[RegisterEntry]:
    """Set "Closure due" on open entries whose closure date is ``today`` or earlier; return them.

    A.1.6: a site "must not be neglected". Entries already marked, or closed, are left
    alone, so running it twice changes nothing. Each change is logged as
    ``forms_app.register.closure_due`` (no user: the daily command does it).
    """
    marked = []
    with transaction.atomic():
        entries = RegisterEntry.objects.select_for_update().filter(
            status__in=(RegisterStatus.AWAITING_CREATION, RegisterStatus.LIVE), closure_date__lte=today
        )
        for entry in entries:
            entry.status = RegisterStatus.CLOSURE_DUE
            entry.save(update_fields=["status", "updated_at"])
            log(instance=entry, action="forms_app.register.closure_due", data={"closure_date": str(entry.closure_date)})
            marked.append(entry)
    return marked


def reminder_kind_for(*, closure_date: datetime.date, today: datetime.date) -> str | None:
    """The reminder due on ``today``: 30 days before, 7 days before, or on the closure date.

    The most urgent reminder reached is returned, so a missed day is caught up the next
    day and an entry approved close to its closure date does not get stale reminders.
    None when the closure date is more than 30 days away.
    """
    days_left = (closure_date - today).days
    if days_left <= 0:
        return ReminderKind.CLOSURE_DAY
    if days_left <= 7:
        return ReminderKind.SEVEN_DAYS
    if days_left <= 30:
        return ReminderKind.THIRTY_DAYS
    return None


def _reminder_recipients(entry: RegisterEntry) -> list[str]:
    administrators = [
        p.user for p in entry.people.all() if p.role == SiteRole.ADMINISTRATOR and p.user_id and p.user.is_active
    ]
    people = administrators + list(ict_managers_for(entry.school))
    return sorted({u.email for u in people if u.email})


def send_closure_reminders(*, today: datetime.date) -> list[ClosureReminder]:
    """Email closure reminders due on ``today``; return the reminders sent.

    A.1.6 "a clear plan from the outset about how long the site will last": the site's
    administrators and the school's ICT Managers are emailed 30 days before, 7 days
    before and on the closure date. Each reminder is recorded (``ClosureReminder``) in
    the same transaction as its email, so a second run on the same day sends nothing
    new and a failed send is retried the next day.
    """
    sent = []
    for entry in entries_due_reminder_on(today):
        kind = reminder_kind_for(closure_date=entry.closure_date, today=today)
        with transaction.atomic():
            reminder, created = ClosureReminder.objects.get_or_create(
                entry=entry, kind=kind, closure_date=entry.closure_date
            )
            if not created:
                continue
            recipients = _reminder_recipients(entry)
            reminder.recipients = ", ".join(recipients)
            reminder.save(update_fields=["recipients"])
            if recipients:
                _send_reminder_email(entry=entry, kind=kind, today=today, recipients=recipients)
            sent.append(reminder)
    return sent


def _send_reminder_email(*, entry: RegisterEntry, kind: str, today: datetime.date, recipients: list[str]) -> None:
    context = {
        "entry": entry,
        "kind": kind,
        "kind_label": ReminderKind(kind).label,
        "days_left": (entry.closure_date - today).days,
        "is_closure_day": kind == ReminderKind.CLOSURE_DAY,
        "register_url": absolute_url(reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk])),
        "record_url": absolute_url(reverse("approval_record", args=[entry.request.public_id])),
    }
    send_email("register_closure_reminder", to=recipients, context=context)
