"""The people named on a request to run its site: staff accounts, or authorised people typed by name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from ..constants import SiteRole

__all__ = ["AbstractNamedPerson", "SitePerson", "staff_member_field"]


def staff_member_field(*, related_name: str, on_delete=models.PROTECT) -> models.ForeignKey:
    """Return the "member of staff" foreign key of a person who may have no staff account.

    Empty for a volunteer, parent or other authorised person, who is identified another way
    (a typed name, an email address). ``related_name`` is the accessor on ``User``;
    ``on_delete`` says what deleting the account does (default: refused while it is named).
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )


class AbstractNamedPerson(models.Model):
    """A person named to run a site: a staff ``user``, or a ``name`` typed for an authorised
    person without an account (``SitePerson``, ``RegisterEntryPerson``).

    Holds the role and the typed name, so a person can be copied from a request to the
    register (``seat``). A concrete subclass adds ``user`` (``staff_member_field``, with its
    own accessor on ``User``), ``description`` and ``sort_order``.
    """

    role = models.CharField(_("role on the site"), max_length=20, choices=SiteRole.choices)
    name = models.CharField(_("name (if not a member of staff)"), max_length=150, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_external(self) -> bool:
        """True for an authorised person without a staff account (flagged to approvers)."""
        return self.user_id is None

    @property
    def display_name(self) -> str:
        """The staff account's ``User.display_name()``, or the name typed for a person without an account."""
        return self.user.display_name() if self.user_id else self.name

    def seat(self) -> dict:
        """Who holds which place on the site, as keyword arguments for another person row.

        ``{"role", "user_id", "name", "description", "sort_order"}``: what a ``SitePerson``
        and a ``RegisterEntryPerson`` share, so one can be copied to the other.
        """
        return {
            "role": self.role,
            "user_id": self.user_id,
            "name": self.name,
            "description": self.description,
            "sort_order": self.sort_order or 0,
        }


class SitePerson(AbstractNamedPerson, Orderable):
    """An administrator or moderator named on a request.

    Normally a staff account (A.3.1: "must be school employees or other authorised
    people"). An authorised person without an account, such as a volunteer, is entered
    by ``name`` and ``description`` and flagged to the approvers (``is_external``).
    """

    request = ParentalKey("forms_app.SocialMediaSiteRequest", on_delete=models.CASCADE, related_name="site_people")
    user = staff_member_field(related_name="social_media_site_roles")
    description = models.CharField(
        _("who they are (if not a member of staff)"),
        max_length=150,
        blank=True,
        help_text=_("For example: 'Volunteer, Parent Teacher Association'."),
    )
    email = models.EmailField(
        _("email address (if not a member of staff)"),
        blank=True,
        help_text=_("Where to send the link to read and acknowledge the Social Media Policy."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("site administrator or moderator")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="forms_app_siteperson_user_or_name",
            )
        ]
