"""Journey: the Headteacher is away; a deputy head covers, approves from the requests listing, signed "on behalf of"."""

import datetime

from django.utils import timezone

from forms_app.constants import ATTESTATIONS, ApprovalStep
from home import roles
from home.models import School, User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import make_runners_ready, press
from tests.e2e.test_journey_approval import approve_from_dashboard, submitted_request
from tests.factories import TEST_PASSWORD, UserFactory


def test_the_head_sets_cover_and_the_deputy_approves_on_their_behalf(new_page):
    deputy = UserFactory(
        username="deputy.riverside",
        first_name="Sam",
        last_name="Green",
        school=School.objects.get(slug="riverside"),
        roles=[roles.STAFF, roles.HEADTEACHERS],
    )
    head = User.objects.get(username="head.riverside")
    author, reference = submitted_request(new_page, "Riverside Film Club")
    approve_from_dashboard(new_page(), "ict.riverside", reference, ApprovalStep.ICT_MANAGER)
    make_runners_ready(reference)

    # The Headteacher records their absence, covered by the deputy.
    head_tab = new_page()
    sign_in(head_tab, "head.riverside")
    head_tab.goto("/admin/approver_cover/new/")
    today = timezone.localdate()
    head_tab.get_by_label("Approver who is away").select_option(str(head.pk))
    head_tab.get_by_label("Approval step covered").select_option(ApprovalStep.HEADTEACHER.value)
    head_tab.get_by_label("Covered by").select_option(str(deputy.pk))
    head_tab.get_by_label("First day away").fill(today.isoformat())
    head_tab.get_by_label("Last day away").fill((today + datetime.timedelta(days=3)).isoformat())
    assert_accessible(head_tab)
    press(head_tab, "Create")
    assert "Sam Green covers Helen Ward" in head_tab.content()

    # The deputy finds it in the listing, filtered to what awaits them, and approves.
    deputy_tab = new_page()
    sign_in(deputy_tab, "deputy.riverside", password=TEST_PASSWORD)
    deputy_tab.goto("/admin/social-media/requests/?show=awaiting_me")
    assert_accessible(deputy_tab)
    deputy_tab.get_by_role("link", name=reference).click()
    deputy_tab.get_by_role("checkbox", name=ATTESTATIONS[ApprovalStep.HEADTEACHER]).check()
    press(deputy_tab, "Approve")
    assert "Final approval given" in deputy_tab.content()

    # The approval record names both.
    author.goto("/staff/requests/")
    row = author.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link", name=f"Approval record for {reference}").click()
    assert "Sam Green on behalf of Helen Ward (cover)" in author.content()
