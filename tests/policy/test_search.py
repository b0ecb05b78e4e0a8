"""Site search: finds the matching section, covers every page type, respects page privacy."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from home.models import StandardPage
from policy.models import PolicyPage
from policy.search import search_pages
from tests.factories import TEST_PASSWORD

from .conftest import seeds_dir
from .factories import make_policy, section


@pytest.mark.django_db
def test_staff_searching_moderators_find_the_appendix_a_clauses(client, staff_policy_index, staff_user):
    path = seeds_dir() / "policy-education-partnership-trust-with-appendix-b.txt"
    if not path.exists():
        pytest.skip(f"{path} is not available (set POLICY_SEEDS_DIR).")
    call_command("import_policy", str(path), "--parent", str(staff_policy_index.pk), "--publish", stdout=None)

    client.login(username=staff_user.username, password=TEST_PASSWORD)
    html = client.get("/search/", {"q": "moderators"}).content.decode()

    assert "In section: A.5 CONTRIBUTORS AND MODERATION OF CONTENT" in html or "In section: A.3" in html
    assert "#section-a-" in html
    assert "<mark>moderators</mark>" in html
    assert client.get("/search/", {"q": "moderators"}).status_code == 200
    client.logout()
    assert "APPROVAL FOR CREATION" not in client.get("/search/", {"q": "moderators"}).content.decode()


@pytest.mark.django_db
def test_result_names_the_section_that_matched_and_links_to_it(client, policy_index):
    policy = make_policy(
        policy_index,
        title="Photography Policy",
        body=[
            section("1", "Purpose", ("1.1", "Families enjoy seeing school life.")),
            section("2", "Consent", ("2.1", "We ask parents for written consent before publishing photographs.")),
        ],
    )

    html = client.get("/search/", {"q": "consent"}).content.decode()

    assert "Photography Policy" in html
    assert "In section: 2 Consent" in html
    assert f'href="{policy.url}#section-2-consent"' in html
    assert "<mark>consent</mark>" in html


@pytest.mark.django_db
def test_search_covers_other_page_types_too(client, home_page, rf, staff_user):
    page = StandardPage(
        title="Term dates",
        slug="term-dates",
        body=[
            ("heading", {"text": "Autumn", "level": "h2"}),
            ("paragraph", "<p>The harvest festival is in October.</p>"),
        ],
    )
    home_page.add_child(instance=page)

    _, results = search_pages(query="harvest", user=staff_user)

    assert [result.page.title for result in results] == ["Term dates"]
    assert results[0].section == "Autumn" and results[0].url.endswith("#autumn")


@pytest.mark.django_db
def test_empty_and_very_long_queries_are_handled(client, public_policy):
    assert "result" not in client.get("/search/", {"q": ""}).content.decode().lower().split("<h1>search</h1>")[1]
    response = client.get("/search/", {"q": "policy " * 100})
    assert response.status_code == 200
    assert "Your search was shortened" in response.content.decode()
    html = client.get("/search/").content.decode()
    assert 'label for="id_q"' in html and html.count("<h1") == 1


@pytest.mark.django_db
def test_search_costs_the_same_queries_for_2_or_12_results_each_from_another_school(client, policy_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.models import School

    schools = School.objects.bulk_create(School(name=f"School {n}", slug=f"school-{n}") for n in range(12))

    def add(numbers):
        for n in numbers:
            make_policy(
                policy_index,
                title=f"Policy {n}",
                slug=f"policy-{n}",
                school=schools[n],
                body=[section("1", "Roles", ("1.1", f"Moderators of site {n} check every post."))],
            )

    def queries() -> tuple[int, str]:
        client.get("/search/", {"q": "moderators"})
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/search/", {"q": "moderators"}).content.decode()
        return len(captured), html

    add(range(2))
    with_2, html = queries()
    assert "School 1 · In section: 1 Roles" in html
    add(range(2, 12))
    with_12, html = queries()

    assert "12 results" in html and html.count("<mark>Moderators</mark>") == 10
    assert with_2 == with_12


@pytest.mark.django_db
def test_search_sections_read_the_sections_the_page_shows_with_the_same_anchors(policy_index):
    appendix = (
        "appendix",
        {
            "number": "Appendix A",
            "heading": "Requirements",
            "content": [
                ("paragraph", "<p>Before any site is created.</p>"),
                section("A.1", "Approval", ("A.1.1", "The headteacher approves every site.")),
                section("", "Signature", ("", "Sign the request form.")),
            ],
        },
    )
    policy = make_policy(
        policy_index,
        body=[
            ("paragraph", "<p>An opening paragraph outside any section.</p>"),
            section("1", "Purpose", ("1.1", "Staff keep pupils safe online.")),
            section("", "Signature", ("", "Sign and date this policy.")),
            appendix,
        ],
    )

    found = list(policy.search_sections())

    assert [(label, anchor) for label, anchor, _ in found] == [
        (value.label(), value.anchor()) for _, value in policy.sections()
    ]
    assert [(anchor, " ".join(text.split())) for _, anchor, text in found] == [
        ("section-1-purpose", "1.1 Staff keep pupils safe online."),
        ("section-signature", "Sign and date this policy."),
        ("section-appendix-a-requirements", "Before any site is created."),
        ("section-a-1-approval", "A.1.1 The headteacher approves every site."),
        ("section-signature-2", "Sign the request form."),
    ]


@pytest.mark.django_db
def test_a_long_policy_shows_the_section_and_the_words_that_matched(client, policy_index):
    filler = "Staff follow the trust's procedures and record what they did in the log. " * 12
    body = [section(str(n), f"Heading {n}", (f"{n}.1", filler)) for n in range(1, 41)]
    body[29] = section("30", "Moderation", ("30.1", f"{filler} Moderators remove unkind comments within a day."))
    policy = make_policy(policy_index, title="Online Safety Policy", body=body)
    assert len(policy.body_text_for_search_index()) > 30_000

    html = client.get("/search/", {"q": "moderators"}).content.decode()

    assert "In section: 30 Moderation" in html
    assert f'href="{policy.url}#section-30-moderation"' in html
    assert "<mark>Moderators</mark> remove unkind comments within a day." in html


def clause_saying(text: str, times: int) -> list:
    """Return a one-section policy body whose clause says ``text`` ``times`` times."""
    return [section("1", "Roles", ("1.1", " ".join([text] * times)))]


@pytest.mark.django_db
def test_results_come_in_the_order_wagtail_search_ranks_them(policy_index, staff_policy_index, staff_user):
    from policy.selectors import pages_visible_to

    for n, times in enumerate([1, 4, 2, 1, 3]):
        make_policy(
            policy_index, title=f"Policy {n}", slug=f"p-{n}", body=clause_saying("Moderators check posts.", times)
        )
    make_policy(policy_index, title="Moderators Policy", slug="moderators", body=clause_saying("Read this.", 1))
    make_policy(staff_policy_index, title="Staff Policy", slug="staff", body=clause_saying("Moderators meet.", 2))

    for user in (AnonymousUser(), staff_user):
        results_page, results = search_pages(query="moderators", user=user)
        expected = [page.pk for page in pages_visible_to(user=user).search("moderators")]

        assert [result.page.pk for result in results] == expected
        assert results_page.paginator.count == len(expected)
    if connection.vendor == "postgresql":
        assert results[0].page.title == "Moderators Policy"


ON_POSTGRESQL = pytest.mark.postgres(reason="PostgreSQL search only (SQLite's FTS5 ranks in its own index)")


@ON_POSTGRESQL
@pytest.mark.django_db
def test_with_more_matches_than_are_ranked_every_match_is_listed_once_title_matches_first(policy_index, monkeypatch):
    monkeypatch.setattr("policy.search.RANKED_MATCHES", 3)
    titled = make_policy(policy_index, title="Moderators", slug="moderators", body=clause_saying("Read this.", 1))
    others = [
        make_policy(
            policy_index, title=f"Policy {n}", slug=f"p-{n}", body=clause_saying("Moderators check.", 1 + n % 3)
        )
        for n in range(12)
    ]

    pages = [search_pages(query="moderators", user=AnonymousUser(), page_number=n) for n in (1, 2)]

    listed = [result.page.pk for _, results in pages for result in results]
    assert pages[0][0].paginator.count == 13
    assert sorted(listed) == sorted([titled.pk, *(policy.pk for policy in others)])
    assert listed[0] == titled.pk


@ON_POSTGRESQL
@pytest.mark.django_db
def test_postgresql_finds_matches_through_the_index_of_title_and_body(public_policy):
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import F
    from wagtail.search.models import IndexEntry

    from policy.search import ranked_matches

    joined = F("title")._combine(F("body"), "||", False)  # as Wagtail's PostgreSQL backend matches
    entries = IndexEntry.objects.alias(vector=joined).filter(vector=SearchQuery("account"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test database is too small for an index to pay
        plan = entries.explain()

    assert "wagtailsearch_indexentry_title_body_gin" in plan
    assert [page.pk for page in ranked_matches(Page.objects.live(), "account")] == [public_policy.pk]


@pytest.mark.django_db
def test_a_policy_found_by_its_title_gets_its_summary_as_the_excerpt(client, policy_index, monkeypatch):
    body = [section(str(n), f"Heading {n}", (f"{n}.1", "Staff record what they did in the log.")) for n in range(1, 30)]
    make_policy(policy_index, title="Behaviour Policy", summary="How pupils are expected to behave.", body=body)
    mentioned = make_policy(
        policy_index, title="Rewards", slug="rewards", body=clause_saying("Behaviour points add up.", 1)
    )
    if connection.vendor == "postgresql":  # the search index says which pages mention the words: only those are read

        def read_sections(page):
            assert page.pk == mentioned.pk, f"{page.title}: sections read though only its title matched"
            return original(page)

        original = PolicyPage.search_sections
        monkeypatch.setattr(PolicyPage, "search_sections", read_sections)

    _, results = search_pages(query="behaviour", user=AnonymousUser())

    found = {result.page.title: result for result in results}
    assert found["Behaviour Policy"].section == "" and found["Behaviour Policy"].excerpt == (
        "How pupils are expected to behave."
    )
    assert found["Rewards"].section == "1 Roles" and "<mark>Behaviour</mark> points" in found["Rewards"].excerpt


@pytest.mark.django_db
def test_a_page_searched_again_is_not_read_again_until_it_is_published(policy_index, monkeypatch):
    policy = make_policy(
        policy_index,
        title="Photography Policy",
        body=[section("1", "Consent", ("1.1", "We ask parents for consent before publishing photographs."))],
    )
    read = []
    original = PolicyPage.search_sections

    def counted(page):
        read.append(page.pk)
        return original(page)

    monkeypatch.setattr(PolicyPage, "search_sections", counted)

    first = search_pages(query="consent", user=AnonymousUser())[1]
    again = search_pages(query="photographs", user=AnonymousUser())[1]
    assert read == [policy.pk]  # the second search, for other words, used the sections kept from the first
    assert [(r.section, "<mark>consent</mark>" in r.excerpt) for r in first] == [("1 Consent", True)]
    assert [(r.section, "<mark>photographs</mark>" in r.excerpt) for r in again] == [("1 Consent", True)]

    policy.body = [section("1", "Consent", ("1.1", "We ask parents for written consent, renewed every September."))]
    policy.save_revision().publish()

    renewed = search_pages(query="consent", user=AnonymousUser())[1]
    assert read == [policy.pk, policy.pk]
    assert "renewed every September" in renewed[0].excerpt


@pytest.mark.django_db
def test_results_are_described_when_the_cache_cannot_be_reached(policy_index, settings, monkeypatch):
    from django.core.cache import caches

    make_policy(
        policy_index, title="Photography Policy", body=[section("1", "Consent", ("1.1", "We ask for consent first."))]
    )
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    monkeypatch.setattr("policy.search.cache", caches["unreachable"])

    results = search_pages(query="consent", user=AnonymousUser())[1]

    assert [(r.section, "<mark>consent</mark>" in r.excerpt) for r in results] == [("1 Consent", True)]
