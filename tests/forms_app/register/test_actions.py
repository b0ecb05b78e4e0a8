"""Mark live, transfer and close: each works, is in the audit log, and refuses bad input without change."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from forms_app.constants import SiteRole
from forms_app.models import RegisterEntry, RegisterStatus, SchoolLogEntry
from forms_app.register.services import close_entry, mark_entry_live, transfer_site_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2027, 2, 1, 10, 0, tzinfo=datetime.UTC)


def action_url(action, entry):
    return reverse(f"forms_app_registerentry_modeladmin_{action}", args=[entry.pk])


def logged(entry, action):
    return SchoolLogEntry.objects.filter(action=f"forms_app.register.{action}", object_id=str(entry.pk))


def snapshot(entry):
    entry = RegisterEntry.objects.get(pk=entry.pk)
    people = sorted((p.role, p.user_id, p.name) for p in entry.people.all())
    return (entry.status, entry.url, entry.went_live_on, entry.closed_on, entry.closure_reason, people)


# Mark live


@time_machine.travel(TODAY, tick=False)
def test_marking_live_records_the_address_and_is_logged(client, entry, ict_manager):
    client.force_login(ict_manager)
    response = client.post(
        action_url("mark_live", entry),
        {"url": "https://x.com/riversidepe", "handle": "@riversidepe", "went_live_on": "2027-01-12"},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == RegisterStatus.LIVE
    assert entry.url == "https://x.com/riversidepe"
    assert entry.handle == "@riversidepe"
    assert entry.went_live_on == datetime.date(2027, 1, 12)
    log_entry = logged(entry, "mark_live").get()
    assert log_entry.user == ict_manager
    assert log_entry.data["url"] == "https://x.com/riversidepe"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the web address of the live site"),
        ("ftp://files.example.org/site", "starts with http:// or https://"),
        ("javascript:alert(1)", "starts with http:// or https://"),
        ("not a web address", "starts with http:// or https://"),
    ],
)
def test_marking_live_without_a_web_address_is_refused(client, entry, ict_manager, url, message):
    before = snapshot(entry)
    client.force_login(ict_manager)

    response = client.post(action_url("mark_live", entry), {"url": url, "handle": "@kept"})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "data-error-summary" in html and 'href="#id_url"' in html
    assert 'value="@kept"' in html  # what the user typed is kept
    assert snapshot(entry) == before
    assert not logged(entry, "mark_live").exists()


def test_a_live_site_cannot_be_marked_live_again(entry, ict_manager):
    mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/a")
    with pytest.raises(ValidationError, match="Only a site awaiting creation"):
        mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/b")
    entry.refresh_from_db()
    assert entry.url == "https://x.com/a"


# Transfer


def test_transfer_replaces_an_administrator_and_is_logged(client, entry, ict_manager, site_staff):
    leaving = entry.people.get(user=site_staff["admins"][0])
    client.force_login(ict_manager)

    response = client.post(action_url("transfer", entry), {"person": leaving.pk, "replacement": site_staff["spare"].pk})

    assert response.status_code == 302
    admins = set(entry.people.filter(role=SiteRole.ADMINISTRATOR).values_list("user", flat=True))
    assert admins == {site_staff["spare"].pk, site_staff["admins"][1].pk}
    log_entry = logged(entry, "transfer").get()
    assert log_entry.data == {
        "role": "administrator",
        "from": site_staff["admins"][0].get_full_name(),
        "to": site_staff["spare"].display_name(),
    }


def test_transfer_to_an_inactive_account_is_refused(client, entry, ict_manager, site_staff):
    leaver = UserFactory(username="leaver", school=entry.school, is_active=False)
    person = entry.people.get(user=site_staff["mods"][0])
    before = snapshot(entry)
    client.force_login(ict_manager)

    response = client.post(action_url("transfer", entry), {"person": person.pk, "replacement": leaver.pk})

    assert response.status_code == 200
    assert "that account is not active" in response.content.decode()
    assert snapshot(entry) == before

    with pytest.raises(ValidationError, match="account is not active"):
        transfer_site_role(entry=entry, user=ict_manager, person=person, replacement=leaver)
    assert snapshot(entry) == before


def test_transfer_to_someone_already_in_that_role_is_refused(client, entry, ict_manager, site_staff):
    person = entry.people.get(user=site_staff["admins"][0])
    before = snapshot(entry)
    client.force_login(ict_manager)

    response = client.post(
        action_url("transfer", entry), {"person": person.pk, "replacement": site_staff["admins"][1].pk}
    )

    assert response.status_code == 200
    assert "is already one of this site's administrators" in response.content.decode().replace("&#x27;", "'")
    assert snapshot(entry) == before


def test_removing_a_moderator_without_replacement_below_two_is_refused(client, entry, ict_manager, site_staff):
    person = entry.people.get(user=site_staff["mods"][0])
    before = snapshot(entry)
    client.force_login(ict_manager)

    response = client.post(action_url("transfer", entry), {"person": person.pk, "replacement": ""})

    assert response.status_code == 200
    assert "must keep at least 2 moderators" in response.content.decode()
    assert snapshot(entry) == before
    assert not logged(entry, "transfer").exists()


def test_removing_a_third_moderator_is_allowed(entry, ict_manager, site_staff):
    spare = entry.people.create(role=SiteRole.MODERATOR, user=site_staff["spare"])

    transfer_site_role(entry=entry, user=ict_manager, person=spare, replacement=None)

    assert entry.people.filter(role=SiteRole.MODERATOR).count() == 2
    assert logged(entry, "transfer").get().data["to"] == ""


def test_replacing_a_leaver_restores_cover(entry, ict_manager, site_staff):
    """A deactivated administrator no longer counts; replacing them is always allowed."""
    leaver = site_staff["admins"][0]
    leaver.is_active = False
    leaver.save()
    person = entry.people.get(user=leaver)

    transfer_site_role(entry=entry, user=ict_manager, person=person, replacement=site_staff["spare"])

    assert entry.people.filter(role=SiteRole.ADMINISTRATOR, user=site_staff["spare"]).exists()


# Close


@time_machine.travel(TODAY, tick=False)
def test_closing_records_date_and_reason_and_is_logged(client, entry, headteacher):
    mark_entry_live(entry=entry, user=headteacher, url="https://x.com/a", went_live_on=datetime.date(2027, 1, 12))
    client.force_login(headteacher)

    response = client.post(action_url("close", entry), {"closed_on": "2027-01-31", "reason": "Season ended."})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == RegisterStatus.CLOSED
    assert entry.closed_on == datetime.date(2027, 1, 31)
    assert entry.closure_reason == "Season ended."
    assert logged(entry, "close").get().user == headteacher
    # A closed site offers no more actions.
    assert client.get(action_url("transfer", entry)).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_closing_before_go_live_is_refused(client, entry, headteacher):
    mark_entry_live(entry=entry, user=headteacher, url="https://x.com/a", went_live_on=datetime.date(2027, 1, 12))
    before = snapshot(entry)
    client.force_login(headteacher)

    response = client.post(action_url("close", entry), {"closed_on": "2027-01-05", "reason": "Changed our minds."})

    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be before the site went live (12 January 2027)" in html
    assert 'href="#id_closed_on"' in html
    assert "Changed our minds." in html
    assert snapshot(entry) == before


@time_machine.travel(TODAY, tick=False)
def test_closing_needs_a_date_and_a_reason(entry, headteacher):
    before = snapshot(entry)
    with pytest.raises(ValidationError) as error:
        close_entry(entry=entry, user=headteacher, closed_on=None, reason=" ")
    assert set(error.value.message_dict) == {"closed_on", "reason"}
    assert snapshot(entry) == before


def test_the_edit_form_refuses_a_password(client, entry, ict_manager):
    client.force_login(ict_manager)
    url = reverse("forms_app_registerentry_modeladmin_edit", args=[entry.pk])

    response = client.post(url, {"handle": "", "credentials_location": "Password: hunter2", "notes": ""})

    assert response.status_code == 200
    assert "never the password itself" in response.content.decode()
    entry.refresh_from_db()
    assert entry.credentials_location == ""


@time_machine.travel(TODAY, tick=False)
def test_a_site_never_created_can_be_closed_but_not_before_approval(entry, headteacher):
    """Abandoned before creation: its proposed go-live (10 January 2027) was only a plan."""
    with pytest.raises(ValidationError, match="before the site was approved"):
        close_entry(entry=entry, user=headteacher, closed_on=datetime.date(2026, 1, 1), reason="Never needed.")

    close_entry(entry=entry, user=headteacher, closed_on=datetime.date(2027, 1, 5), reason="Never needed.")

    entry.refresh_from_db()
    assert entry.status == RegisterStatus.CLOSED


@time_machine.travel(TODAY, tick=False)
def test_a_go_live_date_in_the_future_is_refused(entry, ict_manager):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/a", went_live_on=datetime.date(2027, 3, 1))
    assert RegisterEntry.objects.get(pk=entry.pk).status == RegisterStatus.AWAITING_CREATION
