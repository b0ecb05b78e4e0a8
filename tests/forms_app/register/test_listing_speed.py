"""The trust-wide register is counted from the register alone, so its count stays cheap at trust scale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db
INDEX = "forms_app_registerentry_modeladmin_index"


def counts(client) -> tuple[list[str], str]:
    client.get(reverse(INDEX))  # warm up per-process caches
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse(INDEX)).content.decode()
    return [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")], html


def test_the_trust_wide_count_reads_only_the_register(client, entry, other_entry, trust_admin):
    client.force_login(trust_admin)

    queries, html = counts(client)

    assert len(queries) == 1, queries
    # Counted through the requests' table, 80,000 entries took about 80 ms; alone, a few.
    assert "JOIN" not in queries[0], queries
    assert "2 out of 2" in html


def test_a_school_count_reads_only_that_schools_entries(client, entry, other_entry, ict_manager):
    client.force_login(ict_manager)

    queries, html = counts(client)

    assert len(queries) == 1 and "JOIN" not in queries[0], queries
    assert "1 out of 1" in html
