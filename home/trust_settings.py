"""The trust's settings (Settings → Trust settings): approval timings, cover rules, policy approvals, footer.

One row for the whole trust (a Wagtail generic setting), read on every page from the shared
cache until the site changes. Defined beside ``home.models``, which re-exports it, because
its panels and rules are a concern of their own.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.caching.generations import cached_until_site_changes
from core.fields import optional_link


@register_setting(icon="site")
class TrustSettings(BaseGenericSetting):
    """Site-wide facts about the trust, edited under Settings in the admin."""

    # Every page's footer links to the statement: fetch it with the settings, in one query.
    select_related = ["accessibility_statement"]

    trust_name = models.CharField(max_length=150, default="Our Learning Trust")
    contact_email = models.EmailField(
        blank=True, help_text=_("Shown in the footer and the accessibility statement for questions.")
    )
    accessibility_statement = optional_link("wagtailcore.Page", help_text=_("Linked from the footer of every page."))

    reminder_after_school_days = models.PositiveSmallIntegerField(
        _("remind approvers after (school days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A request waiting this many school days (weekends and bank holidays in England do not count) "
            "reminds its approvers by email, at most once a day."
        ),
    )
    escalate_after_school_days = models.PositiveSmallIntegerField(
        _("escalate to the trust after (school days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "A request waiting this many school days is reported to the Trust administrators and the CEO, "
            "with the step and who has it."
        ),
    )
    # Both default to on for a new trust: a school with one ICT Manager and one Headteacher
    # (most primaries) otherwise has nobody who may cover either of them. A trust that
    # existed before keeps what it had (migration home 0008): who may sign on another's
    # behalf is the trust's decision, and the cover form names these settings.
    trust_administrators_may_cover = models.BooleanField(
        _("Trust administrators may cover an absent approver"),
        default=True,
        help_text=_(
            "Tick to let a Trust administrator be named as cover for an ICT Manager or Headteacher who is away. "
            "Otherwise the cover must hold the same role at the same school."
        ),
    )
    headteachers_may_cover_ict_managers = models.BooleanField(
        _("Headteachers may cover their school's ICT Manager"),
        default=True,
        help_text=_(
            "Tick to let a school's Headteacher be named as cover for its ICT Manager's approval. They still never "
            "decide a request they wrote, and whoever gives a request's ICT Manager approval cannot also give its "
            "final approval."
        ),
    )

    policy_second_approver = optional_link(
        "home.User",
        _("second approver of a Headteacher's own policies"),
        help_text=_(
            "Who approves a school's policy when its Headteacher wrote or submitted it (most schools have one "
            "Headteacher, who cannot approve their own work): the CEO, a deputy head or the chair of governors, "
            "as an account with an admin role (such as Policy editors). Also approves a trust-wide policy the CEO "
            "wrote."
        ),
    )
    head_publication_is_approval = models.BooleanField(
        _("a Headteacher publishing their school's policy approves it"),
        default=False,
        help_text=_(
            "Tick to let a Headteacher publish their own school's policy directly; the publication is then "
            "recorded as its approval (approved by, date). Otherwise they submit it for approval like anyone else."
        ),
    )

    # How long "Trust this browser" spares an admin role the second factor (home.accounts.browser_trust).
    trusted_browser_days = models.PositiveSmallIntegerField(
        _("trust a browser for (days)"),
        default=30,
        validators=[
            MinValueValidator(0),
            MaxValueValidator(90, message=_("Enter 90 days or fewer (0 stops trusting browsers).")),
        ],
        help_text=_(
            'After their code or passkey, people may tick "Trust this browser" on a device that is theirs alone; '
            "that browser then signs in with the password only for this many days (up to 90). 0 switches the offer "
            "off and stops every browser being trusted. Changing a password or an authenticator ends the trust."
        ),
    )

    panels = [
        FieldPanel("trust_name"),
        FieldPanel("contact_email"),
        FieldPanel("accessibility_statement"),
        MultiFieldPanel(
            [
                FieldPanel("reminder_after_school_days"),
                FieldPanel("escalate_after_school_days"),
                FieldPanel("trust_administrators_may_cover"),
                FieldPanel("headteachers_may_cover_ict_managers"),
            ],
            heading=_("Social media site approvals"),
        ),
        MultiFieldPanel(
            [FieldPanel("policy_second_approver"), FieldPanel("head_publication_is_approval")],
            heading=_("Policy approvals"),
        ),
        MultiFieldPanel([FieldPanel("trusted_browser_days")], heading=_("Signing in")),
    ]

    class Meta:
        verbose_name = _("trust settings")

    @classmethod
    def load(cls, request_or_site=None) -> "TrustSettings":
        """Return the trust settings, created with their defaults when there are none yet.

        ``request_or_site`` as Wagtail's ``load``: with a request, as when a page's footer
        reads the settings, the row (and the accessibility statement page fetched with it)
        comes from the shared cache until the site changes
        (``core.caching.generations.cached_until_site_changes``), so saving these settings, or
        publishing, moving or unpublishing a page, shows on the next page served by any app
        server; and it is kept on the request, as Wagtail does. Without a request (a task
        deciding when to send reminders, say) it is read from the database.
        """
        if not isinstance(request_or_site, HttpRequest):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request_or_site, attr_name):
            found = cached_until_site_changes("trust-settings", lambda: super(TrustSettings, cls).load())
            setattr(request_or_site, attr_name, found)
        return getattr(request_or_site, attr_name)

    def clean(self):
        super().clean()
        if (
            self.reminder_after_school_days
            and self.escalate_after_school_days
            and self.escalate_after_school_days <= self.reminder_after_school_days
        ):
            raise ValidationError(
                {"escalate_after_school_days": _("Escalate later than the first reminder, so approvers hear first.")}
            )
