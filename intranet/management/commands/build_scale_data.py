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
"""

import datetime
import time
from dataclasses import dataclass
from itertools import cycle

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.search.backends import get_search_backend

SCHOOLS = 50
STAFF_PER_SCHOOL = 100
REQUESTS = 20_000
APPROVED = 8_000
POLICIES = 1_000
PUBLIC_POLICY_SHARE = 0.9
GUIDANCE_PAGES = 200
BATCH = 1_000

# How the 12,000 requests that are not approved are spread over the other states.
OTHER_STATES = {"draft": 5_000, "awaiting_ict": 3_000, "awaiting_head": 2_000, "changes_requested": 1_000}


@dataclass(frozen=True)
class Sizes:
    """How many of each thing one run builds: the figures above, in proportion to its number of schools."""

    schools: int
    requests: int
    approved: int
    other_states: dict[str, int]
    policies: int
    guidance_pages: int

    @classmethod
    def for_schools(cls, schools: int) -> "Sizes":
        """Take a number of schools (1 or more); return the sizes for it (``SCHOOLS`` gives the constants)."""

        def share(count: int) -> int:
            return round(count * schools / SCHOOLS)

        return cls(
            schools=schools,
            requests=share(REQUESTS),
            approved=share(APPROVED),
            other_states={status: share(count) for status, count in OTHER_STATES.items()},
            policies=share(POLICIES),
            guidance_pages=share(GUIDANCE_PAGES),
        )


def scale_slug(number: int) -> str:
    """The slug of scale school ``number`` (1-based): ``scale-01`` …"""
    return f"scale-{number:02d}"


def bulk_pages(parent: Page, model, template, count: int, *, prefix: str, fields_for) -> list[int]:
    """Add ``count`` live pages of ``model`` below ``parent`` in bulk; return their ids.

    Each copies ``template``'s own fields (the ``model`` table's columns) with
    ``fields_for(number)`` laid over them, and gets the title and slug that gives
    (``title`` key; slug ``prefix-number``). Tree paths are worked out as treebeard would.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    own_fields = [f for f in model._meta.local_concrete_fields if f.name != "page_ptr"]
    pages = []
    extras = []
    for number in range(count):
        extra = fields_for(number)
        title = extra.pop("title")
        slug = f"{prefix}-{number:04d}"
        extras.append(extra)
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                path=Page._get_path(parent.path, parent.depth + 1, parent.numchild + number + 1),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                content_type=content_type,
                live=True,
                first_published_at=timezone.now(),
                last_published_at=timezone.now(),
                locale_id=parent.locale_id,
            )
        )
    Page.objects.bulk_create(pages, batch_size=BATCH)
    ids = list(
        Page.objects.filter(path__in=[page.path for page in pages]).order_by("path").values_list("pk", flat=True)
    )
    rows = []
    for pk, extra in zip(ids, extras, strict=True):
        row = model(page_ptr_id=pk, **{f.attname: getattr(template, f.attname) for f in own_fields})
        for name, value in extra.items():
            setattr(row, name, value)
        rows.append(row)
    for start in range(0, len(rows), 200):
        model.objects._insert(rows[start : start + 200], fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    return ids


class Command(BaseCommand):
    help = (
        "Add 50 schools, 5,000 staff, 20,000 requests, 8,000 register entries, 1,000 policies (bulk inserts); "
        "--schools N builds the same shape in proportion."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schools",
            type=int,
            default=SCHOOLS,
            help=f"How many schools to add (default {SCHOOLS}); every other count follows in proportion.",
        )

    def handle(self, *args, **options):
        from home.models import School

        if options["schools"] < 1:
            raise CommandError("--schools must be 1 or more.")
        self.sizes = Sizes.for_schools(options["schools"])

        if School.objects.filter(slug=scale_slug(1)).exists():
            raise CommandError("The scale data set is already in this database; use a fresh database.")
        if not Page.objects.filter(depth=2).exists() or not School.objects.exists():
            call_command("load_demo_content", stdout=self.stdout)
        self.stdout.write(
            "Bulk inserts, not the services: requests, workflow rows, register entries and pages "
            "are written directly (no decisions, emails, audit log or page revisions)."
        )
        started = time.monotonic()
        with transaction.atomic():
            staff = self.build_schools_and_staff()
            self.build_requests(staff)
            self.build_policies()
            self.build_guidance()
        self.index_pages()
        self.gather_statistics()
        self.stdout.write(self.style.SUCCESS(f"Scale data set ready in {time.monotonic() - started:.0f} s."))

    def gather_statistics(self) -> None:
        """On PostgreSQL, ``VACUUM ANALYZE`` the database, as autovacuum would after a bulk load.

        Without table statistics the planner guesses, and can pick plans no running
        database would (one where autovacuum has analysed the tables as they grew). The
        vacuum matters as much: rows written in bulk leave the search index's GIN indexes
        with a long pending list, which the planner prices so high that it scans every
        index entry instead (14 ms, against under 1 ms through the index, for a search at
        trust scale). Autovacuum merges that list in a running database; here it may be off.
        Inside a transaction (the query-count tests build the data in one) VACUUM cannot
        run, and only ANALYZE does.
        """
        if connection.vendor != "postgresql":
            return
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(command)
        self.say(f"table statistics gathered ({command})")

    def say(self, message: str) -> None:
        self.stdout.write(f"  {message}")

    def build_schools_and_staff(self) -> dict[int, list]:
        """Schools, then their staff with roles; return each school's users, ICT Manager and Headteacher first."""
        from home import roles
        from home.demo import DEMO_PASSWORD
        from home.models import School, User

        schools = School.objects.bulk_create(
            School(name=f"Scale School {n:02d}", slug=scale_slug(n)) for n in range(1, self.sizes.schools + 1)
        )
        password = make_password(DEMO_PASSWORD)
        users = User.objects.bulk_create(
            (
                User(
                    username=f"{school.slug}.{n:03d}",
                    first_name=f"Person{n:03d}",
                    last_name=school.name,
                    email=f"{school.slug}.{n:03d}@example.org",
                    password=password,
                    school=school,
                )
                for school in schools
                for n in range(STAFF_PER_SCHOOL)
            ),
            batch_size=BATCH,
        )
        groups = {name: Group.objects.get(name=name) for name in (roles.STAFF, roles.ICT_MANAGERS, roles.HEADTEACHERS)}
        memberships = []
        by_school: dict[int, list] = {}
        for user in users:
            members = by_school.setdefault(user.school_id, [])
            memberships.append(User.groups.through(user_id=user.pk, group_id=groups[roles.STAFF].pk))
            if len(members) == 0:
                memberships.append(User.groups.through(user_id=user.pk, group_id=groups[roles.ICT_MANAGERS].pk))
            elif len(members) == 1:
                memberships.append(User.groups.through(user_id=user.pk, group_id=groups[roles.HEADTEACHERS].pk))
            members.append(user)
        User.groups.through.objects.bulk_create(memberships, batch_size=BATCH)
        self.say(
            f"{len(schools)} schools, {len(users)} staff (ICT Manager: {schools[0].slug}.000, "
            f"Headteacher: {schools[0].slug}.001)"
        )
        return by_school

    def build_requests(self, staff: dict[int, list]) -> None:
        """Requests in every state (20,000 at 50 schools); workflow rows for the waiting ones; register entries
        for the approved ones."""
        from forms_app.constants import ApprovalStep, RequestStatus, SiteRole
        from forms_app.models import (
            RegisterEntry,
            RegisterEntryPerson,
            RegisterStatus,
            SocialMediaApprovalTask,
            SocialMediaSiteRequest,
        )

        template = SocialMediaSiteRequest.objects.exclude(status=RequestStatus.DRAFT).order_by("pk").first()
        if template is None:
            raise CommandError("No submitted demo request to copy answers from; run load_demo_content first.")
        copied = {
            f.attname: getattr(template, f.attname)
            for f in SocialMediaSiteRequest._meta.concrete_fields
            if f.name not in ("id", "public_id", "reference", "school", "author", "status", "account_name")
        }
        sizes = self.sizes
        statuses = [RequestStatus.APPROVED] * sizes.approved
        for status, count in sizes.other_states.items():
            statuses += [RequestStatus(status)] * count
        statuses += [RequestStatus.WITHDRAWN] * (sizes.requests - len(statuses))
        school_ids = cycle(sorted(staff))
        rows = []
        for number, status in enumerate(statuses):
            school_id = next(school_ids)
            author = staff[school_id][2 + number % (STAFF_PER_SCHOOL - 2)]
            rows.append(
                SocialMediaSiteRequest(
                    **copied,
                    school_id=school_id,
                    author=author,
                    status=status,
                    reference=f"SM-S-{number:06d}",
                    account_name=f"Club {number}",
                )
            )
        requests = SocialMediaSiteRequest.objects.bulk_create(rows, batch_size=BATCH)
        spread = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in sizes.other_states.items())
        self.say(f"{len(requests)} requests: {sizes.approved} approved, {spread}, the rest withdrawn")

        request_type = ContentType.objects.get_for_model(SocialMediaSiteRequest)
        workflow = SocialMediaSiteRequest.get_default_workflow()
        tasks = {task.role: task for task in SocialMediaApprovalTask.objects.all()}
        waiting = [r for r in requests if r.status in RequestStatus.pending()]
        revisions = Revision.objects.bulk_create(
            (
                Revision(
                    content_type=request_type,
                    base_content_type=request_type,
                    object_id=str(r.pk),
                    content={},
                    user_id=r.author_id,
                    created_at=timezone.now(),
                )
                for r in waiting
            ),
            batch_size=BATCH,
        )
        states = WorkflowState.objects.bulk_create(
            (
                WorkflowState(
                    content_type=request_type,
                    base_content_type=request_type,
                    object_id=str(r.pk),
                    workflow=workflow,
                    requested_by_id=r.author_id,
                )
                for r in waiting
            ),
            batch_size=BATCH,
        )
        task_state_type = ContentType.objects.get_for_model(TaskState)
        step = {
            RequestStatus.AWAITING_ICT: ApprovalStep.ICT_MANAGER,
            RequestStatus.AWAITING_HEAD: ApprovalStep.HEADTEACHER,
        }
        task_states = TaskState.objects.bulk_create(
            (
                TaskState(workflow_state=s, revision=rev, task=tasks[step[r.status]], content_type=task_state_type)
                for s, rev, r in zip(states, revisions, waiting, strict=True)
            ),
            batch_size=BATCH,
        )
        for state, task_state in zip(states, task_states, strict=True):
            state.current_task_state = task_state
        WorkflowState.objects.bulk_update(states, ["current_task_state"], batch_size=BATCH)
        self.say(f"{len(states)} waiting requests with their workflow state, revision and task state")

        today = timezone.localdate()
        approved = [r for r in requests if r.status == RequestStatus.APPROVED]
        entries = RegisterEntry.objects.bulk_create(
            (
                RegisterEntry(
                    request=r,
                    school_id=r.school_id,
                    platform_id=r.platform_id,
                    platform_other_name=r.platform_other_name,
                    account_name=r.account_name,
                    status=RegisterStatus.CLOSED if n % 10 == 0 else RegisterStatus.LIVE,
                    url="https://example.org/club",
                    closure_date=today + datetime.timedelta(days=n % 400 - 30),
                    approved_by=staff[r.school_id][1],
                )
                for n, r in enumerate(approved)
            ),
            batch_size=BATCH,
        )
        RegisterEntryPerson.objects.bulk_create(
            (
                RegisterEntryPerson(
                    entry=e, role=role, user=staff[e.school_id][2 + n + (2 if role == "moderator" else 0)]
                )
                for e in entries
                for role in (SiteRole.ADMINISTRATOR, SiteRole.MODERATOR)
                for n in range(2)
            ),
            batch_size=BATCH,
        )
        self.say(f"{len(entries)} register entries, each with two administrators and two moderators")

    def build_policies(self) -> None:
        """1,000 policies (at 50 schools), nine in ten in the public index, each with a body of about 35 KB."""
        from home.models import School
        from policy.models import PolicyCategory, PolicyIndexPage, PolicyPage

        template = PolicyPage.objects.live().order_by("pk").first()
        public = PolicyIndexPage.objects.live().filter(depth=3).order_by("pk").first()
        staff = PolicyIndexPage.objects.live().exclude(pk=public.pk).order_by("pk").first()
        schools = [None, *School.objects.filter(slug__startswith="scale-").order_by("slug")]
        categories = PolicyCategory.values
        body = template.body.get_prep_value()
        while len(str(body)) < 35_000:
            body = body + template.body.get_prep_value()
        words = ["Acceptable", "Behaviour", "Charging", "Data", "Equality", "First aid", "Governors", "Health"]
        policies = self.sizes.policies
        public_count = int(policies * PUBLIC_POLICY_SHARE)

        def fields_for(offset):
            def fields(number):
                n = offset + number
                school = schools[n % len(schools)]
                return {
                    "title": f"{words[n % len(words)]} Policy {n:04d}",
                    "school_id": school.pk if school else None,
                    "category": categories[n % len(categories)],
                    "body": body,
                    "acknowledgement_revision_id": None,
                    "import_source": "",
                }

            return fields

        bulk_pages(public, PolicyPage, template, public_count, prefix="scale-policy", fields_for=fields_for(0))
        bulk_pages(
            staff,
            PolicyPage,
            template,
            policies - public_count,
            prefix="scale-staff-policy",
            fields_for=fields_for(public_count),
        )
        self.say(f"{policies} policies ({public_count} public), bodies of {len(str(body)) // 1000} KB")

    def build_guidance(self) -> None:
        """200 parent guidance pages (at 50 schools), copies of the first demo guidance page under new titles."""
        from policy.models import ParentGuidanceIndexPage, ParentGuidancePage

        template = ParentGuidancePage.objects.live().order_by("pk").first()
        section = ParentGuidanceIndexPage.objects.live().first()
        if template is None or section is None:
            self.say("no demo guidance page to copy: guidance skipped")
            return
        bulk_pages(
            section,
            ParentGuidancePage,
            template,
            self.sizes.guidance_pages,
            prefix="scale-guidance",
            fields_for=lambda n: {"title": f"Guidance for parents {n:04d}"},
        )
        self.say(f"{self.sizes.guidance_pages} parent guidance pages")

    def index_pages(self) -> None:
        """Add the new pages to the search index with the backend's bulk insert."""
        from policy.models import ParentGuidancePage, PolicyPage

        backend = get_search_backend()
        for model, prefix in ((PolicyPage, "scale-"), (ParentGuidancePage, "scale-guidance")):
            pages = model.objects.filter(slug__startswith=prefix)
            ids = list(pages.values_list("pk", flat=True))
            for start in range(0, len(ids), 100):
                backend.add_bulk(model, list(model.objects.filter(pk__in=ids[start : start + 100])))
            self.say(f"{len(ids)} {model._meta.verbose_name_plural} added to the search index")
