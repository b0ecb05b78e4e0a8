"""Drafts: every Continue saves; nothing is lost on an error, on Back, or when the session expires."""

import pytest
from django.urls import reverse

from forms_app.models import SocialMediaSiteRequest
from tests.factories import TEST_PASSWORD
from tests.forms_app.factories import SocialMediaSiteRequestFactory, complete_request
from tests.forms_app.request_form.helpers import link_text, post_step, step_url

pytestmark = pytest.mark.django_db


def test_continue_saves_the_step_and_my_requests_resumes_at_the_next_step(author_client, staff_user, colleagues):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    post_step(
        author_client,
        draft,
        "team",
        {"school": draft.school_id, "department": "Music", "line_manager": colleagues[0].pk},
    )
    draft.refresh_from_db()
    assert draft.department == "Music"
    assert draft.last_completed_step == 1

    page = author_client.get(reverse("forms_app:my_requests")).content.decode()
    assert "Draft" in page
    assert f'href="{step_url(draft, "purpose")}"' in page
    assert f"Continue {draft.reference}" in link_text(page)


def test_a_validation_error_keeps_and_saves_what_was_typed(author_client, staff_user):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    draft.last_completed_step = 1
    draft.save()
    response = post_step(
        author_client, draft, "purpose", {"aims": "Celebrate <b>sport</b>", "account_name": "Riverside PE"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Riverside PE" in html and "Celebrate &lt;b&gt;sport&lt;/b&gt;" in html
    draft.refresh_from_db()
    assert draft.aims == "Celebrate <b>sport</b>"  # stored as typed
    assert draft.last_completed_step == 1  # the step is not finished until its rules hold


def test_back_saves_without_checking_and_returns_to_the_previous_step(author_client, staff_user):
    draft = complete_request(author=staff_user)
    response = post_step(author_client, draft, "purpose", {"aims": "Only half done", "platform": ""}, action="back")
    assert response.url == step_url(draft, "team")
    draft.refresh_from_db()
    assert draft.aims == "Only half done"
    again = author_client.get(step_url(draft, "purpose")).content.decode()
    assert "Only half done" in again


def test_back_with_an_impossible_date_stays_so_the_date_is_not_lost(author_client, staff_user):
    draft = complete_request(author=staff_user)
    response = post_step(author_client, draft, "dates", {"go_live_date": "2026-02-30"}, action="back")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026-02-30" in html
    assert "Enter a real date" in html


def test_save_and_come_back_later_goes_to_my_requests(author_client, staff_user):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    response = post_step(author_client, draft, "team", {"department": "Drama"}, action="save")
    assert response.url == reverse("forms_app:my_requests")
    draft.refresh_from_db()
    assert draft.department == "Drama"


def test_draft_resumes_after_logout_and_sign_in(author_client, staff_user, colleagues):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    post_step(
        author_client, draft, "team", {"school": draft.school_id, "department": "Art", "line_manager": colleagues[0].pk}
    )
    author_client.post(reverse("logout"))

    author_client.post("/login/", {"username": staff_user.username, "password": TEST_PASSWORD})
    page = author_client.get(reverse("forms_app:my_requests")).content.decode()
    assert f'href="{step_url(draft, "purpose")}"' in page
    team = author_client.get(step_url(draft, "team")).content.decode()
    assert 'value="Art"' in team


def test_answers_posted_after_the_session_expired_are_saved_after_signing_in(client, staff_user):
    draft = complete_request(author=staff_user)
    url = step_url(draft, "purpose")
    data = {"aims": "Typed while the session expired", "account_name": "Kept name", "action": "continue"}

    response = client.post(url, data)  # not signed in: the session has expired
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=")
    response = client.post(response.url, {"username": staff_user.username, "password": TEST_PASSWORD}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Typed while the session expired" in html
    assert "They are saved now" in html
    draft.refresh_from_db()
    assert draft.aims == "Typed while the session expired"
    assert draft.account_name == "Kept name"


def test_start_creates_nothing_until_the_first_answer(author_client, staff_user, form_page, colleagues):
    response = author_client.post(reverse("forms_app:start"))
    assert response.url == reverse("forms_app:new")
    assert author_client.get(response.url).status_code == 200
    assert not SocialMediaSiteRequest.objects.filter(author=staff_user).exists()

    response = author_client.post(reverse("forms_app:new"), {"department": "Music", "action": "save"})

    draft = SocialMediaSiteRequest.objects.get(author=staff_user)
    assert draft.school == staff_user.school
    assert draft.department == "Music"
    assert response.url == reverse("forms_app:my_requests")


@pytest.mark.parametrize("action", ["continue", "save", "back"])
def test_an_empty_first_step_creates_no_draft(author_client, staff_user, form_page, action):
    response = author_client.post(reverse("forms_app:new"), {"department": "", "action": action})
    assert not SocialMediaSiteRequest.objects.filter(author=staff_user).exists()
    if action == "continue":
        assert "Enter your department" in response.content.decode()
