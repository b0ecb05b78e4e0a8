"""The register listing: each row's columns, links and actions, escaping, the export's names, and its queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_app.models import RegisterEntry, RegisterStatus

pytestmark = pytest.mark.django_db
INDEX = "forms_app_registerentry_modeladmin_index"


def url(action, entry):
    return reverse(f"forms_app_registerentry_modeladmin_{action}", args=[entry.pk])


def test_a_row_shows_the_entry_and_links_to_its_actions(client, entry, ict_manager):
    client.force_login(ict_manager)

    html = client.get(reverse(INDEX)).content.decode()

    assert f'<tr class="odd" data-object-pk="{entry.pk}">' in html
    assert (
        f'<td class="field-account_name title"><div class="title-wrapper"><a href="{url("edit", entry)}" '
        'title="Edit this register entry">Riverside PE</a></div><ul class="actions">'
    ) in html
    actions = [("inspect", "Inspect"), ("edit", "Edit"), ("mark_live", "Mark live"), ("close", "Close site")]
    for action, label in actions:
        assert f'<li><a href="{url(action, entry)}" class="button button-secondary button-small"' in html
        assert f">{label}</a></li>" in html
    assert f'<td class="field-school title nowrap">{entry.school.name}</td>' in html
    assert '<td class="field-platform_name title">X (Twitter)</td>' in html
    # The status column is the ModelAdmin's (it adds an amendment under way), so its class names it.
    assert '<td class="field-status_label title">Approved — awaiting creation</td>' in html
    assert '<td class="field-cover title">Administrators 2, moderators 2</td>' in html
    assert '<td class="field-closure_date title nowrap">20 Jul 2027</td>' in html


def test_a_closed_entry_can_only_be_inspected(client, entry, trust_admin):
    RegisterEntry.objects.filter(pk=entry.pk).update(status=RegisterStatus.CLOSED)
    client.force_login(trust_admin)

    html = client.get(reverse(INDEX)).content.decode()

    assert f'<a href="{url("inspect", entry)}" title="Inspect this register entry">Riverside PE</a>' in html
    assert not any(url(action, entry) in html for action in ("edit", "mark_live", "transfer", "close"))


def test_what_was_typed_is_escaped(client, entry, ict_manager):
    RegisterEntry.objects.filter(pk=entry.pk).update(account_name='<script>alert("x")</script>')
    client.force_login(ict_manager)

    html = client.get(reverse(INDEX)).content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_export_names_the_people_and_the_request(client, entry, ict_manager):
    client.force_login(ict_manager)

    response = client.get(reverse(INDEX), {"export": "csv"})

    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["Administrators"] == "Asha Patel; Ben Okafor"
    assert row["Moderators"] == "Cara Lewis; Dan Hughes"
    assert row["Reference"] == entry.request.reference


def entry_queries(captured):
    return [q["sql"] for q in captured if 'FROM "forms_app_registerentry' in q["sql"]]


def test_the_listing_counts_once_and_loads_no_people(client, entry, other_entry, ict_manager):
    client.force_login(ict_manager)
    client.get(reverse(INDEX))  # warm up per-process caches

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse(INDEX))

    queries = entry_queries(captured)
    assert len([sql for sql in queries if "COUNT(*)" in sql]) == 1, queries
    # People are counted in the page's own query (cover); the listing loads none of them.
    assert not [sql for sql in queries if sql.startswith('SELECT "forms_app_registerentryperson"')], queries
    assert len(queries) == 2, queries


def test_a_filtered_listing_counts_the_whole_register_and_the_matches(client, entry, ict_manager):
    client.force_login(ict_manager)

    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse(INDEX), {"status": "live"}).content.decode()

    assert len([sql for sql in entry_queries(captured) if "COUNT(*)" in sql]) == 2
    assert "0 out of 1" in html
