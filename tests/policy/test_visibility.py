"""A staff-only policy never reaches anonymous visitors: not its page, listings, search, menus, sitemap or links."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import TEST_PASSWORD

from .factories import make_policy


@pytest.fixture
def restricted_policy(policy_index):
    """A staff-only policy in the public index, private through its own page view restriction."""
    policy = make_policy(policy_index, title="Staff Disciplinary Procedure", slug="discipline", show_in_menus=True)
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    return policy


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, staff_only_policy, restricted_policy):
    for policy in (staff_only_policy, restricted_policy):
        response = client.get(policy.url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_policy_listing_shows_staff_only_policies_to_signed_in_staff_only(
    client, policy_index, public_policy, restricted_policy, staff_user
):
    html = client.get(policy_index.url).content.decode()
    assert "Social Media Policy" in html
    assert "Staff Disciplinary Procedure" not in html and restricted_policy.url not in html

    client.login(username=staff_user.username, password=TEST_PASSWORD)
    assert "Staff Disciplinary Procedure" in client.get(policy_index.url).content.decode()


@pytest.mark.django_db
def test_search_never_reveals_staff_only_policies_to_anonymous_visitors(
    client, public_policy, staff_only_policy, restricted_policy, staff_user
):
    for query in ("zebracorn", "Confidential Account Handover", "Disciplinary", "passwords"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "0 results for" in html
        assert staff_only_policy.url not in html and restricted_policy.url not in html
        assert "travel only in the" not in html

    client.login(username=staff_user.username, password=TEST_PASSWORD)
    html = client.get("/search/", {"q": "zebracorn"}).content.decode()
    assert "Confidential Account Handover Procedure" in html


@pytest.mark.django_db
def test_menus_and_sitemap_leave_out_staff_only_pages(client, home_page, staff_only_policy, restricted_policy):
    home_html = client.get(home_page.url).content.decode()
    assert restricted_policy.url not in home_html and staff_only_policy.url not in home_html

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/policies/" in sitemap
    assert "discipline" not in sitemap and "handover" not in sitemap


@pytest.mark.django_db
def test_related_policy_links_to_staff_only_pages_are_hidden_from_anonymous_visitors(
    client, public_policy, restricted_policy, staff_user
):
    public_policy.related_policies.add(restricted_policy)
    public_policy.save_revision().publish()

    assert restricted_policy.url not in client.get(public_policy.url).content.decode()
    client.login(username=staff_user.username, password=TEST_PASSWORD)
    assert restricted_policy.url in client.get(public_policy.url).content.decode()


@pytest.mark.django_db
def test_group_restricted_policies_stay_hidden_from_staff_outside_the_group(client, policy_index, staff_user):
    from django.contrib.auth.models import Group

    policy = make_policy(policy_index, title="Governors Pay Panel", slug="pay")
    restriction = PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name="Headteachers")])

    client.login(username=staff_user.username, password=TEST_PASSWORD)
    html = client.get("/search/", {"q": "Governors Pay Panel"}).content.decode()
    assert "0 results for" in html and policy.url not in html
