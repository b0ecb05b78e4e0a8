"""The approvers' "Social media site requests" listing, and the request chooser and bulk delete scoped the same way."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_app.models import SocialMediaSiteRequest
from forms_app.workflow.services import approve_task, request_changes, submit_request, withdraw_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request
from tests.forms_app.workflow.test_dashboard import bulk_pending

pytestmark = pytest.mark.django_db

INBOX = "/admin/social-media/requests/"


def submit(author, **answers):
    return submit_request(site_request=complete_request(author=author, declaration=True, **answers), user=author)


@pytest.fixture
def requests_of_both_schools(author, ict_manager, second_ict_manager, headteacher, other_school):
    """Riverside: one awaiting the ICT Manager, one awaiting the Head (approved by ``ict_manager``), one sent
    back by ``second_ict_manager``, one approved, one withdrawn. Hillcrest: one awaiting its ICT Manager."""
    awaiting_ict = submit(author, account_name="Awaiting ICT")
    awaiting_head = approve_task(
        site_request=submit(author, account_name="Awaiting Head"), user=ict_manager, attested=True
    )
    changes = request_changes(site_request=submit(author, account_name="Changes"), user=second_ict_manager, reason="x")
    approved = approve_task(
        site_request=approve_task(
            site_request=submit(author, account_name="Approved"), user=ict_manager, attested=True
        ),
        user=headteacher,
        attested=True,
    )
    withdrawn = withdraw_request(site_request=submit(author, account_name="Withdrawn"), user=author)
    other = submit(UserFactory(username="hill-author", school=other_school), account_name="Hillcrest club")
    return {
        "awaiting_ict": awaiting_ict,
        "awaiting_head": awaiting_head,
        "changes": changes,
        "approved": approved,
        "withdrawn": withdrawn,
        "other": other,
    }


def listed(client, query="") -> set[str]:
    response = client.get(INBOX + query)
    assert response.status_code == 200
    return {
        r.account_name
        for r in SocialMediaSiteRequest.objects.all()
        if re.search(rf"\s{re.escape(r.reference)}\s", response.text)
    }


def test_the_listing_shows_only_the_users_school(client, ict_manager, requests_of_both_schools):
    client.force_login(ict_manager)
    assert listed(client) == {"Awaiting ICT", "Awaiting Head", "Changes", "Approved", "Withdrawn"}


def test_filters(client, ict_manager, second_ict_manager, requests_of_both_schools):
    client.force_login(ict_manager)
    assert listed(client, "?show=awaiting_me") == {"Awaiting ICT"}
    assert listed(client, "?show=awaiting_others") == {"Awaiting Head"}
    assert listed(client, "?show=changes_requested") == {"Changes"}
    assert listed(client, "?show=approved") == {"Approved"}
    assert listed(client, "?show=withdrawn") == {"Withdrawn"}
    assert listed(client, "?decided_by_me=true") == {"Awaiting Head", "Approved"}
    assert listed(client, "?q=awaiting+head") == {"Awaiting Head"}
    reference = requests_of_both_schools["changes"].reference
    assert listed(client, f"?q={reference}") == {"Changes"}
    client.force_login(second_ict_manager)
    assert listed(client, "?decided_by_me=true") == {"Changes"}


def test_trust_administrators_see_every_school(client, central_team, requests_of_both_schools):
    trust = UserFactory(username="trust", school=central_team, roles=[roles.TRUST_ADMINISTRATORS])
    client.force_login(trust)
    assert "Hillcrest club" in listed(client)


def test_staff_have_no_listing(client, staff_user, requests_of_both_schools):
    staff_user.groups.add(Group.objects.get(name=roles.COMMUNICATIONS))
    client.force_login(staff_user)
    assert client.get(INBOX).status_code in (302, 403)


def test_the_chooser_lists_only_the_users_school(client, ict_manager, requests_of_both_schools):
    client.force_login(ict_manager)
    other = requests_of_both_schools["other"]
    mine = requests_of_both_schools["awaiting_ict"]
    chooser = client.get("/admin/snippets/choose/forms_app/socialmediasiterequest/")
    results = client.get("/admin/snippets/choose/forms_app/socialmediasiterequest/results/")
    assert chooser.status_code == 200
    assert mine.reference in chooser.text
    for response in (chooser, results):
        assert other.reference not in response.text
    chosen = client.get(f"/admin/snippets/choose/forms_app/socialmediasiterequest/chosen/{other.pk}/")
    assert chosen.status_code == 404


def test_the_bulk_delete_page_lists_only_the_users_school(client, ict_manager, requests_of_both_schools):
    client.force_login(ict_manager)
    other = requests_of_both_schools["other"]
    mine = requests_of_both_schools["awaiting_ict"]
    response = client.get(f"/admin/bulk/forms_app/socialmediasiterequest/delete/?id={other.pk}&id={mine.pk}")
    assert response.status_code == 200
    assert mine.reference in response.text
    assert other.reference not in response.text
    everything = client.get("/admin/bulk/forms_app/socialmediasiterequest/delete/?id=all")
    assert other.reference not in everything.text


def test_the_dashboard_says_nothing_is_waiting_and_links_to_the_listing(client, headteacher):
    client.force_login(headteacher)
    response = client.get("/admin/")
    assert "Nothing is waiting for your review." in response.text
    assert f'href="{INBOX}"' in response.text


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX + "?show=awaiting_me").status_code == 200
    return len(queries)


def test_the_listing_costs_the_same_queries_for_10_and_1000_requests(client, author, ict_manager):
    client.force_login(ict_manager)
    bulk_pending(author=author, count=10, start=1)
    small = count_queries(client)
    bulk_pending(author=author, count=990, start=100)
    assert count_queries(client) == small
