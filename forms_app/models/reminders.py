"""The record of each reminder and escalation about a step waiting too long, so none is sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from home.approval_reminders import AbstractApprovalReminder, sent_once_constraints

__all__ = ["ApprovalReminder"]


class ApprovalReminder(AbstractApprovalReminder):
    """One reminder to a step's approvers (at most one a day) or its one escalation to the trust.

    Written by ``forms_app.workflow.reminders.send_approval_reminders`` in the same
    transaction as its email, so running the daily command twice sends nothing new. The
    unique constraints are the guarantee: one reminder per step per day, one escalation
    per step.
    """

    request = models.ForeignKey("forms_app.SocialMediaSiteRequest", on_delete=models.CASCADE, related_name="+")

    class Meta(AbstractApprovalReminder.Meta):
        verbose_name = _("approval reminder")
        constraints = sent_once_constraints("forms")
