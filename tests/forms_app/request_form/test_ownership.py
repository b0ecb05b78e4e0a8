"""Ownership and tampered posts: others' requests answer 404, bad ids get clear messages, never a 500."""

import pytest
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from tests.factories import UserFactory
from tests.forms_app.factories import SocialMediaSiteRequestFactory, complete_request
from tests.forms_app.request_form.helpers import link_text, post_step, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone_elses(other_school):
    return complete_request(author=UserFactory(school=other_school))


@pytest.mark.parametrize("name", ["detail", "check", "withdraw"])
def test_another_persons_request_is_not_found(author_client, someone_elses, name):
    response = author_client.get(reverse(f"forms_app:{name}", kwargs={"public_id": someone_elses.public_id}))
    assert response.status_code == 404


def test_another_persons_step_is_not_found_and_posting_changes_nothing(author_client, someone_elses):
    assert author_client.get(step_url(someone_elses, "team")).status_code == 404
    response = post_step(author_client, someone_elses, "purpose", {"aims": "hijack"})
    assert response.status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.aims != "hijack"


def test_withdrawing_another_persons_request_is_not_found(author_client, someone_elses):
    response = author_client.post(reverse("forms_app:withdraw", kwargs={"public_id": someone_elses.public_id}))
    assert response.status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.status == RequestStatus.DRAFT


def test_named_moderator_reads_a_submitted_request_but_cannot_change_it(client, staff_user, other_school):
    author = UserFactory(school=staff_user.school)
    request_obj = complete_request(author=author, moderators=[staff_user, UserFactory(school=staff_user.school)])
    request_obj.status = RequestStatus.AWAITING_ICT
    request_obj.save()
    client.force_login(staff_user)

    page = client.get(reverse("forms_app:my_requests")).content.decode()
    assert f"View {request_obj.reference}" in link_text(page)
    detail = client.get(reverse("forms_app:detail", kwargs={"public_id": request_obj.public_id}))
    assert detail.status_code == 200
    assert "You can read it but not change it" in detail.content.decode()
    assert "Withdraw request" not in detail.content.decode()
    assert client.get(step_url(request_obj, "team")).status_code == 404


def test_unknown_step_is_not_found(author_client, staff_user):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    assert author_client.get(step_url(draft, "nope")).status_code == 404


def test_skipped_step_redirects_to_the_next_unanswered_step(author_client, staff_user):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    response = post_step(author_client, draft, "administration", {"host": "school"}, follow=True)
    assert response.redirect_chain[-1][0] == step_url(draft, "team")
    assert "Answer the questions in order" in response.content.decode()
    draft.refresh_from_db()
    assert draft.host == ""


def test_check_answers_before_finishing_redirects_to_the_next_step(author_client, staff_user):
    draft = SocialMediaSiteRequestFactory(author=staff_user, last_completed_step=2)
    response = author_client.post(
        reverse("forms_app:check", kwargs={"public_id": draft.public_id}), {"declaration": "on"}
    )
    assert response.url == step_url(draft, "audience")
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_another_school_is_refused_with_a_message(author_client, staff_user, other_school, colleagues):
    draft = SocialMediaSiteRequestFactory(author=staff_user)
    response = post_step(
        author_client, draft, "team", {"school": other_school.pk, "department": "PE", "line_manager": colleagues[0].pk}
    )
    assert response.status_code == 200
    assert "Choose your own school" in response.content.decode()
    draft.refresh_from_db()
    assert draft.school == staff_user.school
    assert draft.department == "PE"


def test_inactive_user_as_moderator_is_refused(author_client, staff_user, colleagues):
    draft = complete_request(author=staff_user)
    saved_moderators = draft.moderators
    leaver = UserFactory(school=staff_user.school, is_active=False)
    data = {
        "administrators": [colleagues[0].pk, colleagues[1].pk],
        "moderators": [colleagues[2].pk, leaver.pk],
        "host": "school",
    }
    response = post_step(author_client, draft, "administration", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Choose moderators from the active staff of {draft.school}: a person chosen is not one of them." in html
    assert 'href="#id_moderators"' in html
    assert not draft.site_people.filter(user=leaver).exists()
    assert {p.user_id for p in draft.moderators} == {p.user_id for p in saved_moderators}  # nothing saved is lost


@pytest.mark.parametrize(
    "data",
    [
        {"platform": "999999"},
        {"platform": "not-a-number"},
        {"visibility": "<script>"},
        {"aims": "x" * 5000},
        {"account_name": "y" * 500},
    ],
)
def test_tampered_or_oversized_values_get_a_field_message(author_client, staff_user, data):
    draft = complete_request(author=staff_user)
    response = post_step(author_client, draft, "purpose", data)
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()


def test_foreign_request_id_in_the_address_is_not_found(author_client):
    response = author_client.get("/staff/requests/00000000-0000-0000-0000-000000000000/step/team/")
    assert response.status_code == 404
    assert author_client.get("/staff/requests/123/step/team/").status_code == 404


def test_my_requests_needs_sign_in(client):
    response = client.get(reverse("forms_app:my_requests"))
    assert response.url.startswith("/login/?next=/staff/requests/")


def test_submitted_request_cannot_be_edited(author_client, staff_user):
    request_obj = complete_request(author=staff_user, status=RequestStatus.AWAITING_ICT)
    response = post_step(author_client, request_obj, "purpose", {"aims": "changed"})
    assert response.url == reverse("forms_app:detail", kwargs={"public_id": request_obj.public_id})
    assert SocialMediaSiteRequest.objects.get(pk=request_obj.pk).aims != "changed"
