"""Training of the people who run official sites: the other half of "read and understood … received training".

The Thurcroft and Preston policies: the SLT "must be satisfied that anyone running a
social media account on behalf of the school has read and understood this policy and
received appropriate training. This also applies to anyone who is not directly employed
by the school, including volunteers or parents." Acknowledging the policy is recorded by
``policy`` (``PolicyAcknowledgement``, ``ExternalAcknowledgement``); training is recorded
here by the school's ICT Manager.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import staff_member_field

__all__ = ["RunnerTraining"]


class RunnerTraining(models.Model):
    """One training session a person had for running official sites: who, when, what, recorded by whom.

    A member of staff is identified by their account; a person without an account
    (volunteer, parent, external contributor) by their email address. Never edited:
    a later session is a new record, and the latest counts.
    """

    user = staff_member_field(related_name="site_trainings", on_delete=models.CASCADE)
    email = models.EmailField(_("email address (if not a member of staff)"), blank=True)
    name = models.CharField(_("name"), max_length=150)
    school = models.ForeignKey("home.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    trained_on = models.DateField(_("date of training"))
    course = models.CharField(_("training given"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-trained_on", "-pk"]
        verbose_name = _("site runner's training")
        verbose_name_plural = _("site runners' training")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""), name="forms_app_runnertraining_who"
            )
        ]
        indexes = [models.Index(fields=["email"], name="forms_app_training_email")]

    def __str__(self) -> str:
        return f"{self.name}: {self.course} ({self.trained_on:%Y-%m-%d})"
