"""Signing in lands each role in the right place; the staff area needs a sign-in."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from home import roles
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user, next_url=None):
    data = {"username": user.username, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def test_staff_land_on_the_staff_home(client, staff_home, staff_user):
    response = sign_in(client, staff_user)
    assert response.status_code == 302
    assert response.url == staff_home.url


@pytest.mark.parametrize("role", [roles.ICT_MANAGERS, roles.HEADTEACHERS, roles.COMMUNICATIONS, roles.POLICY_EDITORS])
def test_admin_roles_land_on_the_admin_dashboard(client, staff_home, role):
    user = UserFactory(roles=[roles.STAFF, role])
    response = sign_in(client, user)
    assert response.url == reverse("wagtailadmin_home")
    # Not enrolled yet: the admin first asks for a second factor to be set up.
    assert client.get(response.url)["Location"] == reverse("mfa_activate_totp")


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, staff_home, staff_user):
    response = client.get(staff_home.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert f"next={staff_home.url}" in response.url

    response = sign_in(client, staff_user, next_url=staff_home.url)
    assert response.url == staff_home.url
    page = client.get(staff_home.url)
    assert page.status_code == 200
    assert "Staff area" in page.content.decode()


def test_wrong_password_shows_an_error_and_keeps_the_username(client, staff_home, staff_user):
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'value="{staff_user.username}"' in html


def test_staff_area_stays_private_when_an_editor_removes_the_restriction(client, staff_home):
    PageViewRestriction.objects.filter(page=staff_home).delete()
    staff_home.save_revision().publish()
    assert client.get(staff_home.url).status_code == 302


def test_signing_out_is_a_post_and_shows_confirmation(client, staff_home, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("logout"), follow=True)
    assert "You have signed out" in response.content.decode()
    assert client.get(staff_home.url).status_code == 302
