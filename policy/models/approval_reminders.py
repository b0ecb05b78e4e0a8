"""The record of each reminder and escalation about a policy waiting too long for approval, so none is sent twice."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["PolicyApprovalReminder"]


class PolicyApprovalReminder(models.Model):
    """One reminder to a policy step's approvers (at most one a day) or its one escalation to the trust.

    Written by ``policy.approval_reminders.send_policy_approval_reminders`` in the same
    transaction as its email, so running the daily command twice sends nothing new. The
    unique constraints are the guarantee, as for site requests
    (``forms_app.models.ApprovalReminder``).
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder to the approvers")
        ESCALATION = "escalation", _("Escalation to the trust")

    policy = models.ForeignKey("policy.PolicyPage", on_delete=models.CASCADE, related_name="+")
    task_state = models.ForeignKey("wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"), help_text=_("The day it was sent (Europe/London)."))
    school_days_waiting = models.PositiveSmallIntegerField(_("school days waiting"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("policy approval reminder")
        constraints = [
            models.UniqueConstraint(fields=["task_state", "kind", "sent_on"], name="policy_reminder_once_a_day"),
            models.UniqueConstraint(
                fields=["task_state"], condition=Q(kind="escalation"), name="policy_escalation_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on}"
