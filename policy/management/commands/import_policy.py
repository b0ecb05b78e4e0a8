"""``manage.py import_policy PATH… [--parent …] [--school …] [--publish]``: policy documents into PolicyPage drafts."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from home.models import School, User
from policy.importers import SUPPORTED_EXTENSIONS, PolicyImportError
from policy.models import PolicyIndexPage
from policy.services import import_policy_file


class Command(BaseCommand):
    help = (
        "Import policy documents (.docx, Markdown or plain text) as PolicyPage drafts. Each file is reported on; "
        "the others are still imported when one fails, and the exit status is 1 if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help=f"Files to import ({', '.join(SUPPORTED_EXTENSIONS)})."
        )
        parser.add_argument(
            "--parent",
            help="The policy index page to import into: its id or its URL path (e.g. /policies/). "
            "Needed when there is more than one policy index page.",
        )
        parser.add_argument("--school", help="The slug of the school the policies belong to. Default: trust-wide.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the imported pages instead of leaving drafts."
        )
        parser.add_argument("--user", help="Username recorded as the author of the revisions.")

    def handle(self, *args, paths, parent, school, publish, user, **options):
        parent_page = self.find_parent(parent)
        school_obj = self.find_school(school)
        user_obj = self.find_user(user)
        self.stdout.write(f"Importing into “{parent_page.title}” ({parent_page.url}).")
        failures = 0
        for raw in paths:
            path = Path(raw)
            try:
                outcome = import_policy_file(
                    path=path, parent=parent_page, school=school_obj, publish=publish, user=user_obj
                )
            except PolicyImportError as exc:
                failures += 1
                self.stderr.write(self.style.ERROR(f"✗ {path}: {exc}"))
                continue
            action = "Created" if outcome.created else "Updated"
            state = "published" if outcome.published else "draft"
            counts = ", ".join(f"{number} {name}" for name, number in outcome.counts.items())
            edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[outcome.page.pk])
            self.stdout.write(self.style.SUCCESS(f"✓ {path}: {action} {state} “{outcome.page.title}” ({counts})."))
            self.stdout.write(f"  Edit: {edit_url}")
            for warning in outcome.warnings:
                self.stdout.write(self.style.WARNING(f"  Warning: {warning}"))
        if failures:
            raise CommandError(f"{failures} of {len(paths)} file(s) could not be imported.", returncode=1)

    def find_parent(self, value: str | None) -> PolicyIndexPage:
        """Return the index page named by id or URL path, or the first one; CommandError if none fits."""
        indexes = PolicyIndexPage.objects.order_by("path")
        if value is None:
            found = list(indexes[:10])
            if not found:
                raise CommandError("There is no policy index page yet; run `manage.py setup_trust` first.")
            if len(found) > 1:
                choices = "; ".join(f"{index.pk} = {index.title} ({index.url})" for index in found)
                raise CommandError(f"There is more than one policy index page; choose one with --parent ({choices}).")
            return found[0]
        if value.isdigit():
            page = indexes.filter(pk=int(value)).first()
        else:
            wanted = "/" + value.strip("/") + "/"
            page = next((index for index in indexes if index.url_path.endswith(wanted)), None)
        if page is None:
            raise CommandError(f"No policy index page matches --parent {value!r}; give its id or URL path.")
        return page

    def find_school(self, slug: str | None) -> School | None:
        if not slug:
            return None
        school = School.objects.filter(slug=slug).first()
        if school is None:
            known = ", ".join(School.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No school has the short name {slug!r} (known: {known}).")
        return school

    def find_user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        return user
