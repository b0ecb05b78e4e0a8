"""The importer's picture of a document: elements in reading order, plus what was learnt about it.

Text inside elements is inline HTML (escaped text with ``<b>``, ``<i>`` and ``<a>`` only),
ready for a rich text block.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Heading:
    """A section heading; ``number`` as written ("5.0", "A.1") or ""; ``level`` 1 = section, 2 = sub-heading."""

    text: str
    number: str = ""
    level: int = 1


@dataclass
class Appendix:
    """The start of an appendix: ``label`` as written ("APPENDIX A") and an optional ``title``."""

    label: str
    title: str = ""


@dataclass
class Clause:
    """A numbered clause such as "5.1 You must ..."; ``html`` is its text without the number."""

    number: str
    html: str


@dataclass
class Paragraph:
    """A paragraph of running text."""

    html: str


@dataclass
class ListItem:
    """A bullet point and the bullet points indented beneath it."""

    html: str
    children: list[str] = field(default_factory=list)


@dataclass
class BulletList:
    """Consecutive bullet (or numbered, when ``ordered``) points."""

    items: list[ListItem]
    ordered: bool = False


@dataclass
class Table:
    """A table as rows of cell text; ``header`` says the first row holds column headings."""

    rows: list[list[str]]
    header: bool = False


Element = Heading | Appendix | Clause | Paragraph | BulletList | Table


@dataclass
class ParsedDocument:
    """What a reader found in one file.

    ``elements`` hold every piece of the source text in order (the title line excepted:
    it becomes the page title). ``title_found`` is False when the title was made from the
    file name. Dates are calendar dates; a month-only date ("January
    2025") is the first of that month. ``organisation`` is the school or trust the front
    matter names ("Preston Primary Academy Trust"); ``category`` is a ``PolicyCategory``
    value when the document says what it is about, else ""; ``front_matter`` holds the text of the
    lines taken out of the body at the top because they became page details (dates,
    approver, lead, version, the organisation's name, the title repeated). ``warnings``
    are sentences for the person importing.
    """

    source_name: str
    title: str = ""
    title_found: bool = False
    elements: list[Element] = field(default_factory=list)
    last_reviewed: datetime.date | None = None
    next_review_due: datetime.date | None = None
    date_approved: datetime.date | None = None
    approved_by: str = ""
    lead_member_of_staff: str = ""
    version: str = ""
    category: str = ""
    organisation: str = ""
    front_matter: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
