"""Fixtures for the request form: the form page, an author and colleagues to name."""

import pytest

from forms_app.models import SocialMediaRequestFormPage
from tests.factories import TEST_PASSWORD, UserFactory


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
