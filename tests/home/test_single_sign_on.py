"""Single sign-on against a real OpenID Connect provider on loopback (HTTP level).

The browser journey (Chromium) is in tests/e2e/test_single_sign_on.py; here the Django
test client plays the browser, and ``requests`` answers the provider's authorize page.
"""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home import roles
from home.accounts import sign_in_log as audit
from home.accounts.mfa import IDP_MFA_SESSION_KEY
from home.models import School, User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.oidc import PROVIDER_ID, PROVIDER_NAME

pytestmark = pytest.mark.django_db


def start(client) -> str:
    """Press "Sign in with ..." on /login/; return the provider's authorize URL."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}))
    assert response.status_code == 302
    return response["Location"]


def authorize(authorize_url: str, sub: str) -> str:
    """Sign in at the provider as ``sub``; return the callback path and query it sends the browser to."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:300]
    location = urlparse(response.headers["Location"])
    return f"{location.path}?{location.query}"


def sign_in(client, sub: str):
    return client.get(authorize(start(client), sub))


def test_the_sign_in_pages_offer_the_provider(client, oidc_provider):
    for url in (reverse("login"), reverse("wagtailadmin_login")):
        assert f"Sign in with {PROVIDER_NAME}" in client.get(url).content.decode()


def test_first_sign_in_makes_a_staff_account_at_the_school_and_the_second_reuses_it(
    client, oidc_provider, riverside, staff_home
):
    oidc_provider.set_person("a.new", email="A.New@Riverside.example.org", email_verified=True, name="Ann New")
    response = sign_in(client, "a.new")
    assert response.status_code == 302
    assert response["Location"] == staff_home.url
    user = User.objects.get(email="a.new@riverside.example.org")
    assert user.school == riverside
    assert list(user.groups.values_list("name", flat=True)) == [roles.STAFF]
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Ann", "New")
    assert client.get(staff_home.url).status_code == 200
    assert ModelLogEntry.objects.filter(object_id=str(user.pk), action=audit.SSO_ACCOUNT_CREATED).exists()

    client.logout()
    assert sign_in(client, "a.new").status_code == 302
    assert User.objects.filter(email__iexact="a.new@riverside.example.org").count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(user.pk), action=audit.SIGN_IN).count() == 2


def test_an_existing_account_with_the_same_address_is_linked_not_duplicated(
    client, oidc_provider, riverside, staff_home
):
    existing = UserFactory(username="jo.patel", email="jo.patel@riverside.example.org", school=riverside)
    oidc_provider.set_person("jo-sub", email="jo.patel@riverside.example.org", email_verified=True)
    assert sign_in(client, "jo-sub").status_code == 302
    assert User.objects.filter(email__iexact="jo.patel@riverside.example.org").count() == 1
    assert existing.socialaccount_set.filter(provider=PROVIDER_ID, uid="jo-sub").exists()
    assert client.get(staff_home.url).status_code == 200


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"email": "someone@gmail.example", "email_verified": True}, "does not belong to any of the trust"),
        ({"email": "b.unverified@riverside.example.org", "email_verified": False}, "did not confirm"),
        ({"email": "c.missing@riverside.example.org"}, "did not confirm"),
    ],
    ids=["unknown domain", "unverified email", "no verification claim"],
)
def test_refused_sign_ins_end_on_a_clear_page_with_no_account(client, oidc_provider, riverside, claims, message):
    before = User.objects.count()
    oidc_provider.set_person("refused", **claims)
    response = sign_in(client, "refused")
    assert response.status_code == 403
    html = response.content.decode()
    assert "We could not sign you in" in html and message in html and "No account was made" in html
    assert User.objects.count() == before
    assert "_auth_user_id" not in client.session


def test_a_tampered_state_is_refused(client, oidc_provider, riverside):
    oidc_provider.set_person("d.tamper", email="d.tamper@riverside.example.org", email_verified=True)
    callback = authorize(start(client), "d.tamper")
    path, query = callback.split("?")
    params = {key: values[0] for key, values in parse_qs(query).items()}
    params["state"] = params["state"][::-1]
    response = client.get(path, params)
    assert response.status_code == 401
    assert "We could not sign you in" in response.content.decode()
    assert not User.objects.filter(email="d.tamper@riverside.example.org").exists()


@pytest.mark.parametrize("code", ["not-a-code-the-provider-issued", None], ids=["invalid code", "used code"])
def test_an_invalid_or_used_code_is_refused(client, oidc_provider, riverside, code):
    oidc_provider.set_person("e.code", email="e.code@riverside.example.org", email_verified=True)
    callback = authorize(start(client), "e.code")
    path, query = callback.split("?")
    params = {key: values[0] for key, values in parse_qs(query).items()}
    if code is None:
        # Someone replays the callback after it was used: the provider refuses the code again.
        assert client.get(path, params).status_code == 302
        client.logout()
        User.objects.filter(email="e.code@riverside.example.org").delete()
    else:
        params["code"] = code
    response = client.get(path, params)
    assert response.status_code == 401
    assert "We could not sign you in" in response.content.decode()
    assert not User.objects.filter(email="e.code@riverside.example.org").exists()


def test_an_error_at_the_provider_is_a_clear_page(client, oidc_provider, riverside):
    authorize_url = start(client)
    response = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
    location = urlparse(response.headers["Location"])
    response = client.get(f"{location.path}?{location.query}", follow=True)
    assert "Sign-in cancelled" in response.content.decode()
    assert "No account was made" in response.content.decode()

    # Any other error the provider reports (server_error, invalid_scope...) ends the same way.
    state = parse_qs(location.query)["state"][0]
    response = client.get(location.path, {"error": "server_error", "state": state})
    assert response.status_code == 401
    assert "We could not sign you in" in response.content.decode()


def test_admin_roles_signing_in_with_sso_pass_our_second_factor_unless_the_provider_did(
    client, oidc_provider, riverside, settings
):
    ict = UserFactory(username="f.ict", email="f.ict@riverside.example.org", roles=[roles.STAFF, roles.ICT_MANAGERS])
    oidc_provider.set_person("f-sub", email="f.ict@riverside.example.org", email_verified=True, amr=["pwd"])
    sign_in(client, "f-sub")
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("mfa_activate_totp")

    client.logout()
    oidc_provider.set_person("f-sub", email="f.ict@riverside.example.org", email_verified=True, amr=["pwd", "mfa"])
    sign_in(client, "f-sub")
    assert client.session[IDP_MFA_SESSION_KEY] is True
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    client.logout()
    settings.SSO_TRUST_IDP_MFA = "never"
    sign_in(client, "f-sub")
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert ict.groups.count() == 2


def test_roles_come_from_the_provider_only_through_a_mapping(client, oidc_provider, riverside, settings):
    oidc_provider.set_person(
        "g-sub", email="g.head@riverside.example.org", email_verified=True, groups=["sg-heads", "sg-other"]
    )
    sign_in(client, "g-sub")
    user = User.objects.get(email="g.head@riverside.example.org")
    assert set(user.groups.values_list("name", flat=True)) == {roles.STAFF}

    settings.SSO_ROLE_GROUPS = {"sg-heads": roles.HEADTEACHERS}
    client.logout()
    sign_in(client, "g-sub")
    assert set(user.groups.values_list("name", flat=True)) == {roles.STAFF, roles.HEADTEACHERS}
    assert Group.objects.filter(name=roles.HEADTEACHERS, user=user).exists()


def test_school_email_domains_are_checked(riverside, other_school):
    other_school.email_domains = "@Riverside.example.org\nnot a domain"
    with pytest.raises(Exception) as refused:
        other_school.full_clean()
    assert "not domain names" in str(refused.value)
    other_school.email_domains = "riverside.example.org"
    with pytest.raises(Exception) as taken:
        other_school.full_clean()
    assert "Already used by another school" in str(taken.value)
    other_school.email_domains = "@Hillcrest.example.org, hillcrest2.example.org"
    other_school.full_clean()
    other_school.save()
    assert other_school.email_domains == "hillcrest.example.org\nhillcrest2.example.org"
    assert School.for_email("x@HILLCREST.example.org") == other_school
    assert School.for_email("x@staff.hillcrest.example.org") is None


def test_password_sign_in_can_be_switched_off(client, oidc_provider, staff_user, settings):
    settings.PASSWORD_SIGN_IN = False
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page and f"Sign in with {PROVIDER_NAME}" in page
    assert (
        client.post(reverse("login"), {"username": staff_user.username, "password": TEST_PASSWORD}).status_code == 403
    )
    admin_page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert 'name="password"' not in admin_page
    response = client.post(reverse("wagtailadmin_login"), {"username": staff_user.username, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert not client.login(username=staff_user.username, password=TEST_PASSWORD)


def test_a_taken_username_gets_a_unique_one(client, oidc_provider, riverside):
    UserFactory(username="sam", email="sam@other.example.org", school=riverside)
    oidc_provider.set_person("sam-sub", email="sam@riverside.example.org", email_verified=True)
    assert sign_in(client, "sam-sub").status_code == 302
    new = User.objects.get(email="sam@riverside.example.org")
    assert new.username != "sam"
    assert User.objects.filter(username="sam").count() == 1


def test_a_signed_in_person_cannot_attach_another_identity(client, oidc_provider, riverside, staff_user):
    client.force_login(staff_user)
    assert client.get("/accounts/email/")["Location"] == reverse("mfa_index")
    assert client.get("/accounts/3rdparty/")["Location"] == reverse("mfa_index")
    oidc_provider.set_person("h-sub", email="h.other@riverside.example.org", email_verified=True)
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}), {"process": "connect"})
    response = client.get(authorize(response["Location"], "h-sub"))
    assert response.status_code == 403
    assert not staff_user.socialaccount_set.exists()
    assert not User.objects.filter(email="h.other@riverside.example.org").exists()
