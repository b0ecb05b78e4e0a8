"""A URL finds its page below the home page in two queries, with the answers Wagtail's routing gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from policy.models import PolicyIndexPage, PolicyPage
from tests.policy.factories import make_index, make_policy, section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]


def routing_queries(client, url: str) -> tuple[int, int]:
    """GET ``url`` (after a first visit); return its status and how many queries read pages by slug or type."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    routing = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "wagtailcore_page"."id", "wagtailcore_page"."path"')
        or 'FROM "policy_policypage" INNER JOIN "wagtailcore_page"' in query["sql"]
    ]
    return status, len(routing)


@pytest.fixture
def nested_policy(home_page):
    """A policy three levels below the home page: /policies/safeguarding/online-safety/."""
    index = make_index(home_page)
    inner = PolicyIndexPage(title="Safeguarding", slug="safeguarding")
    index.add_child(instance=inner)
    inner.save_revision().publish()
    return make_policy(
        inner,
        title="Online Safety Policy",
        slug="online-safety",
        body=[section("1", "Social media", ("1.1", "Moderators check every post before it goes live."))],
    )


def test_a_page_at_any_depth_is_found_in_two_queries(client, home_page, nested_policy):
    shallow = make_policy(nested_policy.get_parent().get_parent(), title="Anti-bullying Policy", slug="anti-bullying")

    assert routing_queries(client, shallow.url) == (200, 2)
    assert routing_queries(client, nested_policy.url) == (200, 2)


def test_the_policy_is_shown_whole_though_its_body_was_left_unread(client, nested_policy):
    page = client.get(nested_policy.url).content.decode()

    assert "Online Safety Policy" in page
    assert "Moderators check every post before it goes live." in page
    assert 'href="#section-1-social-media"' in page  # the contents list, built from the body


def test_a_draft_page_and_a_missing_one_are_not_found(client, nested_policy):
    draft = make_policy(nested_policy.get_parent(), title="Draft Policy", slug="draft-policy", publish=False)

    assert client.get(draft.url or "/policies/safeguarding/draft-policy/").status_code == 404
    assert client.get("/policies/safeguarding/no-such-policy/").status_code == 404
    assert client.get("/policies/no-such-section/online-safety/").status_code == 404


def test_a_live_page_below_an_unpublished_section_is_served_as_wagtail_serves_it(client, nested_policy):
    section_page = nested_policy.get_parent()
    section_page.unpublish()

    assert client.get("/policies/safeguarding/online-safety/").status_code == 200
    assert client.get("/policies/safeguarding/").status_code == 404


def test_a_page_with_routing_of_its_own_still_routes_the_rest_of_the_path(client, nested_policy, monkeypatch):
    def route(self, request, path_components):
        if path_components == ["latest"]:
            return RouteResult(PolicyPage.objects.get(slug="online-safety"))
        return Page.route(self, request, path_components)

    monkeypatch.setattr(PolicyIndexPage, "route", route)

    page = client.get("/policies/safeguarding/latest/")
    assert page.status_code == 200 and "Online Safety Policy" in page.content.decode()
    assert client.get("/policies/safeguarding/online-safety/").status_code == 200


def test_a_page_knows_its_parent_without_another_query(rf, home_page, nested_policy):
    from home.routing import route_below

    page = route_below(home_page, rf.get("/"), ["policies", "safeguarding", "online-safety"]).page
    with CaptureQueriesContext(connection) as queries:
        parent = page.get_parent()

    assert parent.title == "Safeguarding" and len(queries) == 0
