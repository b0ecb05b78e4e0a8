"""WCAG 2.2 AA (axe-core) on every front-end page type and state not covered by the journeys."""

import pytest

from forms_app.models import SocialMediaSiteRequest
from forms_app.request_form.steps import STEPS
from home.models import User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import press


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


def test_the_final_approvers_readiness_page(new_page):
    """The Headteacher's review page while a runner is not ready: readiness first, no Approve yet."""
    from tests.e2e.test_journey_approval import approve_from_dashboard, submitted_request

    _author, reference = submitted_request(new_page, "Riverside Gardening Club")
    approve_from_dashboard(new_page(), "ict.riverside", reference, "ict_manager")
    head = new_page()
    sign_in(head, "head.riverside")
    site_request = SocialMediaSiteRequest.objects.get(reference=reference)
    head.goto(f"/admin/snippets/forms_app/socialmediasiterequest/review/{site_request.pk}/")
    readiness = "Have the people who will run the site read the policy and been trained?"
    head.get_by_role("heading", name=readiness).wait_for()
    assert head.get_by_role("button", name="Approve").count() == 0
    assert_accessible(head)


def test_the_leaver_page(page):
    from django.urls import reverse

    comms = User.objects.get(username="comms")
    sign_in(page, "admin")
    page.goto(reverse("wagtailusers_users:edit", args=[comms.pk]))
    page.get_by_role("link", name="Leaver…").first.click()
    page.get_by_role("heading", name="Pages they own").wait_for()
    # She owns the guidance pages (the demo makes her their owner): they are listed, with a successor to choose.
    assert "Age limits for apps, games and social media" in page.content()
    assert page.get_by_label("Who takes over the pages they own").count() == 1
    assert_accessible(page)


def test_the_leaver_page_with_policies_and_policy_approvals(page):
    from django.urls import reverse

    from home.models import TrustSettings
    from policy.models import PolicyPage

    head = User.objects.get(username="head.riverside")
    PolicyPage.objects.filter(pk=PolicyPage.objects.order_by("pk").values("pk")[:1]).update(owner=head)
    trust = TrustSettings.load()
    trust.policy_second_approver = head
    trust.save()
    sign_in(page, "admin")
    page.goto(reverse("forms_app_leaver", args=[head.pk]))
    page.get_by_role("heading", name="Policies they own or are the contact for").wait_for()
    assert page.get_by_role("heading", name="Policy approvals they hold").count() == 1
    assert page.get_by_label("Who takes over these policies").count() == 1
    assert page.get_by_label("Who decides these policies instead").count() == 1
    assert_accessible(page)
