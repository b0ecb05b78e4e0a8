"""Sign-in throttling and Content-Security-Policy, as staff and browsers meet them."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_pause_that_account_from_that_address(client, staff_home, school):
    victim = UserFactory(username="typo.prone", school=school)
    colleague = UserFactory(username="colleague", school=school)
    for _ in range(5):
        attempt(client, victim.username, "wrong-password")

    locked = attempt(client, victim.username, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()

    # The rest of the school, behind the same address, can still sign in.
    assert attempt(client, colleague.username, TEST_PASSWORD).status_code == 302
    # And the same person from another address is not locked out.
    assert attempt(client, victim.username, TEST_PASSWORD, address="10.0.0.2").status_code == 302


def test_site_pages_enforce_the_content_security_policy(client, home_page):
    response = client.get(home_page.url)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "Content-Security-Policy-Report-Only" not in response.headers


def test_wagtail_admin_only_reports_the_policy(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert "Content-Security-Policy" not in response.headers
    assert "default-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]


@override_settings(AXES_ENABLED=True)
def test_a_lockout_is_in_the_audit_log_and_the_page_names_who_can_help(client, staff_home, school):
    from wagtail.models import ModelLogEntry

    from home.accounts import sign_in_log as audit

    victim = UserFactory(username="locked.person", school=school)
    for _ in range(6):
        response = attempt(client, victim.username, "wrong-password")
    html = response.content.decode()
    assert response.status_code == 429
    assert "site administrator" in html and "ICT Manager" not in html
    assert 'href="/accounts/password/reset/"' in html
    actions = list(ModelLogEntry.objects.filter(object_id=str(victim.pk)).values_list("action", flat=True))
    assert audit.LOCKED_OUT in actions
    assert actions.count(audit.SIGN_IN_FAILED) >= 5
