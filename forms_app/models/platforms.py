"""Social media platforms and their minimum ages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import DEFAULT_PLATFORM_MINIMUM_AGE

__all__ = ["Platform"]


class Platform(models.Model):
    """A platform a site can be created on, with the minimum age its terms allow.

    A.2.5: pupils below a third-party platform's minimum age must not be its audience.
    Administrators edit the minimum ages (Snippets → Platforms) when a platform changes
    its terms; the default is 13.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        default=DEFAULT_PLATFORM_MINIMUM_AGE,
        help_text=_("The youngest age the platform's terms of use allow. Pupils younger than this cannot be audience."),
    )
    is_third_party = models.BooleanField(
        _("third-party platform"), default=True, help_text=_("Untick for sites the school hosts itself.")
    )
    needs_name = models.BooleanField(
        _("ask for the platform's name"), default=False, help_text=_("Tick for 'Other' so the author names it.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("platform")

    def __str__(self) -> str:
        return self.name
