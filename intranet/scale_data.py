"""The builders of the trust-sized data set that ``manage.py build_scale_data`` adds for the page benchmark.

How many of each thing (``Sizes``), schools and staff, policies, guidance pages, the search
index and table statistics; the requests, with their workflow rows and register entries,
are in ``intranet/scale_requests.py``. They are here, not in the command, so that the
command stays a thin wrapper (arguments, the one transaction, progress) and the builders
can be read, and reused by tests, on their own. Each builder takes ``sizes`` (what to
build) and ``say`` (reports one line of progress).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.caching import generations, registry, site_summary

# Reports one line of a build's progress.
type Say = Callable[[str], None]

SCHOOLS = 50
STAFF_PER_SCHOOL = 100
REQUESTS = 20_000
APPROVED = 8_000
POLICIES = 1_000
PUBLIC_POLICY_SHARE = 0.9
GUIDANCE_PAGES = 200
BATCH = 1_000
# Pages given to the search backend at once (each with a body of about 38 KB).
INDEX_BATCH = 500

# How the 12,000 requests that are not approved are spread over the other states.
OTHER_STATES = {
    "draft": 4_000,
    "awaiting_ict": 3_000,
    "awaiting_head": 2_000,
    "changes_requested": 1_000,
    # Approved requests being amended: a new round at the ICT Manager, then the Headteacher.
    "amending": 300,
    "amend_ict": 400,
    "amend_head": 300,
    # Waiting at a built form's group step (the Trust's Data Protection Officer), first round or amendment.
    "awaiting_group": 300,
    "amend_group": 300,
}


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
    What is cached of the site and the dashboards' counts is marked stale (after commit).
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
    # Written without Wagtail's publish, so without the signals that make cached pages,
    # listings and counts stale: said here, as a publish would.
    registry.mark_stale(generations.SITE)
    registry.mark_stale(site_summary.COUNTS)
    return ids


def gather_statistics(*, say: Say) -> None:
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
    say(f"table statistics gathered ({command})")


def build_schools_and_staff(*, sizes: Sizes, say: Say) -> dict[int, list]:
    """Schools, then their staff with roles; return each school's users, ICT Manager and Headteacher first."""
    from home import roles
    from home.demo import DEMO_PASSWORD
    from home.models import School, User

    schools = School.objects.bulk_create(
        School(name=f"Scale School {n:02d}", slug=scale_slug(n)) for n in range(1, sizes.schools + 1)
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
    say(
        f"{len(schools)} schools, {len(users)} staff (ICT Manager: {schools[0].slug}.000, "
        f"Headteacher: {schools[0].slug}.001)"
    )
    return by_school


def build_policies(*, sizes: Sizes, say: Say) -> None:
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
    policies = sizes.policies
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
    say(f"{policies} policies ({public_count} public), bodies of {len(str(body)) // 1000} KB")


def build_guidance(*, sizes: Sizes, say: Say) -> None:
    """200 parent guidance pages (at 50 schools), copies of the first demo guidance page under new titles."""
    from policy.models import ParentGuidanceIndexPage, ParentGuidancePage

    template = ParentGuidancePage.objects.live().order_by("pk").first()
    section = ParentGuidanceIndexPage.objects.live().first()
    if template is None or section is None:
        say("no demo guidance page to copy: guidance skipped")
        return
    bulk_pages(
        section,
        ParentGuidancePage,
        template,
        sizes.guidance_pages,
        prefix="scale-guidance",
        fields_for=lambda n: {"title": f"Guidance for parents {n:04d}"},
    )
    say(f"{sizes.guidance_pages} parent guidance pages")


def index_pages(*, say: Say) -> None:
    """Add the new pages to the search index with the backend's bulk insert.

    Every scale policy has the same body (``build_policies`` copies one), and working out a
    body's text for the index walks all its blocks (about 12 ms for 38 KB, asked once per
    search field): it is worked out once and given to every policy, instead of 10,000 times
    at ten times the trust.
    """
    from policy.models import ParentGuidancePage, PolicyPage

    backend = get_search_backend()
    body_text = None
    for model, prefix in ((PolicyPage, "scale-"), (ParentGuidancePage, "scale-guidance")):
        pages = model.objects.filter(slug__startswith=prefix)
        ids = list(pages.values_list("pk", flat=True))
        for start in range(0, len(ids), INDEX_BATCH):
            batch = list(model.objects.filter(pk__in=ids[start : start + INDEX_BATCH]))
            if model is PolicyPage:
                if body_text is None:
                    body_text = batch[0].body_text_for_search_index()
                for page in batch:
                    page.body_text_for_search_index = partial(str, body_text)
            backend.add_bulk(model, batch)
        say(f"{len(ids)} {model._meta.verbose_name_plural} added to the search index")
