"""A policy says who must acknowledge it: all staff (the default), or only the holders of some roles.

Issue "No dead ends": "targeted by role where the policy says so (e.g. only staff who run
accounts)". The staff home's list, the policy page's statement, the reminders and the
"who has not acknowledged yet" report (and its CSV) follow it.
"""

import csv
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from forms_app.models import RegisterEntry
from home import roles
from policy.acknowledgements import policies_to_acknowledge
from policy.models import PolicyPage
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request

from .factories import make_policy, policy_edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def ict_only_policy(policy_index):
    """A trust-wide policy only ICT Managers must acknowledge."""
    return make_policy(
        policy_index,
        title="Network Security Policy",
        slug="network",
        requires_acknowledgement=True,
        acknowledged_by=[roles.ICT_MANAGERS],
    )


@pytest.fixture
def runner(school, staff_user, ict_manager, headteacher):
    """A member of staff who moderates one of Riverside's live sites."""
    moderator = UserFactory(username="mo", first_name="Mo", last_name="Derator", school=school)
    others = UserFactory.create_batch(3, school=school)
    approved_request(
        author=staff_user,
        administrators=[ict_manager, others[0]],
        moderators=[moderator, others[1]],
        ict_manager=ict_manager,
        headteacher=headteacher,
    )
    assert RegisterEntry.objects.filter(people__user=moderator).exists()
    return moderator


def test_all_staff_are_asked_by_default(policy_index, staff_user, ict_manager):
    policy = make_policy(policy_index, title="Code of Conduct", slug="conduct", requires_acknowledgement=True)
    assert policy.acknowledged_by == []
    assert policies_to_acknowledge(user=staff_user) == [policy]
    assert policies_to_acknowledge(user=ict_manager) == [policy]


def test_only_the_roles_ticked_see_it_on_the_staff_home_and_the_policy_page(
    client, staff_home, ict_only_policy, staff_user, ict_manager
):
    staff_home.save_revision().publish()
    client.force_login(staff_user)
    assert "Read the Network Security Policy" not in client.get(staff_home.url).text
    assert "I have read and understood the Network Security Policy" not in client.get(ict_only_policy.url).text
    client.force_login(ict_manager)
    assert "Read the Network Security Policy" in client.get(staff_home.url).text
    assert "I have read and understood the Network Security Policy" in client.get(ict_only_policy.url).text


def test_staff_who_run_a_site_are_asked_when_the_policy_says_so(policy_index, runner, staff_user):
    policy = make_policy(
        policy_index,
        title="Moderation Guide",
        slug="moderation",
        requires_acknowledgement=True,
        acknowledged_by=[roles.SITE_RUNNERS],
    )
    assert policies_to_acknowledge(user=runner) == [policy]
    assert policies_to_acknowledge(user=staff_user) == []


def test_the_report_and_its_csv_list_only_those_asked(client, ict_only_policy, staff_user, ict_manager, headteacher):
    client.force_login(headteacher)
    response = client.get(reverse("policy_acknowledgements"), {"policy": ict_only_policy.pk})
    assert {person.username for person in response.context["object_list"]} == {ict_manager.username}
    csv_response = client.get(reverse("policy_acknowledgements"), {"policy": ict_only_policy.pk, "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    assert [row["Name"] for row in rows] == [ict_manager.display_name()]
    assert [row["Status"] for row in rows] == ["Outstanding"]


def test_reminders_go_only_to_those_asked(ict_only_policy, staff_user, ict_manager):
    call_command("policy_acknowledgement_reminders", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[ict_manager.email]]


def test_the_editor_ticks_who_must_acknowledge(client, governed_index, ceo):
    policy = make_policy(governed_index, title="Network Security Policy", slug="network", requires_acknowledgement=True)
    client.force_login(ceo)
    url = reverse("wagtailadmin_pages:edit", args=[policy.pk])
    assert "Staff who run a school social media account" in client.get(url).text
    data = policy_edit_form(policy, requires_acknowledgement="on") | {
        "acknowledged_by": [roles.HEADTEACHERS, roles.SITE_RUNNERS]
    }
    assert client.post(url, data).status_code == 302
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    assert set(draft.acknowledged_by) == {roles.SITE_RUNNERS, roles.HEADTEACHERS}
