"""Seal every approved request still missing its sealed approval record (signed PDF).

The final approval seals its record after commit; if rendering or signing failed then
(no certificate configured, Pango missing), nothing is lost: run this, for example
daily, and every approved request gets its record. Exits 1 if any could not be sealed.
"""

from django.core.management.base import BaseCommand, CommandError

from forms_app.register.records import SealingUnavailable, requests_missing_record, seal_record


class Command(BaseCommand):
    help = "Seal the approval record (signed PDF) of every approved request that has none yet."

    def handle(self, *args, **options):
        sealed, failed = 0, []
        for site_request in requests_missing_record().select_related("school"):
            try:
                record = seal_record(site_request=site_request)
            except SealingUnavailable as exc:
                raise CommandError(str(exc)) from exc
            except Exception as exc:  # one bad request must not stop the others
                failed.append(f"{site_request.reference}: {exc}")
                continue
            sealed += 1
            self.stdout.write(f"{site_request.reference}: sealed ({record.sha256[:12]}…)")
        self.stdout.write(self.style.SUCCESS(f"Sealed {sealed} approval record(s)."))
        if failed:
            raise CommandError("Could not seal: " + "; ".join(failed))
