"""The "Records past retention" report (Reports menu): sealed records of sites closed too long ago.

For site administrators and Trust administrators, who answer for the trust's records
(``home.selectors.sees_every_school``). Deleting them is ``manage.py
purge_expired_records``, which a site administrator confirms.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from core.admin_reports import RestrictedReportMixin
from home.selectors import sees_every_school

from .retention import records_past_retention, retained_until, retention_start, retention_years

__all__ = ["RecordsPastRetentionView"]


class RecordsPastRetentionView(RestrictedReportMixin, ReportView):
    """Sealed records whose site closed (or, on a built form, was last approved) more than
    ``SEALED_RECORD_RETENTION_YEARS`` ago; exportable."""

    page_title = _("Records past retention")
    header_icon = "warning"
    index_url_name = "forms_app_records_past_retention"
    may_view = staticmethod(sees_every_school)
    list_export = ["reference", "school", "account_name", "closed_on", "retained_until", "approval_round", "sha256"]
    export_headings = {"sha256": _("SHA-256")}
    columns = [
        Column("reference", label=_("Reference")),
        Column("school", label=_("School")),
        Column("account_name", label=_("Account name or form")),
        DateColumn("closed_on", label=_("Date closed or last approved")),
        DateColumn("retained_until", label=_("Kept until")),
        Column("approval_round", label=_("Approval round")),
    ]

    def get_queryset(self):
        return records_past_retention(today=timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_years"] = retention_years()
        return context

    def decorate_paginated_queryset(self, object_list):
        for record in object_list:
            # A built form's request has no register entry: its form's title, kept from its latest approval.
            entry = getattr(record.request, "register_entry", None) if not record.request.form_version_id else None
            start = retention_start(record)
            record.reference = record.request.reference
            record.school = record.request.school
            record.account_name = entry.account_name if entry else record.request.form_title
            record.closed_on = start
            record.retained_until = retained_until(start)
        return object_list

    def to_row_dict(self, item):
        self.decorate_paginated_queryset([item])
        return super().to_row_dict(item)
