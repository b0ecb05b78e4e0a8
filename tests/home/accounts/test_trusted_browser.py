"""Trust this browser: a browser its owner chose to trust skips the second factor, and nothing else does.

The box on the second-factor page is unticked and explained; a trusted browser signs in
with the password alone for the days in Trust settings (``trusted_browser_days``), on every
sign-in page; another browser with the same password is still asked for the code; signing
out keeps the trust, changing the password or the authenticators ends it.
"""

import time
from datetime import timedelta

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.internal.flows.trust import IssuedTrust, create_config_fingerprint, encode_trust_cookie
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.accounts.mfa_adapter import was_totp_code_used
from home.models import TrustSettings
from tests.conftest import current_totp_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
COOKIE = "mfa_trusted"
EXPLANATION = "Only on a device that is yours alone; never on a shared or classroom computer."


def enrol(user) -> None:
    TOTP.activate(user, SECRET)
    RecoveryCodes.activate(user)


def fresh_code(user) -> str:
    """The authenticator app's code now, or an unused recovery code when that one was used already."""
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = current_totp_code(SECRET)
    if not was_totp_code_used(totp, code):
        return code
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(recovery).get_unused_codes()[0]


def sign_in_with_code(client, user, *, trust: bool, page: str = "login"):
    """Password then code on ``client``; returns the response to the code."""
    response = client.post(reverse(page), {"username": user.username, "password": TEST_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    data = {"code": fresh_code(user)}
    if trust:
        data["trust_browser"] = "on"
    return client.post(reverse("mfa_authenticate"), data)


def password_only(client, user, page: str = "login"):
    """The password on ``client``; returns the response."""
    return client.post(reverse(page), {"username": user.username, "password": TEST_PASSWORD})


def signed_in(client, user) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


def trusted_then_signed_out(user) -> Client:
    """A browser on which ``user`` signed in with their code, ticked "trust this browser", then signed out."""
    client = Client()
    sign_in_with_code(client, user, trust=True)
    client.post(reverse("account_logout"))
    return client


def browser_with_cookie(value: str) -> Client:
    other = Client()
    other.cookies[COOKIE] = value
    return other


def set_trust_days(days: int) -> None:
    trust_settings = TrustSettings.load()
    trust_settings.trusted_browser_days = days
    trust_settings.save()


def test_the_code_page_offers_an_unticked_explained_box_for_the_trusts_days(staff_home, ict_manager):
    enrol(ict_manager)
    client = Client()
    password_only(client, ict_manager)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Trust this browser for 30 days" in page
    assert EXPLANATION in page
    box = page[page.index('id="id_trust_browser"') - 120 : page.index('id="id_trust_browser"') + 80]
    assert 'type="checkbox"' in box and "checked" not in box


def test_unticked_nothing_is_remembered_and_the_next_sign_in_asks_for_the_code(staff_home, ict_manager):
    enrol(ict_manager)
    client = Client()
    sign_in_with_code(client, ict_manager, trust=False)
    assert signed_in(client, ict_manager)
    assert COOKIE not in client.cookies
    client.post(reverse("account_logout"))
    assert password_only(client, ict_manager)["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client, ict_manager)


@pytest.mark.parametrize("page", ["login", "wagtailadmin_login"])
def test_a_trusted_browser_signs_in_with_the_password_alone_and_reaches_the_admin(staff_home, ict_manager, page):
    enrol(ict_manager)
    client = Client()
    response = sign_in_with_code(client, ict_manager, trust=True)
    assert signed_in(client, ict_manager)
    cookie = response.cookies[COOKIE]
    assert cookie["max-age"] == 30 * 24 * 3600
    assert cookie["httponly"]

    # Signing out keeps the trust: the next sign-in is the password alone, on either page.
    client.post(reverse("account_logout"))
    assert not signed_in(client, ict_manager)
    assert client.cookies[COOKIE].value
    response = password_only(client, ict_manager, page)
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("mfa_authenticate"))
    assert signed_in(client, ict_manager)
    latest = ModelLogEntry.objects.filter(object_id=str(ict_manager.pk), action="home.sign_in").latest("pk")
    assert latest.data["method"] == "password, trusted browser"
    # Every door that needs the second factor opens: the admin and the staff area.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(staff_home.url).status_code == 200


def test_a_stolen_password_on_another_browser_is_still_asked_for_the_code(staff_home, ict_manager):
    enrol(ict_manager)
    owner = Client()
    sign_in_with_code(owner, ict_manager, trust=True)
    attacker = Client()
    for page in ("login", "wagtailadmin_login"):
        assert password_only(attacker, ict_manager, page)["Location"] == reverse("mfa_authenticate")
        assert not signed_in(attacker, ict_manager)
    # A cookie made up, or trusted for someone else, does not count either.
    forged = browser_with_cookie(encode_trust_cookie([IssuedTrust(fingerprint="0" * 64, at=int(time.time()))])[:-3])
    assert password_only(forged, ict_manager)["Location"] == reverse("mfa_authenticate")


def test_a_trust_for_one_person_does_not_let_a_colleague_skip_their_code(staff_home, ict_manager, headteacher):
    enrol(ict_manager)
    enrol(headteacher)
    shared = trusted_then_signed_out(ict_manager)
    assert password_only(shared, headteacher)["Location"] == reverse("mfa_authenticate")


def test_changing_the_password_ends_the_trust(staff_home, ict_manager):
    enrol(ict_manager)
    client = trusted_then_signed_out(ict_manager)
    ict_manager.set_password(TEST_PASSWORD)  # the same words, a new hash: a password change
    ict_manager.save()
    assert password_only(client, ict_manager)["Location"] == reverse("mfa_authenticate")


def test_setting_up_the_authenticator_again_or_new_recovery_codes_ends_the_trust(staff_home, ict_manager):
    enrol(ict_manager)
    client = trusted_then_signed_out(ict_manager)
    trusted = client.cookies[COOKIE].value

    Authenticator.objects.filter(user=ict_manager, type=Authenticator.Type.RECOVERY_CODES).delete()
    RecoveryCodes.activate(ict_manager)
    assert password_only(browser_with_cookie(trusted), ict_manager)["Location"] == reverse("mfa_authenticate")

    # Trusted again, then the authenticator app removed and set up afresh.
    client = Client()
    sign_in_with_code(client, ict_manager, trust=True)
    trusted = client.cookies[COOKIE].value
    Authenticator.objects.filter(user=ict_manager, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(ict_manager, SECRET)
    assert password_only(browser_with_cookie(trusted), ict_manager)["Location"] == reverse("mfa_authenticate")


def test_a_trust_older_than_the_trusts_days_asks_for_the_code(staff_home, ict_manager):
    enrol(ict_manager)
    old = int(time.time() - timedelta(days=31).total_seconds())
    stale = browser_with_cookie(
        encode_trust_cookie([IssuedTrust(fingerprint=create_config_fingerprint(ict_manager), at=old)])
    )
    assert password_only(stale, ict_manager)["Location"] == reverse("mfa_authenticate")

    set_trust_days(45)
    again = browser_with_cookie(stale.cookies[COOKIE].value)
    assert password_only(again, ict_manager)["Location"] != reverse("mfa_authenticate")
    assert signed_in(again, ict_manager)


def test_zero_days_switches_the_offer_off_and_ends_every_trust(staff_home, ict_manager):
    enrol(ict_manager)
    client = Client()
    sign_in_with_code(client, ict_manager, trust=True)
    trusted = client.cookies[COOKIE].value

    set_trust_days(0)
    browser = browser_with_cookie(trusted)
    assert password_only(browser, ict_manager)["Location"] == reverse("mfa_authenticate")
    assert "Trust this browser" not in browser.get(reverse("mfa_authenticate")).content.decode()
    # A ticked box posted anyway trusts nothing.
    fresh = Client()
    response = sign_in_with_code(fresh, ict_manager, trust=True)
    assert signed_in(fresh, ict_manager)
    assert COOKIE not in response.cookies
    # And a session already signed in on a trusted browser is asked for the code now.
    set_trust_days(30)
    kept = browser_with_cookie(trusted)
    password_only(kept, ict_manager)
    assert signed_in(kept, ict_manager)
    set_trust_days(0)
    assert kept.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_trusted_browser_still_needs_a_real_code_to_change_second_factors(staff_home, ict_manager):
    enrol(ict_manager)
    client = trusted_then_signed_out(ict_manager)
    password_only(client, ict_manager)
    assert signed_in(client, ict_manager)
    response = client.post(reverse("mfa_generate_recovery_codes"), {})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.parametrize(("days", "valid"), [(0, True), (1, True), (30, True), (90, True), (91, False)])
def test_trust_settings_accept_0_to_90_days(days, valid):
    trust_settings = TrustSettings.load()
    trust_settings.trusted_browser_days = days
    if valid:
        trust_settings.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            trust_settings.full_clean()
        assert "trusted_browser_days" in error.value.message_dict


def test_the_default_is_thirty_days():
    assert TrustSettings.load().trusted_browser_days == 30


@pytest.mark.parametrize("page", ["login", "wagtailadmin_login"])
def test_the_second_factor_is_asked_once_per_session(staff_home, ict_manager, page):
    """After the code at sign-in, no page of the admin, the staff area or account security asks for it again."""
    enrol(ict_manager)
    client = Client()
    sign_in_with_code(client, ict_manager, trust=False, page=page)
    assert signed_in(client, ict_manager)

    def assert_not_asked(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))

    urls = [
        reverse("wagtailadmin_home"),
        reverse("mfa_index"),
        staff_home.url,
        reverse("account_change_password"),
        reverse("mfa_view_recovery_codes"),
        reverse("wagtailadmin_home"),
    ]
    for url in urls:
        assert_not_asked(url)
    # An hour on (well past the 5 minutes after which changing second factors asks again), browsing still does not.
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= 3600
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    for url in [reverse("wagtailadmin_home"), reverse("mfa_index"), staff_home.url]:
        assert_not_asked(url)


def test_a_site_administrator_sets_the_days_in_trust_settings_with_a_clear_error_beyond_90(client, home_page):
    """Settings → Trust settings: 91 is refused beside the field with what was typed kept; 14 is saved."""
    from tests.factories import UserFactory

    admin = UserFactory(username="siteadmin", is_superuser=True)
    client.force_login(admin)
    url = reverse("wagtailsettings:edit", args=["home", "trustsettings", TrustSettings.load().pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update({"trust_name": "Our Learning Trust", "trusted_browser_days": "91"})
    for name in (
        "trust_administrators_may_cover",
        "headteachers_may_cover_ict_managers",
        "head_publication_is_approval",
    ):
        if not data.get(name):
            data.pop(name, None)

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors["trusted_browser_days"] == [
        "Enter 90 days or fewer (0 stops trusting browsers)."
    ]
    assert 'value="91"' in refused.content.decode()
    assert TrustSettings.load().trusted_browser_days == 30

    data["trusted_browser_days"] = "14"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    assert TrustSettings.load().trusted_browser_days == 14


def test_the_signed_out_page_offers_to_stop_trusting_the_browser(staff_home, ict_manager):
    """A box ticked by mistake on a shared computer can be undone from the signed-out page."""
    enrol(ict_manager)
    client = Client()
    assert "Stop trusting this browser" not in client.get(reverse("logged_out")).content.decode()
    sign_in_with_code(client, ict_manager, trust=True)
    client.post(reverse("account_logout"))
    page = client.get(reverse("logged_out")).content.decode()
    assert "Stop trusting this browser" in page

    response = client.post(reverse("logged_out"), follow=True)
    assert "This browser is no longer trusted" in response.content.decode()
    assert "Stop trusting this browser" not in response.content.decode()
    assert password_only(client, ict_manager)["Location"] == reverse("mfa_authenticate")


def test_single_sign_on_honours_a_trusted_browser_and_asks_an_untrusted_one(oidc_provider, riverside, staff_home):
    """The code after single sign-on (the provider did no MFA) is skipped on a trusted browser only."""
    from home import roles
    from tests.factories import UserFactory
    from tests.home.test_single_sign_on import sign_in as sso_sign_in

    ict = UserFactory(username="f.ict", email="f.ict@riverside.example.org", roles=[roles.STAFF, roles.ICT_MANAGERS])
    enrol(ict)
    oidc_provider.set_person("f-sub", email="f.ict@riverside.example.org", email_verified=True, amr=["pwd"])

    phone = Client()
    assert sso_sign_in(phone, "f-sub")["Location"] == reverse("mfa_authenticate")
    phone.post(reverse("mfa_authenticate"), {"code": fresh_code(ict), "trust_browser": "on"})
    assert signed_in(phone, ict)
    phone.post(reverse("account_logout"))

    assert sso_sign_in(phone, "f-sub")["Location"] != reverse("mfa_authenticate")
    assert signed_in(phone, ict)
    assert phone.get(reverse("wagtailadmin_home")).status_code == 200

    other = Client()
    assert sso_sign_in(other, "f-sub")["Location"] == reverse("mfa_authenticate")
    assert not signed_in(other, ict)
