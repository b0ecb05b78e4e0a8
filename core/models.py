"""The models of ``core``: the outbox (``core.mail.models``) and the leases that let one process of many do a job."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .mail.models import *  # noqa: F403


class Lease(models.Model):
    """Who holds a named job for a while: the scheduler of periodic jobs, one per trust.

    ``holder`` names the process (host name and process id); ``expires_at`` (UTC) is when
    another process may take the lease over if the holder has not renewed it. See
    ``core.scheduling.lease``.
    """

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    holder = models.CharField(_("held by"), max_length=255, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")

    def __str__(self):
        return f"{self.name} ({self.holder or 'free'})"
