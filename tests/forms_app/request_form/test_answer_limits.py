"""Every text answer has a maximum length; an answer over it, or with a NUL character, is refused with a
message naming it, kept on the page as typed, and never reported as saved."""

import pytest
from django.urls import reverse

from forms_app.request_form.forms import MAX_TEXT_LENGTH, answer_max_length
from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import post_step

pytestmark = pytest.mark.django_db


def purpose(**changes) -> dict:
    data = {
        "aims": "Share class news.",
        "proposed_content": "Photos of work.",
        "account_name": "Riverside",
        "promotion": "Newsletter.",
        "visibility": "closed",
    }
    return {**data, **changes}


def test_limits_are_documented_and_agree_with_the_model():
    assert answer_max_length("aims") == MAX_TEXT_LENGTH == 4000
    assert answer_max_length("account_name") == 120
    assert answer_max_length("department") == 150
    assert answer_max_length("go_live_date") is None


@pytest.mark.parametrize("action", ["save", "continue", "back"])
def test_a_too_long_answer_is_refused_and_kept_never_said_saved(author_client, staff_user, action):
    draft = complete_request(author=staff_user, aims="The earlier aims.")
    typed = "x" * 4599
    data = purpose(platform=draft.platform_id, aims=typed, account_name="New name")

    response = post_step(author_client, draft, "purpose", data, action=action)

    assert response.status_code == 200
    html = response.content.decode()
    assert "is saved" not in html
    assert "data-error-summary" in html
    assert '<a href="#id_aims">The aims must be 4,000 characters or fewer. You entered 4,599' in html
    assert "This answer was not saved." in html
    assert typed in html  # what was typed is still in the box
    assert 'maxlength="' not in html.split('id="id_aims"')[0].rsplit("<", 1)[-1]
    draft.refresh_from_db()
    assert draft.aims == "The earlier aims."
    if action != "back":
        assert "these were not" in html
        assert draft.account_name == "New name"  # the valid answers are kept


def test_a_nul_character_is_refused_with_a_message(author_client, staff_user):
    draft = complete_request(author=staff_user, account_name="Earlier")
    response = post_step(
        author_client, draft, "purpose", purpose(platform=draft.platform_id, account_name="Ne\x00w"), action="save"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The site or account name contains an invisible NUL character" in html
    assert "is saved" not in html
    draft.refresh_from_db()
    assert draft.account_name == "Earlier"


def test_an_answer_at_the_limit_is_saved_whole(author_client, staff_user):
    draft = complete_request(author=staff_user)
    exact = "y" * MAX_TEXT_LENGTH
    response = post_step(
        author_client, draft, "purpose", purpose(platform=draft.platform_id, aims=exact), action="save"
    )
    assert response.status_code == 302
    assert response.url == reverse("forms_app:my_requests")
    draft.refresh_from_db()
    assert draft.aims == exact


def test_the_limit_is_shown_as_a_hint(author_client, staff_user):
    draft = complete_request(author=staff_user)
    html = author_client.get(reverse("forms_app:step", args=[draft.public_id, "purpose"])).content.decode()
    assert "Up to 4,000 characters." in html
    assert "Up to 120 characters." in html
