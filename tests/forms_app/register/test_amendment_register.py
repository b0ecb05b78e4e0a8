"""Issue 25: an approved amendment updates the register entry; until then the entry keeps its last approved details."""

import datetime

import pytest
from django.urls import reverse

from forms_app.constants import RequestStatus, SiteRole
from forms_app.models import RegisterEntry, SchoolLogEntry, SitePerson
from forms_app.register.services import mark_entry_live, mark_overdue_entries
from forms_app.request_form.services import save_draft
from forms_app.workflow.services import approve_task, start_amendment, submit_request

pytestmark = pytest.mark.django_db

NEW_NAME = "Riverside PE and Sport"


def people_of(entry):
    return sorted((p.role, p.user_id) for p in entry.people.all())


def test_an_approved_amendment_updates_the_register_entry_and_keeps_what_happened_since(
    client, entry, approved_request, staff_user, site_staff, ict_manager, headteacher
):
    mark_entry_live(entry=entry, user=ict_manager, url="https://x.com/riversidepe")
    before = people_of(entry)
    leaving, joining = site_staff["mods"][1], site_staff["spare"]

    start_amendment(site_request=approved_request, user=staff_user)
    approved_request.refresh_from_db()
    approved_request.account_name = NEW_NAME
    people = [
        SitePerson(role=p.role, user=joining if p.user_id == leaving.pk else p.user)
        for p in approved_request.site_people.order_by("role", "sort_order", "pk")
    ]
    save_draft(site_request=approved_request, people=people)
    submit_request(site_request=approved_request, user=staff_user)
    approve_task(site_request=approved_request, user=ict_manager, attested=True)
    approved_request.refresh_from_db()
    assert approved_request.status == RequestStatus.AMEND_HEAD

    # Meanwhile the site stays in the register under its last approved details.
    entry.refresh_from_db()
    assert entry.account_name == "Riverside PE" and people_of(entry) == before
    client.force_login(ict_manager)
    listing = client.get(reverse("forms_app_registerentry_modeladmin_index")).text
    assert "Riverside PE" in listing and NEW_NAME not in listing

    approve_task(site_request=approved_request, user=headteacher, attested=True)

    entry.refresh_from_db()
    assert entry.account_name == NEW_NAME
    assert (SiteRole.MODERATOR, joining.pk) in people_of(entry)
    assert (SiteRole.MODERATOR, leaving.pk) not in people_of(entry)
    assert entry.url == "https://x.com/riversidepe" and entry.status == "live"
    assert RegisterEntry.objects.filter(request=approved_request).count() == 1
    log = SchoolLogEntry.objects.for_instance(entry).get(action="forms_app.register.amended")
    assert log.data["changed"] == ["account_name", "people"] and log.user_id == headteacher.pk
    inspect = client.get(reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk])).text
    assert NEW_NAME in inspect and joining.display_name() in inspect
    history = client.get(reverse("forms_app_registerentry_modeladmin_history", args=[entry.pk])).text
    assert "Updated from the amendment approved" in history


def test_an_amendment_moving_the_closure_date_later_reopens_a_site_marked_closure_due(
    entry, approved_request, staff_user, ict_manager, headteacher
):
    mark_overdue_entries(today=entry.closure_date)
    entry.refresh_from_db()
    assert entry.status == "closure_due"

    start_amendment(site_request=approved_request, user=staff_user)
    approved_request.refresh_from_db()
    approved_request.closure_date = entry.closure_date + datetime.timedelta(days=150)
    save_draft(site_request=approved_request, people=None)
    submit_request(site_request=approved_request, user=staff_user)
    approve_task(site_request=approved_request, user=ict_manager, attested=True)
    approve_task(site_request=approved_request, user=headteacher, attested=True)

    entry.refresh_from_db()
    assert entry.closure_date == approved_request.closure_date
    assert entry.status == "awaiting_creation"  # never marked live
