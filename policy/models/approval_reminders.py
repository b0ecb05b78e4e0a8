"""The record of each reminder and escalation about a policy waiting too long for approval, so none is sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from home.approval_reminders import AbstractApprovalReminder, sent_once_constraints

__all__ = ["PolicyApprovalReminder"]


class PolicyApprovalReminder(AbstractApprovalReminder):
    """One reminder to a policy step's approvers (at most one a day) or its one escalation to the trust.

    Written by ``policy.approval_reminders.send_policy_approval_reminders`` in the same
    transaction as its email, so running the daily command twice sends nothing new. The
    unique constraints are the guarantee, as for site requests
    (``forms_app.models.ApprovalReminder``).
    """

    policy = models.ForeignKey("policy.PolicyPage", on_delete=models.CASCADE, related_name="+")

    class Meta(AbstractApprovalReminder.Meta):
        verbose_name = _("policy approval reminder")
        constraints = sent_once_constraints("policy")
