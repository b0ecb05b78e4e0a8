"""Records that people have read and understood a policy.

Some policies ask that "anyone running a social media account on behalf of the school
has read and understood this policy" (Thurcroft Infant School and Preston Primary Academy
Trust social media policies). A policy editor ticks "Staff must acknowledge" on the
policy; staff of its school (every school, for a trust-wide policy) are then asked on
their staff home until they acknowledge the version in force
(``PolicyPage.acknowledgement_revision``). Publishing a change marked "needs
re-acknowledgement" moves that version on and everyone is asked again; a minor correction
does not.

- ``PolicyAcknowledgement``: a member of staff (with an account) acknowledged one
  revision of a policy.
- ``PolicyAcknowledgementReminder``: one reminder email sent to one person for one
  version, so the reminder command never repeats itself.
- ``PolicyView``: a member of staff opened one published revision of a policy; they
  acknowledge only a version they have opened.
- ``ExternalAcknowledgement``: a person without an account (a volunteer, a contractor
  running a school account) acknowledges through a single-use, expiring link bound to
  them and to one ``purpose`` (such as a social media request's reference).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_link

__all__ = ["ExternalAcknowledgement", "PolicyAcknowledgement", "PolicyAcknowledgementReminder", "PolicyView"]


class PolicyAcknowledgement(models.Model):
    """``user`` read and understood ``policy`` as it stood at ``revision`` (``version``), at ``acknowledged_at``.

    One row per person per revision acknowledged; a later acknowledgement (after a
    re-acknowledgement was asked for) adds a row, so the history is kept.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acknowledgements")
    policy = models.ForeignKey("policy.PolicyPage", on_delete=models.CASCADE, related_name="acknowledgements")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    version = models.CharField(_("version"), max_length=20, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy acknowledgement")
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "policy", "revision"], name="policy_one_acknowledgement_per_revision"
            )
        ]
        indexes = [models.Index(fields=["policy", "user", "revision"], name="policy_ack_lookup")]

    def __str__(self) -> str:
        return f"{self.user} — {self.policy} (version {self.version or '?'}, {self.acknowledged_at:%d %B %Y})"


class PolicyAcknowledgementReminder(models.Model):
    """A reminder email to ``user`` about ``policy``'s version at ``revision``; at most one each."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey("policy.PolicyPage", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy acknowledgement reminder")
        constraints = [
            models.UniqueConstraint(fields=["user", "policy", "revision"], name="policy_one_ack_reminder_per_revision")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.policy} ({self.sent_at:%d %B %Y})"


class ExternalAcknowledgement(models.Model):
    """A single-use link for ``name`` <``email``> to acknowledge ``policy`` for ``purpose``.

    Only the SHA-256 of the link's token is stored (``token_hash``), so the database
    cannot be used to rebuild a link. The link works once (``used_at``), until
    ``expires_at``; ``purpose`` is an opaque string (a request reference, say) that the
    caller checks, so an acknowledgement given for one request or person never counts
    for another. See ``policy.acknowledgements``.
    """

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    policy = models.ForeignKey("policy.PolicyPage", on_delete=models.CASCADE, related_name="external_acknowledgements")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    version = models.CharField(_("version"), max_length=20, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = optional_link(settings.AUTH_USER_MODEL)
    expires_at = models.DateTimeField(_("link expires at"))
    used_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("acknowledgement by someone without an account")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["purpose", "email"], name="policy_ext_ack_purpose")]

    def __str__(self) -> str:
        return f"{self.name} — {self.policy} ({self.purpose})"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    def is_expired(self, now=None) -> bool:
        """Return whether the link has expired at ``now`` (an aware datetime; default: now)."""
        return (now or timezone.now()) >= self.expires_at


class PolicyView(models.Model):
    """``user`` opened ``policy``'s page while ``revision`` was live, first at ``first_viewed_at``.

    Recorded when a signed-in member of staff is served a policy that asks to be
    acknowledged (``policy.acknowledgements.record_policy_view``); acknowledging needs a
    view of the version in force or a later one, so nobody acknowledges a policy unopened.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey("policy.PolicyPage", on_delete=models.CASCADE, related_name="views")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    first_viewed_at = models.DateTimeField(_("first opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy opened by a member of staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "policy", "revision"], name="policy_one_view_per_revision")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.policy} ({self.first_viewed_at:%d %B %Y})"
