"""Check a PDF: is it an approval record sealed by this intranet, unaltered, and whose is it?

Prints the request's reference, school and final approval date for a genuine record;
otherwise says why not and exits 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from forms_app.register.records import SealingUnavailable, verify_pdf


class Command(BaseCommand):
    help = "Check that FILE is an unaltered approval record sealed by this intranet."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the PDF to check")

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            result = verify_pdf(data)
        except SealingUnavailable as exc:
            raise CommandError(str(exc)) from exc
        if not result.is_valid:
            raise CommandError(result.message)
        record = result.record
        approved = timezone.localtime(record.approved_at).strftime("%d %B %Y, %H:%M")
        self.stdout.write(self.style.SUCCESS(result.message))
        self.stdout.write(f"Reference: {record.request.reference}")
        self.stdout.write(f"School: {record.request.school}")
        self.stdout.write(f"Final approval: {approved} (Europe/London), approval round {record.approval_round}")
        self.stdout.write(f"SHA-256: {record.sha256}")
