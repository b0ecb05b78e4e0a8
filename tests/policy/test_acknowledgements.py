"""Read and acknowledge: staff confirm they have read and understood a policy's version in force.

Under frozen time (time-machine): a major change asks again, a minor one does not; staff
of other schools are not asked; the report counts per school; reminders go once.
"""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from home import roles
from policy.acknowledgements import (
    AcknowledgementError,
    acknowledge_policy,
    acknowledged_current_version,
    policies_to_acknowledge,
)
from policy.models import PolicyAcknowledgement, PolicyPage
from tests.dashboard import dashboard_as_shown
from tests.factories import UserFactory

from .factories import make_policy

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime.datetime(2026, 10, 5, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def publish_change(policy: PolicyPage, *, major: bool, version: str | None = None) -> PolicyPage:
    """Publish a new revision of ``policy``: a major change (needs re-acknowledgement) or a minor one."""
    page = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    page.summary = (page.summary or "") + " Updated."
    page.needs_reacknowledgement = major
    if version:
        page.version = version
    page.save_revision().publish()
    return PolicyPage.objects.get(pk=policy.pk)


@pytest.fixture
def social_media_policy(policy_index):
    """A trust-wide live policy that staff must acknowledge, version 1.0."""
    return make_policy(
        policy_index, title="Social Media Policy", slug="social-media", version="1.0", requires_acknowledgement=True
    )


@pytest.fixture
def riverside_policy(policy_index, school):
    return make_policy(
        policy_index,
        title="Riverside Lettings Policy",
        slug="lettings",
        school=school,
        version="3",
        requires_acknowledgement=True,
    )


def test_publishing_sets_the_version_in_force_and_staff_are_asked(social_media_policy, staff_user):
    assert social_media_policy.acknowledgement_revision_id == social_media_policy.live_revision_id
    assert policies_to_acknowledge(user=staff_user) == [social_media_policy]


def test_acknowledging_records_user_revision_version_and_time(social_media_policy, staff_user):
    record = acknowledge_policy(user=staff_user, policy=social_media_policy)
    assert record.user == staff_user
    assert record.revision_id == social_media_policy.live_revision_id
    assert record.version == "1.0"
    assert record.acknowledged_at == MONDAY
    assert policies_to_acknowledge(user=staff_user) == []
    assert acknowledge_policy(user=staff_user, policy=social_media_policy) == record  # once per revision


def test_a_major_change_asks_again_and_a_minor_one_does_not(social_media_policy, staff_user, frozen):
    acknowledge_policy(user=staff_user, policy=social_media_policy)
    frozen.shift(datetime.timedelta(days=30))
    minor = publish_change(social_media_policy, major=False)
    assert minor.acknowledgement_revision_id == social_media_policy.acknowledgement_revision_id
    assert policies_to_acknowledge(user=staff_user) == []

    frozen.shift(datetime.timedelta(days=30))
    major = publish_change(minor, major=True, version="2.0")
    assert major.acknowledgement_revision_id == major.live_revision_id
    assert not major.needs_reacknowledgement, "the tick is for one change, not every later one"
    assert policies_to_acknowledge(user=staff_user) == [major]
    record = acknowledge_policy(user=staff_user, policy=major)
    assert record.version == "2.0" and record.acknowledged_at == MONDAY.astimezone(datetime.UTC) + datetime.timedelta(
        days=60
    )
    assert PolicyAcknowledgement.objects.filter(user=staff_user).count() == 2  # the history is kept


def test_a_major_draft_published_later_with_a_minor_edit_still_asks_again(social_media_policy, staff_user):
    acknowledge_policy(user=staff_user, policy=social_media_policy)
    page = PolicyPage.objects.get(pk=social_media_policy.pk).get_latest_revision_as_object()
    page.needs_reacknowledgement = True
    page.save_revision()  # a major change saved as a draft
    published = publish_change(social_media_policy, major=False)  # a typo fixed before publishing
    assert policies_to_acknowledge(user=staff_user) == [published]


def test_only_the_policys_school_is_asked(riverside_policy, staff_user, other_school):
    hillcrest_teacher = UserFactory(username="hillcrest-teacher", school=other_school)
    assert policies_to_acknowledge(user=staff_user) == [riverside_policy]
    assert policies_to_acknowledge(user=hillcrest_teacher) == []
    with pytest.raises(AcknowledgementError):
        acknowledge_policy(user=hillcrest_teacher, policy=riverside_policy)


def test_a_policy_not_asking_for_acknowledgement_is_not_shown(policy_index, staff_user):
    make_policy(policy_index, title="Uniform Policy", slug="uniform")
    assert policies_to_acknowledge(user=staff_user) == []


def test_selector_for_the_social_media_request(social_media_policy, staff_user, school):
    colleague = UserFactory(username="colleague", school=school)
    acknowledge_policy(user=staff_user, policy=social_media_policy)
    assert acknowledged_current_version(users=[staff_user, colleague], policy=social_media_policy) == {staff_user.pk}
    major = publish_change(social_media_policy, major=True)
    assert acknowledged_current_version(users=[staff_user.pk, colleague.pk], policy=major) == set()


# -- the staff home and the policy page ---------------------------------------------------------


def test_staff_home_prompts_until_acknowledged(client, staff_home, social_media_policy, staff_user):
    staff_home.save_revision().publish()
    client.force_login(staff_user)
    response = client.get(staff_home.url)
    assert "Policies to read and acknowledge" in response.text
    # The staff home links to the policy; the statement is given on the policy's page, once opened.
    assert f'href="{social_media_policy.url}">Read the Social Media Policy</a>' in response.text
    button = "I have read and understood the Social Media Policy"
    assert button not in response.text
    assert button in client.get(social_media_policy.url).text
    response = client.post(
        reverse("acknowledge:policy", args=[social_media_policy.pk]), {"next": staff_home.url}, follow=True
    )
    assert "Thank you. You have acknowledged “Social Media Policy” (version 1.0)." in response.text
    assert button not in response.text and "Read the Social Media Policy" not in response.text
    assert PolicyAcknowledgement.objects.filter(user=staff_user, policy=social_media_policy).exists()


def test_policy_page_offers_the_acknowledgement_and_unsafe_next_is_ignored(client, social_media_policy, staff_user):
    client.force_login(staff_user)
    assert "I have read and understood the Social Media Policy" in client.get(social_media_policy.url).text
    response = client.post(
        reverse("acknowledge:policy", args=[social_media_policy.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == social_media_policy.url
    assert "I have read and understood" not in client.get(social_media_policy.url).text


def test_acknowledging_needs_a_signed_in_post(client, social_media_policy, staff_user):
    url = reverse("acknowledge:policy", args=[social_media_policy.pk])
    assert client.post(url)["Location"].startswith(reverse("login"))
    client.force_login(staff_user)
    assert client.get(url).status_code == 405
    assert not PolicyAcknowledgement.objects.exists()


def test_another_schools_policy_cannot_be_acknowledged(client, riverside_policy, other_school):
    client.force_login(UserFactory(username="hillcrest-teacher", school=other_school))
    response = client.post(reverse("acknowledge:policy", args=[riverside_policy.pk]), follow=True)
    assert "This policy belongs to another school." in response.text
    assert not PolicyAcknowledgement.objects.exists()


# -- the report ---------------------------------------------------------------------------------


@pytest.fixture
def staffed(school, other_school):
    """Three Riverside and two Hillcrest members of staff (plus the fixtures' accounts)."""
    riverside = [UserFactory(username=f"r{n}", school=school) for n in range(3)]
    hillcrest = [UserFactory(username=f"h{n}", school=other_school) for n in range(2)]
    return riverside, hillcrest


def report(client, user, **params):
    client.force_login(user)
    return client.get(reverse("policy_acknowledgements"), params)


def summary_row(response, school_name) -> tuple[int, int]:
    row = next(row for row in response.context["summary"] if row["school"] == school_name)
    return row["acknowledged"], row["outstanding"]


def test_report_counts_per_school_and_each_head_sees_only_their_school(
    client, social_media_policy, staffed, school, other_school, headteacher, central_team
):
    riverside, hillcrest = staffed
    for person in riverside[:2] + hillcrest[:1]:
        acknowledge_policy(user=person, policy=social_media_policy)
    trust_admin = UserFactory(username="trust-admin", school=central_team, roles=[roles.TRUST_ADMINISTRATORS])

    everyone = report(client, trust_admin)
    assert everyone.status_code == 200
    assert summary_row(everyone, school.name) == (2, 2)  # r0, r1 of r0–r2 and the headteacher
    assert summary_row(everyone, other_school.name) == (1, 1)
    assert summary_row(everyone, central_team.name) == (0, 1)

    own = report(client, headteacher)
    assert [row["school"] for row in own.context["summary"]] == [school.name]
    assert {person.school_id for person in own.context["object_list"]} == {school.pk}
    outstanding = report(client, headteacher, status="outstanding")
    names = {person.username for person in outstanding.context["object_list"]}
    assert names == {"r2", headteacher.username}


def test_report_exports_csv_and_xlsx(client, social_media_policy, staffed, headteacher):
    acknowledge_policy(user=staffed[0][0], policy=social_media_policy)
    response = report(client, headteacher, export="csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_name = {row["Name"]: row for row in rows}
    assert by_name[staffed[0][0].display_name()]["Status"] == "Acknowledged"
    assert by_name[staffed[0][0].display_name()]["Version acknowledged"] == "1.0"
    assert by_name[staffed[0][1].display_name()]["Status"] == "Outstanding"
    assert len(rows) == 4
    xlsx = report(client, headteacher, export="xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_report_is_for_heads_ict_managers_and_trust_administrators(
    client, social_media_policy, staff_user, ict_manager, policy_editor
):
    assert report(client, ict_manager).status_code == 200
    for outsider in (staff_user, policy_editor):
        response = report(client, outsider)
        assert response.status_code in (302, 403)


# -- reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_per_person_per_version(social_media_policy, staffed, staff_user, frozen):
    riverside, hillcrest = staffed
    acknowledge_policy(user=riverside[0], policy=social_media_policy)
    call_command("policy_acknowledgement_reminders", stdout=io.StringIO())
    first = {message.to[0] for message in mail.outbox}
    assert riverside[0].email not in first
    assert {riverside[1].email, hillcrest[0].email, staff_user.email} <= first
    assert all(message.subject == "Please read and acknowledge: Social Media Policy" for message in mail.outbox)
    sent = len(mail.outbox)

    call_command("policy_acknowledgement_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == sent, "running twice sends nothing new"

    frozen.shift(datetime.timedelta(days=40))
    publish_change(social_media_policy, major=True, version="2.0")
    call_command("policy_acknowledgement_reminders", stdout=io.StringIO())
    again = {message.to[0] for message in mail.outbox[sent:]}
    assert riverside[0].email in again, "a new version in force asks everyone again"


def test_the_editor_opens_with_re_acknowledgement_unticked(client, social_media_policy, ceo, policy_index):
    from policy.demo_policies import grant_policy_permissions

    grant_policy_permissions(policy_index)
    page = PolicyPage.objects.get(pk=social_media_policy.pk).get_latest_revision_as_object()
    page.needs_reacknowledgement = True
    page.save_revision()
    assert PolicyPage.objects.get(pk=page.pk).get_latest_revision().content["needs_reacknowledgement"] is True
    assert not PolicyPage.objects.get(pk=page.pk).get_latest_revision_as_object().needs_reacknowledgement
    client.force_login(ceo)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert not response.context["form"]["needs_reacknowledgement"].value()


def test_dashboard_panel_shows_the_schools_count(client, social_media_policy, staffed, headteacher, school):
    acknowledge_policy(user=staffed[0][0], policy=social_media_policy)
    client.force_login(headteacher)
    dashboard = dashboard_as_shown(client)
    assert "Policy acknowledgements" in dashboard
    assert "1 of 4" in dashboard  # r0 of r0–r2 and the headteacher
    assert "Hillcrest Academy" not in dashboard


def test_acknowledging_without_opening_the_policy_is_refused(client, social_media_policy, staff_user):
    from policy.models import PolicyView

    client.force_login(staff_user)
    url = reverse("acknowledge:policy", args=[social_media_policy.pk])
    response = client.post(url, follow=True)
    assert "Open and read the policy before you confirm" in response.text
    assert not PolicyAcknowledgement.objects.exists()
    # That response was the policy itself: now opened, recorded, and the statement counts.
    assert PolicyView.objects.filter(user=staff_user, policy=social_media_policy).exists()
    response = client.post(url, follow=True)
    assert "Thank you. You have acknowledged “Social Media Policy”" in response.text
    assert PolicyAcknowledgement.objects.filter(user=staff_user, policy=social_media_policy).count() == 1


def test_a_major_change_must_be_opened_again_before_acknowledging(client, social_media_policy, staff_user):
    client.force_login(staff_user)
    client.get(social_media_policy.url)
    publish_change(social_media_policy, major=True, version="2.0")
    url = reverse("acknowledge:policy", args=[social_media_policy.pk])
    assert "Open and read the policy" in client.post(url, follow=True).text
    assert "You have acknowledged “Social Media Policy” (version 2.0)" in client.post(url, follow=True).text
