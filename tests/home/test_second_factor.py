"""A second factor before the admin for every admin role; optional for Staff."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home import roles
from home.accounts import sign_in_log as audit
from home.demo import totp_code
from tests.conftest import SecondFactorClient, current_totp_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def password_sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})


def enrolled(user) -> Authenticator:
    TOTP.activate(user, SECRET)
    return RecoveryCodes.activate(user).instance


def test_an_ict_manager_cannot_reach_the_admin_or_approve_without_enrolling(staff_home, ict_manager):
    client = Client()  # Django's plain client: no second factor done for us
    password_sign_in(client, ict_manager)
    for path in (reverse("wagtailadmin_home"), "/admin/pages/", "/admin/workflows/tasks/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # An approval is a POST under /admin/; it is turned away the same way, before the view.
    response = client.post("/admin/pages/1/workflow/action/approve/1/", {"comment": ""})
    assert response["Location"] == reverse("mfa_activate_totp")

    # Enrolling (the secret shown on the page, then the app's code) opens the admin.
    page = client.get(reverse("mfa_activate_totp"))
    assert "Set up an authenticator app" in page.content.decode()
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response["Location"]).content.decode()
    assert 'href="/admin/">Continue' in codes_page  # back to the admin
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_staff_need_no_second_factor_but_may_enrol_from_the_header(client, staff_home, staff_user):
    password_sign_in(client, staff_user)
    page = client.get(staff_home.url).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_an_enrolled_headteacher_is_challenged_and_a_wrong_or_replayed_code_is_refused(staff_home, headteacher):
    enrolled(headteacher)
    client = Client()
    response = password_sign_in(client, headteacher)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # not signed in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(SECRET) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.content.decode()

    code = current_totp_code(SECRET)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    # The same code, a second time in its 30 seconds (someone who watched it typed), is refused.
    other = Client()
    password_sign_in(other, headteacher)
    replay = other.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert other.get(reverse("wagtailadmin_home")).status_code == 302
    actions = list(ModelLogEntry.objects.filter(object_id=str(headteacher.pk)).values_list("action", flat=True))
    assert actions.count(audit.MFA_FAILED) == 2
    assert audit.MFA_PASSED in actions


def test_a_recovery_code_works_once(staff_home, headteacher):
    recovery = enrolled(headteacher)
    code = RecoveryCodes(recovery).get_unused_codes()[0]

    first = Client()
    password_sign_in(first, headteacher)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert first.get(reverse("wagtailadmin_home")).status_code == 200

    second = Client()
    password_sign_in(second, headteacher)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert second.get(reverse("wagtailadmin_home")).status_code == 302


def test_a_wagtail_admin_sign_in_is_followed_by_the_challenge(staff_home, headteacher):
    enrolled(headteacher)
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": headteacher.username, "password": TEST_PASSWORD, "next": "/admin/"}
    )
    # The code is asked for before the session is signed in (the same flow as /login/).
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("wagtailadmin_login"))
    challenge = client.get(reverse("mfa_authenticate"))
    assert "Confirm it is you" in challenge.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(SECRET)})
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_superusers_need_a_second_factor_too(staff_home):
    admin = UserFactory(username="site.admin", is_superuser=True, roles=[])
    client = Client()
    password_sign_in(client, admin)
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", roles.ADMIN_ROLES)
def test_the_test_client_passes_the_second_factor_like_a_person(client, staff_home, role):
    user = UserFactory(roles=[roles.STAFF, role])
    client.force_login(user)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # Signing in again in the same 30 seconds answers the real challenge (with a recovery code).
    client.logout()
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_sign_in_events_are_in_the_audit_log_without_secrets(staff_home, headteacher):
    enrolled(headteacher)
    client = Client()
    client.post(reverse("login"), {"username": headteacher.username, "password": "a-wrong-password"})
    password_sign_in(client, headteacher)
    code = current_totp_code(SECRET)
    client.post(reverse("mfa_authenticate"), {"code": code})
    entries = ModelLogEntry.objects.filter(object_id=str(headteacher.pk)).order_by("timestamp", "pk")
    actions = [entry.action for entry in entries]
    assert actions[:1] == [audit.SIGN_IN_FAILED]
    assert audit.MFA_PASSED in actions and audit.SIGN_IN in actions
    stored = " ".join(str(entry.data) for entry in entries)
    assert "a-wrong-password" not in stored and TEST_PASSWORD not in stored and code not in stored
    # Site administrators read them in Reports → Site history.
    admin = UserFactory(username="site.admin", is_superuser=True, roles=[])
    viewer = SecondFactorClient()
    viewer.force_login(admin)
    history = viewer.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Second factor passed" in history and "Sign-in failed" in history


def test_demo_totp_prints_the_demo_accounts_current_code():
    from io import StringIO

    from django.core.management import CommandError, call_command

    from home.demo import DEMO_TOTP_SECRET

    call_command("load_demo_content", verbosity=0, stdout=StringIO())
    out = StringIO()
    call_command("demo_totp", "ict.riverside", stdout=out)
    now = time.time()
    assert out.getvalue().strip() in {totp_code(DEMO_TOTP_SECRET, now - 30), totp_code(DEMO_TOTP_SECRET, now)}
    with pytest.raises(CommandError, match="no authenticator"):
        call_command("demo_totp", "staff.riverside")


def test_forgotten_password_link_leads_to_a_reset_by_email(client, staff_home, staff_user, mailoutbox):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("account_reset_password")}">Forgotten your password?' in page
    response = client.post(reverse("account_reset_password"), {"email": staff_user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and staff_user.email in mailoutbox[0].to
    assert TEST_PASSWORD not in mailoutbox[0].body
