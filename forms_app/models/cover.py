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

__all__ = ["ApproverCover", "COVER_ROLE_FOR_STEP", "eligible_covers", "cover_settings_hint"]

COVER_ROLE_FOR_STEP = {
    ApprovalStep.ICT_MANAGER: roles.ICT_MANAGERS,
    ApprovalStep.HEADTEACHER: roles.HEADTEACHERS,
}


def eligible_covers(*, approver, step: str, trust_settings=None) -> models.QuerySet:
    """Return the active people who may cover ``approver`` at ``step`` (an ``ApprovalStep`` value), a User queryset.

    The rule (issue "No dead ends"): another active holder of the step's role at the
    approver's school; at the ICT Manager step, the school's Headteacher when
    ``TrustSettings.headteachers_may_cover_ict_managers`` is ticked; at either step, a Trust
    administrator when ``TrustSettings.trust_administrators_may_cover`` is ticked. Never the
    approver themself. ``trust_settings`` defaults to ``TrustSettings.load()``. Separation
    of duties is not decided here but when a decision is made (never one's own request,
    never both steps of one request: ``SocialMediaApprovalTask.refusal_reason``).
    """
    from home.models import TrustSettings, User

    trust_settings = trust_settings or TrustSettings.load()
    same_school = Q(groups__name=COVER_ROLE_FOR_STEP[step], school_id=approver.school_id)
    if step == ApprovalStep.ICT_MANAGER and trust_settings.headteachers_may_cover_ict_managers:
        same_school |= Q(groups__name=roles.HEADTEACHERS, school_id=approver.school_id)
    allowed = same_school if approver.school_id else Q(pk__in=[])
    if trust_settings.trust_administrators_may_cover:
        allowed |= Q(groups__name=roles.TRUST_ADMINISTRATORS)
    return User.objects.filter(allowed, is_active=True).exclude(pk=approver.pk).distinct()


def cover_settings_hint(step: str | None = None) -> str:
    """Say where the trust decides who else may cover (for ``step``, or any step) and who may change it."""
    from home.models import TrustSettings

    labels = [str(TrustSettings._meta.get_field("trust_administrators_may_cover").verbose_name)]
    if step in (None, ApprovalStep.ICT_MANAGER):
        labels.append(str(TrustSettings._meta.get_field("headteachers_may_cover_ict_managers").verbose_name))
    where = _(" and ").join(f"Settings → Trust settings → “{label}”" for label in labels)
    return str(_("Who else may cover is set under %(where)s; a site administrator can change it.")) % {"where": where}


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
    of" the approver. Who may cover is ``eligible_covers``: the same role at the same school,
    the school's Headteacher for its ICT Manager, or a Trust administrator, as the trust's
    settings allow.
    Segregation of duties applies to the cover as to anyone (never their own request,
    never both steps of one request). Set through ``forms_app.workflow.services.set_cover``,
    which validates and writes the audit-log entry.
    """

    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver who is away"), on_delete=models.CASCADE, related_name="+"
    )
    # A group step has no cover: its group has several members, any of whom may decide.
    step = models.CharField(
        _("approval step covered"),
        max_length=20,
        choices=[(step.value, step.label) for step in (ApprovalStep.ICT_MANAGER, ApprovalStep.HEADTEACHER)],
    )
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
        """Check the period and who may cover whom (``eligible_covers``); raise ``ValidationError`` keyed by field."""
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
                if self.cover_id == self.approver_id:
                    errors["cover"] = _("Choose someone other than the person who is away.")
                elif not eligible_covers(approver=self.approver, step=self.step).filter(pk=self.cover_id).exists():
                    if self.step == ApprovalStep.ICT_MANAGER:
                        rule = _(
                            "The cover must be an active %(role)s of %(school)s, or its Headteacher or a Trust "
                            "administrator if the trust's settings allow it."
                        )
                    else:
                        rule = _(
                            "The cover must be an active %(role)s of %(school)s, or a Trust administrator if the "
                            "trust's settings allow it."
                        )
                    rule = rule % {"role": self.get_step_display(), "school": self.approver.school}
                    errors["cover"] = f"{rule} {cover_settings_hint(self.step)}"
        if errors:
            raise ValidationError(errors)
