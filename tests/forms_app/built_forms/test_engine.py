"""A request on a form built in the admin follows the engine's rules after Submit, each checked once here.

Scoping to the request's school, no self-approval, distinct approvers on an ICT-then-Head
chain, cover, the emails of the chain's first step, the review page, the timeline, and the
check that every step of the chain has someone to decide it. Reminders, amendments and the
sealed record are in ``test_engine_after_approval.py``.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from forms_app.constants import BUILT_FORM_ATTESTATIONS, ApprovalStep, RequestStatus
from forms_app.models import ApprovalDecision, ApproverCover, SocialMediaSiteRequest
from forms_app.workflow.errors import StaleReviewError
from forms_app.workflow.selectors import after_decision_message
from forms_app.workflow.separation import steps_nobody_can_decide
from forms_app.workflow.services import RequestActionError, approve_task, submit_request
from forms_app.workflow.timeline import timeline_for
from home import roles
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import (
    ICT_THEN_HEAD,
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
)

pytestmark = pytest.mark.django_db


def review_url(site_request) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])


@pytest.fixture
def head_only(staff_home):
    return make_approval_form(staff_home)


@pytest.fixture
def ict_then_head(staff_home):
    return make_approval_form(
        staff_home, title="Take part in a third party's site", slug="third-party", chain=ICT_THEN_HEAD, prefix="TP"
    )


def submitted(form, author, capture):
    draft = built_request(author=author, form=form, answers=complete_blocked_content_answers(form.current_version()))
    with capture(execute=True):
        return submit_request(site_request=draft, user=author)


def test_a_headteacher_only_form_emails_the_headteacher_at_submission_naming_the_form(
    head_only, staff_user, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == [headteacher.email]  # not the ICT Manager: the chain has no ICT Manager step
    assert "Request access to blocked content" in email.subject and site_request.reference in email.subject
    assert "social media site" not in email.subject + email.body
    assert "Head of School/Headteacher's approval" in email.body


def test_a_headteacher_only_form_needs_no_ict_manager_to_be_submitted(head_only, staff_user, headteacher):
    site_request = built_request(author=staff_user, form=head_only)
    assert steps_nobody_can_decide(site_request, submitter=staff_user) == []

    headteacher.is_active = False
    headteacher.save()
    (problem,) = steps_nobody_can_decide(site_request, submitter=staff_user)
    assert "final approval" in problem


def test_an_ict_then_head_form_still_needs_its_ict_manager(ict_then_head, staff_user, headteacher):
    site_request = built_request(author=staff_user, form=ict_then_head)
    (problem,) = steps_nobody_can_decide(site_request, submitter=staff_user)
    assert "ICT Manager step" in problem


def test_another_schools_headteacher_can_neither_see_nor_decide_it(
    head_only, staff_user, headteacher, other_school, client, django_capture_on_commit_callbacks
):
    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)
    hillcrest_head = UserFactory(username="hill-head", school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS])

    client.force_login(hillcrest_head)
    assert client.get(review_url(site_request)).status_code == 404
    with pytest.raises(RequestActionError):
        approve_task(site_request=site_request, user=hillcrest_head, attested=True)
    listing = client.get("/admin/social-media/requests/")
    assert site_request.reference not in listing.text

    site_request.refresh_from_db()
    assert site_request.status == RequestStatus.AWAITING_HEAD


def test_a_headteacher_cannot_approve_their_own_request(head_only, headteacher, django_capture_on_commit_callbacks):
    UserFactory(username="deputy-head", school=headteacher.school, roles=[roles.STAFF, roles.HEADTEACHERS])
    site_request = submitted(head_only, headteacher, django_capture_on_commit_callbacks)

    with pytest.raises(RequestActionError, match="you wrote"):
        approve_task(site_request=site_request, user=headteacher, attested=True)
    assert headteacher.email not in [address for email in mail.outbox for address in email.to]


def test_on_an_ict_then_head_chain_the_ict_approver_never_gives_the_final_approval(
    ict_then_head, staff_user, school, headteacher, django_capture_on_commit_callbacks
):
    both = UserFactory(username="both", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS, roles.HEADTEACHERS])
    site_request = submitted(ict_then_head, staff_user, django_capture_on_commit_callbacks)
    assert site_request.status == RequestStatus.AWAITING_ICT

    site_request = approve_task(site_request=site_request, user=both, attested=True)
    assert site_request.status == RequestStatus.AWAITING_HEAD
    with pytest.raises(RequestActionError, match="another person must give the final approval"):
        approve_task(site_request=site_request, user=both, attested=True)

    site_request = approve_task(site_request=site_request, user=headteacher, attested=True)
    assert site_request.status == RequestStatus.APPROVED
    decisions = ApprovalDecision.objects.filter(request=site_request).order_by("pk")
    assert [(d.step, d.approver_id) for d in decisions] == [
        (ApprovalStep.ICT_MANAGER, both.pk),
        (ApprovalStep.HEADTEACHER, headteacher.pk),
    ]
    assert [d.attestation for d in decisions] == [
        BUILT_FORM_ATTESTATIONS[ApprovalStep.ICT_MANAGER],
        BUILT_FORM_ATTESTATIONS[ApprovalStep.HEADTEACHER],
    ]


def test_whoever_covers_the_headteacher_decides_on_their_behalf(
    head_only, staff_user, school, headteacher, django_capture_on_commit_callbacks
):
    deputy = UserFactory(username="deputy", first_name="Dee", last_name="Puty", school=school)
    today = datetime.date.today()
    ApproverCover.objects.create(
        approver=headteacher,
        cover=deputy,
        step=ApprovalStep.HEADTEACHER,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)
    assert deputy.email in mail.outbox[0].to  # the cover hears of it with the Headteacher

    site_request = approve_task(site_request=site_request, user=deputy, attested=True)
    assert site_request.status == RequestStatus.APPROVED
    decision = ApprovalDecision.objects.get(request=site_request)
    assert decision.approver == deputy and decision.on_behalf_of == headteacher
    message = after_decision_message(decision=decision)
    assert message.startswith("Final approval given to") and "site" not in message


def test_the_review_page_shows_the_forms_answers_and_statement_without_appendix_b_sections(
    head_only, staff_user, headteacher, client, django_capture_on_commit_callbacks
):
    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)
    client.force_login(headteacher)

    page = client.get(review_url(site_request))

    assert page.status_code == 200
    html = page.text
    assert "Request access to blocked content" in html and "version 1" in html
    assert "https://example.org/volcanoes" in html and "Geography, 3 March" in html
    assert "Supporting documents" in html
    assert BUILT_FORM_ATTESTATIONS[ApprovalStep.HEADTEACHER].replace("'", "&#x27;") in html
    assert "At a glance" not in html and "policy check" not in html
    assert "register" not in html.split('id="history-heading"')[1]
    assert 'id="readiness"' not in html and "training" not in html.lower().split("</header>")[-1]


def test_a_decision_on_answers_that_changed_since_the_page_was_shown_is_refused(
    head_only, staff_user, headteacher, client, django_capture_on_commit_callbacks
):
    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)

    with pytest.raises(StaleReviewError):
        approve_task(site_request=site_request, user=headteacher, attested=True, seen_digest="not-what-is-there")
    site_request.refresh_from_db()
    assert site_request.status == RequestStatus.AWAITING_HEAD


def test_the_timeline_shows_the_steps_of_the_forms_chain_and_no_register(
    ict_then_head, head_only, staff_user, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    draft = built_request(author=staff_user, form=ict_then_head)
    to_come = [entry.label for entry in timeline_for(draft, include_future=True)]
    assert to_come == [
        "Submitted by the author",
        "Review by the ICT Manager",
        "Review by the Head of School/Headteacher",
        "Approval record sealed",
    ]

    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)
    labels = [entry.label for entry in timeline_for(site_request, include_future=True)]
    assert labels == ["Submitted", "Awaiting the Head of School/Headteacher", "Approval record sealed"]
    assert not any("register" in label for label in labels)


def test_the_headteachers_dashboard_lists_it_by_the_forms_name(
    head_only, staff_user, headteacher, client, django_capture_on_commit_callbacks
):
    site_request = submitted(head_only, staff_user, django_capture_on_commit_callbacks)
    client.force_login(headteacher)
    page = client.get("/admin/").text
    panel = page[page.index("Social media site requests awaiting your review") :]
    row = panel[panel.index(site_request.reference) : panel.index("</tr>", panel.index(site_request.reference))]
    assert "Request access to blocked content" in row
