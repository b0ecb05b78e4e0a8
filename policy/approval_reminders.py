"""Reminders and escalation of a policy waiting too long for approval, in school days, as for site requests.

Run once a day by ``manage.py policy_approval_reminders``. On a school day
(``home.school_days``), each policy approval step that has waited at least
``TrustSettings.reminder_after_school_days`` school days reminds its eligible approvers
(``policy.approvers.eligible_approvers``), at most once a day; once it has waited
``TrustSettings.escalate_after_school_days`` it is reported once to the Trust
administrators and the CEO (``home.selectors.trust_oversight``), with who has it, or
that nobody can decide it. Each email is recorded (``PolicyApprovalReminder``) in the
same transaction as it is sent, so a second run the same day sends nothing.
"""

import datetime
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from home.approval_reminders import Notice, WaitingStep, send_reminders_and_escalations
from home.selectors import trust_oversight

from .approvers import SECOND_APPROVER_SETTING, eligible_approvers
from .models import PolicyApprovalReminder, PolicyApprovalTask, PolicyPage

__all__ = ["send_policy_approval_reminders", "waiting_policy_steps"]


def waiting_policy_steps():
    """Yield ``(task_state, policy, approvers)`` for every policy waiting at a policy approval step.

    ``approvers`` is the list of people who may decide it now (possibly empty). A few
    queries per waiting policy; a trust has a handful waiting at a time.
    """
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, task__in=PolicyApprovalTask.objects.values("pk")
    ).select_related("workflow_state", "revision")
    policies = PolicyPage.objects.filter(pk__in=[int(state.workflow_state.object_id) for state in states])
    by_id = {str(policy.pk): policy for policy in policies.select_related("school").defer("body")}
    for state in states:
        policy = by_id.get(state.workflow_state.object_id)
        if policy is None:
            continue
        author_ids = PolicyApprovalTask._author_ids(policy, state)
        yield state, policy, eligible_approvers(school_id=policy.school_id, author_ids=author_ids)


def send_policy_approval_reminders(*, today: datetime.date | None = None) -> list[PolicyApprovalReminder]:
    """Send the policy reminders and escalations due on ``today`` (Europe/London; default today); return them.

    Nothing is sent on a weekend or a bank holiday in England. Idempotent for a given day.
    A step nobody can decide records its reminder with no recipients; its escalation still
    tells the trust, naming the setting that would give it an approver.
    """
    return send_reminders_and_escalations(
        reminder_model=PolicyApprovalReminder, today=today, waiting_steps=_waiting_steps, notices=_notices
    )


def _waiting_steps() -> Iterator[WaitingStep]:
    """``waiting_policy_steps`` for the daily round: what waits is the policy; ``details``, who may decide it."""
    for state, policy, approvers in waiting_policy_steps():
        yield WaitingStep(
            task_state=state, started_at=state.started_at, waiting_on={"policy": policy}, details=approvers
        )


def _notices(step: WaitingStep, waiting: int, escalate: bool) -> Iterator[Notice]:
    """The reminder to the policy's approvers and, if ``escalate``, the escalation to the trust, which repeats it."""
    state, policy, approvers = step.task_state, step.waiting_on["policy"], step.details
    url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[policy.pk])
    facts = {
        "title": policy.title,
        "school": policy.applies_to,
        "waiting": waiting,
        "since": date_format(timezone.localtime(state.started_at), "j F Y"),
    }
    reminder_text = "\n\n".join(
        [
            _("The policy “%(title)s” (%(school)s) has waited %(waiting)s school days (since %(since)s) for approval.")
            % facts,
            _("Review it, then approve it or request changes: %(url)s") % {"url": url},
        ]
    )
    yield Notice(
        kind=PolicyApprovalReminder.Kind.REMINDER,
        to=[person.email for person in approvers if person.email],
        send=_mailer(_("Reminder: policy waiting for your approval: %(title)s") % facts, reminder_text),
    )
    if not escalate:
        return
    names = ", ".join(person.display_name() for person in approvers)
    with_whom = (
        _("It is with: %(names)s.") % {"names": names}
        if names
        else _("Nobody can decide it: choose the trust's second approver under %(setting)s.")
        % {"setting": SECOND_APPROVER_SETTING}
    )
    requester = state.workflow_state.requested_by_id
    yield Notice(
        kind=PolicyApprovalReminder.Kind.ESCALATION,
        to=[person.email for person in trust_oversight() if person.email and person.pk != requester],
        send=_mailer(
            _("Stalled: policy “%(title)s” (%(school)s) has waited %(waiting)s school days") % facts,
            "\n\n".join([reminder_text, with_whom]),
        ),
    )


def _mailer(subject: str, message: str) -> Callable[[list[str]], None]:
    """Return ``send(to)``, which emails ``subject`` and ``message`` to ``to``, if it names anyone."""

    def send(to: list[str]) -> None:
        if to:
            send_mail(subject, message, None, to)

    return send
