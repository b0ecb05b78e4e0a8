"""Each request's Wagtail Site and the trust settings come from the shared cache; changes show at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import TrustSettings
from tests.factories import change_trust_settings
from tests.policy.factories import make_index, make_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]


def tables_read(client, url: str, **extra) -> tuple[str, set[str]]:
    """GET ``url``; return the page's text and which of the site and settings tables its queries read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries)
    return response.content.decode(), {table for table in ("wagtailcore_site", "home_trustsettings") if table in sql}


@pytest.fixture
def policy(home_page):
    return make_policy(make_index(home_page), title="Social Media Policy")


def test_after_the_first_page_neither_the_site_nor_the_settings_are_queried(client, policy):
    _, first = tables_read(client, policy.url)
    page, again = tables_read(client, policy.url)

    assert first == {"wagtailcore_site", "home_trustsettings"}
    assert again == set()
    assert "Social Media Policy" in page


def test_the_home_page_comes_with_its_site(client, home_page):
    tables_read(client, "/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200

    assert not any("home_homepage" in query["sql"] for query in queries)


def test_publishing_the_home_page_shows_on_the_next_visit(client, home_page, committed):
    tables_read(client, "/")
    home_page.title = "Welcome to the trust"
    with committed():
        home_page.save_revision().publish()

    page, _ = tables_read(client, "/")
    assert "<title>Welcome to the trust |" in page


def test_saving_the_trust_settings_shows_on_the_next_page(client, policy, committed):
    tables_read(client, policy.url)
    with committed():
        change_trust_settings(trust_name="Education Partnership Trust")

    page, read = tables_read(client, policy.url)
    assert "Education Partnership Trust" in page
    assert read == {"wagtailcore_site", "home_trustsettings"}


def test_a_new_site_for_a_host_name_takes_over_at_once(client, policy, committed):
    index = policy.get_parent()
    page, _ = tables_read(client, "/", HTTP_HOST="policies.example.org")
    assert "Social Media Policy" not in page  # the default site: the home page

    with committed():
        Site.objects.create(hostname="policies.example.org", port=80, root_page=index, site_name="Policies")

    page, read = tables_read(client, "/", HTTP_HOST="policies.example.org")
    assert "Social Media Policy" in page  # the new site's root: the policy index
    assert "wagtailcore_site" in read


def test_without_a_shared_cache_each_request_asks_the_database(client, policy, settings):
    settings.SHARED_SITE_CACHE = False
    tables_read(client, policy.url)

    _, read = tables_read(client, policy.url)
    assert read == {"wagtailcore_site", "home_trustsettings"}


def test_without_a_request_the_settings_are_read_from_the_database(policy, client):
    tables_read(client, policy.url)
    TrustSettings.objects.update(trust_name="Changed without saving a model")

    with CaptureQueriesContext(connection) as queries:
        trust = TrustSettings.load()
    assert trust.trust_name == "Changed without saving a model"
    assert len(queries) == 1
