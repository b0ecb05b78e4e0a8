"""What every admin report of the project shares: who may open it, its two URLs and its Reports menu entry.

A report is a Wagtail ``ReportView`` (or ``PageReportView``) with ``RestrictedReportMixin``:
one function says who may open it, and the page, its Reports menu entry and Wagtail's own
permission questions all ask that function, so they cannot disagree. ``register_report``
adds the report's URLs and menu entry in one call, taking the title and icon from the view.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path, reverse
from django.utils.encoding import force_str
from wagtail import hooks
from wagtail.admin.menu import MenuItem

__all__ = ["ReportMenuItem", "RestrictedReportMixin", "register_report", "report_urls"]


class RestrictedReportMixin:
    """Mixin for a report open only to the people ``may_view`` lets in; put it before the ``ReportView`` base.

    Subclasses set ``may_view = staticmethod(rule)``, ``rule`` taking a user and returning a
    bool, and ``index_url_name``; the results URL is always that name with ``_results``.
    Spreadsheet headings are the columns' labels unless ``export_headings`` names the field.
    """

    may_view: Callable[..., bool]

    @property
    def index_results_url_name(self) -> str:
        """The results-only URL name, named after the report's own (``<index_url_name>_results``)."""
        return f"{self.index_url_name}_results"

    def dispatch(self, request, *args, **kwargs):
        """Refuse (``PermissionDenied``) anyone ``may_view`` does not let in."""
        if not self.may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission) -> bool:
        """Answer Wagtail's permission checks with the report's own rule."""
        return self.may_view(self.request.user)

    def user_has_any_permission(self, permissions) -> bool:
        """Answer Wagtail's permission checks with the report's own rule."""
        return self.may_view(self.request.user)

    def get_heading(self, queryset, field) -> str:
        """Return the spreadsheet heading of ``field``: ``export_headings``, else its column's label, else Wagtail's."""
        if field not in self.export_headings:
            for column in getattr(self, "columns", None) or ():
                if column.name == field:
                    return force_str(column.label)
        return super().get_heading(queryset, field)


class ReportMenuItem(MenuItem):
    """A report's entry in the Reports menu, labelled and iconed as the report, shown to whom it lets in."""

    def __init__(self, view_class, *, name: str, order: int):
        """Take the report's view class (``page_title``, ``header_icon``, ``index_url_name``, ``may_view``)."""
        super().__init__(
            view_class.page_title,
            reverse(view_class.index_url_name),
            name=name,
            icon_name=view_class.header_icon,
            order=order,
        )
        self.may_view = view_class.may_view

    def is_shown(self, request) -> bool:
        """Shown only to the people the report lets in."""
        return self.may_view(request.user)


def report_urls(view_class, route: str) -> list[URLPattern]:
    """Return the report's page at ``route`` and its results (for filtering in place) at ``route`` + ``results/``."""
    return [
        path(route, view_class.as_view(), name=view_class.index_url_name),
        path(f"{route}results/", view_class.as_view(results_only=True), name=f"{view_class.index_url_name}_results"),
    ]


def register_report(view_class, *, route: str, menu_name: str, menu_order: int) -> None:
    """Register the report's URLs under ``/admin/<route>`` and its entry in the Reports menu.

    Call it from a ``wagtail_hooks`` module; the menu entry's URL is looked up when the menu is built.
    """
    hooks.register("register_admin_urls", lambda: report_urls(view_class, route))
    hooks.register("register_reports_menu_item", lambda: ReportMenuItem(view_class, name=menu_name, order=menu_order))
