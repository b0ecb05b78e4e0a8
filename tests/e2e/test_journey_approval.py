"""Journeys 2 and 3: the ICT Manager and the Headteacher decide in the Wagtail admin."""

import re

from forms_app.constants import ATTESTATIONS, ApprovalStep
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import fill_request, heading, make_runners_ready, press, submit_checked_request


def submitted_request(new_page, account_name: str) -> tuple:
    """The author's tab, with a request filled in and submitted through the form."""
    author = new_page()
    fill_request(author, account_name=account_name)
    submit_checked_request(author)
    reference = re.search(r"SM-\d{4}-\d{4}", author.content()).group(0)
    return author, reference


def approve_from_dashboard(tab, username: str, reference: str, step: str) -> None:
    sign_in(tab, username)
    panel = tab.get_by_role("table", name="Social media site requests awaiting your review")
    panel.get_by_role("link", name=f"Review and approve {reference}").click()
    tab.get_by_role("checkbox", name=ATTESTATIONS[step]).check()
    press(tab, "Approve")


def test_ict_manager_then_headteacher_approve_and_the_author_opens_the_record(new_page):
    author, reference = submitted_request(new_page, "Riverside Book Club")

    ict = new_page()
    approve_from_dashboard(ict, "ict.riverside", reference, ApprovalStep.ICT_MANAGER)
    assert "approved" in ict.content().lower()
    make_runners_ready(reference)

    head = new_page()
    approve_from_dashboard(head, "head.riverside", reference, ApprovalStep.HEADTEACHER)

    author.goto("/staff/requests/")
    row = author.get_by_role("row").filter(has_text=reference)
    assert "Approved" in row.inner_text()
    row.get_by_role("link", name=f"Approval record for {reference}").click()
    assert reference in heading(author) or reference in author.content()
    assert ATTESTATIONS[ApprovalStep.HEADTEACHER] in author.content()
    assert "Signed electronically" in author.content()
    assert_accessible(author)


def test_changes_requested_then_resubmitted_restart_at_the_ict_manager(new_page):
    author, reference = submitted_request(new_page, "Riverside Choir")

    ict = new_page()
    sign_in(ict, "ict.riverside")
    ict.get_by_role("link", name=f"Request changes to {reference}").click()
    ict.get_by_label("What needs to change, and why").fill("Name a second moderator who is not an administrator.")
    press(ict, "Request changes")

    author.goto("/staff/requests/")
    row = author.get_by_role("row").filter(has_text=reference)
    assert "Changes requested" in row.inner_text()
    row.get_by_role("link", name=f"Continue {reference}").click()
    author.wait_for_load_state()
    if heading(author) != "Check your answers":
        author.goto(author.url.split("/step/")[0] + "/check/")
    author.get_by_role("link", name="Change proposed site or account name").click()
    author.get_by_label("Proposed site or account name").fill("Riverside Choir News")
    press(author, "Continue")
    author.goto(author.url.split("/step/")[0] + "/check/")
    submit_checked_request(author)

    ict.goto("/admin/")
    panel = ict.get_by_role("table", name="Social media site requests awaiting your review")
    row = panel.get_by_role("row").filter(has_text=reference)
    assert "ICT Manager" in row.inner_text()
    assert "Riverside Choir News" in row.inner_text()
