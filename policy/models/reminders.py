"""The record of review reminders sent about a policy, so that no reminder email is sent twice.

Separate from the policy page model: it is written only by ``policy_review_reminders`` and
holds what was sent, not what the policy says.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .policies import PolicyPage

__all__ = ["PolicyReviewReminder"]


class PolicyReviewReminder(models.Model):
    """A record that the owners of a policy were reminded about one review date.

    ``policy_review_reminders`` sends at most one "due soon" and one "overdue" email per
    policy per review date, so running it every day (or twice by mistake) never repeats
    an email; a new review date starts a new pair.
    """

    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    KIND_CHOICES = [(DUE_SOON, _("Due for review soon")), (OVERDUE, _("Overdue for review"))]

    policy = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="review_reminders")
    review_due = models.DateField(_("review due"))
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.TextField(_("sent to"), blank=True, help_text=_("Email addresses, one a line."))

    class Meta:
        verbose_name = _("policy review reminder")
        constraints = [
            models.UniqueConstraint(fields=["policy", "review_due", "kind"], name="policy_one_reminder_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.policy} — {self.get_kind_display()} ({self.review_due:%d %B %Y})"
