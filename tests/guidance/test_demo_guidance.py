"""The demo command builds a public guidance section that Communications can work in; safe to re-run."""

import pytest
from django.core.management import call_command

from home.models import HomePage, User
from policy.models import GuidanceTopic, ParentGuidanceIndexPage, ParentGuidancePage
from tests.dashboard import dashboard_as_shown

pytestmark = pytest.mark.django_db


def test_demo_builds_a_public_guidance_section_with_four_topics(client):
    call_command("load_demo_content")

    section = ParentGuidanceIndexPage.objects.get()
    assert section.get_parent().specific_class is HomePage
    assert section.live and section.show_in_menus
    pages = ParentGuidancePage.objects.child_of(section).live()
    assert pages.count() >= 4
    assert {
        GuidanceTopic.AGE_LIMITS,
        GuidanceTopic.STAYING_SAFE,
        GuidanceTopic.REPORTING,
        GuidanceTopic.CONTACT,
    } <= set(pages.values_list("topic", flat=True))
    body_blocks = {block.block_type for page in pages for block in page.body}
    assert {"smart", "age_limits", "report_concern", "faq", "callout", "paragraph"} <= body_blocks
    assert client.get(section.url).status_code == 200
    for page in pages:
        html = client.get(page.url).content.decode()
        assert "Last checked" in html, page


def test_demo_comms_account_can_publish_in_the_section_and_sees_a_page_due_a_check(client):
    call_command("load_demo_content")
    comms = User.objects.get(username="comms")
    section = ParentGuidanceIndexPage.objects.get()
    assert section.permissions_for_user(comms).can_publish_subpage()
    assert not HomePage.objects.get().permissions_for_user(comms).can_edit()

    client.force_login(comms)  # the test client passes comms's second factor, as comms would
    assert "1 guidance page is due a check" in dashboard_as_shown(client)


def test_running_the_demo_again_keeps_what_comms_changed():
    call_command("load_demo_content")
    page = ParentGuidancePage.objects.get(slug="be-smart-online")
    page.title = "SMART rules for families"
    page.save_revision().publish()
    counts = (ParentGuidancePage.objects.count(), ParentGuidanceIndexPage.objects.count())

    call_command("load_demo_content")

    assert ParentGuidancePage.objects.get(slug="be-smart-online").title == "SMART rules for families"
    assert (ParentGuidancePage.objects.count(), ParentGuidanceIndexPage.objects.count()) == counts
