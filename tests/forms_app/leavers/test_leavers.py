"""Leavers: deactivating a person hands on what they held, and their sessions stop working."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.leavers.selectors import leaver_impact
from forms_app.leavers.services import deactivate_user
from forms_app.workflow.services import approve_task
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request, complete_request, submitted_request

pytestmark = pytest.mark.django_db


def test_deactivating_the_only_ict_manager_escalates_the_waiting_request_to_the_trust(
    client, staff_user, ict_manager, trust_people, django_capture_on_commit_callbacks
):
    waiting = submitted_request(author=staff_user)
    client.force_login(ict_manager)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        impact = deactivate_user(user=ict_manager, by=None)

    assert impact.waiting_only_on_them == [waiting]
    escalation = [m for m in mail.outbox if waiting.reference in m.body and "deactivated" in m.body]
    assert len(escalation) == 1
    assert set(escalation[0].to) == {person.email for person in trust_people}
    # Their open session no longer works: they are sent to sign in again.
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "login" in response.url
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.AWAITING_ICT


def test_a_step_another_approver_can_decide_stays_with_them_and_the_trust_is_not_emailed(
    staff_user, ict_manager, trust_people, school, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="ict2", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    waiting = submitted_request(author=staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        impact = deactivate_user(user=ict_manager, by=None)

    assert impact.waiting_on_others_too == [waiting] and impact.waiting_only_on_them == []
    assert not [m for m in mail.outbox if "deactivated" in m.body]
    approve_task(site_request=waiting, user=colleague, attested=True)
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.AWAITING_HEAD


def test_the_ict_approver_does_not_count_as_a_remaining_final_approver(staff_user, ict_manager, school):
    both = UserFactory(username="both", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS, roles.HEADTEACHERS])
    head = UserFactory(username="head2", school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    waiting = submitted_request(author=staff_user)
    approve_task(site_request=waiting, user=both, attested=True)

    assert leaver_impact(head).waiting_only_on_them == [waiting]


def test_register_entries_they_run_are_flagged_to_the_ict_managers_for_transfer(
    staff_user, ict_manager, headteacher, school, django_capture_on_commit_callbacks
):
    runners = UserFactory.create_batch(4, school=school)
    site_request = approved_request(
        author=staff_user,
        administrators=runners[:2],
        moderators=runners[2:],
        ict_manager=ict_manager,
        headteacher=headteacher,
    )
    draft = complete_request(author=runners[0])

    with django_capture_on_commit_callbacks(execute=True):
        impact = deactivate_user(user=runners[0], by=None)

    assert [e.request_id for e in impact.register_entries] == [site_request.pk]
    assert impact.drafts == [draft]
    transfer = [m for m in mail.outbox if "Transfer needed" in m.subject]
    assert len(transfer) == 1 and transfer[0].to == [ict_manager.email]
    assert site_request.account_name in transfer[0].body


def test_deactivating_in_the_users_edit_form_hands_on_the_same_way(
    staff_user, ict_manager, trust_people, django_capture_on_commit_callbacks
):
    waiting = submitted_request(author=staff_user)
    ict_manager.is_active = False

    with django_capture_on_commit_callbacks(execute=True):
        ict_manager.save()

    assert any(waiting.reference in m.body for m in mail.outbox)


def test_the_leaver_page_shows_the_impact_then_deactivates(
    client, superuser, staff_user, ict_manager, trust_people, django_capture_on_commit_callbacks
):
    waiting = submitted_request(author=staff_user)
    client.force_login(superuser)
    url = reverse("forms_app_leaver", args=[ict_manager.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert waiting.reference in page.text and "Requests only they can decide" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert response.status_code == 200
    ict_manager.refresh_from_db()
    assert not ict_manager.is_active
    assert any(waiting.reference in m.body for m in mail.outbox)


@pytest.mark.parametrize("who", ["ict_manager", "headteacher", "staff_user"])
def test_only_site_administrators_reach_the_leaver_page(client, who, request, staff_user):
    client.force_login(request.getfixturevalue(who))
    url = reverse("forms_app_leaver", args=[staff_user.pk])

    assert client.get(url).status_code in (302, 403)
    client.post(url)
    staff_user.refresh_from_db()
    assert staff_user.is_active


def test_the_command_shows_the_impact_and_deactivates(staff_user, ict_manager, capsys):
    waiting = submitted_request(author=staff_user)

    call_command("deactivate_user", ict_manager.username, "--yes")

    out = capsys.readouterr().out
    assert waiting.reference in out
    ict_manager.refresh_from_db()
    assert not ict_manager.is_active


def test_a_person_moved_to_another_school_loses_the_old_schools_approvals(staff_user, ict_manager, other_school):
    waiting = submitted_request(author=staff_user)
    ict_manager.school = other_school
    ict_manager.save()

    with pytest.raises(Exception, match="school"):
        approve_task(site_request=waiting, user=ict_manager, attested=True)
