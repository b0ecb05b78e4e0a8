"""Delete sealed approval records kept past their retention period, after a site administrator confirms.

Without ``--confirm`` it only lists what is past retention. With ``--confirm --user
USERNAME`` (a superuser) it shows the list again and asks for the number of records to
be typed back; anything else deletes nothing. Each deletion is logged on the register
entry.
"""

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from core.management.daily import DailyCommand
from forms_app.register.retention import (
    PurgeCountChanged,
    purge_expired_records,
    records_past_retention,
    retained_until,
    retention_years,
)
from home.models import User


class Command(DailyCommand):
    help = (
        "List, and with --confirm delete, sealed approval records of sites closed more than the retention period ago."
    )

    # Without --confirm it changes nothing: listing is its dry run.
    dry_run_option = False

    def add_daily_arguments(self, parser) -> None:
        parser.add_argument("--confirm", action="store_true", help="delete after typing the number of records")
        parser.add_argument("--user", help="username of the site administrator (superuser) who confirms")

    def run_for(self, today, *, confirm=False, user=None, **options) -> str:
        records = list(records_past_retention(today=today))
        years = retention_years()
        self.stdout.write(f"{len(records)} sealed record(s) of sites closed more than {years} years before {today}:")
        for record in records:
            entry = record.request.register_entry
            self.stdout.write(
                f"  {record.request.reference} ({record.request.school}): closed {entry.closed_on}, "
                f"kept until {retained_until(entry.closed_on)}, record {record.approval_round}"
            )
        if not confirm:
            return "Nothing deleted. Run again with --confirm --user USERNAME to delete them."
        if not records:
            return ""
        if not user:
            raise CommandError("--confirm needs --user: the username of the site administrator who confirms.")
        administrator = User.objects.filter(username=user, is_active=True, is_superuser=True).first()
        if administrator is None:
            raise CommandError(f"{user} is not an active site administrator (superuser): nothing deleted.")
        typed = input(f"Type {len(records)} to delete these {len(records)} record(s) for good: ").strip()
        if typed != str(len(records)):
            raise CommandError("The number typed does not match: nothing deleted.")
        try:
            deleted = purge_expired_records(user=administrator, today=today, confirmed_count=len(records))
        except (PurgeCountChanged, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        return f"Deleted {deleted} sealed record(s); each deletion is logged."
