"""The register of approved social media sites: one entry per approved request.

Appendix A.1.6 asks for "a careful exit strategy and a clear plan from the outset about
how long the site will last"; the register follows each approved site from approval
through go-live to closure, and keeps who currently runs it.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .people import AbstractNamedPerson, staff_member_field

__all__ = ["OPEN_STATUSES", "RegisterStatus", "ReminderKind", "RegisterEntry", "RegisterEntryPerson", "ClosureReminder"]

# Text that looks like a secret being written down ("password: ...", "pwd=..."). The
# policies keep sign-in details in the Headteacher's office; the register says where.
SECRET_PATTERN = re.compile(r"\b(password|passcode|passwd|pwd|pin)\s*[:=]", re.IGNORECASE)


class RegisterStatus(models.TextChoices):
    """Where an approved site stands, from approval to closure."""

    AWAITING_CREATION = "awaiting_creation", _("Approved — awaiting creation")
    LIVE = "live", _("Live")
    CLOSURE_DUE = "closure_due", _("Closure due")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (RegisterStatus.AWAITING_CREATION, RegisterStatus.LIVE, RegisterStatus.CLOSURE_DUE)


class ReminderKind(models.TextChoices):
    """The closure reminders sent before and on a site's closure date."""

    THIRTY_DAYS = "30_days", _("30 days before closure")
    SEVEN_DAYS = "7_days", _("7 days before closure")
    CLOSURE_DAY = "closure_day", _("On the closure date")


def validate_no_secret(value: str) -> None:
    """Refuse text that looks like a password written down (policies: details stay in the office)."""
    if SECRET_PATTERN.search(value or ""):
        raise ValidationError(_("Say where the sign-in details are kept, never the password itself."), code="secret")


class RegisterEntry(models.Model):
    """An approved social media site, created automatically at final approval.

    School, platform, account name and the go-live and closure dates are copied from
    the request at approval; the people who run the site are copied to
    ``RegisterEntryPerson`` so a later transfer never rewrites the signed request.
    ``credentials_location`` is text only: the policies keep the account's sign-in
    details in the Headteacher's office, and the register only says where.
    """

    request = models.OneToOneField(
        "forms_app.SocialMediaSiteRequest",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="register_entry",
    )
    school = models.ForeignKey("home.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(
        "forms_app.Platform", verbose_name=_("platform"), on_delete=models.PROTECT, null=True, blank=True
    )
    platform_other_name = models.CharField(_("name of the platform"), max_length=80, blank=True)
    account_name = models.CharField(_("account name"), max_length=120)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegisterStatus.choices,
        default=RegisterStatus.AWAITING_CREATION,
        db_index=True,
    )
    url = models.URLField(
        _("web address of the site"),
        max_length=500,
        blank=True,
        help_text=_("The full address, starting with https:// (filled in once the account is created)."),
    )
    handle = models.CharField(
        _("handle"), max_length=120, blank=True, help_text=_("The account's handle, for example @riversidepe.")
    )
    go_live_date = models.DateField(_("go-live date"), null=True, blank=True)
    closure_date = models.DateField(_("closure date"), null=True, blank=True, db_index=True)
    went_live_on = models.DateField(_("date the site went live"), null=True, blank=True)
    credentials_location = models.TextField(
        _("where the sign-in details are kept"),
        blank=True,
        validators=[validate_no_secret],
        help_text=_(
            "For example: 'Sealed envelope in the Headteacher's office safe'. Never type the password itself here."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closure"), blank=True)
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("final approver"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    # What editors may change directly; status, URL, people and closure change through actions.
    panels = [FieldPanel("handle"), FieldPanel("credentials_location"), FieldPanel("notes")]

    class Meta:
        ordering = ["closure_date", "pk"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register of social media sites")
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.account_name} ({self.request.reference})" if self.request_id else self.account_name

    def _final_approval_by(self) -> str:
        """Who gave the final approval, naming the absent approver when it was given as cover.

        "Sam Green on behalf of Alex Head (cover)", from the signed ``ApprovalDecision``;
        the final approver's name if no decision record is found. One query.
        """
        from .decisions import ApprovalDecision

        decision = (
            ApprovalDecision.objects.filter(request_id=self.request_id, outcome="approved", step="headteacher")
            .order_by("decided_at", "pk")
            .last()
        )
        return decision.signed_by if decision else self.approved_by.display_name()

    _final_approval_by.short_description = _("final approval by")
    final_approval_by = property(_final_approval_by)

    @property
    def platform_label(self) -> str:
        """The platform's name, or the author's own name for it when the platform is "Other"."""
        if self.platform_other_name:
            return self.platform_other_name
        return self.platform.name if self.platform_id else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def earliest_closure(self) -> tuple:
        """The earliest date the site can have closed, and why: ``(date, "live" | "approved")``.

        A site that went live cannot close before its go-live date. One that never went
        live (abandoned before creation) cannot close before it was approved; its
        proposed go-live date was only a plan. Dates in Europe/London.
        """
        if self.went_live_on:
            return self.went_live_on, "live"
        return timezone.localdate(self.approved_at), "approved"


class RegisterEntryPerson(AbstractNamedPerson):
    """A current administrator or moderator of a registered site.

    Copied from the request's ``SitePerson`` rows at approval and changed only by a
    transfer, so the approved request keeps the names that were signed off.
    """

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="people")
    user = staff_member_field(related_name="register_site_roles")
    description = models.CharField(_("who they are (if not a member of staff)"), max_length=150, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "sort_order", "pk"]
        verbose_name = _("site administrator or moderator")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="forms_app_registerentryperson_user_or_name",
            ),
            models.UniqueConstraint(
                fields=["entry", "role", "user"],
                condition=models.Q(user__isnull=False),
                name="forms_app_registerentryperson_unique_user_per_role",
            ),
        ]

    @property
    def provides_cover(self) -> bool:
        """True while the person can still run the site: an active account, or an authorised external person."""
        return self.user_id is None or self.user.is_active


class ClosureReminder(models.Model):
    """A closure reminder that was sent, so the daily command never sends it twice.

    Keyed by entry, kind and the closure date it was about: moving the closure date
    starts the reminders again.
    """

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("reminder"), max_length=20, choices=ReminderKind.choices)
    closure_date = models.DateField(_("closure date"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.TextField(_("sent to"), blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("closure reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "kind", "closure_date"], name="forms_app_closurereminder_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.get_kind_display()}"
