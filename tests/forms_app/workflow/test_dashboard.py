"""The dashboard's "Awaiting your review" panel: only requests the user may decide, in constant queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import SocialMediaApprovalTask, SocialMediaSiteRequest
from forms_app.workflow.selectors import requests_awaiting_review
from forms_app.workflow.services import approve_task
from intranet.scale_data import gather_statistics
from intranet.scale_requests import start_workflows
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request, submitted_request

pytestmark = pytest.mark.django_db

PANEL_HEADING = "Social media site requests awaiting your review"


def bulk_pending(*, author, count: int, start: int, step: str = ApprovalStep.ICT_MANAGER) -> None:
    """Create ``count`` requests awaiting ``step`` (an ``ApprovalStep``), with their workflow rows, in a few queries."""
    status = RequestStatus.AWAITING_ICT if step == ApprovalStep.ICT_MANAGER else RequestStatus.AWAITING_HEAD
    template = complete_request(author=author, declaration=True)
    fields = {
        f.attname: getattr(template, f.attname)
        for f in SocialMediaSiteRequest._meta.concrete_fields
        if f.name not in ("id", "public_id", "reference")
    }
    requests = SocialMediaSiteRequest.objects.bulk_create(
        [
            SocialMediaSiteRequest(**{**fields, "reference": f"SM-2026-{start + i:05d}", "status": status})
            for i in range(count)
        ]
    )
    task = SocialMediaApprovalTask.objects.get(role=step)
    start_workflows(requests, lambda request: task)
    # As autovacuum would after a bulk load: without table statistics PostgreSQL's planner
    # takes a thousand rows for one and nests loops over them (36 s for one panel query).
    gather_statistics(say=lambda message: None)


def panel_html(page: str) -> str:
    """The request panel's part of the dashboard page."""
    start = page.index(PANEL_HEADING)
    return page[start : page.index("</table>", start)]


def dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    return len(queries), response.text


def test_the_dashboard_takes_the_same_queries_for_1_10_or_1000_pending_requests(client, author, ict_manager):
    client.force_login(ict_manager)
    client.get("/admin/")  # warm caches (content types, session)
    bulk_pending(author=author, count=1, start=1)
    queries_for_1, html = dashboard_queries(client)
    assert html.count("Review and approve") == 1 and "more awaiting your review" not in html

    bulk_pending(author=author, count=9, start=2)
    queries_for_10, html = dashboard_queries(client)
    assert html.count("Review and approve") == 10 and "more awaiting your review" not in html
    assert queries_for_10 == queries_for_1  # the total is not counted separately once the panel is full

    bulk_pending(author=author, count=990, start=100)
    queries_for_1000, html = dashboard_queries(client)
    assert html.count("Review and approve") == 10
    assert "and 990 more awaiting your review" in html and "?show=awaiting_me" in html
    assert queries_for_1000 == queries_for_10
    # Requests are matched on their integer keys, never by casting every request's id to text.
    cache.clear()  # the panel's HTML is kept in the cache: its rows are read afresh here
    with CaptureQueriesContext(connection) as captured:
        client.get("/admin/")
    assert not any('CAST("forms_app_socialmediasiterequest"."id"' in q["sql"] for q in captured.captured_queries)
    # The waiting task states are read by key (their workflows' current ones), not found by
    # joining every in-progress state of the step across the trust.
    panel_rows = [
        q["sql"]
        for q in captured.captured_queries
        if "OVER ()" in q["sql"] and 'FROM "forms_app_registerentry"' not in q["sql"]  # not the register's panel
    ]
    assert panel_rows and all('"wagtailcore_taskstate"."id" IN (' in sql for sql in panel_rows)


def test_the_headteachers_dashboard_takes_the_same_queries_for_1_or_1000_requests_at_their_step(
    client, author, headteacher
):
    client.force_login(headteacher)
    client.get("/admin/")  # warm caches (content types, session)
    bulk_pending(author=author, count=1, start=1, step=ApprovalStep.HEADTEACHER)
    queries_for_1, html = dashboard_queries(client)
    assert html.count("Review and approve") == 1

    bulk_pending(author=author, count=999, start=100, step=ApprovalStep.HEADTEACHER)
    queries_for_1000, html = dashboard_queries(client)
    assert html.count("Review and approve") == 10
    assert "and 990 more awaiting your review" in html
    assert queries_for_1000 == queries_for_1


def test_the_panel_lists_only_requests_the_user_may_decide(
    client,
    school,
    other_school,
    author,
    ict_manager,
    headteacher,
    other_ict_manager,
    django_capture_on_commit_callbacks,
):
    mine = submitted_request(author=author)
    own = submitted_request(author=ict_manager)
    elsewhere_author = UserFactory(username="elsewhere", school=other_school)
    elsewhere = submitted_request(author=elsewhere_author)

    assert [r.pk for r in requests_awaiting_review(user=ict_manager)] == [mine.pk]
    assert [r.pk for r in requests_awaiting_review(user=other_ict_manager)] == [elsewhere.pk]
    assert requests_awaiting_review(user=headteacher) == []  # nothing at the final step yet

    client.force_login(ict_manager)
    html = panel_html(client.get("/admin/").text)
    assert mine.reference in html
    assert own.reference not in html
    assert elsewhere.reference not in html

    approve_task(site_request=mine, user=ict_manager, attested=True)
    assert [r.awaiting_step for r in requests_awaiting_review(user=headteacher)] == [ApprovalStep.HEADTEACHER]
    assert requests_awaiting_review(user=ict_manager) == []


def test_the_approver_can_open_the_locked_edit_view(client, submitted, ict_manager):
    client.force_login(ict_manager)
    url_name = SocialMediaSiteRequest.snippet_viewset.get_url_name("edit")
    from django.urls import reverse

    response = client.get(reverse(url_name, args=[submitted.pk]))
    assert response.status_code == 200
