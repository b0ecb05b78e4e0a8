"""Journey: the only ICT Manager of a school records cover by its Headteacher, who approves on their behalf.

Issue "No dead ends": in a school with one ICT Manager every person offered in "Covered by"
was refused. Riverside (demo) has one ICT Manager and one Headteacher.
"""

import datetime

from django.utils import timezone

from forms_app.constants import ATTESTATIONS, ApprovalStep
from home.models import User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import press
from tests.e2e.test_journey_approval import submitted_request


def test_the_only_ict_manager_records_cover_and_the_head_approves_on_their_behalf(new_page):
    ict = User.objects.get(username="ict.riverside")
    head = User.objects.get(username="head.riverside")
    author, reference = submitted_request(new_page, "Riverside Chess Club")

    ict_tab = new_page()
    sign_in(ict_tab, "ict.riverside")
    ict_tab.goto("/admin/approver_cover/new/")
    covered_by = ict_tab.get_by_label("Covered by")
    offered = [
        value for value in covered_by.locator("option").evaluate_all("options => options.map(o => o.value)") if value
    ]
    assert str(ict.pk) not in offered, "the absent person is never offered"
    assert str(head.pk) in offered
    assert "Settings → Trust settings" in ict_tab.content()
    today = timezone.localdate()
    ict_tab.get_by_label("Approval step covered").select_option(ApprovalStep.ICT_MANAGER.value)
    covered_by.select_option(str(head.pk))
    ict_tab.get_by_label("First day away").fill(today.isoformat())
    ict_tab.get_by_label("Last day away").fill((today + datetime.timedelta(days=3)).isoformat())
    assert_accessible(ict_tab)
    press(ict_tab, "Create")
    assert f"{head.display_name()} covers {ict.display_name()}" in ict_tab.content()

    # The Headteacher decides the ICT Manager step on their behalf.
    head_tab = new_page()
    sign_in(head_tab, "head.riverside")
    head_tab.goto("/admin/social-media/requests/?show=awaiting_me")
    head_tab.get_by_role("link", name=reference).click()
    head_tab.get_by_role("checkbox", name=ATTESTATIONS[ApprovalStep.ICT_MANAGER]).check()
    press(head_tab, "Approve")
    assert f"Approved. {reference} now" in head_tab.content()

    author.goto("/staff/requests/")
    assert "Awaiting" in author.get_by_role("row").filter(has_text=reference).inner_text()
