"""Settings → Users does what the Leaver… button does, and never deletes a person the record needs.

Regressions (issue 24): deactivating the only ICT Manager with the users listing's "Set
active state" left their waiting request with nobody (no hand-over, nobody told);
deleting a user who wrote a request answered HTTP 500 (a protected foreign key).
"""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.models import User
from tests.factories import UserFactory
from tests.forms_app.factories import approved_request, submitted_request

pytestmark = pytest.mark.django_db


def bulk_url(action: str, *users) -> str:
    return reverse("wagtail_bulk_action", args=("home", "user", action)) + "?" + "&".join(f"id={u.pk}" for u in users)


def escalations(site_request) -> list:
    return [m for m in mail.outbox if site_request.reference in m.body and "deactivated" in m.body]


# --- Deactivating ---------------------------------------------------------------------------------


def test_set_active_state_in_the_listing_hands_the_waiting_request_to_the_trust(
    client, superuser, staff_user, ict_manager, trust_people, committed
):
    waiting = submitted_request(author=staff_user)
    client.force_login(superuser)

    with committed():
        response = client.post(bulk_url("set_active_state", ict_manager), {"mark_as_active": "False"})

    assert response.status_code == 302
    ict_manager.refresh_from_db()
    assert not ict_manager.is_active
    escalation = escalations(waiting)
    assert len(escalation) == 1
    assert set(escalation[0].to) == {person.email for person in trust_people}
    entry = ModelLogEntry.objects.get(object_id=str(ict_manager.pk), action="forms_app.leaver.deactivate")
    assert entry.user_id == superuser.pk and entry.data["waiting_only_on_them"] == [waiting.reference]


def test_unticking_active_in_the_edit_form_hands_on_the_same_way(
    client, superuser, staff_user, ict_manager, trust_people, committed
):
    from tests.home.accounts.test_sso_seams import edit_form_data

    waiting = submitted_request(author=staff_user)
    client.force_login(superuser)
    data = edit_form_data(ict_manager)
    del data["is_active"]

    with committed():
        response = client.post(reverse("wagtailusers_users:edit", args=[ict_manager.pk]), data)

    assert response.status_code == 302
    ict_manager.refresh_from_db()
    assert not ict_manager.is_active
    assert len(escalations(waiting)) == 1
    entry = ModelLogEntry.objects.get(object_id=str(ict_manager.pk), action="forms_app.leaver.deactivate")
    assert entry.user_id == superuser.pk


def test_marking_people_active_again_hands_nothing_on(client, superuser, staff_user, ict_manager, committed):
    ict_manager.is_active = False
    ict_manager.save()
    mail.outbox.clear()
    client.force_login(superuser)

    with committed():
        client.post(bulk_url("set_active_state", ict_manager), {"mark_as_active": "True"})

    ict_manager.refresh_from_db()
    assert ict_manager.is_active
    assert mail.outbox == []


# --- Deleting -------------------------------------------------------------------------------------


def test_deleting_a_person_who_wrote_a_request_is_refused_with_a_reason(client, superuser, staff_user):
    submitted_request(author=staff_user)
    client.force_login(superuser)
    url = reverse("wagtailusers_users:delete", args=[staff_user.pk])

    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.status_code == 200
        assert "cannot be deleted" in response.text and "Deactivate" in response.text
    assert User.objects.filter(pk=staff_user.pk).exists()


def test_deleting_an_approver_who_decided_a_request_is_refused(client, superuser, staff_user, ict_manager, headteacher):
    site_request = approved_request(author=staff_user, ict_manager=ict_manager, headteacher=headteacher)
    client.force_login(superuser)

    response = client.post(reverse("wagtailusers_users:delete", args=[headteacher.pk]), follow=True)

    assert response.status_code == 200 and "cannot be deleted" in response.text
    assert site_request.reference not in response.text
    assert User.objects.filter(pk=headteacher.pk).exists()


def test_bulk_delete_keeps_people_the_record_needs_and_deletes_the_rest(client, superuser, staff_user, school):
    submitted_request(author=staff_user)
    nobody = UserFactory(username="never-wrote", school=school)
    client.force_login(superuser)
    url = bulk_url("delete", staff_user, nobody) + "&next=" + reverse("wagtailusers_users:index")

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "cannot be deleted" in confirmation.text and "Deactivate" in confirmation.text
    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "1 user was kept" in response.text
    assert User.objects.filter(pk=staff_user.pk).exists()
    assert not User.objects.filter(pk=nobody.pk).exists()


def test_a_person_with_nothing_on_record_can_still_be_deleted(client, superuser, school):
    nobody = UserFactory(username="never-wrote", school=school)
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:delete", args=[nobody.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=nobody.pk).exists()
