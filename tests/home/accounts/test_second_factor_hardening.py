"""Second factors that hold: codes used once on every app server, secrets encrypted, last factors kept."""

import importlib

import pytest
from allauth.core import context as allauth_context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as global_apps
from django.contrib.auth import SESSION_KEY
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home import roles
from home.accounts import sign_in_log as audit
from home.accounts.mfa import IDP_MFA_SESSION_KEY
from tests.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, UserFactory
from tests.home.test_single_sign_on import sign_in

pytestmark = pytest.mark.django_db


SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def password(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})


def test_a_used_code_is_refused_by_another_app_server_without_a_shared_cache(staff_home, headteacher, monkeypatch):
    TOTP.activate(headteacher, SECRET)
    # Two app servers without Redis: each has its own local-memory cache.
    server_a, server_b = LocMemCache("server-a", {}), LocMemCache("server-b", {})

    first = Client()
    password(first, headteacher)
    monkeypatch.setattr(totp_auth, "cache", server_a)
    code = current_totp_code(SECRET)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert first.session.get(SESSION_KEY) == str(headteacher.pk)

    second = Client()
    password(second, headteacher)
    monkeypatch.setattr(totp_auth, "cache", server_b)
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert second.session.get(SESSION_KEY) is None
    page = replay.content.decode()
    assert "already been used" in page
    assert "Wait for your authenticator app to show the next code" in page
    # The refusal is in the audit log like any wrong code.
    assert ModelLogEntry.objects.filter(object_id=str(headteacher.pk), action=audit.MFA_FAILED).count() == 1


def test_a_wrong_code_does_not_say_wait(staff_home, headteacher):
    TOTP.activate(headteacher, SECRET)
    client = Client()
    password(client, headteacher)
    wrong = "000000" if current_totp_code(SECRET) != "000000" else "111111"
    page = client.post(reverse("mfa_authenticate"), {"code": wrong}).content.decode()
    assert "Incorrect code" in page
    assert "already been used" not in page


def test_secrets_are_stored_encrypted_and_still_work(staff_home, headteacher):
    totp = TOTP.activate(headteacher, SECRET).instance
    recovery = RecoveryCodes.activate(headteacher).instance
    stored = Authenticator.objects.get(pk=totp.pk).data["secret"]
    assert SECRET not in stored
    assert stored.startswith("enc1:")
    assert get_adapter().decrypt(stored) == SECRET
    seed = Authenticator.objects.get(pk=recovery.pk).data["seed"]
    assert seed.startswith("enc1:")

    client = Client()
    password(client, headteacher)
    assert client.post(reverse("mfa_authenticate"), {"code": current_totp_code(SECRET)}).status_code == 302


def test_the_migration_encrypts_clear_secrets_once(staff_home, headteacher, staff_user):
    clear = Authenticator.objects.create(user=headteacher, type="totp", data={"secret": SECRET})
    already = TOTP.activate(staff_user, SECRET).instance
    before = Authenticator.objects.get(pk=already.pk).data["secret"]
    migration = importlib.import_module("home.migrations.0007_encrypt_second_factor_secrets")

    migration.encrypt_existing_secrets(global_apps, None)
    encrypted = Authenticator.objects.get(pk=clear.pk).data["secret"]
    assert encrypted.startswith("enc1:")
    assert get_adapter().decrypt(encrypted) == SECRET
    assert Authenticator.objects.get(pk=already.pk).data["secret"] == before

    migration.encrypt_existing_secrets(global_apps, None)  # again: nothing changes
    assert Authenticator.objects.get(pk=clear.pk).data["secret"] == encrypted


def test_the_demo_accounts_shared_secret_still_signs_in(staff_home):
    from home.demo import DEMO_TOTP_SECRET, load_second_factors

    ict = UserFactory(username="ict.demo", roles=[roles.STAFF, roles.ICT_MANAGERS])
    load_second_factors({"ict.demo": ict})
    client = Client()
    password(client, ict)
    assert client.post(reverse("mfa_authenticate"), {"code": current_totp_code(DEMO_TOTP_SECRET)}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_identity_providers_mfa_counts_for_someone_with_an_authenticator(
    client,
    oidc_provider,
    riverside,
    settings,
):
    ict = UserFactory(username="g.ict", email="g.ict@riverside.example.org", roles=[roles.STAFF, roles.ICT_MANAGERS])
    TOTP.activate(ict, SECRET)

    oidc_provider.set_person("g-sub", email="g.ict@riverside.example.org", email_verified=True, amr=["pwd", "mfa"])
    response = sign_in(client, "g-sub")
    assert response["Location"] != reverse("mfa_authenticate")
    assert client.session.get(SESSION_KEY) == str(ict.pk)
    assert client.session[IDP_MFA_SESSION_KEY] is True
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    client.logout()
    settings.SSO_TRUST_IDP_MFA = "always"
    oidc_provider.set_person("g-sub", email="g.ict@riverside.example.org", email_verified=True, amr=["pwd"])
    sign_in(client, "g-sub")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    # Not trusted: our own code first, before the session is signed in.
    client.logout()
    settings.SSO_TRUST_IDP_MFA = "amr"
    response = sign_in(client, "g-sub")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.session.get(SESSION_KEY) is None


def test_an_admin_role_cannot_remove_their_last_factor(client, staff_home, ict_manager, mailoutbox):
    client.force_login(ict_manager)  # enrols an authenticator app through the real page
    assert Authenticator.objects.filter(user=ict_manager, type="totp").count() == 1
    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert response.status_code == 200
    assert "You cannot remove your last authenticator app or passkey" in response.content.decode()
    assert Authenticator.objects.filter(user=ict_manager, type="totp").exists()


def post_and_commit(client, capture, url, data):
    """POST as a committed request: allauth's after-commit work (emails, signals) runs as in production.

    Without ``ATOMIC_REQUESTS`` production runs ``on_commit`` callbacks at once, inside the
    request; the test's transaction defers them, so they run here with the request set.
    """
    with capture() as callbacks:
        response = client.post(url, data)
    with allauth_context.request_context(response.wsgi_request):
        for callback in callbacks:
            callback()
    return response


def test_adding_and_removing_a_factor_emails_the_person_and_is_audited(
    client, staff_home, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    capture = django_capture_on_commit_callbacks
    post_and_commit(client, capture, reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists()
    assert [message.to for message in mailoutbox] == [[staff_user.email]]
    assert "authenticator" in mailoutbox[0].subject.lower()

    # Staff may remove theirs (their role does not require one).
    post_and_commit(client, capture, reverse("mfa_deactivate_totp"), {})
    assert not Authenticator.objects.filter(user=staff_user, type="totp").exists()
    assert len(mailoutbox) == 2
    actions = list(ModelLogEntry.objects.filter(object_id=str(staff_user.pk)).values_list("action", flat=True))
    assert audit.MFA_ADDED in actions
    assert audit.MFA_REMOVED in actions


def test_the_admin_account_page_links_to_account_security(client, staff_home, ict_manager):
    client.force_login(ict_manager)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert "Account security" in page
