"""The author's view of a request's history: submitted, each decision (who, when, comment), what is awaited."""

import pytest
from django.template import Context, Template
from time_machine import travel

from forms_app.workflow.services import approve_task, request_changes, submit_request
from forms_app.workflow.timeline import timeline_for
from tests.forms_app.factories import complete_request, submitted_request

pytestmark = pytest.mark.django_db


def render_timeline(request) -> str:
    return Template("{% load request_workflow %}{% request_timeline request %}").render(Context({"request": request}))


def test_a_draft_has_no_history(author):
    assert "Not submitted yet." in render_timeline(complete_request(author=author, declaration=True))


def test_the_timeline_shows_each_decision_with_who_when_and_comment(author, ict_manager, headteacher):
    request = complete_request(author=author, declaration=True)
    with travel("2026-11-02 09:00Z", tick=False):
        submit_request(site_request=request, user=author)
    with travel("2026-11-03 10:15Z", tick=False):
        approve_task(site_request=request, user=ict_manager, attested=True, comment="Privacy settings checked.")
    with travel("2026-11-04 14:30Z", tick=False):
        request_changes(site_request=request, user=headteacher, reason="Use the school crest.")

    entries = timeline_for(request)
    assert [(e.kind, e.who) for e in entries] == [
        ("submitted", author.display_name()),
        ("approved", ict_manager.get_full_name()),
        ("changes_requested", headteacher.get_full_name()),
    ]
    html = render_timeline(request)
    assert "Approved by the ICT Manager" in html
    assert "3 November 2026, 10:15" in html  # GMT in November, shown in Europe/London time
    assert "Privacy settings checked." in html
    assert "Signed: “I approve the aims and content of the proposed site.”" in html
    assert "Changes requested by the Head of School/Headteacher" in html
    assert "Reason: Use the school crest." in html


def test_the_timeline_says_which_step_is_awaited(author, ict_manager):
    request = submitted_request(author=author)
    assert timeline_for(request)[-1].label == "Awaiting the ICT Manager"
    approve_task(site_request=request, user=ict_manager, attested=True)
    request.refresh_from_db()
    assert timeline_for(request)[-1].label == "Awaiting the Head of School/Headteacher"
