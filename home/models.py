"""The trust's structure (schools, staff accounts) and the site's general pages.

``School`` and ``User`` answer the question every approval needs: "who are the ICT
Managers and the Headteacher of this request's school?" (see ``home.selectors``).
"""

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import BaseStreamBlock
from .routing import route_below
from .trust_settings import TrustSettings  # noqa: F401  (a model of this app, defined beside it)

# A host name of at least two labels (RFC 1035 letters, digits and hyphens), e.g. riverside.sch.uk.
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_email_domains(text: str) -> list[str]:
    """Return the domains in ``text`` (one a line, or separated by commas or spaces), lower-cased.

    A leading "@" is dropped, so "@riverside.sch.uk" and "riverside.sch.uk" are the same.
    Duplicates are removed; the order of first appearance is kept.
    """
    domains: list[str] = []
    for item in re.split(r"[\s,;]+", text or ""):
        domain = item.strip().lstrip("@").lower()
        if domain and domain not in domains:
            domains.append(domain)
    return domains


class School(models.Model):
    """A school of the trust, or the trust's central team.

    Each school has its own ICT Manager(s) and a final approver: its Headteacher, or for
    the central team the trust's CEO (Preston Primary Academy Trust policy: business
    cases from the central team go to the CEO). Both are found through the members'
    groups; see ``home.selectors``.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name for web addresses"), max_length=60, unique=True)
    is_central_team = models.BooleanField(
        _("is the trust's central team"),
        default=False,
        help_text=_("Tick for the trust's central team. Its requests are signed off by the CEO."),
    )

    email_domains = models.TextField(
        _("email domains for single sign-on"),
        blank=True,
        help_text=_(
            "One domain a line, e.g. riverside.sch.uk. Anyone who signs in with Microsoft or Google "
            "with a verified address at one of these domains gets a Staff account at this school "
            "the first time. Other roles are given by a site administrator."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("is_central_team"), FieldPanel("email_domains")]

    class Meta:
        ordering = ["is_central_team", "name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(
                fields=["is_central_team"],
                condition=Q(is_central_team=True),
                name="home_school_one_central_team",
                violation_error_message=_("The trust already has a central team."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Check each email domain is a domain name and belongs to no other school.

        Raises ``ValidationError`` on ``email_domains`` naming the bad or taken domains: one
        address must lead to one school, or a first sign-in could land at the wrong one.
        """
        super().clean()
        domains = parse_email_domains(self.email_domains)
        invalid = [domain for domain in domains if not _DOMAIN_RE.match(domain)]
        if invalid:
            raise ValidationError(
                {"email_domains": _("These are not domain names: %(domains)s.") % {"domains": ", ".join(invalid)}}
            )
        taken = []
        for other in School.objects.exclude(pk=self.pk).exclude(email_domains=""):
            taken += [
                f"{domain} ({other.name})" for domain in parse_email_domains(other.email_domains) if domain in domains
            ]
        if taken:
            raise ValidationError(
                {"email_domains": _("Already used by another school: %(domains)s.") % {"domains": ", ".join(taken)}}
            )
        self.email_domains = "\n".join(domains)

    def domain_list(self) -> list[str]:
        """The school's email domains, lower-cased, e.g. ``["riverside.sch.uk"]``."""
        return parse_email_domains(self.email_domains)

    @classmethod
    def for_email(cls, email: str) -> "School | None":
        """Return the school whose email domains include ``email``'s domain, or None.

        Matching is exact and case-insensitive on the part after the last "@": a
        subdomain (staff.riverside.sch.uk) does not match its parent unless listed.
        """
        domain = email.rpartition("@")[2].strip().lower()
        if not domain:
            return None
        for school in cls.objects.exclude(email_domains=""):
            if domain in school.domain_list():
                return school
        return None

    @property
    def final_approver_title(self) -> str:
        """The sign-off role's title for this school: "CEO" or "Headteacher"."""
        return str(_("CEO")) if self.is_central_team else str(_("Headteacher"))


class User(AbstractUser):
    """A staff account. ``school`` says where the person works (blank for outside IT support)."""

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("The school (or the trust's central team) this person works for."),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def display_name(self) -> str:
        """Full name if known, otherwise the username (never an email address)."""
        return self.get_full_name() or self.get_username()


class UsedTOTPCode(models.Model):
    """A TOTP code accepted for an authenticator app, kept while the code is still valid (about 90 seconds).

    One row per (authenticator, code): the unique constraint is what refuses a replay on
    every app server (see ``home.accounts.mfa_adapter.mark_totp_code_used``).
    """

    authenticator = models.ForeignKey("mfa.Authenticator", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=16)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authenticator", "code"], name="unique_used_totp_code")]

    def __str__(self) -> str:
        return f"code used for authenticator {self.authenticator_id} at {self.used_at:%H:%M:%S}"


class HomePage(Page):
    """The public front page: who the trust is, and the way in to guidance, policies and the staff area."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("A short welcome shown under the trust's name. Parents read this page too."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page at ``path_components`` below the home page in two queries (``home.routing.route_below``)."""
        if not path_components:
            return super().route(request, path_components)
        return route_below(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        """Add ``sections``: the live, public, in-menu children to link to."""
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


# Wagtail hook through which the apps above ``home`` add to the staff home's context.
STAFF_HOME_CONTEXT_HOOK = "add_to_staff_home_context"


class StaffHomePage(Page):
    """The staff area's front page. Always private: only signed-in staff can see it or anything below it."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("staff home page")

    def save(self, *args, **kwargs):
        """Save, then make sure the page is restricted to signed-in users.

        The staff area must never become public by an editor forgetting the privacy
        setting, so the restriction is re-created whenever the page is saved.
        """
        result = super().save(*args, **kwargs)
        if not PageViewRestriction.objects.filter(page=self).exists():
            PageViewRestriction.objects.create(page=self, restriction_type=PageViewRestriction.LOGIN)
        return result

    def get_context(self, request, *args, **kwargs):
        """Add ``sections``: the live children of the staff area shown as cards, then what other apps add.

        A page type whose class sets ``staff_home_button = True`` (the request form) is
        shown as a button above the cards instead, so it is left out here. Each function
        registered under the Wagtail hook ``STAFF_HOME_CONTEXT_HOOK`` is then called with
        ``(request, context)`` and may add to the context (the policy app adds
        ``policies_to_acknowledge``): the ground floor never imports the apps above it.
        """
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().specific()
        context["sections"] = [page for page in children if not getattr(page, "staff_home_button", False)]
        for add_to_context in hooks.get_hooks(STAFF_HOME_CONTEXT_HOOK):
            add_to_context(request, context)
        return context


class StandardPage(Page):
    """A plain content page, such as the accessibility statement."""

    intro = models.TextField(blank=True, max_length=400, help_text=_("One or two sentences shown under the title."))
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StaffHomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
