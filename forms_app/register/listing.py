"""The register listing's index view: the same table, filters, counts and export as
wagtail-modeladmin's, built with a fraction of the work.

modeladmin renders each row, and each cell of each row, through its own inclusion tag
and template, and looks every column up again for every row; at 50 rows a page that was
most of the page's time. Here each column is looked up once per request, each row's
cells and buttons are formatted in Python with the same markup, and one template loop
writes the rows. The filters' choices and the counts are worked out once, not twice.
"""

import datetime
import html

from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field
from django.core.paginator import InvalidPage
from django.db import models
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.paginator import WagtailPaginator
from wagtail_modeladmin.views import IndexView

from .selectors import register_entry_count_for

_NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)
_NOWRAP_VALUES = (datetime.date, datetime.time)


class _CountedPaginator(WagtailPaginator):
    """A paginator told its count, so the count query is not run again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class _Column:
    """One column of ``list_display``: how to read its value and how to show it, as modeladmin does.

    ``field`` is the model field, or ``None`` for a ModelAdmin method or a model
    attribute; ``attr`` is that method or attribute (modeladmin's ``lookup_field``).
    """

    def __init__(self, view, name: str, sample, *, with_buttons: bool):
        model_admin = view.model_admin
        self.name = name
        self.model_admin = model_admin
        self.with_buttons = with_buttons
        self.field, self.attr, _value = lookup_field(name, sample, model_admin)
        self.admin_method = self.field is None and callable(getattr(model_admin, name, None)) and name != "__str__"
        empty = model_admin.get_empty_value_display(name)
        self.empty = getattr(self.attr, "empty_value_display", empty) if self.field is None else empty
        self.shown_as_value = self.field is None or self.field.auto_created
        self.allow_tags = getattr(self.attr, "allow_tags", False)
        self.boolean = getattr(self.attr, "boolean", False)
        self.classes = [f"field-{name}", "title"]
        if not self.shown_as_value and isinstance(self.field, _NOWRAP_FIELDS):
            self.classes.append("nowrap")
        self._shown = {}  # value -> what the cell shows; values repeat down a page (dates, status, school)

    def value(self, obj):
        """Return the column's raw value for ``obj`` (modeladmin's ``lookup_field``)."""
        if self.field is not None:
            return getattr(obj, self.name)
        if self.admin_method:
            return getattr(self.model_admin, self.name)(obj)
        return lookup_field(self.name, obj, self.model_admin)[2]

    def show(self, value):
        """What the cell shows for ``value``: modeladmin's ``items_for_result``, remembered per value."""
        try:
            return self._shown[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: work it out each time
            return self._show(value)
        shown = self._shown[value] = self._show(value)
        return shown

    def _show(self, value):
        if self.shown_as_value:
            shown = display_for_value(value, self.empty, self.boolean)
            if self.allow_tags or self.boolean or not value:
                shown = mark_safe(shown)
        elif isinstance(self.field, models.ManyToOneRel):
            shown = self.empty if value is None else value
        else:
            shown = display_for_field(value, self.field, self.empty)
        if str(shown) == "":
            shown = mark_safe("&nbsp;")
        return shown

    def cell_attrs(self, obj, value, cache: dict) -> SafeString:
        """Return the ``<td>``'s attributes for ``obj``: ``field-<name> title``, ``nowrap`` for dates, and the
        ModelAdmin's extra classes and attributes. ``cache`` keeps each distinct class list's HTML."""
        classes = list(self.classes)
        if self.shown_as_value and isinstance(value, _NOWRAP_VALUES):
            classes.append("nowrap")
        classes.extend(self.model_admin.get_extra_class_names_for_field_col(obj, self.name))
        attrs = self.model_admin.get_extra_attrs_for_field_col(obj, self.name)
        if attrs:
            attrs["class"] = " ".join(classes)
            return flatatt(attrs)
        key = " ".join(classes)
        if key not in cache:
            cache[key] = flatatt({"class": key})
        return cache[key]


def _html(value) -> str:
    """``value`` escaped for HTML unless it is already safe: ``conditional_escape`` without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def render_button(button: dict) -> SafeString:
    """Return the HTML of one listing button (a ButtonHelper dict), as ``modeladmin/includes/button.html``."""
    if button.get("icon"):
        return get_template("modeladmin/includes/button.html").render({"button": button})
    href = f' href="{_html(button["url"])}"' if button.get("url") else ""
    target = f' target="{_html(button["target"])}"' if button.get("target") else ""
    rel = f' rel="{_html(button["rel"])}"' if button.get("rel") else ""
    return mark_safe(
        f'<a{href} class="{_html(button.get("classname", ""))}" title="{_html(button.get("title", ""))}"'
        f"{target}{rel}>{_html(button.get('label', ''))}</a>"
    )


class RegisterIndexView(IndexView):
    """modeladmin's index view with the rows built in one pass and each query made once.

    The template gets ``result_headers`` and ``rows`` (each row's ``<tr>`` as safe HTML)
    for ``forms_app/register/result_list.html``.
    """

    def to_row_dict(self, item):
        """One export row: each ``list_export`` column's value, an empty cell where there is none.

        modeladmin writes the listing's "-" into empty cells, which the CSV writer then
        quotes as a would-be formula ("'-"); the evidence pack's CSV leaves them empty.
        """
        row = {}
        for name in self.list_export:
            value = lookup_field(name, item, self.model_admin)[2]
            row[name] = "" if value is None or value == "" else value
        return row

    def get_queryset(self, request=None):
        """The filtered, searched and ordered entries; worked out once per request (the filters query)."""
        if getattr(self, "_filtered_queryset", None) is None:
            self._filtered_queryset = super().get_queryset(request)
        return self._filtered_queryset

    def narrowed(self) -> bool:
        """True if a filter or a search narrows the listing (so the total and the result count differ)."""
        return bool(self.query or self.get_filters_params())

    def get_context_data(self, **kwargs):
        """modeladmin's context (counts, paginator, page), counting each thing once, with the rows built."""
        queryset = self.get_queryset()
        # The whole register the person may see, counted without the listing's joins; the
        # listing's own rows are those of register_entries_for (the ModelAdmin's queryset
        # only annotates and joins them), so the count is the same.
        all_count = register_entry_count_for(self.request.user)
        result_count = queryset.count() if self.narrowed() else all_count
        paginator = _CountedPaginator(queryset, self.items_per_page, count=result_count)
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        object_list = list(page_obj.object_list)
        context = {
            "view": self,
            "all_count": all_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            "result_headers": list(result_headers(self)) if object_list else [],
            "rows": self.result_rows(object_list),
        }
        context.update(kwargs)
        return super(IndexView, self).get_context_data(**context)

    def result_rows(self, object_list: list) -> list[SafeString]:
        """Return the HTML of each object's row: ``<tr>`` with its cells, as modeladmin's ``result_row.html``."""
        if not object_list:
            return []
        model_admin = self.model_admin
        with_buttons = model_admin.get_list_display_add_buttons(self.request)
        columns = [_Column(self, name, object_list[0], with_buttons=name == with_buttons) for name in self.list_display]
        attrs_cache = {}
        rows = []
        for index, obj in enumerate(object_list):
            row_attrs = model_admin.get_extra_attrs_for_row(obj, {"view": self, "request": self.request})
            row_attrs["data-object-pk"] = obj.pk
            odd_or_even = "odd" if index % 2 == 0 else "even"
            row_attrs["class"] = f"{row_attrs['class']} {odd_or_even}" if "class" in row_attrs else odd_or_even
            cells = "".join(self._cell(column, obj, attrs_cache) for column in columns)
            rows.append(mark_safe(f"<tr{flatatt(row_attrs)}>{cells}</tr>"))
        return rows

    def _cell(self, column: _Column, obj, attrs_cache: dict) -> str:
        value = column.value(obj)
        shown = _html(column.show(value))
        attrs = column.cell_attrs(obj, value, attrs_cache)
        if not column.with_buttons:
            return f"<td{attrs}>{shown}</td>"
        primary = self.button_helper.get_primary_button(obj)
        if primary is not None and primary.get("url"):
            shown = (
                f'<div class="title-wrapper"><a href="{_html(primary["url"])}" '
                f'title="{_html(primary.get("title", ""))}">{shown}</a></div>'
            )
        buttons = self.get_buttons_for_obj(obj)
        if buttons:
            items = "".join(f"<li>{render_button(button)}</li>" for button in buttons)
            shown = f'{shown}<ul class="actions">{items}</ul>'
        return f"<td{attrs}>{shown}</td>"
