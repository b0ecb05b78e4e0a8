"""Issue 28: approve from the email on a phone, counting the taps, with a real second factor.

At 390 × 844 with touch, in Chromium with its virtual authenticator. What was set up on an
earlier day (adding a passkey, trusting this browser) is not counted; from the email's link
to the recorded approval, every tap is. Typing into a field that already has the focus is
not a tap; typing into one that has not needs one first.
"""

from urllib.parse import urlsplit

import pytest

from forms_app.constants import ATTESTATIONS, ApprovalStep
from forms_app.models import ApprovalDecision, SocialMediaSiteRequest
from forms_app.workflow.notifications import decision_url
from home.demo import DEMO_PASSWORD
from tests.e2e.conftest import add_virtual_authenticator, authenticator_code, sign_in

PHONE = {"width": 390, "height": 844}
APPROVER = "ict.hillcrest"
STATEMENT = ATTESTATIONS[ApprovalStep.ICT_MANAGER]


class Taps:
    """A phone user's taps on ``tab``, counted."""

    def __init__(self, tab):
        self.tab = tab
        self.count = 0

    def follow_email_link(self, url: str) -> None:
        self.count += 1
        self.tab.goto(url)

    def tap(self, target, *, navigates: bool = False) -> None:
        self.count += 1
        if navigates:
            with self.tab.expect_navigation():
                target.tap()
        else:
            target.tap()

    def type_into(self, field, text: str) -> None:
        if not field.evaluate("element => element === document.activeElement"):
            self.tap(field)
        self.tab.keyboard.type(text)


@pytest.fixture
def phone(browser, demo_site):
    """A touch-screen phone's browser at 390 × 844 with a platform authenticator (as Face ID would)."""
    context = browser.new_context(base_url=demo_site, viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    add_virtual_authenticator(tab)
    yield tab
    context.close()


def the_emailed_link() -> tuple[SocialMediaSiteRequest, str]:
    site_request = SocialMediaSiteRequest.objects.get(account_name="Hillcrest Music")
    # The link as emailed, on this test's live server.
    link = urlsplit(decision_url(site_request))
    return site_request, f"{link.path}#{link.fragment}"


def decide(taps: Taps, site_request: SocialMediaSiteRequest) -> None:
    """Tick the statement and press Approve; the approval is recorded."""
    taps.tap(taps.tab.get_by_role("checkbox", name=STATEMENT))
    taps.tap(taps.tab.get_by_role("button", name="Approve", exact=True), navigates=True)
    assert ApprovalDecision.objects.filter(request=site_request, approver__username=APPROVER).exists()


def type_password(taps: Taps) -> None:
    """Type the approver's username and password on the sign-in page and press Sign in."""
    taps.type_into(taps.tab.get_by_label("Username"), APPROVER)
    taps.type_into(taps.tab.get_by_label("Password"), DEMO_PASSWORD)
    taps.tap(taps.tab.get_by_role("button", name="Sign in", exact=True), navigates=True)


def sign_out(tab) -> None:
    tab.context.clear_cookies()


def test_with_a_passkey_the_approval_takes_four_taps_and_no_typing(phone):
    # An earlier day: she adds a passkey on this phone.
    sign_in(phone, APPROVER)
    phone.goto("/accounts/2fa/webauthn/add/")
    phone.get_by_label("Name for this key").fill("My phone")
    phone.get_by_label("Also use it to sign in without a password (a passkey)").check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Add key").click()
    sign_out(phone)

    site_request, link = the_emailed_link()
    taps = Taps(phone)
    taps.follow_email_link(link)
    taps.tap(phone.get_by_role("button", name="Sign in with a passkey"), navigates=True)
    decide(taps, site_request)

    assert taps.count <= 4, taps.count


def test_on_a_browser_she_trusts_the_approval_takes_at_most_six_taps(phone):
    # An earlier day: she signs in with her code and ticks "Trust this browser".
    phone.goto("/login/")
    phone.get_by_label("Username").fill(APPROVER)
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Sign in", exact=True).click()
    phone.get_by_label("Authentication code").fill(authenticator_code(APPROVER))
    phone.get_by_label("Trust this browser for 30 days").check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Sign in", exact=True).click()
    phone.goto("/")
    phone.get_by_role("button", name="Show or hide the menu").click()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Sign out").click()

    site_request, link = the_emailed_link()
    taps = Taps(phone)
    taps.follow_email_link(link)
    type_password(taps)
    decide(taps, site_request)

    assert taps.count <= 6, taps.count


def test_with_a_code_on_a_new_phone_the_approval_takes_at_most_seven_taps(phone):
    site_request, link = the_emailed_link()
    taps = Taps(phone)
    taps.follow_email_link(link)
    type_password(taps)
    taps.type_into(phone.get_by_label("Authentication code"), authenticator_code(APPROVER))
    taps.tap(phone.get_by_role("button", name="Sign in", exact=True), navigates=True)
    decide(taps, site_request)

    assert taps.count <= 7, taps.count
