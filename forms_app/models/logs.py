"""The audit log of school-scoped objects (requests, register entries), kept apart so it can be scoped.

Wagtail writes every object's history to one ``ModelLogEntry`` table and shows it to
anyone with a permission on the object's model, whatever the object: an ICT Manager of
one school could read, in Reports → Site history and its CSV, every school's register
log (account names, approvers, addresses). Wagtail lets a model use its own log entry
model (``register_model`` in the ``register_log_actions`` hook); ``SchoolLogEntry`` records
the object's school with each entry and answers ``viewable_by_user`` with the trust's one
oversight rule, ``home.selectors.overseen_school_ids``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from core.fields import optional_link
from home.selectors import filter_to_overseen_schools

__all__ = ["SchoolLogEntry", "SchoolLogEntryManager"]


class SchoolLogEntryManager(BaseLogEntryManager):
    """Writes entries with the logged object's ``school_id``; reads only what the user may oversee."""

    def log_action(self, instance, action, **kwargs):
        """Log ``action`` on ``instance`` (a model with ``school_id``); returns the ``SchoolLogEntry``."""
        kwargs.update(object_id=str(instance.pk), school_id=instance.school_id)
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        """The entries about ``instance``, newest first (Wagtail's history views call this)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """The entries of the schools ``user`` oversees (``home.selectors.overseen_school_ids``).

        Superusers and Trust administrators see every school's; an ICT Manager or
        Headteacher only their own school's; anyone else none. Unlike Wagtail's rule
        (any permission on the object's model), it does not depend on model permissions:
        approvers decide requests through the workflow task, not a model permission.
        """
        return filter_to_overseen_schools(self.all(), user)


class SchoolLogEntry(BaseLogEntry):
    """One audit-log entry about a school-scoped object: what happened, when, by whom, at which school."""

    object_id = models.CharField(max_length=255, db_index=True)
    school = optional_link("home.School", _("school"))

    objects = SchoolLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("school log entry")
        verbose_name_plural = _("school log entries")

    def __str__(self) -> str:
        return f"SchoolLogEntry {self.pk}: {self.action!r} on {self.object_verbose_name} {self.object_id}"
