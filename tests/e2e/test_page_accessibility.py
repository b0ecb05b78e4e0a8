"""WCAG 2.2 AA (axe-core) on every front-end page type and state not covered by the journeys."""

import pytest

from forms_app.models import SocialMediaSiteRequest
from forms_app.request_form.steps import STEPS
from home.models import User
from tests.e2e.conftest import axe_violations, describe, sign_in
from tests.e2e.journeys import press


def assert_accessible(tab) -> None:
    violations = axe_violations(tab)
    assert violations == [], f"{tab.url}\n{describe(violations)}"


def test_every_form_step_empty_and_with_errors(page):
    author = User.objects.get(username="staff.hillcrest")
    # An empty draft whose steps may all be opened (as if the author had pressed Continue
    # through them before the answers were cleared).
    draft = SocialMediaSiteRequest.objects.create(author=author, school=author.school, last_completed_step=len(STEPS))
    sign_in(page, author.username)
    for step in STEPS:
        page.goto(f"/staff/requests/{draft.public_id}/step/{step.slug}/")
        assert f"Step {step.number} of {len(STEPS)}" in page.content()
        assert_accessible(page)
        press(page, "Continue")
        if page.get_by_role("alert").count():
            assert "There is a problem" in page.get_by_role("alert").first.inner_text()
            assert_accessible(page)


@pytest.mark.parametrize("path", ["/policies/", "/policies/social-media-policy/", "/search/", "/search/?q=moderators"])
def test_policy_and_search_pages(page, path):
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/staff/requests/", "/staff/", "/search/?q=moderators"])
def test_staff_pages_as_a_member_of_staff(page, path):
    sign_in(page, "staff.riverside")
    page.goto(path)
    assert_accessible(page)


def test_staff_only_policy_page_as_a_member_of_staff(page):
    from policy.models import PolicyPage

    staff_only = PolicyPage.objects.live().not_public().first()
    sign_in(page, "staff.riverside")
    page.goto(staff_only.url)
    assert page.get_by_role("heading", level=1).inner_text() == staff_only.title
    assert_accessible(page)
