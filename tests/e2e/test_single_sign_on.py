"""Single sign-on and second factors in Chromium, against a real OpenID Connect provider on loopback.

The refusals (wrong domain, unverified address, tampered state, bad code, provider error)
are covered at HTTP level in tests/home/test_single_sign_on.py; here a person signs in.
"""

import pytest

from home import roles
from home.models import User
from tests.e2e.conftest import (
    add_virtual_authenticator,
    assert_accessible,
    authenticator_code,
    password_step,
    sign_in,
    sign_in_with_passkey,
)
from tests.oidc import PROVIDER_NAME


@pytest.fixture
def sso_page(page, oidc_provider):
    """A browser tab on the demo site with the provider offered on the sign-in pages."""
    return page


def sign_in_at_provider(tab, subject: str) -> None:
    tab.goto("/login/")
    with tab.expect_navigation():
        tab.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    tab.get_by_label("Subject").fill(subject)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Authorize", exact=True).click()


def test_first_sign_in_makes_a_staff_account_and_the_second_reuses_it(sso_page, oidc_provider):
    oidc_provider.set_person(
        "kim-sub", email="kim.lee@hillcrest.example.org", email_verified=True, given_name="Kim", family_name="Lee"
    )
    sign_in_at_provider(sso_page, "kim-sub")
    assert sso_page.get_by_role("heading", level=1).inner_text() == "Staff area"
    assert "Signed in as Kim Lee" in sso_page.content()
    user = User.objects.get(email="kim.lee@hillcrest.example.org")
    assert user.school.slug == "hillcrest"
    assert list(user.groups.values_list("name", flat=True)) == [roles.STAFF]

    with sso_page.expect_navigation():
        sso_page.get_by_role("button", name="Sign out").click()
    sign_in_at_provider(sso_page, "kim-sub")
    assert sso_page.get_by_role("heading", level=1).inner_text() == "Staff area"
    assert User.objects.filter(email__iexact="kim.lee@hillcrest.example.org").count() == 1


def test_an_unknown_domain_ends_on_a_clear_page(sso_page, oidc_provider):
    before = User.objects.count()
    oidc_provider.set_person("pat-sub", email="pat@personal.example.com", email_verified=True)
    sign_in_at_provider(sso_page, "pat-sub")
    assert sso_page.get_by_role("heading", level=1).inner_text() == "We could not sign you in"
    assert User.objects.count() == before
    assert_accessible(sso_page)


def test_sign_in_pages_with_single_sign_on_have_no_wcag_violations(sso_page):
    sso_page.goto("/login/")
    assert sso_page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").is_visible()
    assert sso_page.get_by_role("link", name="Forgotten your password?").is_visible()
    assert_accessible(sso_page)
    sso_page.goto("/admin/login/")
    assert sso_page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").is_visible()


def test_second_factor_challenge_and_enrolment_pages_have_no_wcag_violations(page):
    password_step(page, "ict.riverside")
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm it is you"
    assert_accessible(page)

    page.get_by_label("Authentication code").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.get_by_label("Authentication code").fill(authenticator_code("ict.riverside"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.endswith("/admin/")
    # Enrolment page, as a new ICT Manager meets it: shown to a member of staff here.
    page.context.clear_cookies()
    sign_in(page, "staff.riverside")
    page.goto("/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up an authenticator app"
    assert_accessible(page)
    page.goto("/accounts/2fa/")
    assert_accessible(page)


def test_a_passkey_signs_an_ict_manager_in(page):
    add_virtual_authenticator(page)
    sign_in(page, "ict.riverside")
    page.goto("/accounts/2fa/webauthn/add/")
    assert_accessible(page)
    page.get_by_label("Name for this key").fill("Work laptop")
    page.get_by_label("Also use it to sign in without a password (a passkey)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add key").click()

    # A second factor at the challenge...
    page.context.clear_cookies()
    password_step(page, "ict.riverside")
    with page.expect_navigation():
        page.get_by_role("button", name="Use a passkey or security key").click()
    assert page.url.endswith("/admin/")

    # ...and on its own, from the sign-in page: a passkey is a second factor in itself, so the
    # admin opens without a code.
    page.context.clear_cookies()
    sign_in_with_passkey(page)


def test_the_admin_sign_in_page_is_followed_by_the_second_factor(page):
    password_step(page, "head.riverside", path="/admin/login/")
    # The same challenge as /login/'s, before the session is signed in.
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm it is you"
    assert_accessible(page)
    page.get_by_label("Authentication code").fill(authenticator_code("head.riverside"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.endswith("/admin/")
