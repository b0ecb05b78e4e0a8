"""Each step's GET and POST, Check your answers and My requests make the same number of SQL queries
with 10 requests stored as with 1,000 requests and 5,000 members of staff (the picker's choices)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_app.constants import RequestStatus, SiteRole
from forms_app.models import SitePerson, SocialMediaSiteRequest
from forms_app.request_form.steps import STEPS
from home.models import School, User
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import step_url, valid_step_data

pytestmark = pytest.mark.django_db


def add_requests(count: int, *, school, named) -> None:
    """Store ``count`` other people's requests (submitted, naming ``named`` as moderator) in bulk."""
    author = UserFactory(school=school)
    created = SocialMediaSiteRequest.objects.bulk_create(
        [
            SocialMediaSiteRequest(
                author=author, school=school, status=RequestStatus.AWAITING_ICT, account_name=f"n{i}"
            )
            for i in range(count)
        ]
    )
    SitePerson.objects.bulk_create([SitePerson(request=r, role=SiteRole.MODERATOR, user=named) for r in created])


def add_staff(count: int, *, school, other_school) -> None:
    """Store ``count`` active members of staff in bulk, most at the request's school."""
    User.objects.bulk_create(
        [
            User(
                username=f"bulk{i}",
                first_name=f"Bulk{i}",
                last_name="Staff",
                job_title="Teaching assistant",
                school=school if i % 5 else other_school,
                is_active=True,
            )
            for i in range(count)
        ]
    )


def assert_same_queries_with_10_and_1000(django_assert_num_queries, school, user, do) -> None:
    do()  # warm caches that any first request fills (content types, site root)
    add_requests(10, school=school, named=user)
    with CaptureQueriesContext(connection) as with_10:
        do()
    add_requests(990, school=school, named=user)
    add_staff(5000, school=school, other_school=School.objects.create(name="Hillside Juniors", slug="hillside-juniors"))
    assert SocialMediaSiteRequest.objects.count() > 1000
    assert User.objects.filter(school=school, is_active=True).count() > 4000
    with django_assert_num_queries(len(with_10)):
        do()


@pytest.fixture
def draft(staff_user, colleagues):
    return complete_request(
        author=staff_user,
        line_manager=colleagues[0],
        administrators=colleagues[:2],
        moderators=colleagues[2:],
    )


@pytest.mark.parametrize("slug", [step.slug for step in STEPS])
def test_step_get_queries_do_not_grow_with_requests(author_client, draft, staff_user, django_assert_num_queries, slug):
    def do():
        assert author_client.get(step_url(draft, slug)).status_code == 200

    assert_same_queries_with_10_and_1000(django_assert_num_queries, draft.school, staff_user, do)


@pytest.mark.parametrize("slug", [step.slug for step in STEPS])
def test_step_post_queries_do_not_grow_with_requests(
    author_client, draft, staff_user, colleagues, django_assert_num_queries, slug
):
    data = valid_step_data(school=draft.school, colleagues=colleagues, go_live_in_days=5, closure_in_days=50)[slug]

    def do():
        response = author_client.post(step_url(draft, slug), {**data, "action": "continue"})
        assert response.status_code == 302, response.content.decode()[:2000]

    assert_same_queries_with_10_and_1000(django_assert_num_queries, draft.school, staff_user, do)


def test_check_answers_and_my_requests_queries_do_not_grow(author_client, draft, staff_user, django_assert_num_queries):
    def do():
        assert author_client.get(reverse("forms_app:check", kwargs={"public_id": draft.public_id})).status_code == 200
        assert author_client.get(reverse("forms_app:my_requests")).status_code == 200

    assert_same_queries_with_10_and_1000(django_assert_num_queries, draft.school, staff_user, do)
