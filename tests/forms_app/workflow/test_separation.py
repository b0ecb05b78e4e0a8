"""A school with one Headteacher whose Head covered the ICT Manager's step: a Trust administrator gives the final
approval (one person never gives both), and every reader says so: the task, the dashboard, the review page, the
message after the decision, the email and the daily check.
"""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from forms_app.answers import answers_digest
from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from forms_app.workflow.selectors import requests_awaiting_review
from forms_app.workflow.services import RequestActionError, approve_task, submit_request
from forms_app.workflow.unattended import steps_without_approver
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request

from .test_cover_small_school import (  # noqa: F401 (fixtures)
    head_covers_the_ict_manager,
    on,
    one_person_school,
    trust_admin,
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
    return client.post(
        url,
        {
            "action": "approve",
            "approve-attested": "on",
            "task_state": site_request.current_workflow_task_state.pk,
            "digest": answers_digest(site_request),
        },
    )


def test_the_final_step_goes_to_a_trust_administrator_who_approves(
    client,
    submitted_request,
    headteacher,
    trust_admin,  # noqa: F811
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
    trust_admin,  # noqa: F811
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


def test_without_a_trust_administrator_the_daily_check_reports_it(submitted_request, headteacher, trust_admin):  # noqa: F811
    trust_admin.is_active = False
    trust_admin.save()
    with on(9):
        approve_task(site_request=submitted_request, user=headteacher, attested=True)
        assert [step.title for step in steps_without_approver()] == [str(submitted_request.reference)]
