"""The demo command builds the trust and can be run again without changing anything."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from home import demo, roles
from home.models import HomePage, School, StaffHomePage, User
from home.selectors import final_approvers_for, ict_managers_for
from tests.conftest import current_totp_code

pytestmark = pytest.mark.django_db


def test_demo_builds_two_schools_and_a_central_team_with_approvers():
    call_command("load_demo_content")
    schools = School.objects.all()
    assert schools.filter(is_central_team=False).count() >= 2
    for school in schools:
        assert ict_managers_for(school).exists(), school
        assert final_approvers_for(school).exists(), school
    assert HomePage.objects.count() == 1
    assert StaffHomePage.objects.count() == 1


def test_running_demo_again_keeps_what_users_changed():
    call_command("load_demo_content")
    user = User.objects.get(username="staff.riverside")
    user.first_name = "Joanna"
    user.set_password("a-new-password-of-mine")
    user.save()
    counts = (User.objects.count(), HomePage.objects.count(), School.objects.count())

    call_command("load_demo_content")

    user.refresh_from_db()
    assert user.first_name == "Joanna"
    assert user.check_password("a-new-password-of-mine")
    assert (User.objects.count(), HomePage.objects.count(), School.objects.count()) == counts


@pytest.mark.parametrize("account", demo.ACCOUNTS, ids=lambda a: a.username)
def test_every_demo_account_signs_in_and_lands_in_the_right_place(client, account):
    call_command("load_demo_content")
    response = client.post(reverse("login"), {"username": account.username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    works_in_admin = account.is_superuser or any(role in roles.ADMIN_ROLES for role in account.roles)
    if works_in_admin:
        # The README's second factor: the demo authenticator secret's current code.
        assert response.url == reverse("mfa_authenticate")
        response = client.post(response.url, {"code": current_totp_code(demo.DEMO_TOTP_SECRET)})
        assert response.status_code == 302
    expected = reverse("wagtailadmin_home") if works_in_admin else StaffHomePage.objects.get().url
    assert response.url == expected
    assert client.get(response.url).status_code == 200
