"""The ICT Managers' dashboard panel: sites due to close, overdue, or below minimum cover."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from forms_app.models import RegisterEntry

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2027, 5, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def entries(entry, approve_school_request, site_staff):
    """Riverside PE closes within 30 days; Riverside Choir far off; Riverside Library far off but short of cover."""
    RegisterEntry.objects.filter(pk=entry.pk).update(closure_date=datetime.date(2027, 5, 20))
    result = {"due": entry}
    for name in ("Riverside Choir", "Riverside Library"):
        site_request = approve_school_request(account_name=name, closure_date=datetime.date(2028, 1, 1))
        result[name] = RegisterEntry.objects.get(request=site_request)
    result["Riverside Library"].people.filter(user=site_staff["mods"][0]).delete()
    return result


@time_machine.travel(NOW, tick=False)
def test_ict_manager_sees_sites_needing_attention(client, entries, other_entry, ict_manager):
    RegisterEntry.objects.filter(pk=other_entry.pk).update(closure_date=datetime.date(2027, 5, 2))
    client.force_login(ict_manager)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Social media sites needing attention" in html
    assert "Riverside PE" in html and "Closure due within 30 days" in html
    assert "Riverside Library" in html and "Below minimum cover: administrators 2, moderators 1" in html
    assert "Riverside Choir" not in html
    assert "Hillcrest Drama" not in html


@time_machine.travel(NOW, tick=False)
def test_overdue_sites_are_shown_as_overdue(client, entries, ict_manager):
    RegisterEntry.objects.filter(pk=entries["due"].pk).update(closure_date=datetime.date(2027, 4, 1))
    client.force_login(ict_manager)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Closure overdue" in html


@time_machine.travel(NOW, tick=False)
def test_a_deactivated_administrator_leaves_the_site_below_cover(client, entries, site_staff, ict_manager):
    site_staff["admins"][0].is_active = False
    site_staff["admins"][0].save()
    client.force_login(ict_manager)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Riverside Choir" in html
    assert "Below minimum cover: administrators 1, moderators 2" in html


@time_machine.travel(NOW, tick=False)
def test_headteachers_do_not_get_the_panel(client, entries, headteacher):
    client.force_login(headteacher)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Social media sites needing attention" not in html


@time_machine.travel(NOW, tick=False)
def test_the_panel_keeps_its_size_and_counts_the_rest(client, entries, ict_manager, monkeypatch):
    monkeypatch.setattr("forms_app.register.selectors.ATTENTION_PANEL_ROWS", 1)
    client.force_login(ict_manager)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Riverside PE" in html  # the soonest closure first
    assert "Riverside Library" not in html
    assert "and 1 more site needing attention, in the register" in html
    assert reverse("forms_app_registerentry_modeladmin_index") in html
