"""After submitting: a confirmation panel with the reference, who reviews it next and what happens next."""

import pytest
from django.urls import reverse

from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db


def test_confirmation_names_the_ict_manager_and_next_steps(
    author_client, staff_user, ict_manager, headteacher, other_school
):
    managers = [roles.STAFF, roles.ICT_MANAGERS]
    UserFactory(username="elsewhere", first_name="Elsewhere", school=other_school, roles=managers)
    draft = complete_request(author=staff_user)
    response = author_client.post(
        reverse("forms_app:check", kwargs={"public_id": draft.public_id}), {"declaration": "on"}
    )
    draft.refresh_from_db()
    assert response.url == reverse("forms_app:submitted", kwargs={"public_id": draft.public_id})

    html = author_client.get(response.url).content.decode()

    assert 'class="confirmation-panel"' in html
    assert draft.reference in html
    assert f"The ICT Manager of {draft.school}" in html
    assert ict_manager.display_name() in html
    assert "elsewhere" not in html.lower().split("<main")[1]
    assert "email at each decision" in html


def test_a_draft_has_no_confirmation(author_client, staff_user):
    draft = complete_request(author=staff_user)
    response = author_client.get(reverse("forms_app:submitted", kwargs={"public_id": draft.public_id}))
    assert response.status_code == 302


def test_every_page_has_a_search_box_in_the_header(author_client):
    html = author_client.get(reverse("forms_app:my_requests")).content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'role="search"' in header
    assert f'action="{reverse("search")}"' in header
    assert '<label class="visually-hidden" for="site-search-q">Search this site</label>' in header
