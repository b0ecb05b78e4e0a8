"""Say before, not after: the final approver sees readiness first and is offered Approve only when it can succeed.

Issue "No dead ends": the Headteacher's Approve form was offered while final approval could
not succeed; the refusal naming the runners who had not read the policy or been trained
appeared only after ticking the statement and pressing Approve.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from forms_app.constants import RequestStatus, SiteRole
from forms_app.models import SitePerson
from forms_app.runners.services import record_training
from forms_app.workflow.services import approve_task
from policy.acknowledgements import acknowledge_policy
from tests.factories import UserFactory
from tests.forms_app.factories import submitted_request

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)
APPROVE_BUTTON = 'name="action" value="approve"'


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def runners(school):
    return [
        UserFactory(username="asha", first_name="Asha", last_name="Patel", school=school),
        UserFactory(username="ben", first_name="Ben", last_name="Okafor", school=school),
    ]


@pytest.fixture
def awaiting_head(policy, staff_user, runners, ict_manager):
    site_request = submitted_request(author=staff_user, administrators=runners[:1], moderators=runners[1:])
    approve_task(site_request=site_request, user=ict_manager, attested=True)
    return site_request


def review_url(site_request) -> str:
    return reverse(site_request.snippet_viewset.get_url_name("review"), args=[site_request.pk])


def test_approve_is_not_offered_until_every_runner_is_ready(
    client, awaiting_head, policy, runners, headteacher, ict_manager
):
    client.force_login(headteacher)
    page = client.get(review_url(awaiting_head)).text
    assert APPROVE_BUTTON not in page
    assert 'value="request_changes"' in page  # changes can still be asked for
    readiness = page.index('id="readiness"')
    assert readiness < page.index('id="section-1"'), "readiness comes before the answers"
    assert "Asha Patel" in page and "Ben Okafor" in page
    assert "You can approve once everyone below has read the policy and been trained" in page
    assert "Send reminders" in page

    acknowledge_policy(user=runners[0], policy=policy)
    for person in awaiting_head.site_people.all():
        record_training(person=person, recorded_by=ict_manager, trained_on=datetime.date(2026, 11, 10), course="x")
    assert APPROVE_BUTTON not in client.get(review_url(awaiting_head)).text  # Ben has not read it yet

    acknowledge_policy(user=runners[1], policy=policy)
    page = client.get(review_url(awaiting_head)).text
    assert APPROVE_BUTTON in page
    assert "Everyone who will run the site has read the policy and been trained." in page


def test_the_final_approver_sends_reminders_from_the_review_page(
    client, awaiting_head, headteacher, runners, django_capture_on_commit_callbacks
):
    client.force_login(headteacher)
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(awaiting_head), {"action": "remind_runners"}, follow=True)
    assert "Reminder sent to Asha Patel, Ben Okafor." in response.text
    reminders = mail.outbox[sent_before:]
    assert {message.to[0] for message in reminders} == {runner.email for runner in runners}
    awaiting_head.refresh_from_db()
    assert awaiting_head.status == RequestStatus.AWAITING_HEAD


def test_someone_who_cannot_decide_cannot_send_reminders(client, awaiting_head, runners):
    outsider = UserFactory(username="outsider", school=awaiting_head.school, roles=["ICT Managers"])
    SitePerson.objects.filter(request=awaiting_head).update(role=SiteRole.ADMINISTRATOR)
    client.force_login(outsider)
    sent_before = len(mail.outbox)
    response = client.post(review_url(awaiting_head), {"action": "remind_runners"})
    assert response.status_code in (403, 404)
    assert len(mail.outbox) == sent_before
