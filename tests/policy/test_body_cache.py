"""A policy's contents list and body are rendered once per publication, for every reader."""

import pytest

from tests.factories import UserFactory

from .factories import section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]


def test_a_published_change_to_the_body_is_shown_to_staff_and_visitors_at_once(client, public_policy, staff_user):
    assert "Ask the ICT Manager before opening an account." in client.get(public_policy.url).content.decode()
    public_policy.body = [section("1", "Posting for a school", ("1.1", "Ask the Headteacher first."))]
    public_policy.save_revision().publish()

    assert "Ask the Headteacher first." in client.get(public_policy.url).content.decode()
    client.force_login(staff_user)
    page = client.get(public_policy.url).content.decode()
    assert "Ask the Headteacher first." in page and "Ask the ICT Manager" not in page


def test_a_draft_is_not_shown_and_a_preview_renders_the_draft(client, public_policy):
    client.get(public_policy.url)
    public_policy.body = [section("1", "Posting for a school", ("1.1", "Draft wording."))]
    revision = public_policy.save_revision()

    assert "Draft wording." not in client.get(public_policy.url).content.decode()
    client.force_login(UserFactory(username="web.admin", is_superuser=True, is_staff=True))
    preview = client.get(f"/admin/pages/{public_policy.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200 and "Draft wording." in preview.content.decode()
