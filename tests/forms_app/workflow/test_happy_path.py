"""The two-step sign-off from submission to final approval, through the services."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import WorkflowState

from forms_app.constants import ATTESTATIONS, ApprovalStep, DecisionOutcome, RequestStatus
from forms_app.models import ApprovalDecision, SchoolLogEntry
from forms_app.signals import request_approved
from forms_app.workflow.services import approve_task
from home import roles
from tests.forms_app.factories import CONSENT_PLAN, SECURITY_MEASURES

pytestmark = pytest.mark.django_db


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def test_submit_starts_the_workflow_at_the_ict_manager_and_emails_only_the_schools_ict_managers(
    draft,
    author,
    ict_manager,
    second_ict_manager,
    headteacher,
    other_ict_manager,
    superuser,
    django_capture_on_commit_callbacks,
):
    from forms_app.workflow.services import submit_request

    # A superuser who is also an ICT Manager of the school is not emailed either.
    superuser.groups.add(*Group.objects.filter(name=roles.ICT_MANAGERS))
    with django_capture_on_commit_callbacks(execute=True):
        request = submit_request(site_request=draft, user=author)

    assert request.status == RequestStatus.AWAITING_ICT
    assert request.current_workflow_task.specific.role == ApprovalStep.ICT_MANAGER
    assert recipients(mail.outbox) == ["ict2@example.org", "ict@example.org"]
    assert request.reference in mail.outbox[0].subject
    assert "http://testserver/admin/" in mail.outbox[0].body


def test_happy_path_ict_then_headteacher(
    submitted, author, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    received = []
    request_approved.connect(lambda sender, instance, user, **kw: received.append((instance.pk, user.pk)), weak=False)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        request = approve_task(site_request=submitted, user=ict_manager, attested=True, comment="Looks safe.")
    assert request.status == RequestStatus.AWAITING_HEAD
    assert request.current_workflow_task.specific.role == ApprovalStep.HEADTEACHER
    assert recipients(mail.outbox) == ["author@example.org", "head@example.org"]
    author_mail = next(m for m in mail.outbox if m.to == ["author@example.org"])
    assert "Looks safe." in author_mail.body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        request = approve_task(site_request=submitted, user=headteacher, attested=True, comment="")
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert request.live
    assert received == [(request.pk, headteacher.pk)]
    # The author, the ICT Manager who approved, and the people named on the site (their own email).
    assert {"author@example.org", "ict@example.org"} <= set(recipients(mail.outbox))
    assert "head@example.org" not in recipients(mail.outbox)
    author_mail = next(m for m in mail.outbox if m.to == ["author@example.org"])
    assert "final approval" in author_mail.body
    state = WorkflowState.objects.for_instance(request).get()
    assert state.status == WorkflowState.STATUS_APPROVED

    decisions = list(ApprovalDecision.objects.filter(request=request))
    assert [(d.step, d.outcome, d.approver_id) for d in decisions] == [
        (ApprovalStep.ICT_MANAGER, DecisionOutcome.APPROVED, ict_manager.pk),
        (ApprovalStep.HEADTEACHER, DecisionOutcome.APPROVED, headteacher.pk),
    ]
    assert decisions[0].attestation == ATTESTATIONS[ApprovalStep.ICT_MANAGER]
    assert decisions[1].attestation == ATTESTATIONS[ApprovalStep.HEADTEACHER]
    assert decisions[0].approver_name == ict_manager.get_full_name()
    assert decisions[0].comment == "Looks safe."

    actions = list(SchoolLogEntry.objects.for_instance(request).order_by("pk").values_list("action", "user_id"))
    assert ("wagtail.workflow.start", author.pk) in actions
    assert actions.count(("wagtail.workflow.approve", ict_manager.pk)) == 1
    assert actions.count(("wagtail.workflow.approve", headteacher.pk)) == 1
    assert actions.count(("wagtail.publish", headteacher.pk)) == 1


def test_no_email_carries_safeguarding_answers(submitted, ict_manager, headteacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve_task(site_request=submitted, user=ict_manager, attested=True)
        approve_task(site_request=submitted, user=headteacher, attested=True)
    assert mail.outbox
    for message in mail.outbox:
        html = message.alternatives[0].content
        for text in (message.body, html):
            assert CONSENT_PLAN not in text
            assert SECURITY_MEASURES not in text
