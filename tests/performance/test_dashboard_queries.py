"""The dashboard asks Wagtail's page tasks what awaits the reader's review only when a page is in a workflow.

Wagtail's "Awaiting your review" asks every active task, one by one, for the states the
reader may decide: about ten queries on every visit of every approver. Most of the time
no page is in a workflow at all, and the panel would show nothing. (With a policy waiting,
the Headteacher's dashboard lists it: ``tests/policy/test_governance.py``.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
