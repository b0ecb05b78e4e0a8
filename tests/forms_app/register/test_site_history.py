"""Reports → Site history and its CSV show a school's register and request history only to that school.

Regression: the report listed every school's register log (account names, approvers,
"Marked live at https://…") to the ICT Managers and Headteachers of any school.
"""

import pytest
from django.urls import reverse

from forms_app.models import SchoolLogEntry
from forms_app.register.services import mark_entry_live

pytestmark = pytest.mark.django_db
REPORT = "wagtailadmin_reports:site_history"


def report(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse(REPORT), params)
    assert response.status_code == 200
    if response.streaming:  # the CSV export
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def live_entries(entry, other_entry, ict_manager):
    mark_entry_live(entry=entry, user=ict_manager, url="https://example.org/riverside-pe")
    other_ict = other_entry.school.members.get(username="other-ict")
    mark_entry_live(entry=other_entry, user=other_ict, url="https://example.org/hillcrest-drama")
    return entry, other_entry


@pytest.mark.parametrize("role", ["ict_manager", "headteacher"])
@pytest.mark.parametrize("export", ["", "csv"])
def test_site_history_report_leaks_no_other_schools_history(client, live_entries, role, export, request):
    html = report(client, request.getfixturevalue(role), **({"export": export} if export else {}))

    assert "Riverside PE" in html
    assert "Hillcrest Drama" not in html


@pytest.mark.parametrize("role", ["trust_admin", "superuser"])
def test_trust_wide_roles_see_every_schools_history(client, live_entries, role, request, django_user_model):
    user = (
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
        if role == "superuser"
        else request.getfixturevalue(role)
    )
    html = report(client, user)

    assert "Riverside PE" in html and "Hillcrest Drama" in html


def test_history_is_recorded_with_the_school(live_entries):
    entry, other_entry = live_entries

    assert (
        SchoolLogEntry.objects.filter(object_id=str(entry.pk), action="forms_app.register.mark_live").get().school_id
        == entry.school_id
    )
    assert set(SchoolLogEntry.objects.values_list("school_id", flat=True)) == {entry.school_id, other_entry.school_id}
