"""A leaver's policies, policy approvals and review reminders are listed on the Leaver page and handed on.

Issue "No dead ends": the Leaver page lists everything a person holds and moves each to
the chosen successor in one transaction, logged; policies and their approvals included.
"""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home import roles
from home.models import TrustSettings
from policy.models import PolicyPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(school):
    return UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[])


@pytest.fixture
def deputy(school):
    return UserFactory(username="deputy", first_name="Dee", last_name="Puty", school=school, roles=[roles.STAFF])


@pytest.fixture
def leaving_head(riverside_policy, governed_index, headteacher, school_editor):
    """The only Head of Riverside owns its uniform policy, is its contact, and a second policy waits on her."""
    PolicyPage.objects.filter(pk=riverside_policy.pk).update(
        owner=headteacher, lead_member_of_staff=headteacher.display_name()
    )
    from .factories import make_policy

    waiting = make_policy(governed_index, title="Riverside Homework Policy", slug="homework", school=headteacher.school)
    waiting.save_revision(user=school_editor)
    waiting.get_workflow().start(waiting, school_editor)
    return {"owned": riverside_policy, "waiting": waiting}


def test_the_preview_lists_the_policies_approvals_and_reminders(client, superuser, headteacher, leaving_head):
    client.force_login(superuser)
    page = client.get(reverse("forms_app_leaver", args=[headteacher.pk])).text
    assert "Policies they own or are the contact for" in page
    assert "Riverside Uniform Policy (Riverside Primary School): owner, contact; review due" in page
    assert "the reminders go to its owner" in page
    assert "Policy approvals they hold" in page
    assert "Riverside Homework Policy (Riverside Primary School): waiting for approval since" in page


def test_the_policies_and_approvals_move_to_the_successor_in_one_go(
    client, superuser, headteacher, deputy, leaving_head
):
    client.force_login(superuser)
    response = client.post(
        reverse("forms_app_leaver", args=[headteacher.pk]),
        {"pages_to": "", "held_policies": deputy.pk, "held_policy_approvals": deputy.pk},
    )
    assert response.status_code == 302
    owned = PolicyPage.objects.get(pk=leaving_head["owned"].pk)
    assert owned.owner == deputy and owned.lead_member_of_staff == "Dee Puty"
    assert owned.get_latest_revision_as_object().lead_member_of_staff == "Dee Puty"
    deputy.refresh_from_db()
    assert roles.HEADTEACHERS in set(deputy.groups.values_list("name", flat=True))
    waiting = PolicyPage.objects.get(pk=leaving_head["waiting"].pk)
    task = waiting.current_workflow_task
    assert "approve" in [
        name for name, *_ in task.specific.get_actions(waiting, type(deputy).objects.get(pk=deputy.pk))
    ]
    headteacher.refresh_from_db()
    assert not headteacher.is_active
    entry = ModelLogEntry.objects.get(action="forms_app.leaver.hand_over", object_id=str(headteacher.pk))
    assert entry.data["held"]["policies"] == ["Riverside Uniform Policy to Dee Puty"]
    assert "“Riverside Homework Policy” waits on Dee Puty" in entry.data["held"]["policy_approvals"]


def test_the_second_approver_setting_moves_to_the_successor(client, superuser, central_team, deputy):
    chair = UserFactory(username="chair", school=central_team, roles=[roles.STAFF, roles.POLICY_EDITORS])
    trust = TrustSettings.load()
    trust.policy_second_approver = chair
    trust.save()
    client.force_login(superuser)
    assert "second approver of a Headteacher" in client.get(reverse("forms_app_leaver", args=[chair.pk])).text
    client.post(reverse("forms_app_leaver", args=[chair.pk]), {"held_policy_approvals": deputy.pk})
    assert TrustSettings.load().policy_second_approver == deputy


def test_a_successor_who_could_not_decide_is_refused_and_nothing_moves(
    client, superuser, headteacher, other_school, leaving_head
):
    outsider = UserFactory(username="elsewhere", school=other_school, roles=[roles.STAFF])
    client.force_login(superuser)
    response = client.post(
        reverse("forms_app_leaver", args=[headteacher.pk]),
        {"held_policies": outsider.pk, "held_policy_approvals": outsider.pk},
    )
    assert response.status_code == 200
    assert "could not decide “Riverside Homework Policy”" in response.text
    headteacher.refresh_from_db()
    assert headteacher.is_active
    assert PolicyPage.objects.get(pk=leaving_head["owned"].pk).owner == headteacher
