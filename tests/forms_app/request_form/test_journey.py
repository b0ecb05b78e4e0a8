"""A request filled in through the real pages, from an empty form to submitted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from tests.forms_app.request_form.helpers import post_step, step_url, valid_step_data
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db


def test_staff_member_fills_in_every_step_and_submits(
    author_client, form_page, school, other_school, colleagues, staff_user, ict_manager, headteacher
):
    index = make_index(form_page.get_parent().get_parent())
    make_policy(index, title="Social Media Policy", version="2.0", school=other_school)
    policy = make_policy(index, title="Social Media Policy", version="1.3", slug="trust-social-media-policy")
    today = timezone.localdate()
    data = valid_step_data(school=school, colleagues=colleagues, go_live_in_days=7, closure_in_days=200)

    page = author_client.get(form_page.url)
    assert b"Start a new request" in page.content
    assert reverse("forms_app:new").encode() in page.content
    page = author_client.get(reverse("forms_app:new"))
    assert b"Step 1 of 6" in page.content
    assert not SocialMediaSiteRequest.objects.filter(author=staff_user).exists()
    response = author_client.post(reverse("forms_app:new"), {**data["team"], "action": "continue"})
    request_obj = SocialMediaSiteRequest.objects.get(author=staff_user)
    assert response.url == step_url(request_obj, "purpose")

    for number, slug in list(enumerate(data, start=1))[1:]:
        page = author_client.get(step_url(request_obj, slug))
        assert f"Step {number} of 6".encode() in page.content
        response = post_step(author_client, request_obj, slug, data[slug])
        assert response.status_code == 302, response.content.decode()[:3000]

    check_url = reverse("forms_app:check", kwargs={"public_id": request_obj.public_id})
    assert response.url == check_url
    check = author_client.get(check_url)
    assert b"Check your answers" in check.content
    assert b"Riverside Year 6" in check.content
    assert policy.url.encode() in check.content

    response = author_client.post(check_url, {"declaration": "on"})

    request_obj.refresh_from_db()
    assert response.status_code == 302
    assert request_obj.status == RequestStatus.AWAITING_ICT
    assert request_obj.declaration is True
    assert request_obj.policy_page_id == policy.pk
    assert request_obj.policy_version == "1.3"
    assert request_obj.reference.startswith(f"SM-{today.year}-")
    assert {p.user_id for p in request_obj.administrators} == {colleagues[0].pk, colleagues[1].pk}
    assert response.url == reverse("forms_app:submitted", kwargs={"public_id": request_obj.public_id})
    confirmation = author_client.get(response.url).content.decode()
    assert "Request submitted" in confirmation
    assert request_obj.reference in confirmation
    assert "What happens next" in confirmation
    detail = author_client.get(reverse("forms_app:detail", kwargs={"public_id": request_obj.public_id}))
    assert b"Awaiting ICT Manager" in detail.content


def test_submit_without_declaration_is_refused_with_a_summary(author_client, staff_user):
    from tests.forms_app.factories import complete_request

    request_obj = complete_request(author=staff_user)
    response = author_client.post(reverse("forms_app:check", kwargs={"public_id": request_obj.public_id}), {})
    assert response.status_code == 200
    assert b"data-error-summary" in response.content
    assert b"Confirm that you have read the Social Media Policy" in response.content
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.DRAFT
