"""Anonymous visitors get public pages from the shared page cache, and every change reaches them at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from tests.factories import change_trust_settings
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db


def standard_page(parent, title: str, *, in_menu: bool = False) -> StandardPage:
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), show_in_menus=in_menu)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def cached(client, url: str):
    """GET ``url`` twice as an anonymous visitor and return the second response, which must be a cache hit."""
    assert client.get(url).headers.get("X-Page-Cache") == "miss"
    response = client.get(url)
    assert response.headers.get("X-Page-Cache") == "hit"
    return response


def test_a_public_page_is_served_from_the_cache_without_touching_the_database(client, policy):
    first = client.get(policy.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(policy.url)

    assert first.status_code == second.status_code == 200
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0


def test_a_cached_page_keeps_the_strict_content_security_policy_without_a_nonce(client, policy):
    response = cached(client, policy.url)
    csp = response.headers["Content-Security-Policy"]

    assert "script-src 'self'" in csp
    assert "nonce-" not in csp and "unsafe-inline" not in csp
    # With no nonce, an inline script would be blocked: a cacheable page has none.
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
    assert response.headers["X-Frame-Options"] and response.headers["Permissions-Policy"]


def test_publishing_a_change_reaches_the_anonymous_visitor_at_once(client, policy, committed):
    cached(client, policy.url)
    policy.title = "Social Media and Online Safety Policy"
    with committed():
        policy.save_revision().publish()

    response = client.get(policy.url)
    assert "Social Media and Online Safety Policy" in response.content.decode()
    assert response.headers["X-Page-Cache"] == "miss"


def test_saving_a_draft_leaves_the_published_page_in_the_cache(client, policy):
    cached(client, policy.url)
    policy.title = "Draft title nobody should see yet"
    policy.save_revision()

    response = client.get(policy.url)
    assert response.headers["X-Page-Cache"] == "hit"
    assert "Draft title nobody should see yet" not in response.content.decode()


def test_unpublishing_reaches_the_anonymous_visitor_at_once(client, policy, committed):
    cached(client, policy.url)
    with committed():
        policy.unpublish()

    assert client.get(policy.url).status_code == 404


def test_moving_a_page_reaches_the_anonymous_visitor_at_once(client, home_page, policy, committed):
    old_url = policy.url
    cached(client, old_url)
    archive = standard_page(home_page, "Archive")
    with committed():
        policy.move(archive, pos="last-child")
    policy.refresh_from_db()

    moved = client.get(old_url)  # Wagtail makes a redirect from the old address
    assert moved.status_code == 301 and moved["Location"] == policy.url
    assert client.get(policy.url).status_code == 200


def test_making_a_page_staff_only_reaches_the_anonymous_visitor_at_once(client, policy, committed):
    cached(client, policy.url)
    with committed():
        restriction = PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(policy.url)
    assert response.status_code == 302 and reverse("login") in response["Location"]

    with committed():
        restriction.delete()
    assert client.get(policy.url).status_code == 200


def test_a_new_menu_item_reaches_every_cached_page(client, home_page, policy, committed):
    cached(client, policy.url)
    with committed():
        standard_page(home_page, "Term dates", in_menu=True)

    assert "Term dates" in client.get(policy.url).content.decode()


def test_changing_the_trust_settings_reaches_every_cached_page(client, policy, committed):
    cached(client, policy.url)
    with committed():
        change_trust_settings(trust_name="Education Partnership Trust")

    assert "Education Partnership Trust" in client.get(policy.url).content.decode()


def test_a_staff_only_page_is_never_stored(client, staff_home, staff_user):
    client.force_login(staff_user)
    assert client.get(staff_home.url).status_code == 200
    client.logout()

    response = client.get(staff_home.url)
    assert response.status_code == 302
    assert "X-Page-Cache" not in response.headers

    client.force_login(staff_user)
    again = client.get(staff_home.url)
    assert again.status_code == 200 and "X-Page-Cache" not in again.headers


def test_a_signed_in_person_never_gets_the_anonymous_copy(client, policy, staff_user):
    cached(client, policy.url)
    client.force_login(staff_user)

    response = client.get(policy.url)
    assert "X-Page-Cache" not in response.headers
    assert f"Signed in as {staff_user.display_name()}" in response.content.decode()
    assert "Staff sign in" not in response.content.decode()


def test_after_signing_out_the_shared_computer_shows_the_anonymous_page(client, policy, staff_user):
    client.force_login(staff_user)
    assert "Signed in as" in client.get(policy.url).content.decode()
    client.post(reverse("logout"))

    page = client.get(policy.url).content.decode()
    assert "Signed in as" not in page and "Staff sign in" in page


def test_each_query_string_has_its_own_copy(client, home_page):
    index = make_index(home_page)
    make_policy(index, title="Anti-bullying Policy", slug="anti-bullying", category="behaviour")
    make_policy(index, title="E-safety Policy", slug="e-safety", category="online-safety")

    a_page = cached(client, f"{index.url}?category=behaviour").content.decode()
    b_page = cached(client, f"{index.url}?category=online-safety").content.decode()
    assert "Anti-bullying Policy" in a_page and "E-safety Policy" not in a_page
    assert "E-safety Policy" in b_page and "Anti-bullying Policy" not in b_page


def test_search_and_other_views_outside_the_page_tree_are_not_cached(client, policy):
    for url in (reverse("search") + "?q=policy", reverse("login")):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url).headers, url


def test_pages_are_served_when_the_cache_cannot_be_reached(client, policy, settings):
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PUBLIC_PAGE_CACHE = "unreachable"

    response = client.get(policy.url)
    assert response.status_code == 200
    assert "Social Media Policy" in response.content.decode()
    assert "X-Page-Cache" not in response.headers


def test_switched_off_with_zero_seconds(client, policy, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(policy.url)
    assert "X-Page-Cache" not in client.get(policy.url).headers


def test_a_page_that_varies_on_everything_is_never_stored(client, policy, monkeypatch):
    serve = Page.serve

    def serve_varying_on_everything(page, request, *args, **kwargs):
        response = serve(page, request, *args, **kwargs)
        response["Vary"] = "*"
        return response

    monkeypatch.setattr(Page, "serve", serve_varying_on_everything)
    for _ in range(2):
        response = client.get(policy.url)
        assert response.status_code == 200 and "X-Page-Cache" not in response.headers
