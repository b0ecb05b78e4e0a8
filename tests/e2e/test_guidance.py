"""Parents on phones: the guidance section in Chromium (WCAG 2.2 AA, 320px reflow, details/summary).

Uses the live demo site and helpers of ``tests/e2e/conftest.py``; skipped where that
browser set-up is not present.
"""

import pytest

e2e = pytest.importorskip("tests.e2e.conftest", reason="the end-to-end browser fixtures are not installed")

GUIDANCE_PATHS = [
    "/parent-guidance/",
    "/parent-guidance/age-limits/",
    "/parent-guidance/be-smart-online/",
    "/parent-guidance/reporting-a-concern/",
    "/parent-guidance/who-your-child-talks-to-online/",
]


@pytest.mark.parametrize("path", GUIDANCE_PATHS)
def test_guidance_has_no_wcag_violations_and_no_sideways_scrolling_on_a_phone(new_page, path):
    tab = new_page(width=320)
    tab.goto(path)
    tab.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    e2e.assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_parent_finds_the_smart_rules_from_the_home_page_on_a_phone(new_page):
    tab = new_page(width=375)
    tab.goto("/")
    tab.get_by_role("button", name="Show or hide the menu").click()
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Parent e-safety guidance").click()
    assert tab.get_by_role("heading", level=1).inner_text() == "Parent e-safety guidance"
    tab.get_by_role("link", name="Be SMART online").click()
    assert tab.get_by_role("heading", level=1).inner_text() == "Be SMART online"
    assert tab.get_by_text("Last checked").is_visible()
    assert tab.get_by_role("term").filter(has_text="Tell").is_visible()


def test_a_question_opens_and_closes_its_answer(page):
    page.goto("/parent-guidance/age-limits/")
    answer = page.get_by_text("Talk together about why the limit is there.")
    assert not answer.is_visible()
    page.get_by_text("too young for").click()
    assert answer.is_visible()
    page.keyboard.press("Enter")  # the summary keeps focus and toggles from the keyboard
    assert not answer.is_visible()


def test_comms_sees_guidance_due_for_a_check_on_the_dashboard(page):
    e2e.sign_in(page, "comms")
    panel = page.get_by_role("heading", name="Parent guidance due for a check")
    assert panel.is_visible()
    page.get_by_role("link", name="See all guidance due for a check").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Guidance due for a check"
    assert page.get_by_role("link", name="Age limits for apps, games and social media", exact=True).is_visible()
