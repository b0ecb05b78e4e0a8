"""The record of each reminder and escalation about a step waiting too long, so none is sent twice."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ApprovalReminder"]


class ApprovalReminder(models.Model):
    """One reminder to a step's approvers (at most one a day) or its one escalation to the trust.

    Written by ``forms_app.workflow.reminders.send_approval_reminders`` in the same
    transaction as its email, so running the daily command twice sends nothing new. The
    unique constraints are the guarantee: one reminder per step per day, one escalation
    per step.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder to the approvers")
        ESCALATION = "escalation", _("Escalation to the trust")

    request = models.ForeignKey("forms_app.SocialMediaSiteRequest", on_delete=models.CASCADE, related_name="+")
    task_state = models.ForeignKey("wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"), help_text=_("The day it was sent (Europe/London)."))
    school_days_waiting = models.PositiveSmallIntegerField(_("school days waiting"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("approval reminder")
        constraints = [
            models.UniqueConstraint(fields=["task_state", "kind", "sent_on"], name="forms_reminder_once_a_day"),
            models.UniqueConstraint(
                fields=["task_state"], condition=Q(kind="escalation"), name="forms_escalation_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on}"
