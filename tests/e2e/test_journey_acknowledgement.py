"""Journey: a member of staff opens the Social Media Policy from the staff home and acknowledges it; the Head sees it.

Also WCAG 2.2 AA (axe-core) on the staff home with its acknowledgement prompt and on the
page where someone without an account acknowledges through a link.
"""

from policy.acknowledgements import issue_external_link
from policy.models import ExternalAcknowledgement, PolicyPage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import press

REPORT = "/admin/reports/policy-acknowledgements/"
SCHOOL = "Riverside Primary School"


def acknowledged_count(tab) -> int:
    """The "Acknowledged" figure of Riverside's row in the report's per-school summary."""
    tab.goto(REPORT)
    row = tab.get_by_role("row").filter(has=tab.get_by_role("rowheader", name=SCHOOL, exact=True))
    return int(row.get_by_role("cell").first.inner_text())


def test_staff_acknowledges_from_the_staff_home_and_the_head_sees_it(new_page):
    head = new_page()
    sign_in(head, "head.riverside", next_url=REPORT)
    before = acknowledged_count(head)

    staff = new_page()
    sign_in(staff, "staff.riverside", next_url="/staff/")
    prompt = staff.get_by_role("region", name="Policies to read and acknowledge")
    assert prompt.get_by_role("link", name="Social Media Policy").is_visible()
    assert_accessible(staff)
    # The statement is given on the policy's page, after opening it.
    with staff.expect_navigation():
        prompt.get_by_role("link", name="Read the Social Media Policy").click()
    press(staff, "I have read and understood the Social Media Policy")
    assert "You have acknowledged “Social Media Policy” (version 1.0)" in staff.get_by_role("status").inner_text()
    staff.goto("/staff/")
    assert staff.get_by_role("region", name="Policies to read and acknowledge").count() == 0
    assert_accessible(staff)

    assert acknowledged_count(head) == before + 1


def test_acknowledging_through_a_link_without_an_account(page):
    policy = PolicyPage.objects.get(title="Social Media Policy")
    record, token = issue_external_link(
        name="Alex Volunteer", email="alex@example.org", policy=policy, purpose="SM-DEMO-0001"
    )
    page.goto(f"/acknowledge/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Read and acknowledge: Social Media Policy"
    assert_accessible(page)

    press(page, "Confirm")
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.get_by_role("checkbox", name="I have read and understood the Social Media Policy").check()
    press(page, "Confirm")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Alex Volunteer"
    assert_accessible(page)
    assert ExternalAcknowledgement.objects.get(pk=record.pk).used_at is not None

    page.goto(f"/acknowledge/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "This link cannot be used"
    assert_accessible(page)
