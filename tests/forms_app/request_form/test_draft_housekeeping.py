"""Empty drafts are never listed; old untouched drafts are "Not finished" and their author may delete them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from tests.factories import UserFactory
from tests.forms_app.factories import SocialMediaSiteRequestFactory, complete_request
from tests.forms_app.request_form.helpers import link_text

pytestmark = pytest.mark.django_db


def age(site_request, days: int) -> None:
    SocialMediaSiteRequest.objects.filter(pk=site_request.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_empty_drafts_are_never_listed(author_client, staff_user, form_page):
    empty = SocialMediaSiteRequestFactory(author=staff_user)
    started = SocialMediaSiteRequestFactory(author=staff_user, department="Music")
    for url in (reverse("forms_app:my_requests"), form_page.url):
        html = author_client.get(url).content.decode()
        assert empty.reference not in html, url
        assert started.reference in html, url


@pytest.mark.parametrize(("days", "stale"), [(59, False), (61, True)])
def test_drafts_untouched_for_60_days_are_not_finished(author_client, staff_user, days, stale):
    draft = complete_request(author=staff_user)
    age(draft, days)
    html = author_client.get(reverse("forms_app:my_requests")).content.decode()
    assert ("Not finished" in html) is stale
    assert (f"Delete {draft.reference}" in link_text(html)) is stale


def test_the_period_is_a_setting(author_client, staff_user, settings):
    settings.FORMS_APP_STALE_DRAFT_DAYS = 5
    draft = complete_request(author=staff_user)
    age(draft, 6)
    assert "Not finished" in author_client.get(reverse("forms_app:my_requests")).content.decode()


def test_author_deletes_a_draft_after_confirming(author_client, staff_user):
    draft = complete_request(author=staff_user)
    url = reverse("forms_app:delete", kwargs={"public_id": draft.public_id})
    page = author_client.get(url).content.decode()
    assert f"Delete draft {draft.reference}?" in page
    assert SocialMediaSiteRequest.objects.filter(pk=draft.pk).exists()

    response = author_client.post(url, follow=True)

    assert f"Draft {draft.reference} is deleted." in response.content.decode()
    assert not SocialMediaSiteRequest.objects.filter(pk=draft.pk).exists()


def test_a_submitted_request_or_someone_elses_draft_cannot_be_deleted(author_client, staff_user):
    pending = complete_request(author=staff_user, status=RequestStatus.AWAITING_ICT)
    response = author_client.post(reverse("forms_app:delete", kwargs={"public_id": pending.public_id}))
    assert response.status_code == 302
    assert SocialMediaSiteRequest.objects.filter(pk=pending.pk).exists()

    other = complete_request(author=UserFactory(school=staff_user.school))
    response = author_client.post(reverse("forms_app:delete", kwargs={"public_id": other.public_id}))
    assert response.status_code == 404
    assert SocialMediaSiteRequest.objects.filter(pk=other.pk).exists()
