"""``manage.py secure_staff_documents``: move documents linked from staff-only pages out of public collections.

Publishing a staff-only page already does this for the documents it links to (see
``core.files.documents``); run this once after upgrading so that pages published before
then are covered too. It is safe to run again: it changes nothing the second time.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from core.files.documents import (
    STAFF_ONLY_COLLECTION,
    keep_documents_of_staff_only_pages_private,
    staff_only_collection,
)


class Command(BaseCommand):
    help = (
        f"Move every document that a live staff-only page links to from a public collection into "
        f"“{STAFF_ONLY_COLLECTION}” (documents also linked from a public page are left, with a warning)."
    )

    def handle(self, *args, **options):
        if staff_only_collection() is None:
            self.stderr.write(
                self.style.ERROR(
                    f"There is no “{STAFF_ONLY_COLLECTION}” collection with a sign-in restriction; run migrate."
                )
            )
            raise SystemExit(1)
        restricted = Q()
        for path in PageViewRestriction.objects.values_list("page__path", flat=True):
            restricted |= Q(path__startswith=path)
        pages = Page.objects.live().filter(restricted).order_by("path") if restricted else Page.objects.none()
        moved = 0
        for page in pages:
            for document in keep_documents_of_staff_only_pages_private(page=page):
                moved += 1
                self.stdout.write(
                    f"Moved “{document.title}” (linked from “{page.title}”) to “{STAFF_ONLY_COLLECTION}”."
                )
        self.stdout.write(self.style.SUCCESS(f"{moved} document(s) moved; {pages.count()} staff-only page(s) checked."))
