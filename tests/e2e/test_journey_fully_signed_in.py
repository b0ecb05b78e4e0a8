"""Journey: an ICT Manager moves to a passkey; someone with only her password gets nowhere.

In Chromium with its virtual authenticator (DevTools' WebAuthn domain): she signs in with
her password and her authenticator app's code, adds a passkey, signs out, and signs in with
the passkey alone. Meanwhile, in a second browser, an attacker who knows her password tries
the chain of issue 24 (password, then "Confirm access", then new recovery codes or switching
her authenticator off) and is stopped at the first step: the password signs nobody in.
"""

from allauth.mfa.models import Authenticator

from tests.e2e.conftest import add_virtual_authenticator, authenticator_code, password_step, sign_in_with_passkey

USERNAME = "ict.riverside"


def test_an_ict_manager_moves_to_a_passkey_and_the_password_alone_gets_nowhere(page, new_page):
    # She signs in with her password and her authenticator app's code.
    add_virtual_authenticator(page)
    password_step(page, USERNAME)
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm it is you"
    page.get_by_label("Authentication code").fill(authenticator_code(USERNAME))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.endswith("/admin/")

    # She adds a passkey (her code a moment ago counts as the confirmation).
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label("Name for this key").fill("Work laptop")
    page.get_by_label("Also use it to sign in without a password (a passkey)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add key").click()
    assert Authenticator.objects.filter(user__username=USERNAME, type=Authenticator.Type.WEBAUTHN).exists()

    # She signs out (a form's POST) ...
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.goto("/admin/").url.split("?")[0].endswith("/login/")

    # ... and signs in with the passkey alone: both factors at once, no code asked.
    response = sign_in_with_passkey(page)
    assert "/login/" not in response.url

    # The attacker, in another browser, has her password and nothing else.
    attacker = new_page()
    password_step(attacker, USERNAME, path="/admin/login/")
    assert attacker.get_by_role("heading", level=1).inner_text() == "Confirm it is you"
    # Not signed in: "Confirm access", new recovery codes, switching her app off, the admin
    # and the staff area all send the attacker back to sign in.
    for path in (
        "/accounts/reauthenticate/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/admin/",
        "/staff/",
    ):
        response = attacker.goto(path)
        assert "/login/" in response.url, (path, response.url)
    assert Authenticator.objects.filter(user__username=USERNAME, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user__username=USERNAME).count() == 3
