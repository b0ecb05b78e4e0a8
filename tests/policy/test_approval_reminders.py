"""Policies waiting for approval are reminded and escalated in school days, as site requests are.

The policy is submitted on Thursday 27 May 2027. Monday 31 May is the Spring Bank
Holiday; Wednesday 2 June is school day 3 (the reminder), Tuesday 8 June day 7 (the
escalation to the Trust administrators and the CEO).
"""

import datetime

import pytest
from django.core import mail

from policy.models import PolicyApprovalReminder, PolicyPage
from tests.clock import at, run_on

from .factories import make_policy

pytestmark = pytest.mark.django_db


def submit_on(day, policy, user):
    with at(day, hour=15):
        policy = PolicyPage.objects.get(pk=policy.pk)
        policy.save_revision(user=user)
        policy.get_workflow().start(policy, user)
    mail.outbox.clear()


def test_a_waiting_policy_is_reminded_then_escalated(governed_index, school, school_editor, headteacher, trust):
    ceo, trust_admin = trust
    policy = make_policy(governed_index, title="Riverside Uniform Policy", slug="uniform", school=school)
    submit_on(datetime.date(2027, 5, 27), policy, school_editor)

    for day in (datetime.date(2027, 5, 31), datetime.date(2027, 6, 1)):
        run_on(day, "policy_approval_reminders")
    assert mail.outbox == []

    run_on(datetime.date(2027, 6, 2), "policy_approval_reminders")
    (reminder,) = mail.outbox
    assert reminder.to == [headteacher.email]
    assert "Riverside Uniform Policy" in reminder.subject and "3 school days" in reminder.body
    run_on(datetime.date(2027, 6, 2), "policy_approval_reminders")
    assert len(mail.outbox) == 1  # once a day

    run_on(datetime.date(2027, 6, 8), "policy_approval_reminders")
    escalation = mail.outbox[-1]
    assert escalation.subject.startswith("Stalled: policy “Riverside Uniform Policy”")
    assert sorted(escalation.to) == sorted([ceo.email, trust_admin.email])
    assert headteacher.display_name() in escalation.body
    assert PolicyApprovalReminder.objects.filter(kind="escalation").count() == 1


def test_a_step_nobody_can_decide_is_reported_to_the_trust(governed_index, school, headteacher, trust):
    ceo, trust_admin = trust
    policy = make_policy(governed_index, title="Riverside Uniform Policy", slug="uniform", school=school)
    # Started before the guard existed (or its only other approver left since): nobody can decide it.
    submit_on(datetime.date(2027, 5, 27), policy, headteacher)
    output = run_on(datetime.date(2027, 5, 28), "check_approval_steps")
    assert "Nobody can decide: Riverside Uniform Policy" in output
    (report,) = mail.outbox
    assert sorted(report.to) == sorted([ceo.email, trust_admin.email])
    assert "Riverside Uniform Policy (Riverside Primary School)" in report.body

    run_on(datetime.date(2027, 6, 8), "policy_approval_reminders")
    assert "Nobody can decide it" in mail.outbox[-1].body
