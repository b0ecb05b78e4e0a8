"""Segregation of duties, enforced at every entry point: service, workflow action URL, edit view, review page."""

import json

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import ApprovalDecision, SchoolLogEntry, SocialMediaSiteRequest
from forms_app.workflow.services import RequestActionError, approve_task, request_changes, submit_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import approval_form, complete_request

pytestmark = pytest.mark.django_db

# Wagtail's admin answers a refused action with 403 or a redirect home with a message.
REFUSED = (302, 403)


def url(name, *args):
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name(name), args=args)


def review_page_as(client, user, site_request) -> str:
    """Sign ``client`` in as ``user`` and open ``site_request``'s review page; check it opens; return its HTML."""
    client.force_login(user)
    response = client.get(url("review", site_request.pk))
    assert response.status_code == 200
    return response.text


def assert_nothing_decided(request, status=RequestStatus.AWAITING_ICT):
    request.refresh_from_db()
    assert request.status == status
    assert not ApprovalDecision.objects.filter(request=request).exists()
    assert (
        not SchoolLogEntry.objects.for_instance(request).filter(action__startswith="wagtail.workflow.approve").exists()
    )
    assert (
        not SchoolLogEntry.objects.for_instance(request).filter(action__startswith="wagtail.workflow.reject").exists()
    )


@pytest.fixture
def own_request(ict_manager, headteacher, django_capture_on_commit_callbacks):
    """A request written by an ICT Manager, who can reach the admin."""
    request = complete_request(author=ict_manager, declaration=True)
    with django_capture_on_commit_callbacks(execute=True):
        return submit_request(site_request=request, user=ict_manager)


def test_the_author_cannot_approve_through_the_service(own_request, ict_manager):
    with pytest.raises(RequestActionError, match="you wrote"):
        approve_task(site_request=own_request, user=ict_manager, attested=True)
    assert_nothing_decided(own_request)


def test_the_author_cannot_approve_through_the_dashboard_action_url(client, own_request, ict_manager):
    client.force_login(ict_manager)
    task_state = own_request.current_workflow_task_state
    response = client.post(
        url("workflow_action", own_request.pk, "approve", task_state.pk),
        {"attested": "on", "comment": "My own"},
    )
    assert response.status_code in REFUSED
    assert_nothing_decided(own_request)


def test_the_author_cannot_approve_through_an_edit_view_post(client, own_request, ict_manager):
    client.force_login(ict_manager)
    response = client.post(
        url("edit", own_request.pk),
        {
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"attested": True, "comment": "My own"}),
        },
    )
    assert response.status_code in REFUSED
    assert_nothing_decided(own_request)


def test_an_approver_cannot_act_through_an_edit_view_post_either(client, submitted, ict_manager):
    # The request is locked in the admin for everyone: decisions go through the task's forms.
    client.force_login(ict_manager)
    client.post(
        url("edit", submitted.pk),
        {"workflow-action-name": "approve", "workflow-action-extra-data": json.dumps({"attested": True})},
    )
    assert_nothing_decided(submitted)


def test_the_author_sees_no_forms_on_the_review_page_and_a_post_changes_nothing(client, own_request, ict_manager):
    html = review_page_as(client, ict_manager, own_request)
    assert "You cannot decide on a request you wrote." in html
    assert 'name="approve-attested"' not in html
    client.post(url("review", own_request.pk), {"action": "approve", "approve-attested": "on"})
    assert_nothing_decided(own_request)


def test_another_schools_approvers_neither_see_nor_act(client, submitted, other_ict_manager, other_headteacher):
    for user in (other_ict_manager, other_headteacher):
        client.force_login(user)
        assert client.get(url("review", submitted.pk)).status_code == 404
        assert (
            client.post(url("review", submitted.pk), {"action": "approve", "approve-attested": "on"}).status_code == 404
        )
        task_state = submitted.current_workflow_task_state
        response = client.post(url("workflow_action", submitted.pk, "approve", task_state.pk), {"attested": "on"})
        assert response.status_code in REFUSED
        assert not TaskState.objects.reviewable_by(user).exists()
        with pytest.raises(RequestActionError):
            approve_task(site_request=submitted, user=user, attested=True)
    assert_nothing_decided(submitted)


def test_one_person_cannot_approve_both_steps(submitted, ict_and_head, headteacher, client):
    approve_task(site_request=submitted, user=ict_and_head, attested=True)
    with pytest.raises(RequestActionError, match="another person"):
        approve_task(site_request=submitted, user=ict_and_head, attested=True)
    client.force_login(ict_and_head)
    task_state = submitted.current_workflow_task_state
    response = client.post(url("workflow_action", submitted.pk, "approve", task_state.pk), {"attested": "on"})
    assert response.status_code in REFUSED
    assert not TaskState.objects.reviewable_by(ict_and_head).exists()
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_HEAD
    # Another Headteacher of the school can.
    assert approve_task(site_request=submitted, user=headteacher, attested=True).status == RequestStatus.APPROVED


def test_a_missing_attestation_gives_an_error_and_changes_nothing(client, submitted, ict_manager):
    with pytest.raises(RequestActionError, match="Tick the statement"):
        approve_task(site_request=submitted, user=ict_manager, attested=False)
    client.force_login(ict_manager)
    shown = submitted.current_workflow_task_state.pk
    response = client.post(
        url("review", submitted.pk), {"action": "approve", "approve-comment": "Keep this text", "task_state": shown}
    )
    assert response.status_code == 200
    assert "Tick the statement to approve the request." in response.text
    assert "data-error-summary" in response.text
    assert 'href="#id_approve-attested"' in response.text
    assert "Keep this text" in response.text
    task_state = submitted.current_workflow_task_state
    response = client.post(url("workflow_action", submitted.pk, "approve", task_state.pk), {"comment": "x"})
    assert response.status_code == 302
    assert_nothing_decided(submitted)


def test_a_non_approvers_post_changes_nothing(client, submitted, staff_user):
    staff_user.groups.add(*roles_groups(roles.COMMUNICATIONS))
    client.force_login(staff_user)
    task_state = submitted.current_workflow_task_state
    assert (
        client.post(url("workflow_action", submitted.pk, "approve", task_state.pk), {"attested": "on"}).status_code
        in REFUSED
    )
    assert (
        client.post(url("workflow_action", submitted.pk, "reject", task_state.pk), {"reason": "No"}).status_code
        in REFUSED
    )
    assert client.post(url("review", submitted.pk), {"action": "approve", "approve-attested": "on"}).status_code == 404
    with pytest.raises(RequestActionError):
        request_changes(site_request=submitted, user=staff_user, reason="No")
    assert_nothing_decided(submitted)


def test_a_superuser_is_not_a_silent_approver(client, submitted, superuser):
    with pytest.raises(RequestActionError):
        approve_task(site_request=submitted, user=superuser, attested=True)
    html = review_page_as(client, superuser, submitted)  # may read it...
    assert 'name="approve-attested"' not in html  # ...but not decide
    assert not TaskState.objects.reviewable_by(superuser).exists()
    assert_nothing_decided(submitted)


def test_the_approver_decides_from_the_review_page(client, submitted, ict_manager):
    html = review_page_as(client, ict_manager, submitted)
    assert "I approve the aims and content of the proposed site." in html
    assert submitted.aims in html  # the whole request, read-only
    response = client.post(url("review", submitted.pk), approval_form(submitted) | {"approve-comment": "Good plan"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_HEAD
    decision = ApprovalDecision.objects.get(request=submitted)
    assert (decision.step, decision.comment) == (ApprovalStep.ICT_MANAGER, "Good plan")


def test_the_approver_cannot_decide_through_wagtails_workflow_action(client, submitted, ict_manager):
    # Issue 25: the modal (dashboard) and a direct POST show no answers: the decision is taken on the review page.
    client.force_login(ict_manager)
    task_state = submitted.current_workflow_task_state
    ajax = client.post(
        url("workflow_action", submitted.pk, "reject", task_state.pk),
        {"reason": "Add a closure plan"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert ajax.json()["redirect"] == url("review", submitted.pk)
    response = client.post(
        url("workflow_action", submitted.pk, "reject", task_state.pk), {"reason": "Add a closure plan"}, follow=True
    )
    assert "Approve or request changes on the request&#x27;s review page" in response.text
    assert_nothing_decided(submitted)
    with pytest.raises(RequestActionError, match="review page"):
        task_state.specific.task.specific.on_action(task_state, ict_manager, "reject", reason="Add a closure plan")
    assert_nothing_decided(submitted)


def roles_groups(*names):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=names)


def test_central_team_requests_go_to_the_ceo(central_team, django_capture_on_commit_callbacks):
    from django.core import mail

    author = UserFactory(username="finance", school=central_team)
    ict = UserFactory(username="central-ict", school=central_team, roles=[roles.STAFF, roles.ICT_MANAGERS])
    ceo = UserFactory(username="ceo", school=central_team, roles=[roles.STAFF, roles.HEADTEACHERS])
    request = complete_request(author=author, declaration=True)
    with django_capture_on_commit_callbacks(execute=True):
        submit_request(site_request=request, user=author)
        approve_task(site_request=request, user=ict, attested=True)
    assert ["ceo@example.org"] in [m.to for m in mail.outbox]
    assert approve_task(site_request=request, user=ceo, attested=True).status == RequestStatus.APPROVED


def test_the_loser_of_a_race_is_told_and_nothing_changes(client, submitted, ict_manager, second_ict_manager):
    stale_task_state = submitted.current_workflow_task_state
    approve_task(task_state=stale_task_state, user=ict_manager, attested=True)

    client.force_login(second_ict_manager)
    response = client.post(
        url("workflow_action", submitted.pk, "reject", stale_task_state.pk), {"reason": "Too late"}, follow=True
    )
    assert "someone has already acted on it" in response.text
    response = client.post(
        url("review", submitted.pk),
        {"action": "request_changes", "changes-reason": "Too late", "task_state": stale_task_state.pk},
        follow=True,
    )
    assert "Only the Head of School/Headteacher" in response.text


def test_a_review_page_decision_never_lands_on_the_next_step(client, submitted, ict_manager, ict_and_head):
    # Someone holding both roles had the ICT Manager step open while another ICT Manager approved it.
    shown = submitted.current_workflow_task_state.pk
    approve_task(site_request=submitted, user=ict_manager, attested=True)
    client.force_login(ict_and_head)
    response = client.post(
        url("review", submitted.pk),
        {"action": "request_changes", "changes-reason": "Meant for the first step", "task_state": shown},
        follow=True,
    )
    assert "moved on while you were reading it" in response.text
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_HEAD
    assert ApprovalDecision.objects.filter(request=submitted).count() == 1
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_HEAD
    assert ApprovalDecision.objects.filter(request=submitted).count() == 1
