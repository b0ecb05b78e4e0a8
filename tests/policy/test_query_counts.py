"""Policy pages and the policy index render in a fixed number of queries, however many policies exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy.models import PolicyPage
from tests.factories import TEST_PASSWORD

from .factories import bulk_policies, make_policy

pytestmark = pytest.mark.usefixtures("without_page_cache")


def queries_for(client, url) -> int:
    client.get(url)  # warm Wagtail's per-site caches, as any earlier request would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_policy_page_renders_in_the_same_number_of_queries_with_10_or_500_policies(
    client, policy_index, public_policy, staff_user
):
    related = [make_policy(policy_index, title=f"Related {n}", slug=f"related-{n}") for n in range(2)]
    public_policy.related_policies.set(related)
    public_policy.save_revision().publish()
    client.login(username=staff_user.username, password=TEST_PASSWORD)
    bulk_policies(policy_index, 10, prefix="first")
    assert PolicyPage.objects.count() == 13

    with_10 = queries_for(client, public_policy.url)
    bulk_policies(policy_index, 490, prefix="second")
    with_500 = queries_for(client, public_policy.url)

    assert PolicyPage.objects.count() == 503
    assert with_10 == with_500


@pytest.mark.django_db
def test_policy_index_lists_10_or_500_policies_in_the_same_number_of_queries(client, policy_index):
    bulk_policies(policy_index, 10, prefix="first")
    with_10 = queries_for(client, policy_index.url)
    bulk_policies(policy_index, 490, prefix="second")
    with_500 = queries_for(client, policy_index.url)

    assert with_10 == with_500
    assert "Second policy 0489" in client.get(policy_index.url, {"page": 10}).content.decode()


@pytest.mark.django_db
def test_policy_index_shows_50_policies_a_page_and_a_to_z_links_to_the_right_page(client, policy_index):
    bulk_policies(policy_index, 120, prefix="first")
    bulk_policies(policy_index, 3, prefix="zebra")

    first = client.get(policy_index.url).content.decode()
    assert "First policy 0049" in first and "First policy 0050" not in first
    assert "Showing policies 1 to 50 of 123" in first
    assert 'href="?page=3#letter-Z"' in first and 'href="?page=2"' in first
    last = client.get(policy_index.url, {"page": 3}).content.decode()
    assert "Zebra policy 0002" in last and 'aria-current="page"' in last and "First policy 0000" not in last
    filtered = client.get(policy_index.url, {"page": 99, "category": "other"}).content.decode()
    assert "Zebra policy 0002" in filtered and 'href="?category=other&amp;page=2"' in filtered


@pytest.mark.django_db
def test_policy_index_reads_whole_rows_only_for_the_policies_it_shows(client, policy_index):
    """At ten times a trust's size, sorting 9,000 whole rows to keep 50 took 80 ms; ids and titles alone, 30."""
    bulk_policies(policy_index, 60, prefix="first")
    client.get(policy_index.url)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(policy_index.url, {"page": 2}).content.decode()

    whole_rows = [q["sql"] for q in captured if '"policy_policypage"."summary"' in q["sql"]]
    assert len(whole_rows) == 1, whole_rows
    # The page's policies are picked by their ids, sorted in a query that reads nothing else;
    # only the ten on this page are read whole.
    assert "LIMIT" not in whole_rows[0], whole_rows[0]
    picked = [q["sql"] for q in captured if "LIMIT 50 OFFSET 50" in q["sql"]]
    assert len(picked) == 1 and '"wagtailcore_page"."title" ASC' in picked[0], picked
    assert picked[0].split(" FROM ")[0].count(",") == 0, f"more than the id read: {picked[0]}"
    assert "First policy 0050" in page and "First policy 0049" not in page
