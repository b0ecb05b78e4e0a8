"""The admin's "Policies" listing: school, version, next review and status, filterable by school."""

import datetime

import pytest
from django.urls import reverse

from .factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(governed_index, school, other_school):
    make_policy(governed_index, title="Riverside Lettings Policy", slug="lettings", school=school, version="3.1")
    make_policy(governed_index, title="Hillcrest Trips Policy", slug="trips", school=other_school, version="1.0")
    make_policy(
        governed_index, title="Trust Data Policy", slug="data", version="2.4", next_review_due=datetime.date(2027, 3, 1)
    )


def test_listing_shows_school_version_next_review_and_status(client, listed, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    response = client.get(reverse("policies:index"))
    assert response.status_code == 200
    for text in ("School", "Version", "Next review", "Riverside Primary School", "Hillcrest Academy", "3.1", "2.4"):
        assert text in response.text
    assert "All schools in the trust" in response.text and "1 March 2027" in response.text
    assert "live" in response.text.lower()


def test_listing_filters_by_school_and_trust_wide(client, listed, school, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    riverside = client.get(reverse("policies:index"), {"school": school.pk})
    assert "Riverside Lettings Policy" in riverside.text
    assert "Hillcrest Trips Policy" not in riverside.text and "Trust Data Policy" not in riverside.text
    trust = client.get(reverse("policies:index"), {"school": "null"})
    assert "Trust Data Policy" in trust.text and "Riverside Lettings Policy" not in trust.text


def test_listing_exports_csv(client, listed, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    response = client.get(reverse("policies:index"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Riverside Lettings Policy,Riverside Primary School,3.1" in content
