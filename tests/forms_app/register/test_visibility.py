"""Who sees which register entries: own school for ICT Managers and Headteachers, all for the trust."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from forms_app.models import RegisterEntry
from home.models import School
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
INDEX = "forms_app_registerentry_modeladmin_index"


def listing(client, user, **params):
    client.force_login(user)
    return client.get(reverse(INDEX), params)


@pytest.mark.parametrize("role", ["ict_manager", "headteacher"])
def test_school_approvers_see_only_their_school(client, entry, other_entry, role, request):
    html = listing(client, request.getfixturevalue(role)).content.decode()

    assert "Riverside PE" in html
    assert "Hillcrest Drama" not in html


@pytest.mark.parametrize("role", ["trust_admin", "superuser"])
def test_trust_wide_roles_see_every_school(client, entry, other_entry, role, request, django_user_model):
    user = (
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
        if role == "superuser"
        else request.getfixturevalue(role)
    )
    html = listing(client, user).content.decode()

    assert "Riverside PE" in html and "Hillcrest Drama" in html


def test_staff_without_a_register_role_cannot_open_the_register(client, entry, staff_user):
    response = listing(client, staff_user)

    assert response.status_code == 302
    assert "Riverside PE" not in response.content.decode()


def test_another_schools_entry_cannot_be_inspected_or_changed(client, entry, other_entry, ict_manager):
    client.force_login(ict_manager)

    inspect = client.get(reverse("forms_app_registerentry_modeladmin_inspect", args=[other_entry.pk]))
    close = client.post(
        reverse("forms_app_registerentry_modeladmin_close", args=[other_entry.pk]),
        {"closed_on": "2027-02-01", "reason": "Not mine"},
    )

    assert inspect.status_code == 302 and close.status_code == 302
    assert RegisterEntry.objects.get(pk=other_entry.pk).closed_on is None
    own = client.get(reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk]))
    assert own.status_code == 200
    assert "Asha Patel" in own.content.decode()


def test_inspect_links_to_the_approval_record(client, entry, ict_manager):
    client.force_login(ict_manager)
    html = client.get(reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk])).content.decode()

    assert reverse("approval_record", args=[entry.request.public_id]) in html


def test_csv_export_lists_only_visible_entries(client, entry, other_entry, ict_manager):
    response = listing(client, ict_manager, export="csv")

    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Riverside PE" in body and "Hillcrest Drama" not in body
    assert entry.request.reference in body
    assert "Asha Patel; Ben Okafor" in body
    assert "Approved — awaiting creation" in body
    assert f"/staff/approval-records/{entry.request.public_id}/" in body


@time_machine.travel(datetime.datetime(2027, 7, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_closure_filters(client, entry, trust_admin, other_entry):
    # entry closes on 20 July 2027 (within 30 days); make the other one overdue.
    RegisterEntry.objects.filter(pk=other_entry.pk).update(closure_date=datetime.date(2027, 6, 1))

    due = listing(client, trust_admin, closure="due").content.decode()
    overdue = listing(client, trust_admin, closure="overdue").content.decode()

    assert "Riverside PE" in due and "Hillcrest Drama" not in due
    assert "Hillcrest Drama" in overdue and "Riverside PE" not in overdue


def test_search_by_reference(client, entry, other_entry, trust_admin):
    html = listing(client, trust_admin, q=other_entry.request.reference).content.decode()

    assert "Hillcrest Drama" in html and "Riverside PE" not in html


def test_an_ict_manager_who_moves_school_sees_the_new_school(client, entry, other_entry, other_school):
    mover = UserFactory(username="mover", school=other_school, roles=["Staff", "ICT Managers"])

    html = listing(client, mover).content.decode()

    assert "Hillcrest Drama" in html and "Riverside PE" not in html


def test_another_schools_history_is_not_shown(client, entry, other_entry, ict_manager):
    client.force_login(ict_manager)

    other = client.get(reverse("forms_app_registerentry_modeladmin_history", args=[other_entry.pk]))
    own = client.get(reverse("forms_app_registerentry_modeladmin_history", args=[entry.pk]))

    assert other.status_code == 302
    assert own.status_code == 200
    assert "Added to the register at final approval" in own.content.decode()


def test_xlsx_export_downloads(client, entry, ict_manager):
    response = listing(client, ict_manager, export="xlsx")

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_another_schools_entry_cannot_be_edited(client, entry, other_entry, ict_manager):
    client.force_login(ict_manager)

    response = client.post(
        reverse("forms_app_registerentry_modeladmin_edit", args=[other_entry.pk]),
        {"handle": "@mine", "credentials_location": "", "notes": ""},
    )

    assert response.status_code == 302
    assert RegisterEntry.objects.get(pk=other_entry.pk).handle == ""


def test_the_school_filter_is_a_list_to_choose_from_that_keeps_the_other_filters(
    client, entry, other_entry, trust_admin
):
    html = listing(client, trust_admin, status="live", q="Drama").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    select = soup.find("select", attrs={"name": "school"})
    assert select is not None, "the schools are offered in a drop-down list"
    assert soup.find("label", attrs={"for": select["id"]}).get_text(strip=True) == "By school"
    offered = [option.get_text(strip=True) for option in select.find_all("option")]
    assert offered == ["All", *School.objects.order_by("name").values_list("name", flat=True)]
    form = select.find_parent("form")
    kept = {field["name"]: field["value"] for field in form.find_all("input", attrs={"type": "hidden"})}
    assert kept == {"status": "live", "q": "Drama"}, "choosing a school keeps the status filter and the search"

    chosen = listing(client, trust_admin, school=other_entry.school_id).content.decode()
    assert "Hillcrest Drama" in chosen and "Riverside PE" not in chosen
    selected = (
        BeautifulSoup(chosen, "html.parser").find("select", attrs={"name": "school"}).find("option", selected=True)
    )
    assert selected.get_text(strip=True) == other_entry.school.name
