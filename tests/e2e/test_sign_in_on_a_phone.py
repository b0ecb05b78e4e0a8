"""Signing in on a phone (390 x 844, touch): passkey first, "Trust this browser", and targets big enough to tap.

WCAG 2.2 2.5.8 (target size, minimum): every link, button and form control on the sign-in,
second-factor (code, passkey) and trust pages is at least 24 x 24 CSS px (without leaning
on the rule's spacing exception; axe checks that one too). axe finds nothing and the
page does not scroll sideways. Then the journey: an ICT Manager ticks "Trust this browser"
with her code, and her next sign-in on that phone is the password alone; the same password
in another browser is still asked for the code.
"""

from urllib.parse import urlparse

from home.demo import DEMO_PASSWORD
from tests.e2e.conftest import add_virtual_authenticator, assert_accessible, authenticator_code

USERNAME = "ict.riverside"
PHONE = {"width": 390, "height": 844}
# An admin page every admin role may open, standing in for the page an email links to.
LINKED_PAGE = "/admin/account/"

# Every visible link, button and form control, with its box in CSS px.
TARGETS_SCRIPT = """
() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
    const boxes = [];
    for (const element of document.querySelectorAll(selector)) {
        const rect = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        // Hidden, or visually hidden until focused (the skip link): not a target on screen.
        if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden' || element.closest('[hidden]')) {
            continue;
        }
        const label = element.innerText || element.value || element.getAttribute('aria-label') || element.id;
        const name = (label || '').trim();
        boxes.push({name: `${element.tagName.toLowerCase()} "${name.slice(0, 40)}"`, x: rect.x + scrollX,
                    y: rect.y + scrollY, width: rect.width, height: rect.height});
    }
    return boxes;
}
"""


def too_small(boxes: list[dict]) -> list[str]:
    """Names and sizes of the targets under 24 x 24 CSS px.

    Stricter than 2.5.8, whose spacing exception would let a small link through when
    nothing else is near it: the issue asks for every target on these pages at 24 x 24.
    """
    return [
        f"{box['name']} {box['width']:.0f}x{box['height']:.0f}"
        for box in boxes
        if box["width"] < 24 or box["height"] < 24
    ]


def assert_fit_for_a_phone(tab) -> None:
    """Targets at least 24 x 24 (or spaced), no sideways scrolling, and axe's WCAG 2.2 AA rules, on ``tab``."""
    boxes = tab.evaluate(TARGETS_SCRIPT)
    assert boxes, tab.url
    assert too_small(boxes) == [], tab.url
    scroll_width = tab.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{tab.url} scrolls sideways: {scroll_width}px"
    assert_accessible(tab)


def phone(browser, base_url: str, **options):
    context = browser.new_context(base_url=base_url, viewport=PHONE, has_touch=True, is_mobile=True, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return context, tab


def password_step(tab, username: str = USERNAME, password: str = DEMO_PASSWORD) -> None:
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(password)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in", exact=True).click()


def assert_passkey_first(tab, path: str) -> None:
    """At ``path``, "Sign in with a passkey" shows above the password form, and the page fits a phone."""
    tab.goto(path)
    passkey = tab.get_by_role("button", name="Sign in with a passkey")
    assert passkey.is_visible()
    assert passkey.bounding_box()["y"] < tab.get_by_label("Username").bounding_box()["y"]
    assert_fit_for_a_phone(tab)


def test_the_sign_in_and_code_pages_fit_a_phone_and_a_trusted_browser_skips_the_code(browser, demo_site):
    context, tab = phone(browser, demo_site)
    try:
        add_virtual_authenticator(tab)
        # The sign-in page: "Sign in with a passkey" first, the password form below it.
        assert_passkey_first(tab, "/login/")

        # A wrong password: the error summary's link is tappable too.
        password_step(tab, password="not the password")
        assert tab.get_by_text("There is a problem").is_visible()
        assert_fit_for_a_phone(tab)

        # The code page, with "Trust this browser" unticked and explained.
        password_step(tab)
        assert urlparse(tab.url).path == "/accounts/2fa/authenticate/"
        trust = tab.get_by_label("Trust this browser for 30 days")
        assert not trust.is_checked()
        assert tab.get_by_text("never on a shared or classroom computer").is_visible()
        assert_fit_for_a_phone(tab)

        # A wrong code keeps the box as it was and says what went wrong.
        trust.check()
        tab.get_by_label("Authentication code").fill("000000")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign in", exact=True).click()
        assert tab.get_by_text("There is a problem").is_visible()
        assert tab.get_by_label("Trust this browser for 30 days").is_checked()
        assert_fit_for_a_phone(tab)

        tab.get_by_label("Authentication code").fill(authenticator_code(USERNAME))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign in", exact=True).click()
        assert urlparse(tab.url).path == "/admin/"

        # The passkey page (adding one) and "Confirm it is you" (before changing second factors) fit a phone too.
        for path in ("/accounts/2fa/webauthn/add/", "/accounts/2fa/reauthenticate/"):
            tab.goto(path)
            assert urlparse(tab.url).path == path
            assert_fit_for_a_phone(tab)

        # Signed out, then back: the password alone on this trusted phone (3 taps, no code).
        tab.goto("/logout/")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign out").click()
        # The signed-out page offers to stop trusting the browser (for a box ticked by mistake).
        assert tab.get_by_role("button", name="Stop trusting this browser").is_visible()
        assert_fit_for_a_phone(tab)
        tab.goto("/login/")
        password_step(tab)
        assert urlparse(tab.url).path == "/admin/"
        assert urlparse(tab.goto("/staff/").url).path == "/staff/"
    finally:
        context.close()

    # The same password on another phone is asked for the code.
    context, other = phone(browser, demo_site)
    try:
        other.goto("/login/")
        password_step(other)
        assert urlparse(other.url).path == "/accounts/2fa/authenticate/"
        assert urlparse(other.goto("/admin/").url).path.endswith("/login/")
    finally:
        context.close()


def test_without_javascript_the_password_form_is_the_first_action_and_still_signs_in(browser, demo_site):
    context, tab = phone(browser, demo_site, java_script_enabled=False)
    try:
        tab.goto("/login/")
        assert not tab.get_by_role("button", name="Sign in with a passkey").is_visible()
        password_step(tab)
        assert urlparse(tab.url).path == "/accounts/2fa/authenticate/"
        tab.get_by_label("Authentication code").fill(authenticator_code(USERNAME))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign in", exact=True).click()
        assert urlparse(tab.url).path == "/admin/"
    finally:
        context.close()


def test_from_an_admin_link_a_passkey_is_the_first_action_and_one_tap_signs_in(browser, demo_site):
    """An approval email's link opens the admin's sign-in page: the passkey comes first and returns to the link."""
    context, tab = phone(browser, demo_site)
    try:
        add_virtual_authenticator(tab)
        # First, once: she signs in with her code and adds a passkey.
        assert_passkey_first(tab, "/admin/login/")
        password_step(tab)
        assert urlparse(tab.url).path == "/accounts/2fa/authenticate/"
        tab.get_by_label("Authentication code").fill(authenticator_code(USERNAME))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign in", exact=True).click()
        tab.goto("/accounts/2fa/webauthn/add/")
        tab.get_by_label("Name for this key").fill("Phone")
        tab.get_by_label("Also use it to sign in without a password (a passkey)").check()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Add key").click()
        tab.goto("/logout/")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign out").click()

        # Later, the link in an email: one tap on the passkey and she is on the page it named.
        tab.goto(LINKED_PAGE)
        assert urlparse(tab.url).path == "/admin/login/"
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign in with a passkey").click()
        assert urlparse(tab.url).path == LINKED_PAGE
    finally:
        context.close()
