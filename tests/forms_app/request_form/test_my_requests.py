"""'My requests': status, last change, continue or view, withdraw; escaping of what authors type."""

import pytest
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.models import SchoolLogEntry
from home.models import School
from tests.factories import UserFactory
from tests.forms_app.factories import SocialMediaSiteRequestFactory, complete_request
from tests.forms_app.request_form.helpers import link_text

pytestmark = pytest.mark.django_db


def test_lists_each_request_with_status_and_the_right_link(author_client, staff_user):
    draft = SocialMediaSiteRequestFactory(author=staff_user, department="Music")
    pending = complete_request(author=staff_user, status=RequestStatus.AWAITING_HEAD)
    approved = complete_request(author=staff_user, status=RequestStatus.APPROVED)
    not_mine = complete_request(author=UserFactory(school=staff_user.school))

    html = author_client.get(reverse("forms_app:my_requests")).content.decode()

    assert f"Continue {draft.reference}" in link_text(html)
    assert f"View {pending.reference}" in link_text(html) and "Awaiting Headteacher" in html
    assert f"View {approved.reference}" in link_text(html) and "Approved" in html
    assert f"Withdraw {pending.reference}" in link_text(html)
    assert f"Withdraw {approved.reference}" not in html
    assert not_mine.reference not in html


@pytest.mark.parametrize("status", [RequestStatus.DRAFT, RequestStatus.AWAITING_ICT])
def test_author_withdraws_a_draft_or_pending_request(author_client, staff_user, status):
    request_obj = complete_request(author=staff_user, status=status)
    url = reverse("forms_app:withdraw", kwargs={"public_id": request_obj.public_id})
    assert "Yes, withdraw request" in author_client.get(url).content.decode()

    response = author_client.post(url, follow=True)

    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.WITHDRAWN
    assert f"Request {request_obj.reference} is withdrawn." in response.content.decode()


def test_approved_request_cannot_be_withdrawn(author_client, staff_user):
    request_obj = complete_request(author=staff_user, status=RequestStatus.APPROVED)
    response = author_client.post(
        reverse("forms_app:withdraw", kwargs={"public_id": request_obj.public_id}), follow=True
    )
    assert "can no longer be withdrawn" in response.content.decode()
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.APPROVED


def test_drafts_naming_someone_are_not_shown_to_them(client, staff_user):
    draft = complete_request(author=UserFactory(school=staff_user.school), administrators=[staff_user, UserFactory()])
    client.force_login(staff_user)
    assert draft.reference not in client.get(reverse("forms_app:my_requests")).content.decode()
    assert client.get(reverse("forms_app:detail", kwargs={"public_id": draft.public_id})).status_code == 404


def test_html_typed_is_stored_as_typed_and_escaped_everywhere(author_client, staff_user):
    typed = '<script>alert("x")</script>'
    request_obj = complete_request(author=staff_user, aims=typed, account_name=typed)
    for url in (
        reverse("forms_app:check", kwargs={"public_id": request_obj.public_id}),
        reverse("forms_app:my_requests"),
    ):
        html = author_client.get(url).content.decode()
        assert typed not in html
        assert "&lt;script&gt;" in html
    request_obj.refresh_from_db()
    assert request_obj.aims == typed


def test_member_of_staff_without_a_school_cannot_start(client):
    user = UserFactory(school=None)
    client.force_login(user)
    response = client.post(reverse("forms_app:start"), follow=True)
    assert "not linked to a school" in response.content.decode()
    assert not School.objects.filter(social_media_requests__author=user).exists()


def test_details_of_an_unticked_option_are_kept_but_not_shown(author_client, staff_user):
    request_obj = complete_request(author=staff_user, audience_other_schools="Hillside Juniors", host_name="Acme")
    html = author_client.get(reverse("forms_app:check", kwargs={"public_id": request_obj.public_id})).content.decode()
    assert "Hillside Juniors" not in html and "Acme" not in html
    request_obj.refresh_from_db()
    assert request_obj.audience_other_schools == "Hillside Juniors"


def test_author_resubmits_after_changes_requested(author_client, staff_user, ict_manager, headteacher):
    request_obj = complete_request(author=staff_user, status=RequestStatus.CHANGES_REQUESTED)
    response = author_client.post(
        f"/staff/requests/{request_obj.public_id}/step/purpose/",
        {
            "aims": "Clearer aims",
            "proposed_content": "c",
            "platform": request_obj.platform_id,
            "account_name": "a",
            "promotion": "p",
            "visibility": "closed",
            "action": "continue",
        },
    )
    assert response.status_code == 302
    response = author_client.post(
        reverse("forms_app:check", kwargs={"public_id": request_obj.public_id}), {"declaration": "on"}
    )
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.AWAITING_ICT
    assert request_obj.aims == "Clearer aims"


def test_starting_a_request_is_logged(author_client, staff_user):

    author_client.post(reverse("forms_app:new"), {"department": "Music", "action": "save"})
    entry = SchoolLogEntry.objects.get(action="wagtail.create")
    assert entry.user_id == staff_user.pk
