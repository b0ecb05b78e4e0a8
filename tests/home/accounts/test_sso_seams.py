"""The seams around single sign-on: who owns an email address, who may have a password, which providers exist.

Regressions (issue 24): an admin-role person changed their own address on Wagtail's
Account page, and a colleague's later single sign-on with that address was linked into
their account; an account at no school's domain was linked all the same; an account made
by single sign-on set itself a password at /accounts/password/set/ and kept signing in
with it after the provider switched it off; /accounts/microsoft/login/ answered 500
where Microsoft was not configured.
"""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.accounts import sign_in_log as audit
from home.models import User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.home.test_single_sign_on import sign_in
from tests.oidc import PROVIDER_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(school):
    return UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[])


@pytest.fixture
def sso_made(client, oidc_provider, riverside, staff_home):
    """An account made by a first single sign-on (no password of its own), signed out again."""
    oidc_provider.set_person("sam-sso", email="sam.sso@riverside.example.org", email_verified=True)
    assert sign_in(client, "sam-sso").status_code == 302
    client.logout()
    return User.objects.get(email="sam.sso@riverside.example.org")


# --- Email addresses ----------------------------------------------------------------------------


def test_the_account_page_offers_no_way_to_change_ones_own_address(client, ict_manager):
    client.force_login(ict_manager)
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.text

    client.post(
        reverse("wagtailadmin_account"),
        {"name_email-first_name": "Ivy", "name_email-last_name": "Taken", "name_email-email": "head@example.org"},
    )
    ict_manager.refresh_from_db()
    assert ict_manager.email == "ict@example.org"


def edit_form_data(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "school": user.school_id or "",
        "job_title": user.job_title,
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


def test_a_site_administrator_changes_an_address_in_settings_users_and_it_is_audited(client, superuser, staff_user):
    client.force_login(superuser)
    url = reverse("wagtailusers_users:edit", args=[staff_user.pk])

    response = client.post(url, edit_form_data(staff_user, email="t.new@example.org"))

    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.email == "t.new@example.org"
    entry = ModelLogEntry.objects.get(object_id=str(staff_user.pk), action=audit.EMAIL_CHANGED)
    assert entry.data["old"] == "teacher@example.org" and entry.data["new"] == "t.new@example.org"
    assert entry.user_id == superuser.pk
    history = client.get(reverse("wagtailusers_users:history", args=[staff_user.pk]))
    assert "teacher@example.org" in history.text and "t.new@example.org" in history.text


def test_saving_a_user_without_changing_the_address_writes_no_address_entry(client, superuser, staff_user):
    client.force_login(superuser)
    client.post(reverse("wagtailusers_users:edit", args=[staff_user.pk]), edit_form_data(staff_user, job_title="Art"))
    assert not ModelLogEntry.objects.filter(object_id=str(staff_user.pk), action=audit.EMAIL_CHANGED).exists()


# --- Linking single sign-on identities --------------------------------------------------------


def test_an_account_at_no_schools_domain_is_not_linked_by_its_address(client, oidc_provider, riverside):
    outsider = UserFactory(username="jo", email="jo@personal.example.net", school=riverside)
    oidc_provider.set_person("jo-sub", email="jo@personal.example.net", email_verified=True)

    response = sign_in(client, "jo-sub")

    assert response.status_code == 403
    assert "does not belong to any of the trust" in response.text
    assert not outsider.socialaccount_set.exists()
    assert "_auth_user_id" not in client.session


def test_an_account_at_a_schools_domain_is_still_linked(client, oidc_provider, riverside):
    existing = UserFactory(username="kim", email="kim@riverside.example.org", school=riverside)
    oidc_provider.set_person("kim-sub", email="kim@riverside.example.org", email_verified=True)
    assert sign_in(client, "kim-sub").status_code == 302
    assert existing.socialaccount_set.filter(provider=PROVIDER_ID).exists()


# --- Local passwords --------------------------------------------------------------------------


def test_an_account_made_by_single_sign_on_cannot_set_itself_a_password(client, sso_made, oidc_provider):
    assert sign_in(client, "sam-sso").status_code == 302
    page = client.get(reverse("account_set_password"))
    assert page.status_code == 403
    assert "signs in with" in page.text and "no password" in page.text

    response = client.post(
        reverse("account_set_password"), {"password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42"}
    )

    assert response.status_code == 403
    sso_made.refresh_from_db()
    assert not sso_made.has_usable_password()
    client.logout()
    assert (
        client.post(reverse("login"), {"username": sso_made.username, "password": "Brand-new-pass-42"}).status_code
        != 302
    )


def test_an_account_made_by_single_sign_on_gets_no_password_reset_link(client, sso_made):
    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": sso_made.email})

    assert response.status_code == 302  # the same "check your email" page as for anyone
    assert not [message for message in mail.outbox if "/accounts/password/reset/key/" in message.body]


def test_a_reset_link_for_an_account_made_by_single_sign_on_is_refused(client, sso_made):
    key = f"{user_pk_to_url_str(sso_made)}-{default_token_generator.make_token(sso_made)}"
    url = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": key.split("-", 1)[0], "key": key.split("-", 1)[1]}
    )

    first = client.get(url, follow=True)
    assert first.status_code == 403 and "no password" in first.text
    form_url = url.replace(key.split("-", 1)[1], "set-password")
    client.post(form_url, {"password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42"})
    sso_made.refresh_from_db()
    assert not sso_made.has_usable_password()


def test_a_person_with_a_password_can_still_reset_it(client, staff_user):
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": staff_user.email})
    assert [message for message in mail.outbox if "/accounts/password/reset/key/" in message.body]


def test_with_password_sign_in_off_nobody_sets_or_resets_a_password(client, staff_user, settings):
    settings.PASSWORD_SIGN_IN = False
    mail.outbox.clear()

    assert client.post(reverse("account_reset_password"), {"email": staff_user.email}).status_code == 403
    assert client.post(reverse("wagtailadmin_password_reset"), {"email": staff_user.email}).status_code in (403, 404)
    assert not [message for message in mail.outbox if "reset" in message.body.lower()]

    key = default_token_generator.make_token(staff_user)
    link = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(staff_user), "key": key})
    assert client.get(link).status_code == 403

    client.force_login(staff_user)
    for name in ("account_change_password", "account_set_password"):
        assert client.get(reverse(name)).status_code == 403
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42"},
    )
    assert response.status_code == 403
    staff_user.refresh_from_db()
    assert staff_user.check_password(TEST_PASSWORD)


# --- Providers that are not configured --------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/microsoft/login/",
        "/accounts/google/login/",
        "/accounts/microsoft/login/callback/",
        "/accounts/google/login/callback/",
    ],
)
def test_an_unconfigured_provider_is_not_found(client, settings, path):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
