"""What the dashboard reads again on every visit, and what it keeps until it changes.

Wagtail's "Awaiting your review" asks every active task, one by one, for the states the
reader may decide: about ten queries on every visit of every approver. Most of the time
no page is in a workflow at all, and the panel would show nothing. (With a policy waiting,
the Headteacher's dashboard lists it: ``tests/policy/test_governance.py``.)

The request panel is kept in the cache per person, until something it shows changes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_app.workflow.services import withdraw_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import submitted_request

pytestmark = pytest.mark.django_db

# The tables of the page approval tasks Wagtail's panel asks one by one.
PAGE_TASK_TABLES = ("wagtailcore_groupapprovaltask", "policy_policyapprovaltask")


def dashboard_queries(client) -> tuple[str, list[str]]:
    """GET the dashboard twice (the first warms per-process caches); return the second's HTML and SQL."""
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("wagtailadmin_home")).text
    return html, [query["sql"] for query in captured]


def test_with_no_page_in_a_workflow_the_headteachers_dashboard_asks_no_page_task(client, headteacher):
    client.force_login(headteacher)
    html, queries = dashboard_queries(client)
    assert "Social media site requests awaiting your review" in html
    assert 'id="awaiting-review"' not in html
    asked = [sql for sql in queries if any(table in sql for table in PAGE_TASK_TABLES)]
    assert not asked, asked


def panel_queries(client) -> tuple[str, list[str]]:
    """GET the dashboard once; return its HTML and the SQL that read the request panel's task states."""
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("wagtailadmin_home")).text
    return html, [query["sql"] for query in captured if "wagtailcore_taskstate" in query["sql"]]


def test_the_request_panel_is_kept_until_a_request_it_lists_changes(client, ict_manager, staff_user):
    site_request = submitted_request(author=staff_user)
    client.force_login(ict_manager)
    html, read = panel_queries(client)
    assert site_request.reference in html and read
    html, read = panel_queries(client)
    assert site_request.reference in html and not read, "read again although nothing changed"

    withdraw_request(site_request=site_request, user=staff_user)
    html, read = panel_queries(client)
    assert site_request.reference not in html and "Nothing is waiting for your review." in html


def test_each_approver_is_shown_their_own_panel(client, ict_manager, staff_user, other_school):
    site_request = submitted_request(author=staff_user)
    client.force_login(ict_manager)
    assert site_request.reference in client.get(reverse("wagtailadmin_home")).text
    other_ict_manager = UserFactory(school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    client.force_login(other_ict_manager)
    html = client.get(reverse("wagtailadmin_home")).text
    assert site_request.reference not in html and "Nothing is waiting for your review." in html
