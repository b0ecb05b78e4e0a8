"""Signing out takes a POST: a link or an image on any page cannot sign anyone out.

Regression (issue 24): ``GET /admin/logout/`` answered 405 but deleted the session
cookie all the same, so any page could sign an admin out.
"""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def cookie_deleted(response) -> bool:
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie is not None and (cookie["max-age"] == 0 or cookie.value == "")


@pytest.fixture(params=[("staff_user", "/logout/"), ("ict_manager", "/admin/logout/")], ids=["site", "admin"])
def signed_in_user(request, client):
    """Sign ``client`` in as staff on the site, or an ICT Manager in the admin; return ``(user, sign-out URL)``."""
    who, url = request.param
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user, url


def test_get_shows_a_confirmation_and_keeps_the_session(client, signed_in_user):
    user, url = signed_in_user

    page = client.get(url)

    assert page.status_code == 200
    assert not cookie_deleted(page)
    html = page.content.decode()
    assert '<form method="post"' in html and "Sign out" in html
    assert signed_in_as(client, user)


def test_the_confirmation_button_signs_out(client, signed_in_user):
    user, url = signed_in_user

    response = client.post(url)

    assert response.status_code == 302
    assert not signed_in_as(client, user)


def test_the_admin_stays_reachable_after_a_get_of_the_admin_sign_out(client, ict_manager):
    client.force_login(ict_manager)
    client.get("/admin/logout/")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
