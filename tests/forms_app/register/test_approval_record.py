"""The signed approval record: its contents, and who may see it."""

import pytest
from django.urls import reverse

from forms_app.constants import ATTESTATIONS, ApprovalStep, RequestStatus
from forms_app.models.requests import answers_may_change
from forms_app.register.services import transfer_site_role
from home.models import StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def record_url(request):
    return reverse("approval_record", args=[request.public_id])


@pytest.fixture
def policy_page(home_page, approved_request):
    page = home_page.add_child(instance=StandardPage(title="Social Media Policy", slug="social-media-policy"))
    approved_request.policy_page = page
    with answers_may_change():  # set-up: the policy recorded at submission
        approved_request.save()
    return page


def test_the_record_is_appendix_b_filled_in_with_both_signatures(
    client, entry, approved_request, policy_page, staff_user, ict_manager, headteacher
):
    client.force_login(staff_user)
    response = client.get(record_url(approved_request))

    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert html.count("<h1") == 1
    assert "Social Media Site Creation Approval Form" in html
    assert approved_request.reference in html
    assert "Social Media Policy</a>, version 2026.2" in html
    assert "Share fixtures and results with families." in html
    school = approved_request.school.name
    assert f"Asha Patel ({school})<br>Ben Okafor ({school})" in html
    assert f"Cara Lewis ({school})<br>Dan Hughes ({school})" in html
    assert "Proposed date for site closure</th><td>20 July 2027" in html
    assert "Who will host the site?</th><td>Third party (please give host name): X Corp." in html
    # Both approvals: name, signed electronically, date and time in Europe/London, attestation.
    assert ict_manager.get_full_name() in html and headteacher.get_full_name() in html
    assert html.count("Signed electronically") == 2
    assert ATTESTATIONS[ApprovalStep.ICT_MANAGER] in html
    assert ATTESTATIONS[ApprovalStep.HEADTEACHER] in html
    assert "2 November 2026, 09:15 (GMT)" in html  # 09:15 UTC in November is 09:15 in London
    assert "3 November 2026, 16:40 (GMT)" in html
    assert "css/approval-record-print.css" in html


def test_times_are_shown_in_british_summer_time(client, entry, approved_request, staff_user):
    decision = approved_request.decisions.get(step=ApprovalStep.HEADTEACHER)
    decision.decided_at = decision.decided_at.replace(month=7, day=1, hour=8, minute=5)
    decision.save()
    client.force_login(staff_user)

    html = client.get(record_url(approved_request)).content.decode()

    assert "1 July 2026, 09:05 (BST)" in html


@pytest.mark.parametrize("who", ["author", "administrator", "moderator", "ict_manager", "headteacher", "superuser"])
def test_people_involved_may_see_the_record(client, entry, approved_request, site_staff, who, request):
    user = {
        "author": lambda: request.getfixturevalue("staff_user"),
        "administrator": lambda: site_staff["admins"][1],
        "moderator": lambda: site_staff["mods"][0],
        "ict_manager": lambda: request.getfixturevalue("ict_manager"),
        "headteacher": lambda: request.getfixturevalue("headteacher"),
        "superuser": lambda: UserFactory(username="root", is_superuser=True, school=None),
    }[who]()
    client.force_login(user)

    assert client.get(record_url(approved_request)).status_code == 200


def test_everyone_else_gets_not_found(client, entry, approved_request, outsider):
    client.force_login(outsider)

    assert client.get(record_url(approved_request)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, entry, approved_request):
    response = client.get(record_url(approved_request))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_new_administrator_after_transfer_may_see_the_record(client, entry, approved_request, site_staff):
    person = entry.people.get(user=site_staff["admins"][0])
    transfer_site_role(entry=entry, user=site_staff["admins"][1], person=person, replacement=site_staff["spare"])
    client.force_login(site_staff["spare"])

    assert client.get(record_url(approved_request)).status_code == 200


def test_a_request_that_is_not_approved_has_no_record(client, approved_request, staff_user):
    approved_request.status = RequestStatus.AWAITING_HEAD
    approved_request.save()
    client.force_login(staff_user)

    assert client.get(record_url(approved_request)).status_code == 404


def test_the_admin_request_listing_links_to_the_record(client, entry, approved_request):
    client.force_login(UserFactory(username="root", is_superuser=True, school=None))

    html = client.get(reverse("wagtailsnippets_forms_app_socialmediasiterequest:list")).content.decode()

    assert record_url(approved_request) in html
