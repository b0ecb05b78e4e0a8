"""``manage.py build_scale_data``: add a trust-sized data set to the demo intranet, for the page benchmark.

Adds, beside the demo content (loaded first if missing): 50 schools, 5,000 staff (an ICT
Manager and a Headteacher at each school, the rest Staff), 20,000 social media site
requests in every state (drafts; waiting for the ICT Manager or the Headteacher, with
their workflow, revision and task state; changes requested; withdrawn; approved), 8,000
register entries (the approved requests, each with two administrators and two
moderators), 1,000 policies (about nine in ten public, the rest staff-only, each with a
body of about 35 KB) and 200 parent guidance pages, all searchable.

Rows are written with ``bulk_create`` (and pages as treebeard would place them), not
through the services: creating and approving 20,000 requests one by one through the
workflow takes hours. Written this way, and so not exactly as in use: requests, their
workflow rows and register entries (no decisions, emails or audit log entries); pages (no
revisions; the search index is filled with the search backend's bulk ``add_bulk``).
Users are real accounts with the demo password. Refuses to run twice on one database
(the first scale school's slug says it ran). Meant for a throwaway database:
``make bench`` runs it on one.

``--schools N`` builds the same shape for N schools instead of 50: every other count
(staff, requests in each state, register entries, policies, guidance pages) shrinks or
grows in proportion, so tests can build a small set shaped like the benchmark's.
``--scale N`` is ``--schools 50N``: ``--scale 10`` builds ten times the trust (500 schools,
50,000 staff, 200,000 requests, 80,000 register entries, 10,000 policies).

The builders are in ``intranet/scale_data.py`` and ``intranet/scale_requests.py``.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from intranet.scale_data import (
    SCHOOLS,
    Sizes,
    build_guidance,
    build_policies,
    build_schools_and_staff,
    gather_statistics,
    index_pages,
    scale_slug,
)
from intranet.scale_requests import build_requests

__all__ = ["Command", "scale_slug"]


class Command(BaseCommand):
    help = (
        "Add 50 schools, 5,000 staff, 20,000 requests, 8,000 register entries, 1,000 policies (bulk inserts); "
        "--schools N builds the same shape in proportion."
    )

    def add_arguments(self, parser):
        sizes = parser.add_mutually_exclusive_group()
        sizes.add_argument(
            "--schools",
            type=int,
            default=None,
            help=f"How many schools to add (default {SCHOOLS}); every other count follows in proportion.",
        )
        sizes.add_argument(
            "--scale",
            type=int,
            default=None,
            help=f"Build N times the trust: {SCHOOLS} x N schools, every other count in proportion (default 1).",
        )

    def handle(self, *args, **options):
        from home.models import School

        if options["scale"] is not None and options["scale"] < 1:
            raise CommandError("--scale must be 1 or more.")
        schools = options["schools"] if options["schools"] is not None else SCHOOLS * (options["scale"] or 1)
        if schools < 1:
            raise CommandError("--schools must be 1 or more.")
        self.sizes = Sizes.for_schools(schools)

        if School.objects.filter(slug=scale_slug(1)).exists():
            raise CommandError("The scale data set is already in this database; use a fresh database.")
        if not Page.objects.filter(depth=2).exists() or not School.objects.exists():
            call_command("load_demo_content", stdout=self.stdout)
        self.stdout.write(
            "Bulk inserts, not the services: requests, workflow rows, register entries and pages "
            "are written directly (no decisions, emails, audit log or page revisions)."
        )
        started = self.started = time.monotonic()
        with transaction.atomic():
            staff = build_schools_and_staff(sizes=self.sizes, say=self.say)
            build_requests(staff, sizes=self.sizes, say=self.say)
            build_policies(sizes=self.sizes, say=self.say)
            build_guidance(sizes=self.sizes, say=self.say)
        index_pages(say=self.say)
        gather_statistics(say=self.say)
        self.stdout.write(self.style.SUCCESS(f"Scale data set ready in {time.monotonic() - started:.0f} s."))

    def say(self, message: str) -> None:
        self.stdout.write(f"  {message} ({time.monotonic() - self.started:.0f} s)")
