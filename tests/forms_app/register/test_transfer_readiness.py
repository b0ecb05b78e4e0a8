"""Transfer offers only staff of the site's school who are ready to run it, and refuses anyone else with the reason.

Issue "No dead ends": Transfer offered the whole trust (14 people, 3 schools) and accepted
someone who had neither acknowledged the policy nor been trained.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from forms_app.models import RunnerTraining
from forms_app.register.services import transfer_site_role
from policy.acknowledgements import acknowledge_policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2027, 2, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def train(user, ict_manager):
    RunnerTraining.objects.create(
        user=user,
        name=user.display_name(),
        school_id=user.school_id,
        trained_on=datetime.date(2027, 1, 20),
        course="Induction",
        recorded_by=ict_manager,
    )


@pytest.fixture
def candidates(school, other_school, policy, ict_manager):
    ready = UserFactory(username="ready", first_name="Rae", last_name="Ready", school=school)
    acknowledge_policy(user=ready, policy=policy)
    train(ready, ict_manager)
    untrained = UserFactory(username="untrained", first_name="Una", last_name="Trained", school=school)
    acknowledge_policy(user=untrained, policy=policy)
    unread = UserFactory(username="unread", first_name="Uri", last_name="Read", school=school)
    train(unread, ict_manager)
    elsewhere = UserFactory(username="elsewhere", first_name="Els", last_name="Where", school=other_school)
    train(elsewhere, ict_manager)
    return {"ready": ready, "untrained": untrained, "unread": unread, "elsewhere": elsewhere}


def transfer_url(entry):
    return reverse("forms_app_registerentry_modeladmin_transfer", args=[entry.pk])


def test_transfer_offers_only_ready_staff_of_the_school_and_says_who_is_missing_what(
    client, entry, ict_manager, candidates
):
    client.force_login(ict_manager)
    response = client.get(transfer_url(entry))
    offered = {user.username for user in response.context["form"].fields["replacement"].queryset}
    assert "ready" in offered
    assert not offered & {"untrained", "unread", "elsewhere"}
    text = response.content.decode().replace("&#x27;", "'")
    assert "Una Trained: has no recorded training date" in text
    assert "Uri Read: has not acknowledged the Social Media Policy" in text


def test_transfer_to_an_untrained_person_is_refused_with_the_reason(client, entry, ict_manager, site_staff, candidates):
    person = entry.people.get(user=site_staff["admins"][0])
    client.force_login(ict_manager)
    response = client.post(transfer_url(entry), {"person": person.pk, "replacement": candidates["untrained"].pk})
    assert response.status_code == 200
    assert "Una Trained cannot take over: has no recorded training date" in response.content.decode()
    assert entry.people.filter(user=candidates["untrained"]).count() == 0

    with pytest.raises(Exception, match="has no recorded training date"):
        transfer_site_role(entry=entry, user=ict_manager, person=person, replacement=candidates["untrained"])


def test_transfer_to_another_school_is_refused(entry, ict_manager, site_staff, candidates):
    person = entry.people.get(user=site_staff["admins"][0])
    with pytest.raises(Exception, match="not on the staff of Riverside"):
        transfer_site_role(entry=entry, user=ict_manager, person=person, replacement=candidates["elsewhere"])


def test_transfer_to_a_ready_person_goes_through(entry, ict_manager, site_staff, candidates):
    person = entry.people.get(user=site_staff["admins"][0])
    transfer_site_role(entry=entry, user=ict_manager, person=person, replacement=candidates["ready"])
    assert entry.people.filter(user=candidates["ready"]).exists()
