"""Wagtail's Reports → Site history, able to combine more than two log models on every database.

The intranet keeps the history of school-scoped objects in its own log model
(``forms_app.models.SchoolLogEntry``), so the report combines three. Wagtail builds that
union by chaining ``union()`` calls, which SQLite refuses once there are three ("ORDER
BY not allowed in subqueries of compound statements"); this view builds the same union
in one flat call. Everything else, including who may see which entries (each log
model's ``viewable_by_user``), is Wagtail's.
"""

from django.db.models import IntegerField, Value
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.log_actions import registry as log_action_registry

__all__ = ["SiteHistoryView"]


class SiteHistoryView(LogEntriesView):
    """The site history report: every log model's entries the user may see, newest first."""

    def get_filtered_queryset(self):
        """Return one ``values()`` UNION ALL of the log models' entries (``pk``, ``timestamp``, model index).

        ``decorate_paginated_queryset`` (Wagtail's) turns each page of rows back into log
        entries using ``self.log_models``.
        """
        self.log_models = list(log_action_registry.get_log_entry_models())
        parts = [
            self.filter_queryset(
                log_model.objects.viewable_by_user(self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            ).order_by()
            for index, log_model in enumerate(self.log_models)
        ]
        return parts[0].union(*parts[1:], all=True).order_by("-timestamp")
