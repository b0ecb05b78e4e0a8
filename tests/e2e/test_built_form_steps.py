"""A member of staff fills an approval form built in the admin on a 320px phone: every kind of question,
the follow-up revealed by its answer, a file, then Submit; axe finds nothing on any page."""

import re

import pytest

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from forms_app.request_form.forms.fields import StaffChoiceField
from home.models import StaffHomePage, User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import heading, pick, press
from tests.forms_app.built_forms.factories import make_approval_form
from tests.forms_app.built_forms.test_front_end import every_kind_steps
from tests.forms_app.factories import SMALL_PDF

pytestmark = pytest.mark.e2e


@pytest.fixture
def built_form(demo_site, settings, tmp_path):
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"
    return make_approval_form(
        StaffHomePage.objects.first(),
        title="Take part in a third party's site",
        slug="take-part-e2e",
        steps=every_kind_steps(),
        prefix="TP",
    )


def test_a_member_of_staff_fills_every_step_of_a_built_form_on_a_phone(new_page, built_form, tmp_path):
    tab = new_page(width=320)
    sign_in(tab, "staff.riverside")
    tab.goto(built_form.url)
    assert heading(tab) == "Take part in a third party's site"
    assert_accessible(tab)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Start now").click()

    # Step 1: Continue with nothing answered shows every question's own message, then each is answered.
    assert heading(tab) == "About the request"
    press(tab, "Continue")
    summary = tab.get_by_role("alert")
    assert "Enter an answer to “Why do you need it?”" in summary.inner_text()
    assert_accessible(tab)
    tab.get_by_label("Name of the site").fill("Volcano club")
    tab.get_by_label("Why do you need it?").fill("To share eruption videos with Year 6.")
    tab.get_by_role("group", name="How often?").get_by_label("Weekly").check()
    tab.get_by_role("group", name="Who will see it?").get_by_label("Staff").check()
    dates = tab.get_by_role("group", name="From when?")
    dates.get_by_label("Day").fill("1")
    dates.get_by_label("Month").fill("7")
    dates.get_by_label("Year").fill("2027")
    press(tab, "Continue")

    # Step 2: the follow-up appears only once "Yes" is chosen.
    assert heading(tab) == "People"
    assert_accessible(tab)
    colleague = User.objects.get(username="staff2.riverside")
    pick(tab, "Your line manager", colleague.first_name, StaffChoiceField.label_from_instance(None, colleague))
    contact = tab.get_by_role("group", name="The external contact")
    contact.get_by_label("Full name").fill("Pat Guest")
    contact.get_by_label("Email address").fill("pat@example.org")
    follow_up = tab.get_by_label("Which lesson?")
    assert not follow_up.is_visible()
    tab.get_by_role("group", name="Is it for a lesson?").get_by_label("Yes").check()
    assert follow_up.is_visible()
    press(tab, "Continue")
    assert "Enter an answer to “Which lesson?”" in tab.get_by_role("alert").inner_text()
    assert tab.get_by_label("Which lesson?").is_visible()  # still revealed, with its error
    assert_accessible(tab)
    tab.get_by_label("Which lesson?").fill("Geography, 3 March")
    press(tab, "Continue")

    # Step 3: a file and the declaration.
    assert heading(tab) == "Evidence"
    assert_accessible(tab)
    screenshot = tmp_path / "screen.pdf"
    screenshot.write_bytes(SMALL_PDF)
    tab.get_by_label("A screenshot").set_input_files(str(screenshot))
    tab.get_by_label("I will use it only for the purpose given.").check()
    press(tab, "Continue")

    assert heading(tab) == "Check your answers"
    main = tab.locator("main").inner_text()
    for shown in ("Volcano club", "1 July 2027", "Pat Guest", "Geography, 3 March", "screen.pdf"):
        assert shown in main
    assert_accessible(tab)
    press(tab, "Submit request")

    assert heading(tab) == "Take part in a third party's site: request submitted"
    reference = re.search(r"TP-\d{4}-\d{4}", tab.locator("main").inner_text()).group(0)
    assert_accessible(tab)
    assert SocialMediaSiteRequest.objects.get(reference=reference).status == RequestStatus.AWAITING_HEAD
