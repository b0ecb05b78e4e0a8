"""The staff home and the acknowledgement report take the same number of queries with 10 or 5,000 staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.models import User
from policy.acknowledgements import acknowledge_policy
from policy.models import PolicyAcknowledgement, PolicyPage

from .factories import make_policy


def bulk_staff(school, count: int, *, prefix: str, acknowledge: PolicyPage | None = None) -> None:
    """Add ``count`` staff of ``school`` in one insert; with ``acknowledge``, half of them have acknowledged it."""
    User.objects.bulk_create(
        [User(username=f"{prefix}{n:05d}", last_name=f"{prefix.title()} {n:05d}", school=school) for n in range(count)]
    )
    if acknowledge is not None:
        users = User.objects.filter(username__startswith=prefix).order_by("pk")[: count // 2]
        PolicyAcknowledgement.objects.bulk_create(
            [
                PolicyAcknowledgement(
                    user=user, policy=acknowledge, revision_id=acknowledge.acknowledgement_revision_id, version="1.0"
                )
                for user in users
            ]
        )


def queries_for(client, url, params=None) -> tuple[int, object]:
    client.get(url, params)  # warm Wagtail's per-site caches, as any earlier request would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


@pytest.fixture
def policies(policy_index, school):
    trust_wide = make_policy(policy_index, title="Social Media Policy", version="1.0", requires_acknowledgement=True)
    own = make_policy(
        policy_index, title="Lettings Policy", slug="lettings", school=school, requires_acknowledgement=True
    )
    return trust_wide, own


@pytest.mark.django_db
def test_staff_home_takes_the_same_queries_with_10_or_5000_staff(client, staff_home, policies, staff_user, school):
    staff_home.save_revision().publish()
    acknowledge_policy(user=staff_user, policy=policies[1])
    client.force_login(staff_user)
    bulk_staff(school, 10, prefix="small", acknowledge=policies[0])
    with_10, response = queries_for(client, staff_home.url)
    assert "Read the Social Media Policy" in response.text  # the prompt links to the policy to read
    bulk_staff(school, 4990, prefix="large", acknowledge=policies[0])
    with_5000, _ = queries_for(client, staff_home.url)
    assert User.objects.count() > 5000
    assert with_10 == with_5000


@pytest.mark.django_db
def test_acknowledgement_report_takes_the_same_queries_with_10_or_5000_staff(client, policies, headteacher, school):
    client.force_login(headteacher)
    url = reverse("policy_acknowledgements")
    params = {"policy": policies[0].pk}
    bulk_staff(school, 10, prefix="small", acknowledge=policies[0])
    with_10, small = queries_for(client, url, params)
    bulk_staff(school, 4990, prefix="large", acknowledge=policies[0])
    with_5000, large = queries_for(client, url, params)
    assert with_10 == with_5000
    row = large.context["summary"][0]
    assert (row["acknowledged"], row["total"]) == (5 + 2495, 5000 + 1)  # the headteacher has not acknowledged
