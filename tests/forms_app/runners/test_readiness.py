"""The final approval waits until everyone named to run the site has read the policy and been trained.

Thurcroft and Preston policies: the SLT "must be satisfied that anyone running a social
media account on behalf of the school has read and understood this policy and received
appropriate training. This also applies to anyone who is not directly employed by the
school, including volunteers or parents."
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from forms_app.constants import RequestStatus, SiteRole
from forms_app.models import SitePerson
from forms_app.runners.selectors import runner_statuses
from forms_app.runners.services import record_training, send_acknowledgement_reminders
from forms_app.workflow.services import RequestActionError, approve_task
from policy.acknowledgements import acknowledge_by_link, acknowledge_policy
from tests.factories import UserFactory
from tests.forms_app.factories import submitted_request

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def runners(school):
    return UserFactory.create_batch(4, school=school)


@pytest.fixture
def awaiting_head(policy, staff_user, runners, ict_manager):
    """A request whose ICT Manager step is approved, with four staff runners and one volunteer moderator."""
    site_request = submitted_request(author=staff_user, administrators=runners[:2], moderators=runners[2:])
    SitePerson.objects.create(
        request=site_request,
        role=SiteRole.MODERATOR,
        name="Pat Volunteer",
        description="Volunteer, Parent Teacher Association",
        email="pat@example.net",
        sort_order=9,
    )
    approve_task(site_request=site_request, user=ict_manager, attested=True)
    return site_request


def train_everyone(site_request, ict_manager):
    for person in site_request.site_people.all():
        record_training(
            person=person, recorded_by=ict_manager, trained_on=datetime.date(2026, 11, 10), course="Induction"
        )


@time_machine.travel(TODAY, tick=False)
def test_final_approval_waits_for_every_runner_then_goes_through(
    awaiting_head, policy, runners, ict_manager, headteacher, staff_user, django_capture_on_commit_callbacks
):
    with pytest.raises(RequestActionError, match="Pat Volunteer has not acknowledged"):
        approve_task(site_request=awaiting_head, user=headteacher, attested=True)

    for user in runners:
        acknowledge_policy(user=user, policy=policy)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = send_acknowledgement_reminders(site_request=awaiting_head, user=staff_user)
    assert reminded == ["Pat Volunteer"]
    link = next(m for m in mail.outbox if m.to == ["pat@example.net"])
    token = link.body.split("/acknowledge/")[1].split("/")[0]
    acknowledge_by_link(token=token)

    with pytest.raises(RequestActionError, match="has no recorded training date"):
        approve_task(site_request=awaiting_head, user=headteacher, attested=True)
    train_everyone(awaiting_head, ict_manager)

    approved = approve_task(site_request=awaiting_head, user=headteacher, attested=True)
    assert approved.status == RequestStatus.APPROVED
    assert all(status.is_ready for status in runner_statuses(approved))


@time_machine.travel(TODAY, tick=False)
def test_a_refused_final_approval_changes_nothing(awaiting_head, headteacher, ict_manager):
    train_everyone(awaiting_head, ict_manager)

    with pytest.raises(RequestActionError, match="has not acknowledged"):
        approve_task(site_request=awaiting_head, user=headteacher, attested=True)

    awaiting_head.refresh_from_db()
    assert awaiting_head.status == RequestStatus.AWAITING_HEAD
    assert not awaiting_head.decisions.filter(step="headteacher").exists()


@time_machine.travel(TODAY, tick=False)
def test_an_older_version_does_not_count_once_a_new_one_asks_again(awaiting_head, policy, runners):
    acknowledge_policy(user=runners[0], policy=policy)
    assert runner_statuses(awaiting_head)[0].acknowledged

    policy.needs_reacknowledgement = True
    policy.version = "4.0"
    policy.save_revision().publish()

    assert not runner_statuses(awaiting_head)[0].acknowledged


@time_machine.travel(TODAY, tick=False)
def test_a_link_for_another_request_does_not_count(awaiting_head, policy, staff_user, runners):
    from policy.acknowledgements import issue_external_link

    _record, token = issue_external_link(
        name="Pat Volunteer", email="pat@example.net", policy=policy, purpose="SM-2026-9999", created_by=staff_user
    )
    acknowledge_by_link(token=token)

    volunteer = next(s for s in runner_statuses(awaiting_head) if s.person.email)
    assert not volunteer.acknowledged


@time_machine.travel(TODAY, tick=False)
def test_only_the_schools_ict_manager_records_training_with_a_real_date(awaiting_head, headteacher, ict_manager):
    person = awaiting_head.site_people.first()

    with pytest.raises(PermissionDenied):
        record_training(person=person, recorded_by=headteacher, trained_on=datetime.date(2026, 11, 1), course="x")
    with pytest.raises(ValidationError) as error:
        record_training(person=person, recorded_by=ict_manager, trained_on=datetime.date(2027, 1, 1), course=" ")
    assert set(error.value.message_dict) == {"trained_on", "course"}


def test_without_a_policy_asking_for_acknowledgement_the_rule_does_not_apply(staff_user, ict_manager, headteacher):
    site_request = submitted_request(author=staff_user)
    approve_task(site_request=site_request, user=ict_manager, attested=True)

    assert runner_statuses(site_request) == []
    assert approve_task(site_request=site_request, user=headteacher, attested=True).status == RequestStatus.APPROVED


def test_only_the_author_sends_reminders(awaiting_head, ict_manager):
    with pytest.raises(PermissionDenied):
        send_acknowledgement_reminders(site_request=awaiting_head, user=ict_manager)


def review_url(site_request) -> str:
    from django.urls import reverse

    return reverse(site_request.snippet_viewset.get_url_name("review"), args=[site_request.pk])


@time_machine.travel(TODAY, tick=False)
def test_the_review_page_shows_each_person_and_the_ict_manager_records_training(
    client, awaiting_head, ict_manager, runners
):
    client.force_login(ict_manager)
    page = client.get(review_url(awaiting_head))
    assert page.status_code == 200
    assert "Pat Volunteer" in page.text and "Not recorded" in page.text and "Record training" in page.text

    person = awaiting_head.site_people.get(user=runners[0])
    refused = client.post(
        review_url(awaiting_head),
        {"action": "record_training", "training-person": person.pk, "training-trained_on": "2027-01-01"},
    )
    assert refused.status_code == 200
    assert "cannot be in the future" in refused.text and "Say what training was given" in refused.text
    assert not runner_statuses(awaiting_head)[0].trained_on

    done = client.post(
        review_url(awaiting_head),
        {
            "action": "record_training",
            "training-person": person.pk,
            "training-trained_on": "2026-11-12",
            "training-course": "Moderation and safeguarding",
        },
        follow=True,
    )
    assert "Training recorded for" in done.text
    assert runner_statuses(awaiting_head)[0].trained_on == datetime.date(2026, 11, 12)


@time_machine.travel(TODAY, tick=False)
def test_the_headteacher_sees_the_status_but_does_not_record_training(client, awaiting_head, headteacher, runners):
    client.force_login(headteacher)
    assert "Record training</h3>" not in client.get(review_url(awaiting_head)).text

    person = awaiting_head.site_people.get(user=runners[0])
    response = client.post(
        review_url(awaiting_head),
        {
            "action": "record_training",
            "training-person": person.pk,
            "training-trained_on": "2026-11-12",
            "training-course": "x",
        },
    )
    assert response.status_code == 404
    assert runner_statuses(awaiting_head)[0].trained_on is None


@time_machine.travel(TODAY, tick=False)
def test_the_author_sees_who_is_outstanding_and_sends_reminders(
    client, awaiting_head, staff_user, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    client.force_login(staff_user)
    page = client.get(reverse("forms_app:detail", args=[awaiting_head.public_id]))
    assert "has not yet read the policy" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forms_app:remind_runners", args=[awaiting_head.public_id]), follow=True)

    assert "Reminder sent to" in response.text and "Pat Volunteer" in response.text
    assert any(m.to == ["pat@example.net"] for m in mail.outbox)
