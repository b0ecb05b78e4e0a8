"""Sessions signed in before the sign-in code moved to ``home.accounts`` keep working, and sign nobody new in."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_BACKEND = "home.auth_backends.SignInBackend"


def test_a_session_made_with_the_old_backend_path_is_still_signed_in(client, staff_home, school):
    teacher = UserFactory(username="teacher", school=school)
    client.force_login(teacher, backend=OLD_BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == OLD_BACKEND

    response = client.get(staff_home.url)

    assert response.status_code == 200
    assert response.wsgi_request.user == teacher


def test_the_old_backend_path_signs_nobody_in(school, settings):
    UserFactory(username="teacher", school=school, password="correct horse battery")
    settings.AUTHENTICATION_BACKENDS = [OLD_BACKEND]

    assert authenticate(None, username="teacher", password="correct horse battery") is None
