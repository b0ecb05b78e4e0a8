"""Reminders and escalation of approval steps waiting too long, whatever waits: a site request or a policy.

The record each reminder and escalation keeps (``AbstractApprovalReminder``) and the daily
round that sends them (``send_reminders_and_escalations``), in school days, with the trust's
thresholds (``TrustSettings``).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .school_days import is_school_day, school_days_after
from .trust_settings import TrustSettings

__all__ = [
    "AbstractApprovalReminder",
    "Notice",
    "WaitingStep",
    "send_reminders_and_escalations",
    "sent_once_constraints",
]


def sent_once_constraints(prefix: str) -> list[models.UniqueConstraint]:
    """Return the unique constraints a concrete reminder model's ``Meta`` declares: the guarantee.

    One reminder per step per day (``task_state``, ``kind``, ``sent_on``) and one escalation
    per step. ``prefix`` (``"forms"``, ``"policy"``) starts the constraints' names, which
    must differ between the tables.
    """
    return [
        models.UniqueConstraint(fields=["task_state", "kind", "sent_on"], name=f"{prefix}_reminder_once_a_day"),
        models.UniqueConstraint(
            fields=["task_state"], condition=Q(kind="escalation"), name=f"{prefix}_escalation_once_per_step"
        ),
    ]


class AbstractApprovalReminder(models.Model):
    """One reminder to a waiting step's approvers (at most one a day) or its one escalation to the trust.

    Written in the same transaction as its email, so running the daily command twice sends
    nothing new. A concrete subclass adds the foreign key to what waits and, in its ``Meta``,
    the unique constraints that are the guarantee (``sent_once_constraints``).
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder to the approvers")
        ESCALATION = "escalation", _("Escalation to the trust")

    task_state = models.ForeignKey("wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"), help_text=_("The day it was sent (Europe/London)."))
    school_days_waiting = models.PositiveSmallIntegerField(_("school days waiting"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on}"

    @classmethod
    def record_once(cls, *, kind: str, task_state, today, waiting: int, to: list[str], **waiting_on):
        """Record one reminder or escalation for ``task_state``'s step; return it, or None if already sent.

        Takes the ``Kind``, the Wagtail ``TaskState`` of the waiting step, ``today`` (a date,
        Europe/London), the school days waited, the recipients' addresses, and the foreign key
        to what waits as a keyword (``request=…`` or ``policy=…``). A reminder goes once a day,
        an escalation once per step. Call it inside the transaction that also queues the email:
        the step's rows of that kind are locked, so two runs at once record (and email) once.
        """
        already = cls.objects.select_for_update().filter(task_state_id=task_state.pk, kind=kind)
        if kind == cls.Kind.REMINDER:
            already = already.filter(sent_on=today)
        if already.exists():
            return None
        return cls.objects.create(
            task_state_id=task_state.pk,
            kind=kind,
            sent_on=today,
            school_days_waiting=waiting,
            recipients=", ".join(to),
            **waiting_on,
        )


@dataclass(frozen=True)
class WaitingStep:
    """A workflow step waiting for a decision.

    ``task_state`` is its Wagtail ``TaskState`` (only its ``pk`` is needed), ``started_at``
    when it started waiting, and ``waiting_on`` the reminder's foreign key to what waits,
    as keywords for ``record_once`` (``{"request": …}`` or ``{"policy": …}``); ``details``
    whatever else the app's notices need (the step's role, or who may decide it).
    """

    task_state: Any
    started_at: datetime.datetime
    waiting_on: dict[str, models.Model]
    details: Any = None


@dataclass(frozen=True)
class Notice:
    """One email about a waiting step: its ``kind`` (``AbstractApprovalReminder.Kind``), ``to`` and ``send``.

    ``send(to)`` queues or sends the email; it is called once, in the transaction that records it.
    """

    kind: str
    to: list[str]
    send: Callable[[list[str]], None]


def send_reminders_and_escalations(
    *,
    reminder_model: type[AbstractApprovalReminder],
    today: datetime.date | None,
    waiting_steps: Callable[[], Iterable[WaitingStep]],
    notices: Callable[[WaitingStep, int, bool], Iterator[Notice]],
) -> list[AbstractApprovalReminder]:
    """Send the reminders and escalations due on ``today`` (Europe/London; default today); return those recorded.

    Nothing is sent on a weekend or a bank holiday in England (``waiting_steps`` is not even
    called). For each step that has waited at least ``TrustSettings.reminder_after_school_days``
    school days, ``notices(step, waiting, escalate)`` yields the reminder to its approvers
    and, when ``escalate`` (it has waited ``escalate_after_school_days``), then the escalation
    to the trust. Each is recorded in ``reminder_model`` (``record_once``) and sent in one
    transaction, once: a reminder once a day, an escalation once per step, so a second run
    the same day sends nothing. Raises what ``send`` raises.
    """
    today = today or timezone.localdate()
    if not is_school_day(today):
        return []
    trust = TrustSettings.load()
    sent = []
    for step in waiting_steps():
        waiting = school_days_after(timezone.localdate(step.started_at), today)
        if waiting < trust.reminder_after_school_days:
            continue
        for notice in notices(step, waiting, waiting >= trust.escalate_after_school_days):
            with transaction.atomic():
                reminder = reminder_model.record_once(
                    kind=notice.kind,
                    task_state=step.task_state,
                    today=today,
                    waiting=waiting,
                    to=notice.to,
                    **step.waiting_on,
                )
                if reminder is not None:
                    notice.send(notice.to)
            if reminder is not None:
                sent.append(reminder)
    return sent
