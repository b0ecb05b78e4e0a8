"""Every page the benchmark times makes as many database queries at trust-like data as on the demo.

The pages are those of ``scripts/bench_pages.py``, opened by the same kinds of people. Each
is measured on the demo content (three schools, a few requests and policies), then again
after ``build_scale_data --schools 3`` has added schools, staff, requests in every state,
register entries with their people, public and staff-only policies and guidance pages (all
search-indexed). The signed-in people are demo accounts, so their own share grows too:
the first scale school's people, requests, register entries and policies move into their
school, and some of those requests become theirs. The policy page measured gets a body of
about 35 KB, as the scale policies have.

The small data holds one of each kind of row the pages show (a request waiting for
Riverside's ICT Manager, one for its Headteacher, a policy of Riverside's own), so a difference in counts comes from
the amount of data, not from a kind of row appearing for the first time.

The data is built once for the module, in a transaction rolled back before the tests run;
each page's test compares its two counts, and two more check that the data did grow and
that the pages measured at the larger size list it.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.search.models import IndexEntry

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import RegisterEntry, RegisterEntryPerson, SocialMediaApprovalTask, SocialMediaSiteRequest
from forms_app.request_form.steps import STEPS
from forms_app.workflow.services import approve_task
from home.models import School, User
from intranet.management.commands.build_scale_data import scale_slug
from intranet.scale_requests import start_workflows
from policy.models import ParentGuidancePage, PolicyIndexPage, PolicyPage
from tests.conftest import SecondFactorClient
from tests.forms_app.factories import submitted_request
from tests.policy.factories import make_policy, section

# The marker makes pytest-django set up the test database; the data itself is the module's.
pytestmark = pytest.mark.django_db

# Enough for a second page of the policy index (50 a page) and several of the register, in seconds.
SCALE_SCHOOLS = 3
# How many of the moved requests in each state become the signed-in staff member's own.
OWN_REQUESTS_PER_STATE = 5


@dataclass(frozen=True)
class Page:
    """One page to measure: its name, who opens it (a demo username, "" for anonymous) and its text."""

    label: str
    who: str
    expected: str


@dataclass
class Measurement:
    """One GET of a page: its status, its HTML and the SQL it ran."""

    status: int
    html: str
    queries: list[str]


@dataclass
class Run:
    """The module's measurements: each page's (small, larger) GETs by label, and ``data_sizes`` at both."""

    pages: dict[str, tuple[Measurement, Measurement]]
    sizes: tuple[dict[str, int], dict[str, int]]


PAGES = [
    Page("policy index (anonymous)", "", "<h1>Policies</h1>"),
    Page("register, one school (ICT Manager)", "ict.riverside", "Register of sites"),
    Page("register, trust-wide (CEO)", "ceo", "Register of sites"),
    Page("search 'moderators' (anonymous)", "", "<h1>Search</h1>"),
    Page("search 'moderators' (staff)", "staff.riverside", "<h1>Search</h1>"),
    Page("dashboard (ICT Manager)", "ict.riverside", "Social media site requests awaiting your review"),
    Page("dashboard (Headteacher)", "head.riverside", "Social media site requests awaiting your review"),
    Page("dashboard (CEO)", "ceo", "Policy acknowledgements"),
    Page("dashboard (Data Protection Officer)", "policy.editor", "Social media site requests awaiting your review"),
    Page("dashboard's acknowledgements panel (Headteacher)", "head.riverside", 'id="policy-acknowledgements'),
    Page("dashboard's policies due for review panel (Headteacher)", "head.riverside", 'id="policies-due-for-review'),
    Page("staff home", "staff.riverside", "<h1>Staff area</h1>"),
    Page("form step of a draft", "staff2.riverside", STEPS[1].title),
    Page("my requests", "staff.riverside", "My requests</h1>"),
    Page("approval record", "staff.riverside", "Social Media Site Creation Approval Form"),
    Page("long policy page (anonymous)", "", "Social Media Policy</h1>"),
    Page("parent guidance page (anonymous)", "", "Talking to your child about who they talk to online</h1>"),
]


def page_urls() -> dict[str, str]:
    """Return each page's URL by label, on the demo content (the same pages at both sizes)."""
    draft = SocialMediaSiteRequest.objects.get(account_name="Riverside Eco Club", status=RequestStatus.DRAFT)
    approved = SocialMediaSiteRequest.objects.get(account_name="Riverside Sports Day", status=RequestStatus.APPROVED)
    register = reverse("forms_app_registerentry_modeladmin_index")
    return {
        "policy index (anonymous)": PolicyIndexPage.objects.live().public().order_by("depth", "pk").first().url,
        "register, one school (ICT Manager)": register,
        "register, trust-wide (CEO)": register,
        "search 'moderators' (anonymous)": "/search/?q=moderators",
        "search 'moderators' (staff)": "/search/?q=moderators",
        "dashboard (ICT Manager)": "/admin/",
        "dashboard (Headteacher)": "/admin/",
        "dashboard (CEO)": "/admin/",
        "dashboard (Data Protection Officer)": "/admin/",
        "dashboard's acknowledgements panel (Headteacher)": reverse(
            "dashboard_panel_body", args=["policy_acknowledgements"]
        ),
        "dashboard's policies due for review panel (Headteacher)": reverse(
            "dashboard_panel_body", args=["policies_due_for_review"]
        ),
        "staff home": "/staff/",
        "form step of a draft": reverse("forms_app:step", kwargs={"public_id": draft.public_id, "slug": STEPS[1].slug}),
        "my requests": reverse("forms_app:my_requests"),
        "approval record": reverse("approval_record", args=[approved.public_id]),
        "long policy page (anonymous)": PolicyPage.objects.get(slug="social-media-policy").url,
        "parent guidance page (anonymous)": ParentGuidancePage.objects.get(slug="who-your-child-talks-to-online").url,
    }


def measure(client, url: str) -> Measurement:
    """GET ``url`` once to warm per-process caches, then again counting queries; return the second GET."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return Measurement(response.status_code, response.content.decode(), [q["sql"] for q in captured])


def data_sizes() -> dict[str, int]:
    """Return how many of each thing the pages draw on are stored now, by name."""
    riverside = {"school__slug": "riverside"}
    sizes = {
        "schools": School.objects.count(),
        "staff": User.objects.filter(is_active=True).count(),
        "register entries": RegisterEntry.objects.count(),
        "register entry people": RegisterEntryPerson.objects.count(),
        "Riverside register entries": RegisterEntry.objects.filter(**riverside).count(),
        "Riverside requests": SocialMediaSiteRequest.objects.filter(**riverside).count(),
        "Jo Patel's requests": SocialMediaSiteRequest.objects.filter(author__username="staff.riverside").count(),
        "public policies": PolicyPage.objects.live().public().count(),
        "staff-only policies": PolicyPage.objects.live().not_public().count(),
        "guidance pages": ParentGuidancePage.objects.live().count(),
        "search index entries": IndexEntry.objects.count(),
    }
    for status in RequestStatus.values:
        sizes[f"{status} requests"] = SocialMediaSiteRequest.objects.filter(status=status).count()
    return sizes


def add_requests_awaiting_riversides_approvers() -> None:
    """Submit two more Riverside requests, so both approvers' dashboards list one at either size.

    One waits for the ICT Manager, the other, approved by the ICT Manager, for the
    Headteacher. The demo's request waiting for an ICT Manager is Hillcrest's. A third waits
    at the Trust's Data Protection Officer step. Takes and returns nothing.
    """
    people = {user.username: user for user in User.objects.filter(school__slug="riverside")}
    for account_name in ("Riverside Chess Club", "Riverside Choir"):
        site_request = submitted_request(
            author=people["staff3.riverside"],
            account_name=account_name,
            line_manager=people["head.riverside"],
            administrators=[people["staff3.riverside"], people["staff2.riverside"]],
            moderators=[people["staff2.riverside"], people["staff.riverside"]],
        )
    approve_task(site_request=site_request, user=people["ict.riverside"], attested=True)
    # One waiting at the Trust's Data Protection Officer (the demo's policy.editor), as the scale set's are.
    dpo_step = SocialMediaApprovalTask.objects.get(role=ApprovalStep.GROUP, name="Data Protection Officer")
    waiting = SocialMediaSiteRequest.objects.create(
        school=site_request.school,
        author=people["staff3.riverside"],
        account_name="Riverside Parents App",
        status=RequestStatus.AWAITING_GROUP,
        awaiting_step_name=dpo_step.name,
    )
    start_workflows([waiting], lambda request: dpo_step)


def add_a_riverside_policy() -> None:
    """Publish a public policy of Riverside's own that mentions moderators, as the scale set's school policies do.

    The demo's policies are all trust-wide; search results name a result's school. Takes and returns nothing.
    """
    make_policy(
        PolicyIndexPage.objects.get(slug="policies"),
        title="Riverside Online Safety Policy",
        slug="riverside-online-safety-policy",
        school=School.objects.get(slug="riverside"),
        body=[section("1", "Class accounts", ("1.1", "Two moderators check every post before families see it."))],
    )


def grow_riverside_like_a_scale_school() -> None:
    """Give Riverside, the signed-in people's school, the first scale school's share of the data.

    Moves that school's staff, requests, register entries and policies to Riverside, and makes
    ``OWN_REQUESTS_PER_STATE`` of its requests in each state Jo Patel's (``staff.riverside``).
    Takes and returns nothing.
    """
    riverside = School.objects.get(slug="riverside")
    scale = School.objects.get(slug=scale_slug(1))
    User.objects.filter(school=scale).update(school=riverside)
    SocialMediaSiteRequest.objects.filter(school=scale).update(school=riverside)
    RegisterEntry.objects.filter(school=scale).update(school=riverside)
    PolicyPage.objects.filter(school=scale).update(school=riverside)
    jo = User.objects.get(username="staff.riverside")
    scale_staff = User.objects.filter(username__startswith=f"{scale.slug}.")
    own = []
    for status in RequestStatus.values:
        moved = SocialMediaSiteRequest.objects.filter(status=status, author__in=scale_staff)
        own += list(moved.values_list("pk", flat=True)[:OWN_REQUESTS_PER_STATE])
    SocialMediaSiteRequest.objects.filter(pk__in=own).update(author=jo)
    WorkflowState.objects.filter(object_id__in=[str(pk) for pk in own]).update(requested_by=jo)


def lengthen_social_media_policy() -> None:
    """Repeat the Social Media Policy's body until it is about 35 KB, as the scale policies' bodies are."""
    policy = PolicyPage.objects.get(slug="social-media-policy")
    body = policy.body.get_prep_value()
    longer = body
    while len(str(longer)) < 35_000:
        longer = longer + body
    # A new publication time, as publishing gives it: the rendered body is cached per publication.
    PolicyPage.objects.filter(pk=policy.pk).update(body=longer, last_published_at=timezone.now())


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker) -> Run:
    """Build the demo, measure every page, grow the data, measure again; return the ``Run``."""
    results: dict[str, list[Measurement]] = {page.label: [] for page in PAGES}
    sizes = []
    # Anonymous pages rendered every time: the count is what rendering them costs.
    with django_db_blocker.unblock(), override_settings(PUBLIC_PAGE_CACHE_SECONDS=0), transaction.atomic():
        cache.clear()
        call_command("load_demo_content", stdout=io.StringIO())
        add_requests_awaiting_riversides_approvers()
        add_a_riverside_policy()
        urls = page_urls()
        clients = {}
        for username in {page.who for page in PAGES}:
            clients[username] = SecondFactorClient()
            if username:
                clients[username].force_login(User.objects.get(username=username))

        sizes.append(data_sizes())
        for page in PAGES:
            results[page.label].append(measure(clients[page.who], urls[page.label]))

        call_command("build_scale_data", schools=SCALE_SCHOOLS, stdout=io.StringIO())
        grow_riverside_like_a_scale_school()
        lengthen_social_media_policy()
        # The scale data and the moves above are bulk writes, which send no signal and so mark no
        # cache stale (the scale command fills a new database, whose cache starts empty).
        cache.clear()
        sizes.append(data_sizes())
        for page in PAGES:
            results[page.label].append(measure(clients[page.who], urls[page.label]))
        transaction.set_rollback(True)
    cache.clear()
    return Run(pages={label: (small, larger) for label, (small, larger) in results.items()}, sizes=tuple(sizes))


def shape(sql: str) -> str:
    """Return ``sql`` with its literal values (numbers, quoted strings, IN lists) written as ``?``."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"IN \([?, ]+\)", "IN (?)", sql)


def extra_queries(small: Measurement, larger: Measurement) -> list[str]:
    """Return the queries (as ``shape`` writes them) the larger data ran more often than the small data."""
    return list((Counter(map(shape, larger.queries)) - Counter(map(shape, small.queries))).elements())


@pytest.mark.parametrize("page", PAGES, ids=[page.label for page in PAGES])
def test_the_page_makes_the_same_queries_at_small_and_larger_data(run, page):
    """The page answers 200 with its heading at both sizes, in as many queries at the larger as at the small."""
    small, larger = run.pages[page.label]
    for size, measured in (("small", small), ("larger", larger)):
        assert measured.status == 200, f"{page.label} at {size} data answered {measured.status}"
        assert str(page.expected) in measured.html, f"{page.label} at {size} data does not show {page.expected!r}"
    assert len(larger.queries) == len(small.queries), (
        f"{page.label}: {len(small.queries)} queries at small data, {len(larger.queries)} at larger data; "
        f"ran more often: {extra_queries(small, larger)}"
    )


# The most queries each dashboard may make once its per-person caches are warm (the request panel,
# the admin sidebar, the site summary): Wagtail's page tasks are asked only when a page is in a
# workflow, its page-editing panels and the guidance panel come after the page
# (home.dashboard.DeferredPanel), and the request panel and the site summary are read again only
# when something they show has changed.
DASHBOARD_QUERIES = {"dashboard (ICT Manager)": 10, "dashboard (Headteacher)": 11, "dashboard (CEO)": 11}


@pytest.mark.parametrize("label", DASHBOARD_QUERIES)
def test_the_dashboards_stay_within_their_query_budget(run, label):
    for size, measured in zip(("small", "larger"), run.pages[label], strict=True):
        assert len(measured.queries) <= DASHBOARD_QUERIES[label], (
            f"{label} at {size} data: {len(measured.queries)} queries, budget {DASHBOARD_QUERIES[label]}"
        )


def test_the_larger_data_has_more_of_everything_the_pages_draw_on(run):
    """``build_scale_data --schools`` and the moves into Riverside added to every count ``data_sizes`` takes."""
    small, larger = run.sizes
    assert small["schools"] == 3
    assert larger["schools"] == 3 + SCALE_SCHOOLS
    not_grown = {name: (small[name], larger[name]) for name in small if larger[name] <= small[name]}
    assert not not_grown, f"not grown (small, larger): {not_grown}"
    assert larger["Riverside register entries"] >= 100 and larger["public policies"] > 50
    assert larger["Jo Patel's requests"] == small["Jo Patel's requests"] + OWN_REQUESTS_PER_STATE * len(RequestStatus)


def test_the_pages_show_the_larger_data(run):
    """The larger counts were taken on pages that list the larger data, not on empty or error pages."""
    sizes = run.sizes[1]
    html = {label: larger.html for label, (_, larger) in run.pages.items()}
    assert "Showing policies 1 to 50 of" in html["policy index (anonymous)"]
    riverside_entries, all_entries = sizes["Riverside register entries"], sizes["register entries"]
    assert f"{riverside_entries} out of {riverside_entries}" in html["register, one school (ICT Manager)"]
    assert f"{all_entries} out of {all_entries}" in html["register, trust-wide (CEO)"]
    for label in ("search 'moderators' (anonymous)", "search 'moderators' (staff)"):
        found = int(re.search(r"(\d+) results for", html[label]).group(1))
        assert found > 50, f"{label}: {found} results"
    for label in ("dashboard (ICT Manager)", "dashboard (Headteacher)"):
        assert "more awaiting your review" in html[label], label
    assert html["my requests"].count("SM-S-") >= OWN_REQUESTS_PER_STATE * len(RequestStatus)
    small_policy, long_policy = (m.html for m in run.pages["long policy page (anonymous)"])
    assert len(long_policy) > 3 * len(small_policy)
