"""Cover for an approver who is away: someone else decides their step, on their behalf, for a few days."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import roles

from ..constants import ApprovalStep

__all__ = ["ApproverCover", "COVER_ROLE_FOR_STEP"]

COVER_ROLE_FOR_STEP = {
    ApprovalStep.ICT_MANAGER: roles.ICT_MANAGERS,
    ApprovalStep.HEADTEACHER: roles.HEADTEACHERS,
}


class ApproverCoverQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "ApproverCoverQuerySet":
        """Cover periods that include ``day`` (a date in Europe/London), both ends included."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def active_today(self) -> "ApproverCoverQuerySet":
        return self.active_on(timezone.localdate())

    def visible_to(self, user) -> "ApproverCoverQuerySet":
        """Every cover for a superuser; otherwise those where ``user`` is the absent approver or the cover."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(Q(approver=user) | Q(cover=user))


class ApproverCover(models.Model):
    """``approver`` is away from ``starts_on`` to ``ends_on`` (Europe/London dates, inclusive); ``cover`` stands in.

    While it lasts, ``cover`` is emailed what ``approver`` would be and may decide the
    ``step`` for requests of the approver's school; each decision is recorded "on behalf
    of" the approver. The cover must hold the same role at the same school, or be a Trust
    administrator when ``TrustSettings.trust_administrators_may_cover`` is ticked.
    Segregation of duties applies to the cover as to anyone (never their own request,
    never both steps of one request). Set through ``forms_app.workflow.services.set_cover``,
    which validates and writes the audit-log entry.
    """

    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver who is away"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(_("approval step covered"), max_length=20, choices=ApprovalStep.choices)
    cover = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("covered by"), on_delete=models.CASCADE, related_name="+"
    )
    starts_on = models.DateField(_("first day away"), help_text=_("The first day of the absence."))
    ends_on = models.DateField(_("last day away"), help_text=_("The last day of the absence (cover ends after it)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    objects = ApproverCoverQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("approver cover")
        verbose_name_plural = _("approver cover")
        indexes = [models.Index(fields=["cover", "step", "starts_on", "ends_on"], name="forms_cover_lookup_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="forms_cover_ends_after_start",
                violation_error_message=_("The last day must be on or after the first day."),
            )
        ]

    def __str__(self) -> str:
        return _("%(cover)s covers %(approver)s (%(step)s), %(start)s to %(end)s") % {
            "cover": self.cover.display_name(),
            "approver": self.approver.display_name(),
            "step": self.get_step_display(),
            "start": self.starts_on.strftime("%-d %B %Y"),
            "end": self.ends_on.strftime("%-d %B %Y"),
        }

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self):
        """Check the period and who may cover whom; raise ``ValidationError`` keyed by field."""
        from home.models import TrustSettings

        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day must be on or after the first day.")
        elif self.ends_on and self.ends_on < timezone.localdate() and self._state.adding:
            errors["ends_on"] = _("This absence has already ended: give a last day from today on.")
        if self.approver_id and self.step:
            role = COVER_ROLE_FOR_STEP[self.step]
            if not (self.approver.is_active and role in roles.role_names(self.approver) and self.approver.school_id):
                errors["approver"] = _("%(name)s is not an active %(role)s of a school.") % {
                    "name": self.approver.display_name(),
                    "role": self.get_step_display(),
                }
            elif self.cover_id:
                cover_roles = roles.role_names(self.cover) if self.cover.is_active else frozenset()
                same_role_same_school = role in cover_roles and self.cover.school_id == self.approver.school_id
                trust_cover = (
                    roles.TRUST_ADMINISTRATORS in cover_roles and TrustSettings.load().trust_administrators_may_cover
                )
                if self.cover_id == self.approver_id:
                    errors["cover"] = _("Choose someone other than the person who is away.")
                elif not (same_role_same_school or trust_cover):
                    errors["cover"] = _(
                        "The cover must be an active %(role)s of %(school)s, or a Trust administrator if the "
                        "trust's settings allow it."
                    ) % {"role": self.get_step_display(), "school": self.approver.school}
        if errors:
            raise ValidationError(errors)
