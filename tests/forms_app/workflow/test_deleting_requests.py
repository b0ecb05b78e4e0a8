"""A request that carries a signed decision is the trust's record: deleting it is refused with a reason, never a 500.

Regression: a superuser deleting an approved request got HTTP 500 (the record survived);
deleting a pending or draft request succeeded.
"""

import pytest
from django.urls import reverse

from forms_app.models import SocialMediaSiteRequest
from forms_app.workflow.services import approve_task
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request, complete_request, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(school):
    return UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[])


def url(name: str, *args) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name(name), args=args)


def test_deleting_an_approved_request_is_refused_with_a_reason(client, superuser, staff_user, ict_manager, headteacher):
    site_request = approved_request(author=staff_user, ict_manager=ict_manager, headteacher=headteacher)
    client.force_login(superuser)

    page = client.get(url("delete", site_request.pk), follow=True)
    response = client.post(url("delete", site_request.pk), follow=True)

    for shown in (page, response):
        assert shown.status_code == 200
        assert "cannot be deleted" in shown.text
        assert site_request.reference in shown.text
    assert SocialMediaSiteRequest.objects.filter(pk=site_request.pk).exists()


def test_a_request_with_the_ict_managers_signature_is_kept_too(client, superuser, staff_user, ict_manager):
    site_request = submitted_request(author=staff_user)
    approve_task(site_request=site_request, user=ict_manager, attested=True)
    client.force_login(superuser)

    response = client.post(url("delete", site_request.pk), follow=True)

    assert response.status_code == 200
    assert "cannot be deleted" in response.text
    assert SocialMediaSiteRequest.objects.filter(pk=site_request.pk).exists()


def test_bulk_delete_leaves_signed_requests_and_says_so(client, superuser, staff_user, ict_manager, headteacher):
    signed = approved_request(author=staff_user, ict_manager=ict_manager, headteacher=headteacher)
    unsigned = submitted_request(author=staff_user)
    client.force_login(superuser)
    bulk = (
        reverse("wagtail_bulk_action", args=("forms_app", "socialmediasiterequest", "delete"))
        + f"?id={signed.pk}&id={unsigned.pk}"
    )

    confirmation = client.get(bulk)
    assert confirmation.status_code == 200
    client.post(bulk)

    assert SocialMediaSiteRequest.objects.filter(pk=signed.pk).exists()
    assert not SocialMediaSiteRequest.objects.filter(pk=unsigned.pk).exists()


def test_an_unsigned_draft_can_still_be_deleted(client, superuser, staff_user):
    draft = complete_request(author=staff_user)
    client.force_login(superuser)

    response = client.post(url("delete", draft.pk), follow=True)

    assert response.status_code == 200
    assert not SocialMediaSiteRequest.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["other_ict_manager", "same_school_ict_manager"])
def test_the_refusal_never_names_a_request_to_someone_who_may_not_delete_it(
    client, who, staff_user, ict_manager, headteacher, other_school
):
    """Regression: another school's ICT Manager posting to the delete address read "Request SM-… cannot be deleted"."""
    site_request = approved_request(author=staff_user, ict_manager=ict_manager, headteacher=headteacher)
    if who == "other_ict_manager":
        person = UserFactory(username="ict.other", school=other_school, roles=["Staff", "ICT Managers"])
    else:
        person = ict_manager
    client.force_login(person)

    for response in (
        client.get(url("delete", site_request.pk), follow=True),
        client.post(url("delete", site_request.pk), follow=True),
    ):
        # Wagtail's "you do not have permission" (a redirect to the dashboard) or "not found".
        assert response.status_code in (200, 403, 404)
        assert "cannot be deleted" not in response.text
        assert site_request.reference not in response.text
    assert SocialMediaSiteRequest.objects.filter(pk=site_request.pk).exists()
