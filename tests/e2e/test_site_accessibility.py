"""WCAG 2.2 AA checks (axe-core) and keyboard behaviour of the general pages in Chromium."""

import pytest

from tests.e2e.conftest import assert_accessible, axe_violations, sign_in

PUBLIC_PAGES = ["/", "/login/", "/accessibility/", "/no-such-page/", "/signed-out/", "/search/?q=%00"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_wcag_violations(page, path):
    page.goto(path)
    assert_accessible(page)


def test_staff_home_has_no_wcag_violations(page):
    sign_in(page, "staff.riverside")
    assert page.get_by_role("heading", level=1).inner_text() == "Staff area"
    assert_accessible(page)


def test_sign_in_error_has_no_wcag_violations_and_takes_focus(page):
    sign_in(page, "staff.riverside", password="not-the-password")
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page)


def test_anonymous_visitor_is_returned_to_the_staff_page_after_signing_in(page):
    page.goto("/staff/")
    assert "/login/" in page.url
    page.get_by_label("Username").fill("staff.hillcrest")
    page.get_by_label("Password").fill("school-demo-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Staff area"


def test_skip_link_is_first_and_visible_on_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()


@pytest.mark.parametrize("path", ["/", "/accessibility/", "/login/"])
def test_no_horizontal_scrolling_at_320_pixels(new_page, path):
    tab = new_page(width=320)
    tab.goto(path)
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_page_footer_links_to_the_accessibility_statement(page):
    for path in ["/", "/login/", "/no-such-page/"]:
        page.goto(path)
        page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"


def test_the_accessibility_check_catches_a_real_violation(page):
    """Guards the checks above: a page with an unlabelled field must be reported."""
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert "label" in {violation["id"] for violation in axe_violations(page)}
