"""Signed in means fully signed in: the password alone reaches nothing, on any sign-in page.

An attacker who knows an admin role's password (issue 24) must be refused at every step of
the chain password → "Confirm access" → new recovery codes / deactivate the authenticator →
admin, and a session that has only passed the password gets nothing that needs sign-in.
"""

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from home import roles
from tests.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, UserFactory
from tests.forms_app.factories import approved_request, attach_pdf

pytestmark = pytest.mark.django_db

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def enrol(user) -> tuple[Authenticator, Authenticator]:
    """Give ``user`` an authenticator app (``SECRET``) and recovery codes, as the owner would have."""
    return TOTP.activate(user, SECRET).instance, RecoveryCodes.activate(user).instance


def signed_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def assert_not_given(response, *, to_sign_in_only=False) -> None:
    """The response gives nothing: a redirect to a sign-in or second-factor page, or a refusal."""
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        location = response["Location"]
        allowed = [reverse("login"), reverse("wagtailadmin_login"), "/accounts/login/"]
        if not to_sign_in_only:
            allowed += [reverse("mfa_reauthenticate"), reverse("mfa_activate_totp"), reverse("mfa_authenticate")]
        assert location.startswith(tuple(allowed)), location


@pytest.mark.parametrize("sign_in_page", ["login", "wagtailadmin_login"])
def test_the_password_alone_signs_nobody_in_on_either_sign_in_page(staff_home, ict_manager, sign_in_page):
    totp, recovery = enrol(ict_manager)
    attacker = Client()
    response = attacker.post(reverse(sign_in_page), {"username": ict_manager.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(attacker) is None  # the session holds no user until the code

    # "Confirm access" with the same password: not signed in, so nothing to confirm.
    assert_not_given(attacker.get(reverse("account_reauthenticate")), to_sign_in_only=True)
    assert_not_given(attacker.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD}))
    assert signed_in_user_id(attacker) is None
    # New recovery codes, or the owner's authenticator switched off: refused.
    assert_not_given(attacker.post(reverse("mfa_generate_recovery_codes"), {}))
    assert_not_given(attacker.post(reverse("mfa_deactivate_totp"), {}))
    # The admin, the staff area: refused.
    assert_not_given(attacker.get(reverse("wagtailadmin_home")), to_sign_in_only=True)
    assert_not_given(attacker.get(staff_home.url), to_sign_in_only=True)

    assert Authenticator.objects.filter(pk=totp.pk).exists()
    assert (
        RecoveryCodes(Authenticator.objects.get(pk=recovery.pk)).get_unused_codes()
        == RecoveryCodes(recovery).get_unused_codes()
    )

    # The owner, with their code, gets in through the same page.
    owner = Client()
    owner.post(reverse(sign_in_page), {"username": ict_manager.username, "password": TEST_PASSWORD})
    response = owner.post(reverse("mfa_authenticate"), {"code": current_totp_code(SECRET)})
    assert response.status_code == 302
    assert signed_in_user_id(owner) == str(ict_manager.pk)
    assert owner.get(reverse("wagtailadmin_home")).status_code == 200


def password_only_session(user) -> Client:
    """A session signed in with the password only (as the Wagtail admin's page made before), nothing else."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time(), "username": user.username}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def test_a_password_only_session_cannot_confirm_access_with_the_password_or_change_factors(staff_home, ict_manager):
    totp, _recovery = enrol(ict_manager)
    attacker = password_only_session(ict_manager)

    response = attacker.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert_not_given(response)
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    # The code page offers no "Use your password" way round it.
    page = attacker.get(reverse("mfa_reauthenticate")).content.decode()
    assert "Use your password" not in page
    assert reverse("account_reauthenticate") not in page

    for name in ("mfa_generate_recovery_codes", "mfa_deactivate_totp", "mfa_view_recovery_codes"):
        assert_not_given(attacker.post(reverse(name), {}))
        assert_not_given(attacker.get(reverse(name)))
    assert_not_given(attacker.get(reverse("mfa_activate_totp")))
    assert_not_given(attacker.get(reverse("wagtailadmin_home")))
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    assert Authenticator.objects.filter(user=ict_manager).count() == 2


def test_staff_with_an_authenticator_confirm_changes_with_a_code_not_the_password(client, staff_home, staff_user):
    enrol(staff_user)
    client.post(reverse("login"), {"username": staff_user.username, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(SECRET)})
    assert signed_in_user_id(client) == str(staff_user.pk)
    # Ten minutes later: the sign-in's code no longer counts as recent.
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - 600} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()

    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert client.post(reverse("mfa_deactivate_totp"), {})["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists()


@pytest.fixture
def private_root(settings, tmp_path):
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"


@pytest.mark.parametrize("role", roles.ADMIN_ROLES)
def test_a_password_only_session_gets_nothing_that_needs_sign_in(staff_home, school, private_root, role):
    ict = UserFactory(school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    head = UserFactory(school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    site_request = approved_request(ict_manager=ict, headteacher=head, author=UserFactory(school=school))
    attachment = attach_pdf(site_request, uploaded_by=ict)
    person = UserFactory(school=school, roles=[roles.STAFF, role])
    urls = [
        reverse("wagtailadmin_home"),
        staff_home.url,
        reverse("forms_app:attachment", args=[site_request.public_id, attachment.pk]),
        reverse("approval_record", args=[site_request.public_id]),
        reverse("verify_record"),
        reverse("forms_app:my_requests"),
    ]

    # With an authenticator: the password signs nobody in.
    enrol(person)
    with_factor = Client()
    with_factor.post(reverse("login"), {"username": person.username, "password": TEST_PASSWORD})
    assert signed_in_user_id(with_factor) is None
    for url in urls:
        assert_not_given(with_factor.get(url), to_sign_in_only=True)
    # A session signed in some other way with the password only: sent to the code page.
    legacy = password_only_session(person)
    for url in urls:
        response = legacy.get(url)
        assert_not_given(response)
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), url

    # Without one yet: signed in, but held on "Set up an authenticator app" before any page.
    newcomer = UserFactory(school=school, roles=[roles.STAFF, role])
    first_time = Client()
    first_time.post(reverse("login"), {"username": newcomer.username, "password": TEST_PASSWORD})
    for url in urls:
        response = first_time.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    assert first_time.get(reverse("mfa_activate_totp")).status_code == 200


def test_the_passkeys_page_answers(client, staff_home, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("mfa_list_webauthn"))
    assert response.status_code == 200


def test_a_password_reset_signs_nobody_in(staff_home, ict_manager, mailoutbox):
    import re

    enrol(ict_manager)
    client = Client()
    client.post(reverse("account_reset_password"), {"email": ict_manager.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "a-brand-new-passphrase-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert_not_given(client.get(reverse("wagtailadmin_home")), to_sign_in_only=True)
    # The new password is followed by the code, like any other.
    response = client.post(reverse("login"), {"username": ict_manager.username, "password": new_password})
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None
