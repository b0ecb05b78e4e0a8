"""The register of approved sites in the admin: an ICT Manager finds their school's site and its actions."""

from django.urls import reverse

from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import heading


def test_the_ict_manager_finds_a_site_and_opens_an_action(page):
    register = reverse("forms_app_registerentry_modeladmin_index")
    sign_in(page, "ict.riverside", next_url=register)
    page.goto(register)

    row = page.get_by_role("row").filter(has_text="Riverside Sports Day")
    assert "Administrators 2, moderators 2" in row.inner_text()
    assert row.get_by_role("link", name="Inspect", exact=True).is_visible()
    assert "Hillcrest Music" not in page.content()
    assert_accessible(page)

    row.get_by_role("link", name="Close site", exact=True).click()
    page.wait_for_load_state()
    assert "Close site" in heading(page)
