"""Search keeps its count and its pages of results in the shared cache, yet never shows a reader a stale or a
forbidden page: each audience has its own, and a page the worker has just indexed is found at once."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.forms_app.task_backends import use_task_backend

from .factories import make_policy, section


def found(client, words: str) -> str:
    return client.get("/search/", {"q": words}).content.decode()


@pytest.mark.django_db
def test_a_search_made_again_is_neither_counted_nor_ranked_again(client, policy_index):
    for n in range(12):
        make_policy(
            policy_index, title=f"Policy {n}", slug=f"p-{n}", body=[section("1", "Who", ("1.1", "Moderators."))]
        )
    first = found(client, "moderators")

    with CaptureQueriesContext(connection) as captured:
        again = found(client, "moderators")

    assert again == first and "12 results for" in again
    asked = " ".join(query["sql"] for query in captured).upper()
    assert "COUNT(" not in asked and "TS_RANK" not in asked and " MATCH " not in asked, asked


@pytest.mark.django_db
def test_readers_kept_out_of_different_sections_never_share_results(client, policy_index, staff_user, ict_manager):
    governors = Group.objects.create(name="Governors")
    ict_manager.groups.add(governors)
    minutes = make_policy(
        policy_index, title="Governors' Minutes", slug="minutes", body=[section("1", "Budget", ("1.1", "Zebracorn."))]
    )
    restriction = PageViewRestriction.objects.create(page=minutes, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(governors)
    make_policy(policy_index, title="Open Policy", slug="open", body=[section("1", "All", ("1.1", "Zebracorn."))])

    client.force_login(ict_manager)
    assert "Governors&#x27; Minutes" in found(client, "zebracorn")
    client.force_login(staff_user)
    seen = found(client, "zebracorn")
    assert "Open Policy" in seen and "Governors&#x27; Minutes" not in seen
    client.logout()
    seen = found(client, "zebracorn")
    assert "Open Policy" in seen and "Governors&#x27; Minutes" not in seen
    client.force_login(ict_manager)
    assert "Governors&#x27; Minutes" in found(client, "zebracorn")


def run_worker() -> None:
    """Run the task worker the way production does, until no task is ready (``--batch``)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_is_found_as_soon_as_the_worker_has_indexed_it(client, policy_index):
    with use_task_backend("django_tasks_db.DatabaseBackend"):
        run_worker()
        make_policy(policy_index, title="Trip Policy", slug="trips", body=[section("1", "Kit", ("1.1", "Zebracorn."))])
        # Published and committed, but the search index is written by the worker: not found yet.
        assert "0 results for" in found(client, "zebracorn")

        run_worker()

        assert "Trip Policy" in found(client, "zebracorn")
