"""The record every approval reminder and escalation keeps, whatever waits: a site request or a policy."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["AbstractApprovalReminder", "sent_once_constraints"]


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
