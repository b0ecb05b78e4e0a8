"""Request changes at either step, resubmission from the ICT Manager step, and withdrawal."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from forms_app.constants import ApprovalStep, DecisionOutcome, RequestStatus
from forms_app.models import ApprovalDecision, SchoolLogEntry
from forms_app.workflow.services import (
    RequestActionError,
    approve_task,
    request_changes,
    submit_request,
    withdraw_request,
)
from forms_app.workflow.timeline import timeline_for

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def current_role(request):
    return request.current_workflow_task.specific.role


def resubmit(site_request, author, capture_on_commit_callbacks):
    """The author resubmits ``site_request`` after changes; returns it, checked to be back with the ICT Manager.

    Only the ICT Manager is emailed (``mail.outbox`` holds just the emails of the resubmission).
    """
    mail.outbox.clear()
    with capture_on_commit_callbacks(execute=True):
        request = submit_request(site_request=site_request, user=author)
    assert request.status == RequestStatus.AWAITING_ICT
    assert current_role(request) == ApprovalStep.ICT_MANAGER
    assert recipients() == ["ict@example.org"]
    return request


def test_changes_requested_by_the_ict_manager_then_resubmitted(
    submitted, author, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = request_changes(site_request=submitted, user=ict_manager, reason="Name two staff moderators.")
    assert request.status == RequestStatus.CHANGES_REQUESTED
    assert recipients() == ["author@example.org"]
    assert "Name two staff moderators." in mail.outbox[0].body
    assert "Name two staff moderators." in mail.outbox[0].alternatives[0].content
    assert WorkflowState.objects.for_instance(request).get().status == WorkflowState.STATUS_NEEDS_CHANGES

    request = resubmit(request, author, django_capture_on_commit_callbacks)
    assert "Resubmitted" in mail.outbox[0].subject


def test_changes_requested_by_the_headteacher_restart_at_the_ict_manager(
    submitted, author, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    approve_task(site_request=submitted, user=ict_manager, attested=True, comment="Fine by me.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(site_request=submitted, user=headteacher, reason="Use the school logo, not a photo.")
    # The author, and the ICT Manager who approved this round; nobody else.
    assert recipients() == ["author@example.org", "ict@example.org"]
    ict_mail = next(m for m in mail.outbox if m.to == ["ict@example.org"])
    assert "Use the school logo, not a photo." in ict_mail.body

    request = resubmit(submitted, author, django_capture_on_commit_callbacks)

    # The ICT Manager must approve again before the Headteacher can.
    with pytest.raises(RequestActionError):
        approve_task(site_request=request, user=headteacher, attested=True)
    approve_task(site_request=request, user=ict_manager, attested=True)
    request = approve_task(site_request=request, user=headteacher, attested=True)
    assert request.status == RequestStatus.APPROVED

    # Earlier decisions stay in the history, with the reasons.
    outcomes = list(ApprovalDecision.objects.filter(request=request).values_list("step", "outcome", "comment"))
    assert outcomes == [
        (ApprovalStep.ICT_MANAGER, DecisionOutcome.APPROVED, "Fine by me."),
        (ApprovalStep.HEADTEACHER, DecisionOutcome.CHANGES_REQUESTED, "Use the school logo, not a photo."),
        (ApprovalStep.ICT_MANAGER, DecisionOutcome.APPROVED, ""),
        (ApprovalStep.HEADTEACHER, DecisionOutcome.APPROVED, ""),
    ]
    kinds = [entry.kind for entry in timeline_for(request)]
    assert kinds == ["submitted", "approved", "changes_requested", "resubmitted", "approved", "approved"]


def test_request_changes_needs_a_reason_and_changes_nothing_without_one(submitted, ict_manager):
    with pytest.raises(RequestActionError, match="reason"):
        request_changes(site_request=submitted, user=ict_manager, reason="   ")
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_ICT
    assert not ApprovalDecision.objects.exists()
    assert not SchoolLogEntry.objects.filter(action="wagtail.workflow.reject").exists()


def test_withdraw_cancels_the_workflow_and_approvers_can_no_longer_act(
    submitted, author, ict_manager, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = withdraw_request(site_request=submitted, user=author)
    assert mail.outbox == []  # the author withdrew it; Wagtail's own workflow emails stay quiet too
    assert request.status == RequestStatus.WITHDRAWN
    assert WorkflowState.objects.for_instance(request).get().status == WorkflowState.STATUS_CANCELLED
    assert SchoolLogEntry.objects.for_instance(request).filter(action="wagtail.workflow.cancel").count() == 1
    with pytest.raises(RequestActionError, match="no longer awaiting"):
        approve_task(site_request=request, user=ict_manager, attested=True)
    assert [entry.kind for entry in timeline_for(request)] == ["submitted", "withdrawn"]


def test_an_approved_request_cannot_be_withdrawn(submitted, author, ict_manager, headteacher):
    approve_task(site_request=submitted, user=ict_manager, attested=True)
    approve_task(site_request=submitted, user=headteacher, attested=True)
    with pytest.raises(RequestActionError):
        withdraw_request(site_request=submitted, user=author)
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.APPROVED


def test_a_decision_on_a_step_already_decided_changes_nothing(submitted, ict_manager, second_ict_manager):
    task_state = submitted.current_workflow_task_state
    approve_task(task_state=task_state, user=ict_manager, attested=True)
    with pytest.raises(RequestActionError, match="someone has already acted"):
        request_changes(task_state=task_state, user=second_ict_manager, reason="Too late")
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.AWAITING_HEAD
    assert ApprovalDecision.objects.count() == 1
