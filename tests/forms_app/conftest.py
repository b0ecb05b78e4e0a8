"""Fixtures for the request form and its approvals: the form page, an author, colleagues to name, the policy."""

import pytest

from forms_app.models import SocialMediaRequestFormPage
from tests.factories import TEST_PASSWORD, UserFactory
from tests.policy.factories import make_index, make_policy


@pytest.fixture
def form_page(staff_home) -> SocialMediaRequestFormPage:
    page = SocialMediaRequestFormPage(title="Request a new social media site", slug="request-a-site", intro="<p>Hi</p>")
    staff_home.add_child(instance=page)
    return page


@pytest.fixture
def colleagues(school) -> list:
    """Four active colleagues at the author's school, to name as line manager, administrators, moderators."""
    return [UserFactory(username=f"colleague{n}", school=school, first_name=f"Colleague{n}") for n in range(4)]


@pytest.fixture
def author_client(client, staff_user):
    """A test client signed in as ``staff_user`` (through the sign-in page, like a person)."""
    client.post("/login/", {"username": staff_user.username, "password": TEST_PASSWORD})
    assert client.session.get("_auth_user_id") == str(staff_user.pk)
    return client


@pytest.fixture
def policy(home_page, school):
    """The school's Social Media Policy (version 3.0), which everyone running a site must acknowledge."""
    return make_policy(
        make_index(home_page), title="Social Media Policy", school=school, version="3.0", requires_acknowledgement=True
    )
