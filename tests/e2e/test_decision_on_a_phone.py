"""Issue 28: the decision page on a phone (390 × 844, touch): the request at a glance, then the decision.

The statement and both buttons are within the first 1.5 screens; nothing scrolls sideways;
axe finds no WCAG 2.2 A/AA violation (target size included).
"""

import pytest

from forms_app.constants import ATTESTATIONS, ApprovalStep
from forms_app.models import SocialMediaSiteRequest
from tests.e2e.conftest import assert_accessible, sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, demo_site):
    """A touch-screen phone's browser tab at 390 × 844."""
    context = browser.new_context(base_url=demo_site, viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def review_path(account_name: str) -> str:
    site_request = SocialMediaSiteRequest.objects.get(account_name=account_name)
    return f"/admin/snippets/forms_app/socialmediasiterequest/review/{site_request.pk}/"


def test_the_statement_and_both_buttons_are_within_one_and_a_half_screens(phone):
    sign_in(phone, "ict.hillcrest")
    phone.goto(review_path("Hillcrest Music"))

    glance = phone.get_by_role("region", name="At a glance")
    assert "Hillcrest Music" in glance.inner_text() and "YouTube" in glance.inner_text()
    targets = {
        "statement": phone.get_by_role("checkbox", name=ATTESTATIONS[ApprovalStep.ICT_MANAGER]),
        "Approve": phone.get_by_role("button", name="Approve", exact=True),
        "Request changes": phone.locator("#request-changes > summary"),
    }
    for name, target in targets.items():
        box = target.bounding_box()
        assert box["y"] + box["height"] <= 1.5 * PHONE["height"], f"{name} ends at {box['y'] + box['height']:.0f}px"
    for name in ("Approve", "Request changes"):
        box = targets[name].bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, name
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)

    targets["Request changes"].tap()
    assert phone.get_by_label("What needs to change, and why").is_visible()
    assert_accessible(phone)
