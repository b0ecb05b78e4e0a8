"""Journey 1: a member of staff fills in the Appendix B form and follows it in My requests."""

from tests.e2e.conftest import assert_accessible
from tests.e2e.journeys import fill_request, heading, press, submit_checked_request


def test_staff_member_completes_and_submits_the_form(page):
    fill_request(page)
    assert_accessible(page)

    submit_checked_request(page)

    page.get_by_role("link", name="My requests").first.click()
    assert heading(page) == "My requests"
    row = page.get_by_role("row").filter(has_text="Riverside Year 5 News")
    assert "Awaiting ICT Manager" in row.inner_text()
    assert_accessible(page)


def test_step_errors_are_summarised_focused_and_accessible(page):
    from tests.e2e.conftest import sign_in

    sign_in(page, "staff.hillcrest")
    page.get_by_role("link", name="Request a new social media site").first.click()
    page.get_by_role("button", name="Start a new request").click()
    page.wait_for_load_state()
    press(page, "Continue")
    press(page, "Continue")  # step 2, empty

    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.tagName") in {"INPUT", "TEXTAREA", "SELECT"}
    assert_accessible(page)
