"""The approvers' request listing costs the same queries with 10 and with 10,000 submissions of several forms.

Issue 29: one table holds the submissions of every form, Appendix B's and those of the
forms built in the admin, and one inbox lists them. The rows are made in bulk (requests,
their revisions, workflow states and task states, as ``intranet.scale_requests`` does for
the benchmark's data) so the test stays quick; they await the Headteacher who signs in,
spread over three built forms and Appendix B.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import SocialMediaApprovalTask, SocialMediaSiteRequest
from intranet.scale_data import gather_statistics
from intranet.scale_requests import start_workflows
from tests.forms_app.built_forms.factories import (
    ICT_THEN_HEAD,
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
)
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db

INBOX = "/admin/social-media/requests/"
APPENDIX_B_TITLE = "Social Media Site Creation Approval Form"


@pytest.fixture
def forms(staff_home):
    """Three built forms (two chains) published at version 1."""
    return [
        make_approval_form(staff_home),
        make_approval_form(
            staff_home, title="Take part in a third party's site", slug="third-party", chain=ICT_THEN_HEAD, prefix="TP"
        ),
        make_approval_form(staff_home, title="Make an organisation a friend", slug="friend", prefix="FR"),
    ]


def bulk_submissions(*, author, forms, count: int, start: int) -> list[SocialMediaSiteRequest]:
    """``count`` requests awaiting the Headteacher, in turn on each of ``forms`` and on Appendix B, made in bulk."""
    templates = [
        built_request(author=author, form=form, answers=complete_blocked_content_answers(form.current_version()))
        for form in forms
    ]
    templates.append(complete_request(author=author, declaration=True))
    fields = [
        {
            f.attname: getattr(template, f.attname)
            for f in SocialMediaSiteRequest._meta.concrete_fields
            if f.name not in ("id", "public_id", "reference")
        }
        for template in templates
    ]
    SocialMediaSiteRequest.objects.filter(pk__in=[t.pk for t in templates]).delete()
    rows = []
    for number, values in zip(range(start, start + count), itertools.cycle(fields), strict=False):
        prefix = "SM" if values["form_version_id"] is None else f"F{values['form_version_id']}"
        rows.append(
            SocialMediaSiteRequest(
                **{**values, "reference": f"{prefix}-{number:06d}", "status": RequestStatus.AWAITING_HEAD}
            )
        )
    requests = SocialMediaSiteRequest.objects.bulk_create(rows, batch_size=500)
    task = SocialMediaApprovalTask.objects.get(role=ApprovalStep.HEADTEACHER)
    start_workflows(requests, lambda request: task)
    # As autovacuum would after a bulk load: without table statistics PostgreSQL's planner
    # takes a thousand rows for one and nests loops over them (36 s for one panel query).
    gather_statistics(say=lambda message: None)
    return requests


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def test_the_inbox_costs_the_same_queries_for_10_and_10000_submissions_of_several_forms(
    client, forms, staff_user, headteacher
):
    client.force_login(headteacher)
    client.get(INBOX)  # warm the session and content types
    urls = [INBOX, INBOX + "?show=awaiting_me", INBOX + f"?form={forms[1].pk}", INBOX + "?form=appendix_b"]

    small = bulk_submissions(author=staff_user, forms=forms, count=10, start=1)
    counts_for_10 = {}
    for url in urls:
        counts_for_10[url], html = queries_for(client, url)
        if url == INBOX:
            # Every form's requests are listed, each named by its form.
            assert all(request.reference in html for request in small)
            assert "Request access to blocked content" in html and APPENDIX_B_TITLE in html
            assert "Take part in a third party&#x27;s site" in html and "Make an organisation a friend" in html
        if "form=" in url:
            on_form = [r for r in small if (r.form_version.form_id if r.form_version_id else None) == forms[1].pk]
            wanted = on_form if "appendix_b" not in url else [r for r in small if not r.form_version_id]
            assert wanted and all(r.reference in html for r in wanted)
            assert not any(r.reference in html for r in small if r not in wanted)

    bulk_submissions(author=staff_user, forms=forms, count=9990, start=100)
    assert SocialMediaSiteRequest.objects.filter(status=RequestStatus.AWAITING_HEAD).count() == 10000
    counts_for_10000 = {url: queries_for(client, url)[0] for url in urls}

    assert counts_for_10000 == counts_for_10
    # The dashboard's panel lists built forms' requests beside Appendix B's (its query counts are tested in
    # tests/forms_app/workflow/test_dashboard.py).
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and dashboard.text.count("Review and approve") == 10
