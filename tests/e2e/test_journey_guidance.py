"""Journey 4: the comms team publishes guidance; a parent reads and finds it; staff pages stay private."""

from policy.models import ParentGuidanceIndexPage, PolicyPage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import heading, press


def test_comms_publishes_guidance_that_a_parent_reads_and_finds(new_page):
    section = ParentGuidanceIndexPage.objects.get()
    comms = new_page()
    sign_in(comms, "comms")
    assert "/admin/" in comms.url

    comms.goto(f"/admin/pages/add/policy/parentguidancepage/{section.pk}/")
    comms.get_by_role("textbox", name="Title*").fill("Gaming chat and strangers")
    comms.get_by_role("textbox", name="Summary*").fill(
        "How in-game chat works, and the settings that keep your child talking only to friends."
    )
    comms.get_by_role("button", name="More actions").click()
    press(comms, "Publish")
    assert "Gaming chat and strangers" in comms.content()

    parent = new_page(width=375)
    parent.goto("/parent-guidance/")
    parent.get_by_role("link", name="Gaming chat and strangers").click()
    assert heading(parent) == "Gaming chat and strangers"
    assert "Last checked" in parent.content()

    parent.goto("/search/?q=in-game+chat")
    results = parent.get_by_role("main")
    assert results.get_by_role("link", name="Gaming chat and strangers").count() >= 1
    assert_accessible(parent)


def test_an_anonymous_visitor_cannot_reach_a_staff_only_policy(page):
    staff_only = PolicyPage.objects.live().not_public().first()
    assert staff_only is not None, "the demo content has a staff-only policy"
    page.goto(staff_only.url)
    assert heading(page) == "Sign in"
    page.goto(f"/search/?q={staff_only.title.split()[0]}")
    assert staff_only.title not in page.get_by_role("main").inner_text()
