"""Wagtail's Reports → Workflows, whose "Requested by" filter names only the people of the rows the user may see.

Wagtail lists the workflows of the pages and snippets the user may edit, but offers in that
report's "Requested by" filter everyone who ever sent anything for approval, anywhere: a
Headteacher who may edit policies (and so may open the report) would read there the names
of another school's staff who submitted a policy or a request for approval, which the rows
never show them (issue 29). This view offers only the people who requested one of the
workflows the report lists for the user; the rows, columns and spreadsheets are Wagtail's.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowView

__all__ = ["WorkflowReportView"]


class ScopedRequesterFilterSet(WorkflowReportFilterSet):
    """Wagtail's filters of the workflow report, "Requested by" choosing among ``requesters`` only.

    Takes ``requesters``, a queryset of users, besides Wagtail's arguments. A person not in
    it, asked for by typing the address, makes the filter invalid: the report then shows
    the error beside the field, as for any invalid choice.
    """

    def __init__(self, *args, requesters, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["requested_by"].queryset = requesters


class WorkflowReportView(WorkflowView):
    """Reports → Workflows, offering as requesters only the people of the workflows the user may see."""

    filterset_class = ScopedRequesterFilterSet

    def get_filterset_kwargs(self):
        """Wagtail's arguments, and the users who requested a workflow state of the report's own rows."""
        User = get_user_model()  # noqa: N806 - a model class, named as Django names it
        requesters = User.objects.filter(pk__in=self.get_queryset().values("requested_by")).order_by(
            User.USERNAME_FIELD
        )
        return {**super().get_filterset_kwargs(), "requesters": requesters}
