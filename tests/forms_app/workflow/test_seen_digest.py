"""Issue 25: each decision is of what its approver was shown; a page older than the answers cannot decide."""

import re

import pytest
from django.urls import reverse

from forms_app.answers import answers_digest
from forms_app.constants import ApprovalStep, RequestStatus, SiteRole
from forms_app.models import ApprovalDecision, SocialMediaSiteRequest
from forms_app.workflow.services import RequestActionError, StaleReviewError, approve_task
from tests.factories import UserFactory
from tests.forms_app.factories import SitePersonFactory, approval_form

pytestmark = pytest.mark.django_db

CHANGED = "This request changed while you were reading it — review the changes."


def review_url(site_request):
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])


def shown_digest(html: str) -> str:
    digests = set(re.findall(r'name="digest" value="([0-9a-f]{64})"', html))
    assert len(digests) == 1, digests
    return digests.pop()


def test_the_review_page_posts_back_the_digest_of_what_it_shows(client, submitted, ict_manager):
    client.force_login(ict_manager)

    html = client.get(review_url(submitted)).text

    assert shown_digest(html) == answers_digest(submitted)


def test_each_decision_stores_the_digest_of_what_was_shown(client, submitted, ict_manager, headteacher):
    for approver in (ict_manager, headteacher):
        client.force_login(approver)
        digest = shown_digest(client.get(review_url(submitted)).text)
        client.post(review_url(submitted), approval_form(submitted, digest=digest))
        submitted.refresh_from_db()
    decisions = ApprovalDecision.objects.filter(request=submitted).order_by("decided_at")
    assert [d.step for d in decisions] == [ApprovalStep.ICT_MANAGER, ApprovalStep.HEADTEACHER]
    assert {d.answers_digest for d in decisions} == {answers_digest(submitted)}
    assert submitted.status == RequestStatus.APPROVED


def test_a_decision_posted_with_a_stale_digest_is_refused(client, submitted, ict_manager, school):
    client.force_login(ict_manager)
    digest = shown_digest(client.get(review_url(submitted)).text)
    # Meanwhile the people who will run the site change.
    SitePersonFactory(request=submitted, role=SiteRole.MODERATOR, user=UserFactory(school=school), sort_order=9)

    response = client.post(review_url(submitted), approval_form(submitted, digest=digest), follow=True)

    assert CHANGED in response.text
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_ICT
    assert not ApprovalDecision.objects.filter(request=submitted).exists()
    # The page now shows the change and its new digest, which may decide.
    fresh = shown_digest(response.text)
    assert fresh != digest
    client.post(review_url(submitted), approval_form(submitted, digest=fresh))
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_HEAD


def test_a_post_without_a_digest_is_refused(client, submitted, ict_manager):
    client.force_login(ict_manager)
    data = approval_form(submitted, digest="")
    del data["digest"]

    response = client.post(review_url(submitted), data, follow=True)

    assert CHANGED in response.text
    assert not ApprovalDecision.objects.filter(request=submitted).exists()


def test_the_service_refuses_a_stale_digest(submitted, ict_manager):
    with pytest.raises(StaleReviewError, match="changed while you were reading"):
        approve_task(site_request=submitted, user=ict_manager, attested=True, seen_digest="0" * 64)
    assert issubclass(StaleReviewError, RequestActionError)
    assert not ApprovalDecision.objects.filter(request=submitted).exists()
