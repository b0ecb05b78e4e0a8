"""A school with one Headteacher whose Head covered the ICT Manager's step: a Trust administrator gives the final
approval (one person never gives both), and every reader says so: the task, the dashboard, the review page, the
message after the decision, the email and the daily check.
"""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from forms_app.workflow.selectors import requests_awaiting_review
from forms_app.workflow.services import RequestActionError, approve_task, submit_request
from forms_app.workflow.unattended import steps_without_approver
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import approval_form, complete_request

from .test_cover_small_school import (  # noqa: F401 (fixtures)
    head_covers_the_ict_manager,
    on,
    one_person_school,
)

pytestmark = pytest.mark.django_db

REASON = "approved the ICT Manager step as cover and is the school's only Headteacher"


@pytest.fixture
def head_covers_ict(one_person_school, ict_manager, headteacher):  # noqa: F811
    return head_covers_the_ict_manager(ict_manager, headteacher)


@pytest.fixture
def submitted_request(head_covers_ict, staff_user, django_capture_on_commit_callbacks):
    with on(9), django_capture_on_commit_callbacks(execute=True):
        return submit_request(site_request=complete_request(author=staff_user, declaration=True), user=staff_user)


def approve_as_head_on_the_review_page(client, site_request, headteacher):
    client.force_login(headteacher)
    url = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])
    return client.post(url, approval_form(site_request))


def test_the_final_step_goes_to_a_trust_administrator_who_approves(
    client,
    submitted_request,
    headteacher,
    trust_admin,
    django_capture_on_commit_callbacks,
):
    # Signing in (second factor included) outside the capture, so it holds only what the decision queues.
    for person in (headteacher, trust_admin):
        client.force_login(person)
        client.get(reverse("wagtailadmin_home"))
    mail.outbox.clear()
    with on(9), django_capture_on_commit_callbacks(execute=True):
        response = approve_as_head_on_the_review_page(client, submitted_request, headteacher)
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert message.startswith(f"Approved. {submitted_request.reference} now goes to Sam Green (Trust administrator)")
    assert REASON in message

    awaiting_final = [email for email in mail.outbox if email.to == [trust_admin.email]]
    assert awaiting_final and REASON in awaiting_final[0].body
    assert not [email for email in mail.outbox if headteacher.email in email.to and "needs" in email.body]

    site_request = SocialMediaSiteRequest.objects.get(pk=submitted_request.pk)
    with on(9):
        with pytest.raises(RequestActionError, match="a Trust administrator gives the final approval"):
            approve_task(site_request=site_request, user=headteacher, attested=True)
        assert [r.pk for r in requests_awaiting_review(user=trust_admin)] == [site_request.pk]
        client.force_login(trust_admin)
        review = client.get(
            reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])
        )
        assert REASON in review.content.decode().replace("&#x27;", "'")
        assert steps_without_approver() == []
        approve_task(site_request=site_request, user=trust_admin, attested=True)
    assert SocialMediaSiteRequest.objects.get(pk=site_request.pk).status == RequestStatus.APPROVED


def test_with_a_second_headteacher_the_school_keeps_its_final_step(
    client,
    submitted_request,
    headteacher,
    trust_admin,
    school,
):
    deputy = UserFactory(username="deputy-head", school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    with on(9):
        approve_task(site_request=submitted_request, user=headteacher, attested=True)
        site_request = SocialMediaSiteRequest.objects.get(pk=submitted_request.pk)
        assert requests_awaiting_review(user=trust_admin) == []
        with pytest.raises(RequestActionError, match="Only the Head of School/Headteacher"):
            approve_task(site_request=site_request, user=trust_admin, attested=True)
        assert [r.pk for r in requests_awaiting_review(user=deputy)] == [site_request.pk]


def test_without_a_trust_administrator_the_daily_check_reports_it(submitted_request, headteacher, trust_admin):
    trust_admin.is_active = False
    trust_admin.save()
    with on(9):
        approve_task(site_request=submitted_request, user=headteacher, attested=True)
        assert [step.title for step in steps_without_approver()] == [str(submitted_request.reference)]


# -- before submitting: every step must have someone other than the author --------------------------------------


def check_answers(client, site_request, **data):
    url = reverse("forms_app:check", kwargs={"public_id": site_request.public_id})
    return client.post(url, data) if data else client.get(url)


def test_a_submission_nobody_could_give_the_final_approval_to_is_refused_with_who_to_ask(
    client, school, staff_user, ict_manager
):
    draft = complete_request(author=staff_user)
    client.force_login(staff_user)
    page = check_answers(client, draft).content.decode()
    assert "Nobody can give the final approval: Riverside Primary School has no active Headteacher" in page
    assert "Ask a site administrator to give someone the role" in page
    response = check_answers(client, draft, declaration="on")
    assert response.status_code == 200
    assert SocialMediaSiteRequest.objects.get(pk=draft.pk).status == RequestStatus.DRAFT


def test_a_one_head_school_whose_head_covers_the_ict_manager_needs_a_trust_administrator(
    client,
    head_covers_ict,
    ict_manager,
    trust_admin,
):
    # The only ICT Manager writes the request: only the Head, who covers them, could decide the first step,
    # and then nobody at the school could give the final approval.
    draft = complete_request(author=ict_manager)
    with on(9):
        client.force_login(ict_manager)
        assert "Nobody can" not in check_answers(client, draft).content.decode()
        trust_admin.is_active = False
        trust_admin.save()
        response = check_answers(client, draft, declaration="on")
    assert "there is no active Trust administrator to give it instead" in response.content.decode()
    assert SocialMediaSiteRequest.objects.get(pk=draft.pk).status == RequestStatus.DRAFT
